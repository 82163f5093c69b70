package com.inkzee.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges whose value costs a round trip (a COUNT in the database, the store's head sequence over
 * RPC): sampled in the background every interval, and read from the last sample by a scrape. A
 * scrape then never waits on a dependency, and a slow dependency is asked once per interval however
 * often Prometheus scrapes. A sample that fails (throws anything) or takes longer than the timeout
 * reads as NaN (no value) until a later one succeeds.
 *
 * <p>Each sample runs on its own worker thread, under a timeout, one at a time per gauge: with all
 * gauges sampled in turn on one thread, one hung sample (a query waiting on a locked table) froze
 * every gauge at its last value, and an Error thrown by one cancelled its sampling for good.
 */
public final class GaugeSampler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GaugeSampler.class);

  /** Default sampling interval: about a Prometheus scrape interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private static final long NAN_BITS = Double.doubleToLongBits(Double.NaN);

  private final MeterRegistry registry;
  private final long intervalMillis;
  private final long timeoutMillis;
  private final ScheduledExecutorService ticks; // starts samples and times them out
  // At most one sample in flight per gauge, so this holds at most one thread per gauge, however
  // long a dependency hangs.
  private final ExecutorService samples;

  /** Samples every {@code interval}, each allowed as long as the interval. */
  public GaugeSampler(MeterRegistry registry, String service, Duration interval) {
    this(registry, service, interval, interval);
  }

  /** Samples every {@code interval}; a sample taking longer than {@code timeout} reads NaN. */
  public GaugeSampler(MeterRegistry registry, String service, Duration interval, Duration timeout) {
    this.registry = registry;
    this.intervalMillis = interval.toMillis();
    this.timeoutMillis = timeout.toMillis();
    this.ticks =
        Executors.newSingleThreadScheduledExecutor(
            new DefaultThreadFactory("inkzee-" + service + "-gauges", true));
    this.samples =
        Executors.newCachedThreadPool(
            new DefaultThreadFactory("inkzee-" + service + "-gauge-sample", true));
  }

  /**
   * Registers gauge {@code name} whose value {@code sample} computes, at once then per interval.
   */
  public void gauge(String name, String description, Tags tags, DoubleSupplier sample) {
    AtomicLong bits = new AtomicLong(NAN_BITS);
    Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get()))
        .description(description)
        .tags(tags)
        .register(registry);
    Sampled sampled = new Sampled(name, sample, bits);
    ticks.scheduleWithFixedDelay(sampled::tick, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** One gauge's sampling. */
  private final class Sampled {
    private final String name;
    private final DoubleSupplier sample;
    private final AtomicLong bits;
    // Set while a sample runs, until it returns, even after its timeout: a sample stuck in a call
    // that ignores interrupts is not joined by another each interval.
    private final AtomicBoolean running = new AtomicBoolean();

    Sampled(String name, DoubleSupplier sample, AtomicLong bits) {
      this.name = name;
      this.sample = sample;
      this.bits = bits;
    }

    /** On the tick thread: starts a sample unless the last is still running, and times it. */
    void tick() {
      if (!running.compareAndSet(false, true)) {
        return; // still stuck: it reads NaN since its timeout
      }
      Future<?> f;
      try {
        f = samples.submit(this::sampleOnce);
      } catch (RejectedExecutionException e) {
        running.set(false); // closing
        return;
      }
      ticks.schedule(
          () -> {
            if (!f.isDone()) {
              log.debug("gauge {} not sampled within {} ms", name, timeoutMillis);
              bits.set(NAN_BITS);
              f.cancel(true); // interrupts it, for what listens
            }
          },
          timeoutMillis,
          TimeUnit.MILLISECONDS);
    }

    private void sampleOnce() {
      try {
        double value;
        try {
          value = sample.getAsDouble();
        } catch (Throwable t) { // an Error too: the gauge reads NaN, and is sampled again
          log.debug("gauge {} not sampled: {}", name, t.toString());
          value = Double.NaN;
        }
        bits.set(Double.doubleToLongBits(value));
      } finally {
        running.set(false);
      }
    }
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    samples.shutdownNow();
  }
}
