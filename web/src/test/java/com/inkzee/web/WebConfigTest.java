package com.inkzee.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebConfigTest {
  private static WebConfig withSecureCookies(String value) {
    return WebConfig.fromEnv(new Env(Map.of("INKZEE_WEB_SECURE_COOKIES", value)));
  }

  /**
   * Boolean.parseBoolean read "yes", "1" and "on" as false: no Secure cookie, no __Host- prefix, no
   * HSTS, while the printed configuration showed INKZEE_WEB_SECURE_COOKIES=yes.
   */
  @Test
  void refusesSecureCookiesValuesThatAreNotTrueOrFalseNamingTheVariable() {
    for (String value : new String[] {"yes", "1", "on", "enabled"}) {
      assertThatThrownBy(() -> withSecureCookies(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("INKZEE_WEB_SECURE_COOKIES=" + value + " must be true or false");
    }
  }

  @Test
  void acceptsTrueAndFalseInAnyCase() {
    assertThat(withSecureCookies("true").secureCookies()).isTrue();
    assertThat(withSecureCookies("TRUE").secureCookies()).isTrue();
    assertThat(withSecureCookies("False").secureCookies()).isFalse();
    assertThat(WebConfig.fromEnv(new Env(Map.of())).secureCookies()).isFalse();
  }
}
