package com.inkzee.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one transport open-loop: calls are due at a fixed rate (one every {@code 1/rate} seconds,
 * whatever the answers do), carried by at most {@code callers} concurrent callers, and each call's
 * latency is measured from the time it was <em>due</em>, not from when it was sent.
 *
 * <p>That is the correction for coordinated omission (as wrk2 does it): when the server stalls, a
 * closed-loop caller simply stops asking and the stall shows as one slow call; here every call that
 * fell due during the stall waits for a free caller or for the answer, and each is charged the
 * wait. The one dispatching thread sleeps until the next call is due ({@code parkNanos}, which
 * wakes tens of microseconds late on Linux); its lateness is charged to the calls too, and reported
 * apart as the generator's own lag so it can be told from the transport's.
 */
final class OpenLoopRunner {
  /** How long in-flight calls may take to finish after the measured period. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

  /** A run stops early after this many failed calls. */
  private static final long MAX_ERRORS = 1_000;

  private OpenLoopRunner() {}

  /** What one open-loop run saw, with the generator's own lateness beside it. */
  record Result(Sample sample, double offeredPerSecond, Histogram dispatchLag) {
    /** Two slices at the same offered rate as one. */
    Result plus(Result other) {
      Histogram lag = dispatchLag.copy();
      lag.add(other.dispatchLag);
      return new Result(sample.plus(other.sample), offeredPerSecond, lag);
    }
  }

  /**
   * Offers {@code ratePerSecond} calls for {@code warmup} unrecorded, then for {@code measure}
   * recorded, then waits for the last answers.
   */
  static Result run(
      Transport transport, int callers, double ratePerSecond, Duration warmup, Duration measure)
      throws InterruptedException {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
    }
    Semaphore free = new Semaphore(callers);
    Recorder latencies = new Recorder(3);
    Histogram lag = new Histogram(3);
    LongAdder answered = new LongAdder();
    LongAdder errors = new LongAdder();
    String[] firstError = new String[1];
    double interval = 1e9 / ratePerSecond;
    long start = System.nanoTime();
    long measureStart = start + warmup.toNanos();
    long end = measureStart + measure.toNanos();
    long cpuStart = -1;
    for (long k = 0; ; k++) {
      long due = start + (long) (k * interval);
      if (due >= end || errors.sum() >= MAX_ERRORS) {
        break;
      }
      // parkNanos may return early, for no reason (its Javadoc): a call issued before its due
      // time and answered at once had a negative latency, which the histogram refused with an
      // exception inside the completion callback, so that caller's permit was never given back
      // and, with one caller, the run hung (OpenLoopRunnerTest, once in CI).
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      boolean recorded = due >= measureStart;
      if (recorded && cpuStart < 0) {
        cpuStart = ProcessCpu.nanos();
      }
      free.acquire(); // all callers busy: this call waits, and its wait counts
      if (recorded) {
        lag.recordValue(Math.max(0, System.nanoTime() - due));
      }
      CompletableFuture<?> call;
      try {
        call = transport.call();
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      call.whenComplete(
          (ignored, failure) -> {
            try {
              long latency = System.nanoTime() - due;
              if (failure != null) {
                errors.increment();
                synchronized (firstError) {
                  if (firstError[0] == null) {
                    firstError[0] = failure.toString();
                  }
                }
              } else if (recorded) {
                latencies.recordValue(latency);
                answered.increment();
              }
            } finally {
              free.release(); // whatever happened above: a lost permit is a caller lost for good
            }
          });
    }
    long measuredNanos = Math.max(1, Math.min(System.nanoTime(), end) - measureStart);
    String problem = null;
    if (!free.tryAcquire(callers, DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
      problem = "calls still in flight " + DRAIN_TIMEOUT + " after the last was due";
    }
    long cpu = cpuStart < 0 ? 0 : ProcessCpu.nanos() - cpuStart;
    synchronized (firstError) {
      if (firstError[0] != null) {
        problem = firstError[0];
      }
    }
    Sample sample =
        new Sample(
            answered.sum(),
            measuredNanos,
            latencies.getIntervalHistogram(),
            errors.sum(),
            problem,
            cpu);
    return new Result(sample, ratePerSecond, lag);
  }
}
