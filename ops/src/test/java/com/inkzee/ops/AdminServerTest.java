package com.inkzee.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private ServiceOps ops;
  private AdminServer admin;

  @BeforeEach
  void start() {
    ops = ServiceOps.create("test");
    admin = AdminServer.start(0, "127.0.0.1", ops.health(), ops.registry());
  }

  @AfterEach
  void stop() {
    admin.close();
    ops.close();
  }

  @Nested
  class Healthz {
    @Test
    void isStartingUntilMarkedReadyThenUp() throws Exception {
      HttpResponse<String> starting = AdminHttp.get(admin.port(), "/healthz");
      assertThat(starting.statusCode()).isEqualTo(503);
      assertThat(starting.body())
          .contains("\"reason\":\"starting\"")
          .contains("\"status\":\"DOWN\"");

      ops.health().markReady();
      HttpResponse<String> ready = AdminHttp.get(admin.port(), "/healthz");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.headers().firstValue("content-type")).hasValue(AdminHandler.JSON);
      assertThat(ready.body()).startsWith("{\"service\":\"test\",\"status\":\"UP\"");
    }

    @Test
    void followsAnRpcDependencyAsItGoesAwayAndComesBack() throws Exception {
      EchoHandler handler = new EchoHandler("dep");
      RpcServer dependency = Loopback.server(handler);
      int port = dependency.port();
      try (RpcClient<TestService> client =
          RpcClient.connect(
              TestCatalogue.get(), TestService.class, Loopback.clientConfig(dependency))) {
        ops.health().register("dependency", RpcHealth.ping(client));
        ops.health().markReady();
        assertThat(AdminHttp.get(admin.port(), "/healthz").statusCode()).isEqualTo(200);

        dependency.close();
        HttpResponse<String> down = AdminHttp.get(admin.port(), "/healthz");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body())
            .contains("\"reason\":\"check failed: dependency\"")
            .contains("\"dependency\":{\"status\":\"DOWN\"");

        dependency = Loopback.server(handler, Loopback.serverConfig().withBind("127.0.0.1", port));
        HttpResponse<String> back = awaitStatus(200, Duration.ofSeconds(20));
        assertThat(back.body()).contains("\"dependency\":{\"status\":\"UP\"");
      } finally {
        dependency.close();
      }
    }

    @Test
    void namesACheckThatHangsWithoutWaitingForIt() throws Exception {
      CountDownLatch never = new CountDownLatch(1);
      ops.health().register("fast", () -> Health.up("fine"));
      ops.health()
          .register(
              "stuck",
              () -> {
                never.await(60, TimeUnit.SECONDS);
                return Health.up("too late");
              });
      ops.health().markReady();
      HttpResponse<String> r = AdminHttp.get(admin.port(), "/healthz");
      never.countDown();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body())
          .contains("\"reason\":\"check failed: stuck\"")
          .contains("no answer within " + HealthChecks.DEFAULT_CHECK_TIMEOUT.toMillis() + " ms")
          .contains("\"fast\":{\"status\":\"UP\",\"detail\":\"fine\"}");
    }

    @Test
    void aThrowingCheckIsDownWithItsMessage() throws Exception {
      ops.health()
          .register(
              "database",
              () -> {
                throw new java.sql.SQLException("Connection to 127.0.0.1:1 refused");
              });
      ops.health().markReady();
      HttpResponse<String> r = AdminHttp.get(admin.port(), "/healthz");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("Connection to 127.0.0.1:1 refused");
    }

    @Test
    void isDrainingOnceMarkedWithoutAskingDependencies() throws Exception {
      ops.health()
          .register(
              "dependency",
              () -> {
                throw new AssertionError("a draining service must not ask its dependencies");
              });
      ops.health().markReady();
      ops.health().markDraining();
      HttpResponse<String> r = AdminHttp.get(admin.port(), "/healthz");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("\"phase\":\"draining\"").contains("\"reason\":\"draining\"");
    }

    @Test
    void livezAnswersWhateverTheChecksSay() throws Exception {
      ops.health().register("dependency", () -> Health.down("gone"));
      HttpResponse<String> r = AdminHttp.get(admin.port(), "/livez");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("UP");
    }

    private HttpResponse<String> awaitStatus(int status, Duration max) throws Exception {
      long deadline = System.nanoTime() + max.toNanos();
      HttpResponse<String> r = AdminHttp.get(admin.port(), "/healthz");
      while (r.statusCode() != status && System.nanoTime() < deadline) {
        Thread.sleep(100);
        r = AdminHttp.get(admin.port(), "/healthz");
      }
      assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
      return r;
    }
  }

  @Nested
  class Metrics {
    @Test
    void countsAndTimesRealRpcCallsByMethodAndStatusOnBothSides() throws Exception {
      RpcServer server =
          RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig())
              .service(TestService.class, new EchoHandler("metered"))
              .observer(ops.serverCalls())
              .start();
      ops.monitor(server);
      try (RpcClient<TestService> client = ops.observe(Loopback.client(server))) {
        for (int i = 0; i < 3; i++) {
          client.stub().echo(EchoRequest.of("hi"));
        }
        try {
          client.stub().echo(new EchoRequest("x", 0, null, List.of(), "NOT_FOUND"));
        } catch (RpcException expected) {
          assertThat(expected.status().name()).isEqualTo("NOT_FOUND");
        }
        HttpResponse<String> r = AdminHttp.get(admin.port(), "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue(AdminHandler.PROMETHEUS_TEXT);
        assertThat(r.body())
            .contains(
                "inkzee_rpc_server_calls_seconds_count{method=\"echo\",service=\"test\",status=\"OK\"} 3")
            .contains(
                "inkzee_rpc_server_calls_seconds_count{method=\"echo\",service=\"test\",status=\"NOT_FOUND\"} 1")
            .contains(
                "inkzee_rpc_server_calls_seconds_bucket{method=\"echo\",service=\"test\",status=\"OK\",le=\"30.0\"} 3")
            .contains(
                "inkzee_rpc_client_calls_seconds_count{method=\"echo\",service=\"test\",status=\"OK\"} 3")
            .contains(
                "inkzee_rpc_client_calls_seconds_count{method=\"echo\",service=\"test\",status=\"NOT_FOUND\"} 1")
            .contains("inkzee_rpc_server_connections 1")
            .contains("inkzee_rpc_server_queued_calls 0");
      } finally {
        server.close();
      }
    }

    @Test
    void showsSampledGauges() throws Exception {
      CountDownLatch sampled = new CountDownLatch(1);
      ops.sampler()
          .gauge(
              "inkzee.test.depth",
              "a sampled value",
              io.micrometer.core.instrument.Tags.of("kind", "due"),
              () -> {
                sampled.countDown();
                return 42;
              });
      assertThat(sampled.await(10, TimeUnit.SECONDS)).isTrue();
      String body = AdminHttp.get(admin.port(), "/metrics").body();
      for (int i = 0; i < 50 && !body.contains("inkzee_test_depth{kind=\"due\"} 42.0"); i++) {
        Thread.sleep(20); // the sample is stored just after the supplier returns
        body = AdminHttp.get(admin.port(), "/metrics").body();
      }
      assertThat(body).contains("inkzee_test_depth{kind=\"due\"} 42.0");
    }
  }

  @Nested
  class Requests {
    @Test
    void unknownPathIs404() throws Exception {
      HttpResponse<String> r = AdminHttp.get(admin.port(), "/admin");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(AdminHttp.request(admin.port(), "POST", "/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodsThanGetAndHeadAre405() throws Exception {
      for (String method : List.of("POST", "PUT", "DELETE")) {
        HttpResponse<String> r = AdminHttp.request(admin.port(), method, "/healthz");
        assertThat(r.statusCode()).as(method).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
      }
    }

    @Test
    void headAnswersWithoutABody() throws Exception {
      ops.health().markReady();
      HttpResponse<String> r = AdminHttp.request(admin.port(), "HEAD", "/healthz");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEmpty();
    }

    @Test
    void aQueryStringDoesNotChangeThePath() throws Exception {
      assertThat(AdminHttp.get(admin.port(), "/livez?verbose=1").statusCode()).isEqualTo(200);
    }

    @Test
    void anOverlongRequestLineIs414() throws Exception {
      String response =
          AdminHttp.raw(
              admin.port(),
              "GET /healthz?"
                  + "a".repeat(AdminChannelInitializer.MAX_REQUEST_LINE_BYTES)
                  + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(response).startsWith("HTTP/1.1 414");
    }

    @Test
    void overlongHeadersAre431() throws Exception {
      String response =
          AdminHttp.raw(
              admin.port(),
              "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: "
                  + "b".repeat(AdminChannelInitializer.MAX_HEADER_BYTES)
                  + "\r\n\r\n");
      assertThat(response).startsWith("HTTP/1.1 431");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
      int size = AdminChannelInitializer.MAX_BODY_BYTES + 1;
      String response =
          AdminHttp.raw(
              admin.port(),
              "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: "
                  + size
                  + "\r\n\r\n"
                  + "c".repeat(size));
      assertThat(response).startsWith("HTTP/1.1 413");
    }

    /**
     * Clients trickling a request a byte at a time, as many as the connection cap allows, are
     * closed at the request deadline, counted from accept: the idle timer used before restarted on
     * every byte, so they held every slot for good and a probe was closed on accept.
     */
    @Test
    void tricklingClientsAreClosedAtTheRequestDeadlineAndAProbeGetsThrough() throws Exception {
      ops.health().markReady();
      try (AdminServer quick =
          AdminServer.start(
              0, "127.0.0.1", ops.health(), ops.registry(), Duration.ofMillis(1_000))) {
        List<java.net.Socket> trickling = new java.util.ArrayList<>();
        try {
          for (int i = 0; i < AdminChannelInitializer.MAX_CONNECTIONS; i++) {
            java.net.Socket s = new java.net.Socket("127.0.0.1", quick.port());
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\n".getBytes());
            trickling.add(s);
          }
          // A header byte from each every 200 ms, on and on (well within any idle timer of 1 s)
          // while a probe comes past the deadline, on a plain socket (an HTTP client would retry).
          java.util.concurrent.atomic.AtomicBoolean stop =
              new java.util.concurrent.atomic.AtomicBoolean();
          Thread trickler =
              new Thread(
                  () -> {
                    while (!stop.get()) {
                      for (java.net.Socket s : trickling) {
                        try {
                          s.getOutputStream().write('X');
                        } catch (java.io.IOException closed) {
                          // closed by the server: what is expected
                        }
                      }
                      try {
                        Thread.sleep(200);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  },
                  "trickler");
          trickler.setDaemon(true);
          trickler.start();
          String probe;
          try {
            Thread.sleep(2_500);
            probe =
                AdminHttp.raw(
                    quick.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
          } finally {
            stop.set(true);
            trickler.join(5_000);
          }
          assertThat(probe).as("the probe's answer").startsWith("HTTP/1.1 200");
          for (java.net.Socket s : trickling) {
            s.setSoTimeout(5_000);
            assertThat(s.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
          }
        } finally {
          for (java.net.Socket s : trickling) {
            s.close();
          }
        }
      }
    }

    @Test
    void garbageIs400() throws Exception {
      String response = AdminHttp.raw(admin.port(), "\u0001\u0002 nonsense\r\n\r\n");
      assertThat(response).startsWith("HTTP/1.1 400");
    }
  }
}
