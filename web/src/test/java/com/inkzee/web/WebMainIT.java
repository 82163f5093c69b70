package com.inkzee.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.testing.ServiceProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link WebMain} as its own process, as an operator runs it: it starts even while the ranker is
 * away (its API answers 503 until the ranker returns), says where it listens with the secret
 * masked, and stops cleanly on SIGTERM.
 */
class WebMainIT {
  @Test
  void startsWithoutTheRankerAnswers503AndStopsOnSigterm() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (ServiceProcess web =
        ServiceProcess.start(
            WebMain.class,
            Map.of(
                "INKZEE_HTTP_PORT", "0",
                "INKZEE_RANKER_ENDPOINTS", "127.0.0.1:" + closed,
                "INKZEE_AUTH_TOKEN", "s3cret-token"),
            Duration.ofSeconds(60))) {
      String base = "http://127.0.0.1:" + web.port() + "/";
      assertThat(String.join("\n", web.output()))
          .contains("INKZEE_AUTH_TOKEN=****")
          .doesNotContain("s3cret-token");

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(base)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      HttpResponse<String> api =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "api/signin"))
                  .header("Content-Type", "application/json")
                  .header("X-Requested-With", "inkzee")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"a\",\"password\":\"b\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(503);
      assertThat(api.body()).contains("backend_unavailable");

      // 143 = 128 + SIGTERM: the JVM's exit after its shutdown hooks ran.
      assertThat(web.terminate(Duration.ofSeconds(30))).isEqualTo(143);
      assertThat(web.output()).anyMatch(l -> l.contains("web stopped"));
    }
  }
}
