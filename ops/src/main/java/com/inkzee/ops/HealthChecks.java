package com.inkzee.ops;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A service's readiness: its phase (starting, ready, draining) and the named checks of the
 * dependencies it needs ("database", "store", "window"). {@link #evaluate()} runs the checks in
 * parallel, each bounded by the check timeout, so {@code /healthz} answers within about that time
 * even when a dependency hangs.
 *
 * <pre>{@code
 * HealthChecks health = new HealthChecks("fetcher");
 * health.register("store", RpcHealth.ping(storeClient));
 * health.markReady();          // once the service serves
 * health.evaluate().healthy(); // true only when ready and every check is up
 * health.markDraining();       // on SIGTERM: /healthz turns 503 at once
 * }</pre>
 */
public final class HealthChecks implements AutoCloseable {
  /** How long one check may take before it counts as down: under a typical probe's timeout. */
  public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(3);

  /**
   * Checks running at once, all requests together. A hung dependency holds one thread per
   * concurrent probe until its own timeout; beyond this many a check is reported down at once
   * rather than starting another thread.
   */
  static final int MAX_RUNNING_CHECKS = 8;

  /** Where a process is in its life; only READY can be healthy. */
  public enum Phase {
    STARTING("starting"),
    READY("ready"),
    DRAINING("draining");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final String service;
  private final Duration checkTimeout;
  private final Map<String, HealthCheck> checks = new LinkedHashMap<>(); // guarded by this
  private final ThreadPoolExecutor runner;
  private volatile Phase phase = Phase.STARTING;

  public HealthChecks(String service) {
    this(service, DEFAULT_CHECK_TIMEOUT);
  }

  public HealthChecks(String service, Duration checkTimeout) {
    this.service = Objects.requireNonNull(service, "service");
    if (checkTimeout.isNegative() || checkTimeout.isZero()) {
      throw new IllegalArgumentException("checkTimeout must be positive: " + checkTimeout);
    }
    this.checkTimeout = checkTimeout;
    this.runner =
        new ThreadPoolExecutor(
            0,
            MAX_RUNNING_CHECKS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new DefaultThreadFactory("inkzee-" + service + "-health", true));
  }

  public String service() {
    return service;
  }

  /** Adds a check; its name appears in {@code /healthz} and in the reason when it fails. */
  public synchronized HealthChecks register(String name, HealthCheck check) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
    if (checks.putIfAbsent(name, check) != null) {
      throw new IllegalArgumentException("health check " + name + " registered twice");
    }
    return this;
  }

  /** The service serves: from now on it is healthy whenever its checks are. */
  public void markReady() {
    if (phase == Phase.STARTING) {
      phase = Phase.READY;
    }
  }

  /** Shutdown began: unhealthy from now on, so that load balancers stop sending at once. */
  public void markDraining() {
    phase = Phase.DRAINING;
  }

  public Phase phase() {
    return phase;
  }

  /**
   * Runs every check (in parallel, each within the check timeout) and reports. While draining no
   * check is run: the answer is 503 whatever the dependencies say, and they are left alone.
   */
  public HealthReport evaluate() {
    Phase now = phase;
    Map<String, HealthCheck> toRun;
    synchronized (this) {
      toRun = new LinkedHashMap<>(checks);
    }
    Map<String, Health> results = new LinkedHashMap<>();
    if (now == Phase.DRAINING) {
      return new HealthReport(service, now, results);
    }
    Map<String, CompletableFuture<Health>> running = new LinkedHashMap<>();
    toRun.forEach((name, check) -> running.put(name, start(check)));
    long deadline = System.nanoTime() + checkTimeout.toNanos();
    running.forEach((name, future) -> results.put(name, await(future, deadline)));
    return new HealthReport(service, phase, results);
  }

  private CompletableFuture<Health> start(HealthCheck check) {
    try {
      return CompletableFuture.supplyAsync(() -> run(check), runner);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          Health.down(
              "not checked: "
                  + MAX_RUNNING_CHECKS
                  + " checks already running (a hung dependency?)"));
    }
  }

  private static Health run(HealthCheck check) {
    try {
      Health h = check.check();
      return h == null ? Health.down("the check gave no answer") : h;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down("interrupted");
    } catch (Exception e) {
      return Health.down(describe(e));
    }
  }

  private Health await(CompletableFuture<Health> future, long deadline) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return Health.down("no answer within " + checkTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down("interrupted");
    } catch (ExecutionException e) {
      return Health.down(describe(e.getCause()));
    }
  }

  /** The message an operator can act on: the exception's own, else its type. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }
}
