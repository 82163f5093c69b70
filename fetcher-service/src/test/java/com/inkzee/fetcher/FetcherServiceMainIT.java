package com.inkzee.fetcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.testing.ServiceMainContract;
import com.inkzee.store.testing.EmbeddedStore;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetcherServiceMainIT extends ServiceMainContract<FetcherService> {
  @TempDir static Path dataDir;
  private static EmbeddedStore store;

  @BeforeAll
  static void startStore() {
    store = new EmbeddedStore(dataDir.resolve("store"));
  }

  @AfterAll
  static void stopStore() {
    store.close();
  }

  /** The fetcher is ready only when its store answers: a real one, on the embedded database. */
  @Override
  protected Map<String, String> extraEnv() {
    return Map.of("INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + store.port());
  }

  /**
   * A fetcher whose store does not answer is not ready, and says so when pinged (the CLI's status
   * trusts it), as its /healthz does.
   */
  @Test
  void saysItIsNotReadyWhileItsStoreDoesNotAnswer() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(readyWith(Map.of("INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + closed))).isFalse();
    assertThat(readyWith(Map.of())).isTrue();
  }

  /**
   * With TLS on the store ({@code INKZEE_TLS_CERT}, {@code INKZEE_TLS_KEY}), a fetcher given the
   * certificate in {@code INKZEE_TLS_CA} reaches it; without, it does not.
   */
  @Test
  void reachesATlsStoreTrustingInkzeeTlsCa() throws Exception {
    SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
    String ca = cert.certificate().getPath();
    try (EmbeddedStore tlsStore =
        new EmbeddedStore(
            dataDir.resolve("tls-store"),
            Map.of(
                "INKZEE_TLS_CERT", ca,
                "INKZEE_TLS_KEY", cert.privateKey().getPath(),
                "INKZEE_TLS_CA", ca))) {
      String endpoints = "localhost:" + tlsStore.port();
      assertThat(readyWith(Map.of("INKZEE_STORE_ENDPOINTS", endpoints, "INKZEE_TLS_CA", ca)))
          .isTrue();
      assertThat(readyWith(Map.of("INKZEE_STORE_ENDPOINTS", endpoints))).isFalse();
    } finally {
      cert.delete();
    }
  }

  @Override
  protected List<String> expectedMetrics() {
    return List.of(
        "inkzee_fetcher_fetches_total{outcome=\"ok\"} 0.0",
        "inkzee_fetcher_fetches_total{outcome=\"error\"} 0.0",
        "inkzee_fetcher_backlog_feeds{state=\"running\"} 0.0",
        "inkzee_fetcher_backlog_feeds{state=\"waiting\"} 0.0",
        "inkzee_fetcher_backlog_hosts 0.0",
        // The poll loop leases from the store as soon as it starts.
        "inkzee_rpc_client_calls_seconds_count{method=\"leaseDueFeeds\",service=\"store\",status=\"OK\"}");
  }

  @Override
  protected boolean servesXmlRpc() {
    return true;
  }

  @Override
  protected Class<?> mainClass() {
    return FetcherServiceMain.class;
  }

  @Override
  protected Class<FetcherService> serviceInterface() {
    return FetcherService.class;
  }

  @Override
  protected String serviceName() {
    return "fetcher";
  }
}
