package com.inkzee.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.testing.SiteServer;
import com.inkzee.rpc.testing.ServiceProcess;
import com.inkzee.web.testing.ApiClient;
import com.inkzee.web.testing.ApiClient.Reply;
import com.inkzee.web.testing.WebStack;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WebMain} as its own process, as an operator runs it, with the admin port every service
 * has: it starts while the ranker is away (/healthz 503 naming the ranker, the API 503), turns
 * healthy once a real ranker answers on the address it was given, counts the page and API requests
 * it served on /metrics by route template, prints its configuration with the secret masked, and on
 * SIGTERM turns /healthz to "draining" while a request in hand (a subscription whose fetch the test
 * holds) still finishes, then exits.
 */
class WebMainIT {
  private static final String TOKEN = "s3cret-token";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  @Test
  void healthzFollowsTheRankerMetricsCountRequestsAndSigtermDrains() throws Exception {
    int rankerPort = freePort();
    try (ServiceProcess web =
        ServiceProcess.start(
            WebMain.class,
            Map.of(
                "INKZEE_HTTP_PORT",
                "0",
                "INKZEE_ADMIN_PORT",
                "0",
                "INKZEE_RANKER_ENDPOINTS",
                "127.0.0.1:" + rankerPort,
                "INKZEE_AUTH_TOKEN",
                TOKEN),
            Duration.ofSeconds(60))) {
      assertThat(String.join("\n", web.output()))
          .contains("INKZEE_AUTH_TOKEN=****")
          .contains("config INKZEE_ADMIN_PORT=0")
          .doesNotContain(TOKEN)
          .containsPattern("web ready on port \\d+: open http://127.0.0.1:\\d+/");
      int admin = web.adminPort();
      assertThat(admin).as("admin port logged").isPositive();
      String base = "http://127.0.0.1:" + web.port();
      ApiClient api = new ApiClient(base);

      // No ranker yet: not ready, and the API says why.
      HttpResponse<String> down = get(admin, "/healthz");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body())
          .contains("\"service\":\"web\"")
          .contains("\"reason\":\"check failed: ranker\"")
          .contains("\"ranker\":{\"status\":\"DOWN\"");
      assertThat(get(admin, "/livez").statusCode()).isEqualTo(200);
      assertThat(get(web.port(), "/").statusCode()).isEqualTo(200);
      Reply unavailable = api.signIn("/api/signin", "ann", "not yet possible");
      assertThat(unavailable.status()).isEqualTo(503);
      assertThat(unavailable.error()).isEqualTo("backend_unavailable");

      try (WebStack stack = new WebStack(dir, rankerPort)) {
        // A real ranker now answers where the web reader was told it is.
        HttpResponse<String> up = awaitStatus(admin, "/healthz", 200);
        assertThat(up.body()).contains("\"ranker\":{\"status\":\"UP\"").contains("ranker answers");

        assertThat(api.signIn("/api/signup", "ann", "correct horse battery").status())
            .isEqualTo(201);
        ApiClient other = new ApiClient(base);
        assertThat(other.signIn("/api/signin", "ann", "wrong horse battery").status())
            .isEqualTo(401);
        assertThat(other.signIn("/api/signin", "ann", "correct horse battery").status())
            .isEqualTo(200);
        assertThat(api.get("/api/entries/987654321").status()).isEqualTo(404);
        assertThat(get(web.port(), "/no/such/page").statusCode()).isEqualTo(404);

        String metrics =
            awaitMetrics(
                admin,
                List.of(
                    "inkzee_web_requests_seconds_count{method=\"GET\",route=\"/\",status=\"200\"} 1",
                    "inkzee_web_requests_seconds_count{method=\"POST\",route=\"/api/signin\","
                        + "status=\"503\"} 1",
                    "inkzee_web_requests_seconds_count{method=\"POST\",route=\"/api/signup\","
                        + "status=\"201\"} 1",
                    "inkzee_web_requests_seconds_bucket{method=\"POST\",route=\"/api/signup\","
                        + "status=\"201\",le=\"0.5\"}",
                    "inkzee_web_requests_seconds_count{method=\"POST\",route=\"/api/signin\","
                        + "status=\"401\"} 1",
                    "inkzee_web_requests_seconds_count{method=\"GET\",route=\"/api/entries/{id}\","
                        + "status=\"404\"} 1",
                    "inkzee_web_requests_seconds_count{method=\"GET\",route=\"unmatched\","
                        + "status=\"404\"} 1",
                    "inkzee_web_signins_total{outcome=\"backend_unavailable\"} 1",
                    "inkzee_web_signins_total{outcome=\"rejected\"} 1",
                    "inkzee_web_signins_total{outcome=\"ok\"} 1",
                    "inkzee_web_signups_total{outcome=\"ok\"} 1",
                    "inkzee_rpc_client_calls_seconds_count{method=\"createAccount\","
                        + "service=\"ranker\",status=\"OK\"} 1",
                    "inkzee_rpc_client_calls_seconds_count{method=\"ping\",service=\"ranker\","
                        + "status=\"OK\"}",
                    "jvm_memory_used_bytes",
                    "process_uptime_seconds"));
        assertThat(metrics)
            .as("raw paths never become labels")
            .doesNotContain("987654321")
            .doesNotContain("/no/such/page")
            .doesNotContain(TOKEN);

        // A subscription whose fetch the site holds: a request in hand when SIGTERM arrives.
        SiteServer.Hold hold = stack.site.hold("/held.xml");
        stack.site.serve(
            "/held.xml",
            "application/rss+xml",
            SiteServer.rss("Held", stack.site.url(""), "A story", "g1"));
        CompletableFuture<Reply> subscribing =
            CompletableFuture.supplyAsync(
                () ->
                    api.post(
                        "/api/subscriptions", "{\"url\":\"" + stack.site.url("/held.xml") + "\"}"));
        assertThat(hold.awaitRequest(Duration.ofSeconds(30)))
            .as("the subscription's fetch is in flight")
            .isTrue();

        CompletableFuture<Integer> exit =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return web.terminate(Duration.ofSeconds(60));
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
        HttpResponse<String> draining = awaitStatusBody(admin, "/healthz", "\"draining\"");
        assertThat(draining.statusCode()).isEqualTo(503);
        assertThat(draining.body()).contains("\"reason\":\"draining\"");
        assertThat(subscribing).as("the request in hand is still running").isNotDone();

        hold.release();
        Reply subscribed = subscribing.get(60, TimeUnit.SECONDS);
        assertThat(subscribed.status()).as(subscribed.raw().body()).isEqualTo(201);
        // 143 = 128 + SIGTERM: the JVM's exit after its shutdown hooks ran.
        assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(143);
        assertThat(web.output())
            .anyMatch(l -> l.contains("web stopping: /healthz draining"))
            .anyMatch(l -> l.endsWith("web stopped"));
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code path} until it answers {@code status}, bounded to 60 s (a reconnect backs off). */
  private static HttpResponse<String> awaitStatus(int port, String path, int status)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    HttpResponse<String> r = get(port, path);
    while (r.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = get(port, path);
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return r;
  }

  /** {@code path} until its body contains {@code text}, bounded to 20 s. */
  private static HttpResponse<String> awaitStatusBody(int port, String path, String text)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    HttpResponse<String> r = get(port, path);
    while (!r.body().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      r = get(port, path);
    }
    assertThat(r.body()).contains(text);
    return r;
  }

  /** /metrics once it shows every one of {@code series}, bounded to 30 s. */
  private static String awaitMetrics(int port, List<String> series) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> r = get(port, "/metrics");
    while (!(r.statusCode() == 200 && series.stream().allMatch(r.body()::contains))
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = get(port, "/metrics");
    }
    assertThat(r.statusCode()).isEqualTo(200);
    for (String s : series) {
      assertThat(r.body()).contains(s);
    }
    return r.body();
  }
}
