package com.inkzee.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges whose value costs a round trip (a COUNT in the database, the store's head sequence over
 * RPC): sampled on one background thread every interval, and read from the last sample by a scrape.
 * A scrape then never waits on a dependency, and a slow dependency is asked once per interval
 * however often Prometheus scrapes. A sample that fails reads as NaN (no value) until the next one
 * succeeds.
 */
public final class GaugeSampler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GaugeSampler.class);

  /** Default sampling interval: about a Prometheus scrape interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private final MeterRegistry registry;
  private final Duration interval;
  private final ScheduledExecutorService thread;

  public GaugeSampler(MeterRegistry registry, String service, Duration interval) {
    this.registry = registry;
    this.interval = interval;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("inkzee-" + service + "-gauges", true));
  }

  /**
   * Registers gauge {@code name} whose value {@code sample} computes, at once then per interval.
   */
  public void gauge(String name, String description, Tags tags, DoubleSupplier sample) {
    AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get()))
        .description(description)
        .tags(tags)
        .register(registry);
    thread.scheduleWithFixedDelay(
        () -> {
          double value;
          try {
            value = sample.getAsDouble();
          } catch (RuntimeException e) {
            log.debug("gauge {} not sampled: {}", name, e.toString());
            value = Double.NaN;
          }
          bits.set(Double.doubleToLongBits(value));
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
