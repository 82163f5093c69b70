package com.inkzee.ops;

import java.time.Duration;

/**
 * The latency histogram buckets every Inkzee timer uses (RPC calls, web requests): from a cached
 * read (under a millisecond) to a long poll or a slow ingest batch (tens of seconds). Fixed, so
 * that series from every process aggregate.
 */
public final class LatencyBuckets {
  private static final Duration[] BOUNDS = {
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
  };

  private LatencyBuckets() {}

  /** The bucket bounds, for {@code Timer.Builder.serviceLevelObjectives} (a fresh copy). */
  public static Duration[] bounds() {
    return BOUNDS.clone();
  }
}
