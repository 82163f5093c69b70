package com.inkzee.benchmarks;

/**
 * One cell of the benchmark: both transports on the same message at the same number of callers,
 * which is what the Inkzee/raw ratio is taken over.
 */
record Comparison(String message, int callers, CellResult raw, CellResult inkzee) {

  /** The target, checked at 16 callers and more: Inkzee at 60% of raw calls/s or better. */
  static final double TARGET_RATIO = 0.6;

  /** Below this many callers the target does not apply: one caller measures latency, not load. */
  static final int TARGET_MIN_CALLERS = 16;

  double ratio() {
    double base = raw.callsPerSecond();
    return base == 0 ? 0 : inkzee.callsPerSecond() / base;
  }

  boolean targetApplies() {
    return callers >= TARGET_MIN_CALLERS;
  }

  boolean targetMet() {
    return ratio() >= TARGET_RATIO;
  }

  boolean hasErrors() {
    return raw.errors() > 0 || inkzee.errors() > 0;
  }
}
