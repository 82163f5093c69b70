package com.inkzee.ops;

import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service process from start to SIGTERM, the same way for every service:
 *
 * <ol>
 *   <li>the admin server starts first, on {@code INKZEE_ADMIN_PORT} at {@code INKZEE_BIND}, so that
 *       {@code /livez} answers and {@code /healthz} says "starting" (503) while the service loads;
 *   <li>the service starts, registering its metrics and checks on the {@link ServiceOps};
 *   <li>the effective configuration is printed, secrets masked ({@link ConfigPrinter}); the service
 *       is marked ready and logs {@code "<service> ready on port <main port>"};
 *   <li>on SIGTERM or Ctrl-C: {@code /healthz} turns 503 "draining" at once, the main server drains
 *       (RPC: GOAWAY; HTTP: the listener closes; in-flight work finishes within {@code
 *       INKZEE_SHUTDOWN_GRACE_SECONDS}, then the service's own resources close: the poll loop
 *       finishes the batch in hand), and the admin server stops last, so probes see "draining"
 *       until the process goes.
 * </ol>
 *
 * <p>The store, fetcher and ranker are Inkzee RPC servers ({@link #run}); a service whose main
 * server is something else, the web reader's HTTP server, hands over a {@link MainServer} ({@link
 * #runServer}) and gets the same lifecycle.
 *
 * <p>A configuration error or a port in use ends the process with exit code 2 and one log line.
 */
public final class ServiceRunner {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  private ServiceRunner() {}

  /**
   * Builds and starts a service's RPC server, registering what it shows operators on {@code ops}.
   */
  @FunctionalInterface
  public interface Starter {
    RpcServer start(Env env, ServiceOps ops);
  }

  /**
   * Builds and starts a service's main server when it is not an Inkzee RPC server (the web reader's
   * HTTP server), registering what it shows operators on {@code ops}.
   */
  @FunctionalInterface
  public interface ServerStarter {
    MainServer start(Env env, ServiceOps ops);
  }

  /** A started service: its main server, admin server and operations state. */
  public record Running(MainServer server, AdminServer admin, ServiceOps ops) {
    /**
     * The shutdown sequence: healthz 503, drain the main server, close the service, stop the admin
     * server.
     */
    public boolean stop(Duration grace) {
      ops.health().markDraining();
      boolean clean = server.shutdown(grace);
      admin.close();
      ops.close();
      return clean;
    }
  }

  /** Starts {@code service} and blocks until the process is told to stop (for {@code main}). */
  public static void run(String service, Env env, int defaultAdminPort, Starter starter) {
    runServer(service, env, defaultAdminPort, rpc(starter));
  }

  /**
   * {@link #run} for a service whose main server is not an Inkzee RPC server: the same admin port,
   * checks, metrics, configuration printing and SIGTERM sequence.
   */
  public static void runServer(
      String service, Env env, int defaultAdminPort, ServerStarter starter) {
    Duration grace = env.seconds("INKZEE_SHUTDOWN_GRACE_SECONDS", 20);
    Running running;
    try {
      running =
          startServer(service, env, defaultAdminPort, ServiceOps.forProcess(service), starter);
    } catch (IllegalArgumentException | IllegalStateException e) {
      ConfigPrinter.print(service, env, log);
      log.error("{} cannot start: {}", service, e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info(
                      "{} stopping: /healthz draining, draining the {} (grace {})",
                      service,
                      running.server(),
                      grace);
                  boolean clean = running.stop(grace);
                  log.info("{} stopped{}", service, clean ? "" : " (some calls were cut off)");
                  stopped.countDown();
                },
                service + "-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts the admin server, then the service, prints the configuration and marks the service
   * ready. On failure everything started is closed again and the exception propagates.
   */
  public static Running start(
      String service, Env env, int defaultAdminPort, ServiceOps ops, Starter starter) {
    return startServer(service, env, defaultAdminPort, ops, rpc(starter));
  }

  /** {@link #start} for a service whose main server is not an Inkzee RPC server. */
  public static Running startServer(
      String service, Env env, int defaultAdminPort, ServiceOps ops, ServerStarter starter) {
    AdminServer admin = null;
    try {
      int adminPort = env.port("INKZEE_ADMIN_PORT", defaultAdminPort);
      String bind = env.string("INKZEE_BIND", "127.0.0.1");
      // Logback reads the level itself (logback.xml); read here too, so the printed configuration
      // shows it rather than warning that it is set but not used.
      env.string("INKZEE_LOG_LEVEL", "INFO");
      admin = AdminServer.start(adminPort, bind, ops.health(), ops.registry());
      MainServer server = starter.start(env, ops);
      ConfigPrinter.print(service, env, log);
      ops.health().markReady();
      log.info("{} ready on port {}{}", service, server.port(), server.readyNote());
      return new Running(server, admin, ops);
    } catch (RuntimeException e) {
      if (admin != null) {
        admin.close();
      }
      ops.close();
      throw e;
    }
  }

  /** An RPC service's starter as a main server's: its server, with its connection gauges. */
  private static ServerStarter rpc(Starter starter) {
    return (env, ops) -> {
      RpcServer server = starter.start(env, ops);
      ops.monitor(server);
      return MainServer.rpc(server);
    };
  }
}
