package com.inkzee.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.config.Env;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceRunner#startServer}: a service whose main server is HTTP (the web reader's case)
 * gets the same admin port, readiness and SIGTERM sequence as an RPC service. The main server here
 * is the JDK's own HTTP server on loopback, whose one route waits until the test releases it.
 */
class HttpServiceRunnerTest {
  private static final Env ENV = new Env(Map.of("INKZEE_ADMIN_PORT", "0"));

  /** A real HTTP server on loopback as a {@link MainServer}; {@code /slow} waits for a latch. */
  private static final class SlowHttp implements MainServer {
    final HttpServer server;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger inFlight = new AtomicInteger();

    SlowHttp() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.createContext(
          "/slow",
          exchange -> {
            inFlight.incrementAndGet();
            try {
              entered.countDown();
              release.await(10, TimeUnit.SECONDS);
              byte[] body = "done".getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              inFlight.decrementAndGet();
            }
          });
      server.start();
    }

    @Override
    public int port() {
      return server.getAddress().getPort();
    }

    @Override
    public boolean shutdown(Duration grace) {
      server.stop((int) Math.max(1, grace.toSeconds())); // waits for exchanges in hand
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdown();
      return inFlight.get() == 0;
    }
  }

  @Test
  void anHttpServiceIsReadyOnlyOnceStartedAndItsChecksAreUp() throws Exception {
    SlowHttp http = new SlowHttp();
    AtomicInteger checked = new AtomicInteger();
    ServiceRunner.Running running =
        ServiceRunner.startServer(
            "web",
            ENV,
            7399,
            ServiceOps.create("web"),
            (env, ops) -> {
              ops.health()
                  .register(
                      "ranker",
                      () -> {
                        checked.incrementAndGet();
                        return Health.up("answers");
                      });
              return http;
            });
    try {
      assertThat(running.server().port()).isEqualTo(http.port());
      HttpResponse<String> health = AdminHttp.get(running.admin().port(), "/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .contains("\"service\":\"web\"")
          .contains("\"ranker\":{\"status\":\"UP\"");
      assertThat(checked.get()).isPositive();
    } finally {
      running.stop(Duration.ofSeconds(2));
    }
  }

  @Test
  void sigtermTurnsHealthzDrainingWhileRequestsInHandFinishThenTheAdminServerStops()
      throws Exception {
    SlowHttp http = new SlowHttp();
    ServiceRunner.Running running =
        ServiceRunner.startServer("web", ENV, 7399, ServiceOps.create("web"), (env, ops) -> http);
    int admin = running.admin().port();

    CompletableFuture<HttpResponse<String>> slow =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return AdminHttp.get(http.port(), "/slow");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(http.entered.await(10, TimeUnit.SECONDS)).as("the request is in hand").isTrue();
    CompletableFuture<Boolean> stopping =
        CompletableFuture.supplyAsync(() -> running.stop(Duration.ofSeconds(10)));

    // stop() begins on another thread: poll until it has (bounded; the request is held meanwhile).
    HttpResponse<String> draining = AdminHttp.get(admin, "/healthz");
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (draining.statusCode() == 200 && System.nanoTime() < until) {
      Thread.sleep(5);
      draining = AdminHttp.get(admin, "/healthz");
    }
    assertThat(draining.statusCode()).isEqualTo(503);
    assertThat(draining.body()).contains("\"phase\":\"draining\"");
    assertThat(slow.isDone()).as("the request in hand is still running").isFalse();

    http.release.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
    assertThat(stopping.get(15, TimeUnit.SECONDS)).as("drained cleanly").isTrue();
    assertThatThrownBy(() -> AdminHttp.get(admin, "/livez")).isInstanceOf(ConnectException.class);
  }

  @Test
  void anHttpServiceThatCannotStartLeavesNoAdminServerBehind() throws Exception {
    int adminPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      adminPort = s.getLocalPort();
    }
    Env env = new Env(Map.of("INKZEE_ADMIN_PORT", Integer.toString(adminPort)));
    assertThatThrownBy(
            () ->
                ServiceRunner.startServer(
                    "web",
                    env,
                    7399,
                    ServiceOps.create("web"),
                    (e, o) -> {
                      throw new IllegalStateException("cannot listen on 127.0.0.1:8080");
                    }))
        .hasMessage("cannot listen on 127.0.0.1:8080");
    assertThatThrownBy(() -> AdminHttp.get(adminPort, "/livez"))
        .isInstanceOf(ConnectException.class);
  }
}
