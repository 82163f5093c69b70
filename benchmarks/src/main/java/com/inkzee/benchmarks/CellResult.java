package com.inkzee.benchmarks;

/**
 * What one transport achieved in one cell (message x callers) over its measured periods.
 *
 * @param transport {@code raw} or {@code inkzee}
 * @param calls calls answered during the measured periods
 * @param seconds total length of the measured periods
 * @param p50Nanos median latency of those calls
 * @param p99Nanos 99th percentile latency
 * @param wireBytesPerCall request plus response bytes, length prefixes included
 * @param errors failed calls over the whole cell, warm-up included
 * @param firstError the first failure, or null
 * @param threads CPU time by thread role over the measured periods
 * @param cpuNanos CPU time of the whole process over the measured periods
 */
record CellResult(
    String transport,
    long calls,
    double seconds,
    long p50Nanos,
    long p99Nanos,
    double wireBytesPerCall,
    long errors,
    String firstError,
    ThreadCpu.Usage threads,
    long cpuNanos) {

  static CellResult of(Transport transport, Sample sample) {
    boolean any = sample.latencies().getTotalCount() > 0;
    return new CellResult(
        transport.name(),
        sample.calls(),
        sample.nanos() / 1e9,
        any ? sample.latencies().getValueAtPercentile(50) : 0,
        any ? sample.latencies().getValueAtPercentile(99) : 0,
        transport.wireBytesPerCall(),
        sample.errors(),
        sample.firstError(),
        sample.threads(),
        sample.cpuNanos());
  }

  double callsPerSecond() {
    return seconds <= 0 ? 0 : calls / seconds;
  }

  /**
   * CPU microseconds per call that threads of {@code role} spent; for "other", the rest of the
   * process: its Java threads of no role, and the JVM's own (JIT compilers, GC), which have no
   * per-thread clock here.
   */
  double cpuMicrosPerCall(String role) {
    if (calls == 0) {
      return 0;
    }
    if (!ThreadCpu.OTHER.equals(role)) {
      return threads.nanos(role) / 1000.0 / calls;
    }
    long named = 0;
    for (String r : ThreadCpu.ROLES) {
      if (!ThreadCpu.OTHER.equals(r)) {
        named += threads.nanos(r);
      }
    }
    return cpuNanos < 0 ? 0 : Math.max(0, cpuNanos - named) / 1000.0 / calls;
  }

  /** How much of the measured time the role's busiest thread was on a CPU (0..1). */
  double busiestShare(String role) {
    return seconds <= 0 ? 0 : threads.busiestNanos(role) / 1e9 / seconds;
  }
}
