package com.inkzee.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.web.testing.RawHttp;
import com.inkzee.web.testing.RawHttp.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pipelined HTTP/1.1 requests over a real socket to the real server: answered in the order sent,
 * one at a time per connection. The application is a small stand-in whose requests take as long as
 * a test needs (the page's files are the real ones): what is tested is the server.
 */
class PipeliningTest {
  private static final AtomicInteger running = new AtomicInteger();
  private static final AtomicInteger mostRunning = new AtomicInteger();
  private static WebServer server;

  @BeforeAll
  static void start() {
    server =
        WebServer.start(
            "127.0.0.1",
            0,
            PipeliningTest::handle,
            new ServerLimits(8, 64 * 1024, 64, Duration.ofSeconds(30)),
            false,
            (method, route, status, nanos) -> {});
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static final StaticFiles FILES = new StaticFiles();

  private static WebResponse handle(WebRequest r) {
    int now = running.incrementAndGet();
    mostRunning.accumulateAndGet(now, Math::max);
    try {
      switch (r.path()) {
        case "/api/session" -> {
          // As long as a session lookup through the ranker may take: the file behind it is
          // ready first.
          sleep(300);
          return WebResponse.text(401, "application/json", "{\"error\":\"unauthenticated\"}");
        }
        case "/slow" -> {
          sleep(300);
          return WebResponse.text(200, "text/plain", "slow");
        }
        case "/count" -> {
          sleep(10);
          return WebResponse.text(200, "text/plain", r.param("n"));
        }
        default -> {
          WebResponse f = FILES.get(r.path());
          return f != null ? f : WebResponse.text(200, "text/plain", r.path().substring(1));
        }
      }
    } finally {
      running.decrementAndGet();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = PipeliningTest.class.getResourceAsStream("/web/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aHeadAheadOfAGetLeavesTheGetItsOwnAnswer() throws IOException {
    try (RawHttp http = new RawHttp(server.port())) {
      http.write("HEAD /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + get("/app.css"));
      Answer head = http.read(true);
      assertThat(head.status()).isEqualTo(401);
      Answer css = http.read(false);
      assertThat(css.status()).isEqualTo(200);
      assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
      assertThat(css.body()).isEqualTo(resource("app.css"));
      // Nothing of either answer is left over on the connection: the next answer is whole.
      http.write(get("/after"));
      assertThat(http.read(false).body()).isEqualTo("after");
    }
  }

  @Test
  void aSlowRequestThenAFastOneAreAnsweredInTheOrderSent() throws IOException {
    try (RawHttp http = new RawHttp(server.port())) {
      http.write(get("/slow") + get("/fast"));
      assertThat(http.read(false).body()).isEqualTo("slow");
      assertThat(http.read(false).body()).isEqualTo("fast");
    }
  }

  @Test
  void oneConnectionHasOneRequestRunningAtATime() throws IOException {
    mostRunning.set(0);
    StringBuilder pipelined = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      pipelined.append(get("/count?n=" + i));
    }
    try (RawHttp http = new RawHttp(server.port())) {
      http.write(pipelined.toString());
      for (int i = 0; i < 20; i++) {
        assertThat(http.read(false).body()).isEqualTo(Integer.toString(i));
      }
    }
    assertThat(mostRunning.get()).isEqualTo(1);
  }
}
