package com.inkzee.ranker.score;

import java.time.Duration;
import java.util.Objects;

/**
 * Every number the {@link Scorer} uses, in one place, so tuning is one record and docs/RANKER.md
 * can list them. The defaults ({@link #DEFAULT}) are chosen so that no single factor drowns the
 * others: a brand-new post is worth about as much as a strongly liked author, and neither alone
 * beats a full affinity plus a priority.
 *
 * @param freshness points of a post at age zero (4.0); they halve every half-life
 * @param freshnessHalfLife the half-life of a post from a feed posting {@code referenceRatePerDay}
 *     (24 h: yesterday's post from a 5-a-day blog is half as fresh)
 * @param referenceRatePerDay the rate at which the half-life is {@code freshnessHalfLife} (5 a day,
 *     a typical blog or small news desk); a feed posting r a day gets {@code freshnessHalfLife ×
 *     sqrt(reference / r)}: 200 a day → 3.8 h, 45 a day → 8 h, 1 a week → 5.9 days
 * @param minHalfLife floor of the half-life (2 h: even a firehose's post stays up for a coffee
 *     break)
 * @param maxHalfLife cap of the half-life (7 days: a monthly post still fades within the window)
 * @param affinity points of a perfect affinity (+1, every seen entry read, starred and liked); a
 *     fully ignored feed gets minus this (3.0)
 * @param affinityPriorEvents neutral pseudo-events added to a feed's counts (10), so a feed with
 *     two reads is not yet a favourite and a new feed scores 0
 * @param preferenceSaturation the most that matched preference rules can add or take away (6.0);
 *     the sum of rule weights w goes through {@code s × tanh(w / s)}: one rule of 2 counts 1.9, two
 *     of 3 count 4.6, not 6
 * @param popularityPerDoubling points per doubling of the number of feeds carrying the story (1.0:
 *     a story in 4 feeds +2, in 16 feeds +4)
 * @param priorityPerStep points per step of the reader's priority for the feed (1.0: -2..2 moves an
 *     entry by up to two points, half a fresh post)
 */
public record ScoreWeights(
    double freshness,
    Duration freshnessHalfLife,
    double referenceRatePerDay,
    Duration minHalfLife,
    Duration maxHalfLife,
    double affinity,
    double affinityPriorEvents,
    double preferenceSaturation,
    double popularityPerDoubling,
    double priorityPerStep) {

  /** The weights the ranker ships with (see the parameter descriptions for why). */
  public static final ScoreWeights DEFAULT =
      new ScoreWeights(
          4.0,
          Duration.ofHours(24),
          5.0,
          Duration.ofHours(2),
          Duration.ofDays(7),
          3.0,
          10.0,
          6.0,
          1.0,
          1.0);

  public ScoreWeights {
    Objects.requireNonNull(freshnessHalfLife, "freshnessHalfLife");
    Objects.requireNonNull(minHalfLife, "minHalfLife");
    Objects.requireNonNull(maxHalfLife, "maxHalfLife");
    checkNonNegative(freshness, "freshness");
    checkPositive(referenceRatePerDay, "referenceRatePerDay");
    checkNonNegative(affinity, "affinity");
    checkNonNegative(affinityPriorEvents, "affinityPriorEvents");
    checkPositive(preferenceSaturation, "preferenceSaturation");
    checkNonNegative(popularityPerDoubling, "popularityPerDoubling");
    checkNonNegative(priorityPerStep, "priorityPerStep");
    if (minHalfLife.isNegative()
        || minHalfLife.isZero()
        || maxHalfLife.compareTo(minHalfLife) < 0
        || freshnessHalfLife.isNegative()
        || freshnessHalfLife.isZero()) {
      throw new IllegalArgumentException(
          "half-lives must be positive with minHalfLife <= maxHalfLife, were "
              + freshnessHalfLife
              + ", "
              + minHalfLife
              + ", "
              + maxHalfLife);
    }
  }

  private static void checkNonNegative(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, was " + value);
    }
  }

  private static void checkPositive(double value, String name) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, was " + value);
    }
  }
}
