package com.inkzee.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionCookieTest {
  @Test
  void theCookieIsHttpOnlyAndSameSiteStrict() {
    String set = new SessionCookie(false).set("tok", Duration.ofDays(30));
    assertThat(set)
        .startsWith("inkzee_session=tok")
        .contains("HTTPOnly")
        .contains("SameSite=Strict")
        .contains("Path=/")
        .contains("Max-Age=2592000")
        .doesNotContain("Secure");
  }

  @Test
  void behindHttpsItIsSecureWithTheHostPrefix() {
    String set = new SessionCookie(true).set("tok", Duration.ofDays(1));
    assertThat(set).startsWith("__Host-inkzee_session=tok").contains("Secure").contains("HTTPOnly");
    assertThat(set).doesNotContain("Domain");
  }

  @Test
  void clearingExpiresIt() {
    assertThat(new SessionCookie(false).clear())
        .startsWith("inkzee_session=;")
        .contains("Max-Age=0");
  }

  @Test
  void readsItsOwnCookieAmongOthers() {
    SessionCookie c = new SessionCookie(false);
    assertThat(c.read("a=1; inkzee_session=xyz; b=2")).isEqualTo("xyz");
    assertThat(c.read("a=1")).isNull();
    assertThat(c.read(null)).isNull();
    assertThat(c.read("inkzee_session=" + "x".repeat(9000))).isNull();
  }
}
