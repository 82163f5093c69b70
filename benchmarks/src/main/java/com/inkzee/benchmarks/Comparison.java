package com.inkzee.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * One cell of the benchmark: both transports on the same message at the same number of callers,
 * which is what the Inkzee/raw ratio is taken over.
 *
 * @param roundRatios the ratio within each round (an Inkzee slice and the raw slice next to it), in
 *     order: their spread is how far one slice pair can be trusted on this machine
 */
record Comparison(
    String message, int callers, CellResult raw, CellResult inkzee, List<Double> roundRatios) {

  /** The target, checked at 16 callers and more: Inkzee at 60% of raw calls/s or better. */
  static final double TARGET_RATIO = 0.6;

  /** Below this many callers the target does not apply: one caller measures latency, not load. */
  static final int TARGET_MIN_CALLERS = 16;

  Comparison {
    roundRatios = List.copyOf(roundRatios);
  }

  /** The ratio of one round: Inkzee's calls/s over raw's, or 0 when raw made none. */
  static double ratio(Sample raw, Sample inkzee) {
    double base = perSecond(raw);
    return base == 0 ? 0 : perSecond(inkzee) / base;
  }

  private static double perSecond(Sample s) {
    return s.nanos() <= 0 ? 0 : s.calls() * 1e9 / s.nanos();
  }

  /** The cell's ratio, over all its measured slices. */
  double ratio() {
    double base = raw.callsPerSecond();
    return base == 0 ? 0 : inkzee.callsPerSecond() / base;
  }

  double lowestRoundRatio() {
    return roundRatios.stream().mapToDouble(Double::doubleValue).min().orElse(ratio());
  }

  double highestRoundRatio() {
    return roundRatios.stream().mapToDouble(Double::doubleValue).max().orElse(ratio());
  }

  boolean targetApplies() {
    return callers >= TARGET_MIN_CALLERS;
  }

  boolean targetMet() {
    return ratio() >= TARGET_RATIO;
  }

  /**
   * The verdict on the target: {@code met} or {@code MISSED} over the whole cell, qualified when
   * the rounds do not all agree with it (on a shared machine a single run cannot settle a ratio
   * that close to the target), and {@code n/a} below {@link #TARGET_MIN_CALLERS}.
   */
  String verdict() {
    if (!targetApplies()) {
      return "n/a";
    }
    if (targetMet()) {
      return lowestRoundRatio() >= TARGET_RATIO ? "met" : "met, not in every round";
    }
    return highestRoundRatio() < TARGET_RATIO ? "MISSED" : "MISSED, met in some rounds";
  }

  /** The ratio and, with more than one round, the rounds' range: {@code 0.58 (0.52-0.66)}. */
  String ratioText(String dash) {
    String all = String.format(Locale.ROOT, "%.2f", ratio());
    if (roundRatios.size() < 2) {
      return all;
    }
    return String.format(
        Locale.ROOT, "%s (%.2f%s%.2f)", all, lowestRoundRatio(), dash, highestRoundRatio());
  }

  boolean hasErrors() {
    return raw.errors() > 0 || inkzee.errors() > 0;
  }
}
