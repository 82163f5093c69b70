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
 */
record CellResult(
    String transport,
    long calls,
    double seconds,
    long p50Nanos,
    long p99Nanos,
    double wireBytesPerCall,
    long errors,
    String firstError) {

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
        sample.firstError());
  }

  double callsPerSecond() {
    return seconds <= 0 ? 0 : calls / seconds;
  }
}
