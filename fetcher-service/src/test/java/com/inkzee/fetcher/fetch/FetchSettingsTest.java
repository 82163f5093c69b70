package com.inkzee.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.config.Env;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetchSettingsTest {
  @Test
  void defaultsFromAnEmptyEnvironment() throws Exception {
    FetchSettings s = FetchSettings.fromEnv(new Env(Map.of()));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.fetchTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(s.maxRedirects()).isEqualTo(5);
    assertThat(s.maxConnectionsPerHost()).isEqualTo(2);
    assertThat(s.maxConcurrentFetches()).isEqualTo(64);
    assertThat(s.addressPolicy().allows(InetAddress.getByName("127.0.0.1"))).isFalse();
    assertThat(s.userAgent(12))
        .isEqualTo("Inkzee/0.1.0 (+https://github.com/inkzee/inkzee; 12 subscribers)");
  }

  @Test
  void readsEveryVariable() throws Exception {
    FetchSettings s =
        FetchSettings.fromEnv(
            new Env(
                Map.of(
                    "INKZEE_FETCH_CONNECT_TIMEOUT_SECONDS", "3",
                    "INKZEE_FETCH_READ_TIMEOUT_SECONDS", "4",
                    "INKZEE_FETCH_TIMEOUT_SECONDS", "5",
                    "INKZEE_FETCH_MAX_BODY_BYTES", "2048",
                    "INKZEE_FETCH_MAX_REDIRECTS", "2",
                    "INKZEE_FETCH_ALLOW_PRIVATE", "127.0.0.0/8",
                    "INKZEE_FETCH_USER_AGENT_URL", "https://reader.example/bot",
                    "INKZEE_FETCH_MAX_CONNECTIONS_PER_HOST", "1",
                    "INKZEE_FETCH_MAX_CONCURRENT", "8")));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.fetchTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.maxBodyBytes()).isEqualTo(2048);
    assertThat(s.maxRedirects()).isEqualTo(2);
    assertThat(s.addressPolicy().allows(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(s.userAgent(0))
        .isEqualTo("Inkzee/0.1.0 (+https://reader.example/bot; 0 subscribers)");
    assertThat(s.maxConnectionsPerHost()).isEqualTo(1);
    assertThat(s.maxConcurrentFetches()).isEqualTo(8);
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(
            () -> FetchSettings.fromEnv(new Env(Map.of("INKZEE_FETCH_TIMEOUT_SECONDS", "soon"))))
        .hasMessageContaining("INKZEE_FETCH_TIMEOUT_SECONDS=soon");
    assertThatThrownBy(
            () -> FetchSettings.fromEnv(new Env(Map.of("INKZEE_FETCH_TIMEOUT_SECONDS", "0"))))
        .hasMessageContaining("INKZEE_FETCH_TIMEOUT_SECONDS=0");
    assertThatThrownBy(
            () -> FetchSettings.fromEnv(new Env(Map.of("INKZEE_FETCH_MAX_REDIRECTS", "99"))))
        .hasMessageContaining("INKZEE_FETCH_MAX_REDIRECTS=99 is outside 0..20");
    assertThatThrownBy(
            () ->
                FetchSettings.fromEnv(
                    new Env(Map.of("INKZEE_FETCH_USER_AGENT_URL", "https://x; evil"))))
        .hasMessageContaining("INKZEE_FETCH_USER_AGENT_URL");
  }
}
