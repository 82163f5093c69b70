package com.inkzee.fetcher.websub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSubConfigTest {
  @Test
  void defaultsKeepWebSubOffOnTheDocumentedPort() {
    Env env = new Env(Map.of());
    WebSubConfig config = WebSubConfig.fromEnv(env);

    assertThat(config.enabled()).isFalse();
    assertThat(config.port()).isEqualTo(7402);
    assertThat(config.bindHost()).isEqualTo("127.0.0.1");
    assertThat(config.requestedLease()).isEqualTo(Duration.ofDays(10));
    assertThat(config.maxBodyBytes()).isEqualTo(10 * 1024 * 1024);
    assertThatThrownBy(() -> config.callbackFor(1)).isInstanceOf(IllegalStateException.class);
    assertThat(env.effective()).containsEntry("INKZEE_HTTP_PORT", "7402");
  }

  @Test
  void callbackUrlTurnsWebSubOnAndNamesEachFeed() {
    Env env =
        new Env(
            Map.of(
                "INKZEE_WEBSUB_CALLBACK_URL", "https://fetch.example.com/inkzee/",
                "INKZEE_WEBSUB_SECRET", "s",
                "INKZEE_HTTP_PORT", "9000",
                "INKZEE_WEBSUB_LEASE_SECONDS", "86400"));
    WebSubConfig config = WebSubConfig.fromEnv(env);

    assertThat(config.enabled()).isTrue();
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.requestedLease()).isEqualTo(Duration.ofDays(1));
    assertThat(config.callbackFor(42).toString())
        .matches("https://fetch\\.example\\.com/inkzee/websub/42/[0-9a-f]{32}")
        .isEqualTo(
            "https://fetch.example.com/inkzee/websub/42/"
                + SubscriptionSecrets.of("s").callbackTokenFor(42))
        .isNotEqualTo(config.callbackFor(43).toString().replace("/43/", "/42/"));
    assertThat(config.secrets().source()).isEqualTo(SubscriptionSecrets.Source.CONFIGURED);
    assertThat(env.effective()).containsEntry("INKZEE_WEBSUB_SECRET", "****");
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(
            () -> WebSubConfig.fromEnv(new Env(Map.of("INKZEE_WEBSUB_CALLBACK_URL", "ftp://x/"))))
        .hasMessageContaining("ftp://x/");
    assertThatThrownBy(
            () -> WebSubConfig.fromEnv(new Env(Map.of("INKZEE_WEBSUB_LEASE_SECONDS", "10"))))
        .hasMessageContaining("INKZEE_WEBSUB_LEASE_SECONDS");
  }
}
