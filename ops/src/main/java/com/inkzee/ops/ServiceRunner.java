package com.inkzee.ops;

import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
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
 * <p>A service that cannot start, whatever the reason (a configuration error, a port in use, a
 * database refusing a migration, a store not answering the ranker), ends the process with exit code
 * {@value #EXIT_CANNOT_START} and one ERROR line, {@code "<service> cannot start: <reason>"}; the
 * stack trace is logged at DEBUG only.
 */
public final class ServiceRunner {
  private static final Logger log = LoggerFactory.getLogger(ServiceRunner.class);

  /** The exit code of a process whose service could not start. */
  public static final int EXIT_CANNOT_START = 2;

  /**
   * Longest reason printed on the "cannot start" line: Flyway's message for a failed migration
   * carries the whole SQL statement; the rest is in the stack trace at DEBUG.
   */
  static final int MAX_REASON_CHARS = 2000;

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
    Launch launch =
        launch(service, env, defaultAdminPort, () -> ServiceOps.forProcess(service), starter);
    if (launch.running() == null) {
      System.exit(launch.exitCode());
      return;
    }
    Running running = launch.running();
    Duration grace = launch.grace();
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
   * What {@code main} got from starting a service: running, with the shutdown grace it was
   * configured with, or not, with the exit code to end the process with (the reason is logged).
   */
  record Launch(Running running, Duration grace, int exitCode) {}

  /**
   * {@link #startServer} for {@code main}: any failure, of the configuration or of the service's
   * start, is logged as the configuration read so far and one ERROR line, and returned as {@link
   * #EXIT_CANNOT_START}; nothing is thrown.
   */
  static Launch launch(
      String service,
      Env env,
      int defaultAdminPort,
      Supplier<ServiceOps> ops,
      ServerStarter starter) {
    try {
      Duration grace = env.seconds("INKZEE_SHUTDOWN_GRACE_SECONDS", 20);
      return new Launch(startServer(service, env, defaultAdminPort, ops.get(), starter), grace, 0);
    } catch (Exception e) {
      // Exception, not RuntimeException: Netty and others rethrow checked exceptions unchecked.
      ConfigPrinter.printReadSoFar(service, env, log);
      // Scrubbed as the printout is: a message may quote a value (a URL with its password).
      log.error("{} cannot start: {}", service, env.scrub(reason(e)));
      if (log.isDebugEnabled()) {
        // The trace as text, scrubbed like the line above: its messages may quote secrets too.
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        log.debug("{} start failure: {}", service, env.scrub(trace.toString()));
      }
      return new Launch(null, null, EXIT_CANNOT_START);
    }
  }

  /**
   * One line saying why a start failed: the message (configuration errors, {@link
   * IllegalArgumentException} and {@link IllegalStateException}, are worded for the operator and
   * print as they are; any other failure is prefixed with its class), and the root cause's class
   * and message when it is another exception, newlines flattened.
   */
  static String reason(Throwable e) {
    StringBuilder out = new StringBuilder(describe(e));
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e) {
      String rootMessage = root.getMessage();
      out.append(" (caused by ").append(root.getClass().getSimpleName());
      if (rootMessage != null && !rootMessage.isBlank() && !out.toString().contains(rootMessage)) {
        out.append(": ").append(rootMessage);
      }
      out.append(')');
    }
    String line = out.toString().strip().replaceAll("\\s*\\R\\s*", " ");
    if (line.length() > MAX_REASON_CHARS) {
      line =
          line.substring(0, MAX_REASON_CHARS)
              + "... ("
              + (line.length() - MAX_REASON_CHARS)
              + " more characters; the stack trace is logged at DEBUG)";
    }
    return line;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    boolean configuration =
        e instanceof IllegalArgumentException || e instanceof IllegalStateException;
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return configuration ? message : e.getClass().getSimpleName() + ": " + message;
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
      // shows it rather than warning that it is set but not used, and checked, because Logback
      // takes a name it does not know (WARNING, verbose) as DEBUG without a word.
      logLevel(env);
      admin = AdminServer.start(adminPort, bind, ops.health(), ops.registry());
      MainServer server = starter.start(env, ops);
      ConfigPrinter.print(service, env, log);
      ops.health().markReady();
      log.info("{} ready on port {}{}", service, server.port(), server.readyNote());
      return new Running(server, admin, ops);
    } catch (Exception e) {
      // Exception: a checked one rethrown unchecked (Netty's BindException) must close these too.
      if (admin != null) {
        admin.close();
      }
      ops.close();
      throw e;
    }
  }

  /** The levels Logback knows by name; it reads any other as DEBUG. */
  static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  /** {@code INKZEE_LOG_LEVEL}, one of {@link #LOG_LEVELS} in any case. */
  static String logLevel(Env env) {
    String level = env.string("INKZEE_LOG_LEVEL", "INFO");
    if (!LOG_LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "INKZEE_LOG_LEVEL="
              + level
              + " is not a log level: use one of "
              + String.join(", ", LOG_LEVELS)
              + " (any case)");
    }
    return level;
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
