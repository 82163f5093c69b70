package com.inkzee.fetcher.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a failing feed waits before its next try: exponential backoff with full jitter (AWS
 * Architecture Blog, "Exponential Backoff And Jitter"), so feeds that failed together (a host
 * outage) do not come back together.
 *
 * <p>After {@code n} consecutive failures the ceiling is {@code min(cap, base * 2^(n-1))} and the
 * delay is drawn uniformly from {@code [base, ceiling]}; {@code base} as the floor keeps a failing
 * feed from being retried at once. The default cap of 24 h means a feed that has failed for months
 * is still tried at least once a day.
 */
public final class ErrorBackoff {
  /** One minute: a transient failure is retried soon, but not in a tight loop. */
  public static final Duration DEFAULT_BASE = Duration.ofMinutes(1);

  /** 24 hours: dead feeds are still tried daily, and come back on their own when fixed. */
  public static final Duration DEFAULT_CAP = Duration.ofHours(24);

  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;

  public ErrorBackoff(RandomGenerator random) {
    this(DEFAULT_BASE, DEFAULT_CAP, random);
  }

  public ErrorBackoff(Duration base, Duration cap, RandomGenerator random) {
    this.base = Objects.requireNonNull(base, "base");
    this.cap = Objects.requireNonNull(cap, "cap");
    this.random = Objects.requireNonNull(random, "random");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("base must be positive: " + base);
    }
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("cap " + cap + " is below base " + base);
    }
  }

  /** The ceiling of the delay after {@code consecutiveFailures} failures (at least 1). */
  public Duration ceiling(int consecutiveFailures) {
    if (consecutiveFailures < 1) {
      throw new IllegalArgumentException(
          "consecutiveFailures must be >= 1: " + consecutiveFailures);
    }
    // 2^62 ns is 146 years: past that every ceiling is the cap anyway.
    int doublings = Math.min(consecutiveFailures - 1, 62);
    long baseNanos = base.toNanos();
    long ceiling =
        baseNanos > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : baseNanos << doublings;
    return ceiling >= cap.toNanos() ? cap : Duration.ofNanos(ceiling);
  }

  /** A jittered delay in {@code [base, ceiling(consecutiveFailures)]}. */
  public Duration delay(int consecutiveFailures) {
    long lo = base.toNanos();
    long hi = ceiling(consecutiveFailures).toNanos();
    return Duration.ofNanos(hi == lo ? lo : random.nextLong(lo, hi + 1));
  }

  /** When to try again after the failure at {@code now}. */
  public Instant nextAttempt(int consecutiveFailures, Instant now) {
    return now.plus(delay(consecutiveFailures));
  }
}
