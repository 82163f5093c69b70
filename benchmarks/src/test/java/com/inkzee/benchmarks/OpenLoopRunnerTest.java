package com.inkzee.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The open-loop runner charges a stall to every call that fell due during it (the correction for
 * coordinated omission), where a closed-loop caller would record one slow call.
 */
@Timeout(30)
class OpenLoopRunnerTest {
  private static final long STALL_MILLIS = 200;

  /** Answers at once, except one call 100 ms into the run, which takes 200 ms. */
  private static final class StallingTransport implements Transport {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final long stallAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);

    @Override
    public String name() {
      return "stalling";
    }

    @Override
    public CompletableFuture<?> call() {
      if (System.nanoTime() >= stallAt && stalled.compareAndSet(false, true)) {
        CompletableFuture<Object> late = new CompletableFuture<>();
        timer.schedule(() -> late.complete("late"), STALL_MILLIS, TimeUnit.MILLISECONDS);
        return late;
      }
      return CompletableFuture.completedFuture("now");
    }

    @Override
    public void verify() {}

    @Override
    public double wireBytesPerCall() {
      return 0;
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  @Test
  void everyCallDueDuringAStallIsChargedItsWait() throws Exception {
    OpenLoopRunner.Result result;
    try (StallingTransport stalling = new StallingTransport()) {
      result = OpenLoopRunner.run(stalling, 1, 1_000, Duration.ofMillis(1), Duration.ofMillis(600));
    }
    Histogram h = result.sample().latencies();

    assertThat(result.sample().errors()).isZero();
    // About 600 calls were due; every one is answered and recorded.
    assertThat(h.getTotalCount()).isGreaterThan(400);
    // The ~200 calls due during the stall waited for it: the first half of them 100 ms or more.
    // Closed-loop, that stall is a single slow call.
    long waitedLong = h.getTotalCount() - h.getCountBetweenValues(0, 100_000_000L);
    assertThat(waitedLong).isGreaterThanOrEqualTo(80);
    assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(STALL_MILLIS * 900_000L);
  }

  /**
   * A stray unpark (which AbstractQueuedSynchronizer may leave, as after the stall above) made the
   * runner's sleep return before a call was due: that call, answered at once, had a negative
   * latency, the histogram threw inside the completion callback, and the caller's permit was never
   * given back, so the run hung.
   */
  @Test
  void aWakeUpBeforeTheDueTimeLosesNoCallerAndRecordsNoNegativeLatency() throws Exception {
    OpenLoopRunner.Result result;
    LockSupport.unpark(Thread.currentThread());
    try (StallingTransport answering = new StallingTransport()) { // ends before its stall
      result = OpenLoopRunner.run(answering, 1, 1_000, Duration.ofMillis(1), Duration.ofMillis(50));
    }
    assertThat(result.sample().errors()).isZero();
    assertThat(result.sample().firstError()).isNull();
    assertThat(result.sample().latencies().getTotalCount()).isGreaterThan(20);
    assertThat(result.sample().latencies().getMinValue()).isNotNegative();
  }
}
