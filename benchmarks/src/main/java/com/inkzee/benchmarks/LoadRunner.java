package com.inkzee.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one transport with a fixed number of closed-loop callers (each issues its next call when
 * the previous one is answered) through a warm-up and a measured period, so throughput and latency
 * are taken at a steady, known concurrency.
 *
 * <p>Callers are not threads: a caller's next call is issued from the completion of its previous
 * one, on whatever thread completed it (the client's I/O thread for both transports). That keeps
 * 256 callers as cheap as 1 and treats both transports alike.
 */
final class LoadRunner {
  /** By default a run stops early after this many failed calls: the numbers would mean nothing. */
  private static final long MAX_ERRORS = 1_000;

  /** How long stopped callers may take to get their last answers. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

  private final long maxCallsPerRun;
  private final long maxErrors;

  /**
   * Creates a runner whose every run is bounded in calls as well as in time.
   *
   * @param maxCallsPerRun hard cap on the calls of one run, so a run ends even if time does not
   */
  LoadRunner(long maxCallsPerRun) {
    this(maxCallsPerRun, MAX_ERRORS);
  }

  /**
   * Creates a runner that stops a run only after {@code maxErrors} failed calls: the flood test
   * counts failures instead of giving up at the first thousand.
   */
  LoadRunner(long maxCallsPerRun, long maxErrors) {
    this.maxCallsPerRun = maxCallsPerRun;
    this.maxErrors = maxErrors;
  }

  /**
   * Runs {@code callers} closed-loop callers for {@code warmup} unmeasured, then for {@code
   * measure} measured, then waits for their last calls.
   */
  Sample run(Transport transport, int callers, Duration warmup, Duration measure)
      throws InterruptedException {
    return new Run(transport, callers).run(warmup, measure);
  }

  /** The state of one run: shared by its callers, read by the thread that runs it. */
  private final class Run {
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private final Transport transport;
    private final int callers;
    private final CountDownLatch finished;
    private final Recorder latencies = new Recorder(3);
    private final LongAdder measured = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile int phase = WARMUP;
    private volatile Throwable firstError;

    Run(Transport transport, int callers) {
      this.transport = transport;
      this.callers = callers;
      this.finished = new CountDownLatch(callers);
    }

    Sample run(Duration warmup, Duration measure) throws InterruptedException {
      long budget = Math.max(1, maxCallsPerRun / callers);
      for (int i = 0; i < callers; i++) {
        new Caller(budget).next();
      }
      // Waiting on the latch ends a period early if every caller stopped (errors, call budget).
      finished.await(warmup.toNanos(), TimeUnit.NANOSECONDS);
      phase = MEASURE;
      ThreadCpu.Snapshot threadsStart = ThreadCpu.snapshot();
      long cpuStart = ProcessCpu.nanos();
      long start = System.nanoTime();
      finished.await(measure.toNanos(), TimeUnit.NANOSECONDS);
      phase = STOP;
      long end = System.nanoTime();
      long cpu = ProcessCpu.nanos() - cpuStart;
      ThreadCpu.Usage threads = ThreadCpu.snapshot().since(threadsStart);
      Histogram histogram = latencies.getIntervalHistogram();
      long calls = measured.sum();
      String problem = null;
      if (!finished.await(DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
        problem = finished.getCount() + " callers still waiting " + DRAIN_TIMEOUT + " after stop";
      }
      Throwable first = firstError;
      if (first != null) {
        problem = first.toString();
      }
      return new Sample(calls, end - start, histogram, errors.sum(), problem, cpu, threads);
    }

    private void answered(long startNanos, Throwable failure) {
      long nanos = System.nanoTime() - startNanos;
      if (failure != null) {
        errors.increment();
        if (firstError == null) {
          firstError = failure;
        }
        if (errors.sum() >= maxErrors) {
          phase = STOP;
        }
      } else if (phase == MEASURE) {
        latencies.recordValue(nanos);
        measured.increment();
      }
    }

    /**
     * One closed-loop caller. Its next call is requested from the previous call's completion; the
     * counter turns nested requests (a call that completes at once) into a loop, so the stack stays
     * flat, and lets exactly one thread at a time issue this caller's calls.
     */
    private final class Caller {
      private final AtomicInteger requested = new AtomicInteger();
      private long budget; // guarded by the requested counter's hand-over
      private boolean done;

      Caller(long budget) {
        this.budget = budget;
      }

      void next() {
        if (requested.getAndIncrement() != 0) {
          return; // the thread already in the loop below will issue it
        }
        do {
          issue();
        } while (requested.decrementAndGet() != 0);
      }

      private void issue() {
        if (done) {
          return;
        }
        if (phase == STOP || budget-- <= 0) {
          done = true;
          finished.countDown();
          return;
        }
        long start = System.nanoTime();
        CompletableFuture<?> call;
        try {
          call = transport.call();
        } catch (RuntimeException e) {
          answered(start, e);
          next();
          return;
        }
        call.whenComplete(
            (ignored, failure) -> {
              answered(start, failure);
              next();
            });
      }
    }
  }
}
