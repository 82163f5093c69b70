package com.inkzee.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.config.Env;
import com.inkzee.web.WebMain;
import com.inkzee.web.testing.RawHttp;
import com.inkzee.web.testing.RawHttp.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web reader's connection cap and request deadline, set through their variables, over real
 * sockets. The page's files need no backend, so the ranker is left unreachable.
 */
class ConnectionLimitsTest {
  private static WebMain.Running start(Map<String, String> env) throws IOException {
    int nobody;
    try (ServerSocket s = new ServerSocket(0)) {
      nobody = s.getLocalPort();
    }
    Map<String, String> all = new HashMap<>(env);
    all.put("INKZEE_HTTP_PORT", "0");
    all.put("INKZEE_RANKER_ENDPOINTS", "127.0.0.1:" + nobody);
    all.put("INKZEE_SHUTDOWN_GRACE_SECONDS", "1");
    return WebMain.start(new Env(all));
  }

  private static Answer getCss(RawHttp http) throws IOException {
    http.write("GET /app.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return http.read(false);
  }

  @Test
  void aConnectionBeyondTheCapIsClosedAndTheOthersServeOn() throws Exception {
    try (WebMain.Running web = start(Map.of("INKZEE_WEB_MAX_CONNECTIONS", "2"));
        RawHttp first = new RawHttp(web.port());
        RawHttp second = new RawHttp(web.port())) {
      assertThat(getCss(first).status()).isEqualTo(200);
      assertThat(getCss(second).status()).isEqualTo(200);
      try (RawHttp third = new RawHttp(web.port())) {
        assertThat(third.closedByServer()).isTrue();
      }
      assertThat(getCss(first).status()).isEqualTo(200);
      assertThat(getCss(second).status()).isEqualTo(200);
      first.close();
      // The closed connection's place is free again once the server has seen it close.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      boolean served = false;
      while (!served && System.nanoTime() < until) {
        try (RawHttp again = new RawHttp(web.port())) {
          served = getCss(again).status() == 200;
        } catch (IOException refused) {
          Thread.sleep(50);
        }
      }
      assertThat(served).as("a connection is served once one of the two closed").isTrue();
    }
  }

  @Test
  void aRequestTrickledPastTheDeadlineIsAnswered408AndClosed() throws Exception {
    try (WebMain.Running web = start(Map.of("INKZEE_WEB_REQUEST_SECONDS", "1"));
        RawHttp http = new RawHttp(web.port())) {
      long started = System.nanoTime();
      http.write(
          "POST /api/signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100\r\n\r\n{");
      // One byte every 200 ms, each of which resets the idle timeout, for at most 3 s.
      Thread trickle =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 15; i++) {
                    Thread.sleep(200);
                    http.write(" ");
                  }
                } catch (IOException | InterruptedException closed) {
                  // the server closed the connection: the trickle ends
                }
              });
      trickle.start();
      Answer a = http.read(false);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(a.status()).isEqualTo(408);
      assertThat(a.header("Connection")).isEqualTo("close");
      assertThat(a.body()).contains("\"error\":\"request_timeout\"");
      assertThat(tookMillis).isBetween(900L, 2_500L);
      trickle.join(5_000);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void requestsThatArriveWholeInTimeAreServedOnTheSameConnection() throws Exception {
    try (WebMain.Running web = start(Map.of("INKZEE_WEB_REQUEST_SECONDS", "1"));
        RawHttp http = new RawHttp(web.port())) {
      for (int i = 0; i < 3; i++) {
        assertThat(getCss(http).status()).isEqualTo(200);
        Thread.sleep(600); // together longer than the deadline: each request has its own clock
      }
      http.write("GET /app.css HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      Thread.sleep(500);
      http.write("\r\n");
      assertThat(http.read(false).status()).isEqualTo(200);
    }
  }
}
