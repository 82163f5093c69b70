package com.inkzee.rpc.config;

import com.inkzee.rpc.server.RpcServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a service process: prints its effective configuration (secrets masked), keeps the server up,
 * and on SIGTERM or Ctrl-C drains it (GOAWAY, in-flight calls finish) before exiting.
 *
 * <p>The services now run through {@code com.inkzee.ops.ServiceRunner} (the {@code ops} module),
 * which does the same plus the admin port (/healthz, /metrics); this stays for a process that has
 * no admin port.
 */
public final class ServiceLauncher {
  private static final Logger log = LoggerFactory.getLogger(ServiceLauncher.class);

  private ServiceLauncher() {}

  /** Starts the service built by {@code start} and blocks until the process is told to stop. */
  public static void run(String service, Env env, ServiceStarter start) {
    Duration grace = env.seconds("INKZEE_SHUTDOWN_GRACE_SECONDS", 20);
    RpcServer server;
    try {
      server = start.start(env);
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.error("{} cannot start: {}", service, e.getMessage());
      System.exit(2);
      return;
    }
    env.effective().forEach((k, v) -> log.info("config {}={}", k, v));
    log.info("{} ready on port {}", service, server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("{} stopping: draining calls (grace {})", service, grace);
                  boolean clean = server.shutdown(grace);
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

  /** Builds and starts a service's RPC server from its environment. */
  @FunctionalInterface
  public interface ServiceStarter {
    RpcServer start(Env env);
  }
}
