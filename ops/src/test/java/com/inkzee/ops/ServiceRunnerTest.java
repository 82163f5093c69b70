package com.inkzee.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.client.RpcFuture;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.LeftoverThreads;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {
  private static final Env ENV = new Env(Map.of("INKZEE_ADMIN_PORT", "0"));

  @Test
  void healthzSaysStartingWhileTheServiceLoadsThenReady() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger adminPort = new AtomicInteger(freePort());
    Env env = new Env(Map.of("INKZEE_ADMIN_PORT", Integer.toString(adminPort.get())));
    ServiceOps ops = ServiceOps.create("test");
    CompletableFuture<ServiceRunner.Running> started =
        CompletableFuture.supplyAsync(
            () ->
                ServiceRunner.start(
                    "test",
                    env,
                    7399,
                    ops,
                    (e, o) -> {
                      loading.countDown();
                      await(release);
                      return Loopback.server(new EchoHandler("t"));
                    }));
    assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
    HttpResponse<String> whileLoading = AdminHttp.get(adminPort.get(), "/healthz");
    assertThat(whileLoading.statusCode()).isEqualTo(503);
    assertThat(whileLoading.body()).contains("\"reason\":\"starting\"");
    assertThat(AdminHttp.get(adminPort.get(), "/livez").statusCode()).isEqualTo(200);

    release.countDown();
    ServiceRunner.Running running = started.get(10, TimeUnit.SECONDS);
    try {
      assertThat(running.admin().port()).isEqualTo(adminPort.get());
      assertThat(AdminHttp.get(adminPort.get(), "/healthz").statusCode()).isEqualTo(200);
    } finally {
      running.stop(Duration.ofSeconds(5));
    }
  }

  /** The log level is read by Logback, not through Env: it must not be reported as unused. */
  @Test
  void theLogLevelIsPrintedAsConfigurationNotWarnedAboutAsUnused() {
    Env env = new Env(Map.of("INKZEE_ADMIN_PORT", "0", "INKZEE_LOG_LEVEL", "DEBUG"));
    ServiceRunner.Running running =
        ServiceRunner.start(
            "test",
            env,
            7399,
            ServiceOps.create("test"),
            (e, o) ->
                RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig())
                    .service(TestService.class, new EchoHandler("t"))
                    .start());
    try {
      assertThat(ConfigPrinter.lines("test", env))
          .contains("config INKZEE_LOG_LEVEL=DEBUG")
          .noneMatch(line -> line.contains("not used"));
    } finally {
      running.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void drainingShowsOnHealthzWhileCallsFinishThenTheAdminServerStops() throws Exception {
    EchoHandler handler = new EchoHandler("t");
    ServiceOps ops = ServiceOps.create("test");
    ServiceRunner.Running running =
        ServiceRunner.start(
            "test",
            ENV,
            7399,
            ops,
            (env, o) ->
                RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig())
                    .service(TestService.class, handler)
                    .observer(o.serverCalls())
                    .start());
    int admin = running.admin().port();
    Endpoint rpc = new Endpoint("127.0.0.1", running.server().port());
    try (RpcClient<TestService> client =
        RpcClient.connect(
            TestCatalogue.get(), TestService.class, Loopback.clientConfig(List.of(rpc)))) {
      assertThat(client.awaitReady(Duration.ofSeconds(5))).isTrue();
      RpcFuture<EchoResponse> slow =
          client.async().call(s -> s.echo(EchoRequest.sleeping("slow", 1_500)));
      while (handler.calls.get() == 0) {
        Thread.sleep(5); // bounded by the call's own 10 s deadline below
        assertThat(slow.isDone()).isFalse();
      }
      CompletableFuture<Boolean> stopping =
          CompletableFuture.supplyAsync(() -> running.stop(Duration.ofSeconds(10)));

      // stop() begins on another thread: poll until it has (bounded, well inside the 1.5 s call).
      HttpResponse<String> draining = AdminHttp.get(admin, "/healthz");
      long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      while (draining.statusCode() == 200 && System.nanoTime() < until) {
        Thread.sleep(5);
        draining = AdminHttp.get(admin, "/healthz");
      }
      assertThat(draining.statusCode()).isEqualTo(503);
      assertThat(draining.body()).contains("\"reason\":\"draining\"");
      assertThat(slow.isDone()).as("the call in flight is still running").isFalse();

      assertThat(slow.get(10, TimeUnit.SECONDS).text()).isEqualTo("slow");
      assertThat(stopping.get(15, TimeUnit.SECONDS)).as("drained cleanly").isTrue();
      assertThatThrownBy(() -> AdminHttp.get(admin, "/livez")).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aServiceThatCannotStartLeavesNoAdminServerBehind() throws Exception {
    ServiceOps ops = ServiceOps.create("test");
    assertThatThrownBy(
            () ->
                ServiceRunner.start(
                    "test",
                    ENV,
                    7399,
                    ops,
                    (env, o) -> {
                      throw new IllegalStateException("database not reachable");
                    }))
        .hasMessage("database not reachable");
  }

  /**
   * The admin port or the service's port in use: Netty rethrew the checked BindException as it was,
   * past every catch of RuntimeException, so runServer printed no configuration and exited 1
   * instead of 2, and what had started (admin server, event loops) was left running.
   */
  @Test
  void aPortInUseIsAnIllegalStateExceptionNamingItAndLeavesNothingRunning() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      LeftoverThreads threads = LeftoverThreads.snapshot();
      Env adminTaken = new Env(Map.of("INKZEE_ADMIN_PORT", Integer.toString(port)));
      assertThatThrownBy(
              () ->
                  ServiceRunner.start(
                      "test",
                      adminTaken,
                      7399,
                      ServiceOps.create("test"),
                      (env, o) -> {
                        throw new AssertionError("the service must not start");
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("admin server cannot listen on 127.0.0.1:" + port);
      assertThat(threads.started()).isEmpty();

      assertThatThrownBy(
              () ->
                  ServiceRunner.start(
                      "test",
                      ENV,
                      7399,
                      ServiceOps.create("test"),
                      (env, o) ->
                          RpcServer.builder(
                                  TestCatalogue.get(),
                                  Loopback.serverConfig().withBind("127.0.0.1", port))
                              .service(TestService.class, new EchoHandler("t"))
                              .start()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + port);
      assertThat(threads.started()).as("the admin server and RPC threads").isEmpty();
    }
  }

  /**
   * A start failure that is not IllegalArgumentException/IllegalStateException (an
   * UncheckedIOException here; Flyway's FlywaySqlScriptException for a role without CREATE, the
   * ranker's RpcException from the store) escaped main: "Exception in thread main", a stack trace,
   * exit code 1, no configuration. It is one ERROR line, exit code 2, the trace at DEBUG.
   */
  @Test
  void anyStartFailureIsOneErrorLineAndExitCode2() {
    try (CapturedLog captured = new CapturedLog(ServiceRunner.class)) {
      ServiceRunner.Launch launch =
          launch(
              new Env(Map.of("INKZEE_ADMIN_PORT", "0")),
              (env, o) -> {
                throw new java.io.UncheckedIOException(
                    "cannot read the cursor\n/data/ranker.cursor",
                    new java.io.IOException("disk on fire\nreally"));
              });

      assertThat(launch.exitCode()).isEqualTo(2);
      assertThat(launch.running()).isNull();
      assertThat(captured.lines(Level.ERROR))
          .containsExactly(
              "test cannot start: UncheckedIOException: cannot read the cursor /data/ranker.cursor"
                  + " (caused by IOException: disk on fire really)");
      assertThat(captured.events())
          .filteredOn(e -> e.getLevel() == Level.ERROR)
          .allMatch(e -> e.getThrowableProxy() == null, "no stack trace on the ERROR line");
      assertThat(captured.lines(Level.DEBUG))
          .anyMatch(line -> line.contains("Caused by: java.io.IOException: disk on fire"));
      assertThat(captured.lines(Level.INFO)).contains("config INKZEE_ADMIN_PORT=0");
    }
  }

  /**
   * The "cannot start" line printed e.getMessage() as it was, without the masking the configuration
   * printout gets: a message quoting INKZEE_DB_URL printed its password.
   */
  @Test
  void aStartFailureNeverPrintsASecretAtAnyLevel() {
    String urlPassword = "S3cretPw";
    String dbPassword = "Zq81-pw-x";
    Env env =
        new Env(
            Map.of(
                "INKZEE_ADMIN_PORT",
                "0",
                "INKZEE_DB_URL",
                "postgres://inkzee:" + urlPassword + "@db:5432/inkzee",
                "INKZEE_DB_PASSWORD",
                dbPassword));
    try (CapturedLog captured = new CapturedLog(ServiceRunner.class)) {
      ServiceRunner.Launch launch =
          launch(
              env,
              (e, o) -> {
                e.string("INKZEE_DB_URL", null);
                e.secret("INKZEE_DB_PASSWORD");
                throw new IllegalStateException(
                    "cannot open postgres://inkzee:" + urlPassword + "@db:5432/inkzee",
                    new java.sql.SQLException("password " + dbPassword + " refused"));
              });

      assertThat(launch.exitCode()).isEqualTo(2);
      assertThat(captured.lines(Level.ERROR))
          .containsExactly(
              "test cannot start: cannot open postgres://inkzee:****@db:5432/inkzee"
                  + " (caused by SQLException: password **** refused)");
      assertThat(captured.events())
          .isNotEmpty()
          .allSatisfy(
              e ->
                  assertThat(e.getFormattedMessage())
                      .doesNotContain(urlPassword)
                      .doesNotContain(dbPassword));
    }
  }

  /**
   * INKZEE_SHUTDOWN_GRACE_SECONDS was read before the start's try: "20s" ended main with an
   * uncaught exception and exit code 1.
   */
  @Test
  void aBadShutdownGraceIsOneErrorLineAndExitCode2() {
    try (CapturedLog captured = new CapturedLog(ServiceRunner.class)) {
      ServiceRunner.Launch launch =
          launch(
              new Env(Map.of("INKZEE_ADMIN_PORT", "0", "INKZEE_SHUTDOWN_GRACE_SECONDS", "20s")),
              MUST_NOT_START);

      assertThat(launch.exitCode()).isEqualTo(2);
      assertThat(captured.lines(Level.ERROR))
          .containsExactly(
              "test cannot start: INKZEE_SHUTDOWN_GRACE_SECONDS=20s is not a whole number of"
                  + " seconds");
    }
  }

  /**
   * Logback reads a level name it does not know (WARNING, verbose) as DEBUG, silently: an operator
   * asking for less logging got the most.
   */
  @Test
  void anUnknownLogLevelIsAConfigurationErrorNamingTheVariable() {
    try (CapturedLog captured = new CapturedLog(ServiceRunner.class)) {
      ServiceRunner.Launch launch =
          launch(
              new Env(Map.of("INKZEE_ADMIN_PORT", "0", "INKZEE_LOG_LEVEL", "WARNING")),
              MUST_NOT_START);

      assertThat(launch.exitCode()).isEqualTo(2);
      assertThat(captured.lines(Level.ERROR))
          .containsExactly(
              "test cannot start: INKZEE_LOG_LEVEL=WARNING is not a log level: use one of TRACE,"
                  + " DEBUG, INFO, WARN, ERROR, OFF (any case)");
    }
  }

  @Test
  void everyLogbackLevelNameIsAcceptedInAnyCase() {
    for (String level : new String[] {"trace", "Debug", "INFO", "warn", "error", "off"}) {
      assertThat(ServiceRunner.logLevel(new Env(Map.of("INKZEE_LOG_LEVEL", level))))
          .isEqualTo(level);
    }
    assertThat(ServiceRunner.logLevel(new Env(Map.of()))).isEqualTo("INFO");
  }

  /**
   * On a failed start, the variables the service would have read after the failure were warned "set
   * but not used", sending the operator after typos that were not there.
   */
  @Test
  void aFailedStartDoesNotWarnAboutVariablesItNeverGotToRead() {
    try (CapturedLog captured = new CapturedLog(ServiceRunner.class)) {
      ServiceRunner.Launch launch =
          launch(
              new Env(Map.of("INKZEE_ADMIN_PORT", "0", "INKZEE_DB_POOL_SIZE", "7")),
              (env, o) -> {
                throw new IllegalStateException("database not reachable");
              });

      assertThat(launch.exitCode()).isEqualTo(2);
      assertThat(captured.lines(Level.INFO)).contains("config INKZEE_ADMIN_PORT=0");
      assertThat(captured.lines(Level.WARN)).noneMatch(line -> line.contains("not used"));
    }
  }

  @Test
  void aServiceThatStartsIsLaunchedWithItsGrace() {
    ServiceRunner.Launch launch =
        launch(
            new Env(Map.of("INKZEE_ADMIN_PORT", "0", "INKZEE_SHUTDOWN_GRACE_SECONDS", "7")),
            (env, o) -> MainServer.rpc(Loopback.server(new EchoHandler("t"))));
    try {
      assertThat(launch.exitCode()).isZero();
      assertThat(launch.grace()).isEqualTo(Duration.ofSeconds(7));
    } finally {
      launch.running().stop(Duration.ofSeconds(5));
    }
  }

  /** A port free a moment ago: the admin port must be known while the service still loads. */
  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A starter for a launch that must fail before the service starts. */
  private static final ServiceRunner.ServerStarter MUST_NOT_START =
      (env, o) -> {
        throw new AssertionError("the service must not start");
      };

  /** Launches a service "test" (default admin port 7399) with {@code env} and {@code starter}. */
  private static ServiceRunner.Launch launch(Env env, ServiceRunner.ServerStarter starter) {
    return ServiceRunner.launch("test", env, 7399, () -> ServiceOps.create("test"), starter);
  }
}
