package com.inkzee.fetcher.schedule;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Politeness for concurrent fetches: at most {@code maxConcurrent} fetches in all and at most
 * {@code maxPerHost} against one host name, so a thousand feeds on one blog platform never open a
 * thousand connections to it. A fetch holds a {@link Permit} (one global slot and one slot of its
 * host) and releases it by closing it.
 *
 * <p>Memory is bounded by the number of fetches in flight: a host's counter is dropped when its
 * last permit is released. Waiters are woken together and are not served in FIFO order; at the
 * concurrency of a fetcher (tens of threads) that costs little and keeps the class small.
 */
public final class HostLimiter {
  private final int maxConcurrent;
  private final int maxPerHost;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final Map<String, Integer> inUseByHost = new HashMap<>();
  private int inUse;

  public HostLimiter(int maxConcurrent, int maxPerHost) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be >= 1: " + maxConcurrent);
    }
    if (maxPerHost < 1) {
      throw new IllegalArgumentException("maxPerHost must be >= 1: " + maxPerHost);
    }
    this.maxConcurrent = maxConcurrent;
    this.maxPerHost = maxPerHost;
  }

  /** A held slot; closing it (once or more) gives the slot back. */
  public final class Permit implements AutoCloseable {
    private final String host;
    private boolean closed;

    private Permit(String host) {
      this.host = host;
    }

    public String host() {
      return host;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        inUse--;
        inUseByHost.computeIfPresent(host, (h, n) -> n == 1 ? null : n - 1);
        released.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Waits at most {@code maxWait} for a slot for {@code host} (compared case-insensitively).
   *
   * @return the permit, or empty if none came free in time
   */
  public Optional<Permit> tryAcquire(String host, Duration maxWait) throws InterruptedException {
    String key = Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
    long remaining = Objects.requireNonNull(maxWait, "maxWait").toNanos();
    lock.lockInterruptibly();
    try {
      while (inUse >= maxConcurrent || inUseByHost.getOrDefault(key, 0) >= maxPerHost) {
        if (remaining <= 0) {
          return Optional.empty();
        }
        remaining = released.awaitNanos(remaining);
      }
      inUse++;
      inUseByHost.merge(key, 1, Integer::sum);
      return Optional.of(new Permit(key));
    } finally {
      lock.unlock();
    }
  }

  /** Waits as long as it takes for a slot for {@code host}. */
  public Permit acquire(String host) throws InterruptedException {
    return tryAcquire(host, Duration.ofNanos(Long.MAX_VALUE)).orElseThrow();
  }

  /** Fetches in flight, for metrics and tests. */
  public int inUse() {
    lock.lock();
    try {
      return inUse;
    } finally {
      lock.unlock();
    }
  }

  /** Fetches in flight against {@code host}. */
  public int inUse(String host) {
    lock.lock();
    try {
      return inUseByHost.getOrDefault(host.toLowerCase(Locale.ROOT), 0);
    } finally {
      lock.unlock();
    }
  }

  /** Hosts with a fetch in flight: what this limiter keeps in memory. */
  public int trackedHosts() {
    lock.lock();
    try {
      return inUseByHost.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "HostLimiter[maxConcurrent=" + maxConcurrent + ", maxPerHost=" + maxPerHost + "]";
  }
}
