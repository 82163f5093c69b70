package com.inkzee.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The target's verdict, and how the rounds qualify it. */
class ComparisonTest {
  /** A transport's result of {@code calls} over one second. */
  private static CellResult result(String transport, long calls) {
    return new CellResult(transport, calls, 1.0, 0, 0, 0, 0, null, ThreadCpu.Usage.NONE, 0);
  }

  private static Comparison cell(int callers, long raw, long inkzee, Double... rounds) {
    return new Comparison(
        "small", callers, result("raw", raw), result("inkzee", inkzee), List.of(rounds));
  }

  @Test
  void metOnlyWhenTheWholeCellReachesTheTarget() {
    assertThat(cell(16, 1000, 650, 0.62, 0.68).verdict()).isEqualTo("met");
    assertThat(cell(16, 1000, 590, 0.55, 0.58).verdict()).isEqualTo("MISSED");
  }

  @Test
  void saysWhenTheRoundsDisagreeWithTheCell() {
    assertThat(cell(256, 1000, 610, 0.52, 0.70).verdict()).isEqualTo("met, not in every round");
    assertThat(cell(256, 1000, 580, 0.50, 0.66).verdict()).isEqualTo("MISSED, met in some rounds");
  }

  @Test
  void oneCallerHasNoTarget() {
    assertThat(cell(1, 1000, 100, 0.1, 0.1).verdict()).isEqualTo("n/a");
  }

  @Test
  void showsTheRatioWithTheRoundsRange() {
    assertThat(cell(16, 1000, 580, 0.52, 0.66, 0.57).ratioText("-")).isEqualTo("0.58 (0.52-0.66)");
    assertThat(cell(16, 1000, 580, 0.58).ratioText("-")).as("one round").isEqualTo("0.58");
  }

  @Test
  void aRoundsRatioIsCallsPerSecondOverRaws() {
    Sample raw = new Sample(1000, 2_000_000_000L, new Histogram(3), 0, null, 0);
    Sample inkzee = new Sample(300, 1_000_000_000L, new Histogram(3), 0, null, 0);
    assertThat(Comparison.ratio(raw, inkzee)).isEqualTo(0.6);
    assertThat(Comparison.ratio(new Sample(0, 1, new Histogram(3), 0, null, 0), inkzee)).isZero();
  }
}
