package com.inkzee.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class GaugeSamplerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double read(String name) {
    return registry.get(name).gauge().value();
  }

  /** Waits (at most 10 s: the bound proves only that sampling did not stop) for the condition. */
  private static boolean within10s(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /**
   * A sample that hangs (a query on a locked table) reads NaN after the timeout, and the other
   * gauges go on being sampled: all used to be sampled in turn on one thread, so every gauge froze
   * at its last value behind the hung one.
   */
  @Test
  void aHungSampleReadsNaNAndTheOthersKeepUpdating() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger hungCalls = new AtomicInteger();
    AtomicInteger ticks = new AtomicInteger();
    try (GaugeSampler sampler =
        new GaugeSampler(registry, "test", Duration.ofMillis(50), Duration.ofMillis(300))) {
      sampler.gauge(
          "hung",
          "answers once, then hangs",
          Tags.empty(),
          () -> {
            if (hungCalls.incrementAndGet() == 1) {
              return 1.0;
            }
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              // what a JDBC driver might ignore; hold on anyway, as a hung query would
              awaitUninterruptibly(release);
            }
            return 2.0;
          });
      sampler.gauge("ticking", "counts", Tags.empty(), () -> ticks.incrementAndGet());
      assertThat(within10s(() -> read("hung") == 1.0)).as("first sample").isTrue();
      assertThat(within10s(() -> hungCalls.get() >= 2)).as("second sample started").isTrue();
      assertThat(within10s(() -> Double.isNaN(read("hung")))).as("hung reads NaN").isTrue();
      double seen = read("ticking");
      assertThat(within10s(() -> read("ticking") > seen + 3)).as("others go on").isTrue();
      assertThat(hungCalls.get()).as("no sample piles up behind the hung one").isEqualTo(2);
      release.countDown();
      assertThat(within10s(() -> read("hung") == 2.0)).as("sampled again once released").isTrue();
    }
  }

  /** An Error from a sample used to cancel that gauge's sampling for good. */
  @Test
  void aSampleThrowingAnErrorIsSampledAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    DoubleSupplier failingOnce =
        () -> {
          if (calls.incrementAndGet() == 1) {
            throw new AssertionError("a bug in the sample");
          }
          return calls.get();
        };
    try (GaugeSampler sampler =
        new GaugeSampler(registry, "test", Duration.ofMillis(50), Duration.ofSeconds(5))) {
      sampler.gauge("failing", "throws an Error once", Tags.empty(), failingOnce);
      assertThat(within10s(() -> read("failing") >= 3)).as("sampled after the Error").isTrue();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await(30, TimeUnit.SECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
