package com.inkzee.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures both transports on one message at one concurrency in alternating slices, so that a
 * change in background load during the cell (other processes on a shared machine) weighs on both
 * alike and the ratio stays meaningful.
 *
 * <p>Both transports run side by side with their own server, client and connection; only one is
 * loaded at a time. The order alternates ABBA-style (raw then Inkzee, Inkzee then raw, ...), which
 * also cancels a steady drift.
 */
final class CellRunner {
  /** Unmeasured load before each slice after the first, to bring the callers back to speed. */
  static final Duration REWARM = Duration.ofMillis(200);

  private final LoadRunner loads;
  private final Duration warmup;
  private final Duration measure;
  private final int rounds;

  /**
   * Sets the timing of every cell it runs.
   *
   * @param warmup unmeasured load of each transport before its first slice
   * @param measure measured time of each transport in the cell, split over the rounds
   * @param rounds how many slices each transport's measured time is split into
   */
  CellRunner(LoadRunner loads, Duration warmup, Duration measure, int rounds) {
    this.loads = loads;
    this.warmup = warmup;
    this.measure = measure;
    this.rounds = rounds;
  }

  /** Starts both transports for {@code workload}, checks one call each, and measures them. */
  Comparison run(Workload workload, int callers) throws InterruptedException {
    try (Transport raw = RawTransport.start(workload);
        Transport inkzee = InkzeeTransport.start(workload)) {
      raw.verify();
      inkzee.verify();
      Duration slice = measure.dividedBy(rounds);
      Sample rawTotal = null;
      Sample inkzeeTotal = null;
      List<Double> roundRatios = new ArrayList<>(rounds);
      for (int round = 0; round < rounds; round++) {
        Duration warm = round == 0 ? warmup : REWARM;
        boolean rawFirst = round % 2 == 0;
        Sample first = loads.run(rawFirst ? raw : inkzee, callers, warm, slice);
        Sample second = loads.run(rawFirst ? inkzee : raw, callers, warm, slice);
        Sample rawSample = rawFirst ? first : second;
        Sample inkzeeSample = rawFirst ? second : first;
        roundRatios.add(Comparison.ratio(rawSample, inkzeeSample));
        rawTotal = rawTotal == null ? rawSample : rawTotal.plus(rawSample);
        inkzeeTotal = inkzeeTotal == null ? inkzeeSample : inkzeeTotal.plus(inkzeeSample);
      }
      return new Comparison(
          workload.name(),
          callers,
          CellResult.of(raw, rawTotal),
          CellResult.of(inkzee, inkzeeTotal),
          roundRatios);
    }
  }

  /** Wall time of one cell, without starting and stopping the transports. */
  Duration duration() {
    return warmup.plus(measure).multipliedBy(2).plus(REWARM.multipliedBy(2L * (rounds - 1)));
  }
}
