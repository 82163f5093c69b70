package com.inkzee.benchmarks;

import org.HdrHistogram.Histogram;

/**
 * What one measured period of one transport saw; periods of the same cell add up, so a cell can be
 * measured in alternating slices.
 *
 * @param calls calls answered during the measured period
 * @param nanos length of the measured period
 * @param latencies latency of each of those calls, in nanoseconds
 * @param errors failed calls, warm-up included
 * @param firstError the first failure or problem, or null
 * @param cpuNanos CPU time of the whole process (clients and servers) during the measured period
 * @param threads CPU time by thread role during the measured period ({@link ThreadCpu})
 */
record Sample(
    long calls,
    long nanos,
    Histogram latencies,
    long errors,
    String firstError,
    long cpuNanos,
    ThreadCpu.Usage threads) {

  Sample(
      long calls, long nanos, Histogram latencies, long errors, String firstError, long cpuNanos) {
    this(calls, nanos, latencies, errors, firstError, cpuNanos, ThreadCpu.Usage.NONE);
  }

  /** The two periods as one: counts and times added, histograms merged. */
  Sample plus(Sample other) {
    Histogram merged = latencies.copy();
    merged.add(other.latencies);
    return new Sample(
        calls + other.calls,
        nanos + other.nanos,
        merged,
        errors + other.errors,
        firstError != null ? firstError : other.firstError,
        cpuNanos + other.cpuNanos,
        threads.plus(other.threads));
  }
}
