package com.inkzee.ranker.score;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Scores an entry for one reader as a sum of explained parts (freshness, feed affinity, trained
 * preferences, popularity, priority), so the river can rank and say why.
 *
 * <ul>
 *   <li><b>freshness</b> = {@code freshness × 2^(−age / halfLife)}, where the half-life grows as
 *       the feed posts less: {@code freshnessHalfLife × sqrt(referenceRate / feedRate)}, clamped to
 *       {@code minHalfLife..maxHalfLife}. A day-old post of a monthly feed keeps 90 % of its
 *       freshness; a day-old post of a 200-a-day feed (its 200th newest) keeps 1 %.
 *   <li><b>affinity</b> = {@code affinity × FeedAffinity.value} (−1..1, smoothed).
 *   <li><b>preference</b>: the matched rules' weights sum to w, which counts {@code s × tanh(w /
 *       s)} (s = {@code preferenceSaturation}); each rule's part is its weight scaled by the same
 *       factor, so the parts add up and a liked author plus a disliked title word land in between.
 *   <li><b>popularity</b> = {@code popularityPerDoubling × log2(feeds carrying the story)}.
 *   <li><b>priority</b> = {@code priorityPerStep × the reader's priority for the feed}.
 * </ul>
 *
 * StrictMath keeps totals bit-identical across JVMs, which a river cursor relies on when it resumes
 * at a (score, id) position. {@link #total} computes the same number as {@link #score} without
 * building the explanation strings, for ranking thousands of candidates.
 */
public final class Scorer {
  private static final double SECONDS_PER_DAY = 86_400.0;

  /** At or above this rate a feed is called "fast" in explanations (hourly or more). */
  private static final double FAST_FEED_PER_DAY = 20;

  private final ScoreWeights weights;

  public Scorer(ScoreWeights weights) {
    this.weights = Objects.requireNonNull(weights, "weights");
  }

  public Scorer() {
    this(ScoreWeights.DEFAULT);
  }

  public ScoreWeights weights() {
    return weights;
  }

  /** The score with its breakdown. */
  public Score score(ScoreInput input, FeedAffinity affinity, Preferences preferences) {
    List<ScorePart> parts = new ArrayList<>(5);
    double total = compute(input, affinity, preferences, parts);
    return new Score(total, parts);
  }

  /** The same total as {@link #score}, without the breakdown. */
  public double total(ScoreInput input, FeedAffinity affinity, Preferences preferences) {
    return compute(input, affinity, preferences, null);
  }

  /** The freshness half-life of a feed posting {@code ratePerDay}, as described above. */
  public Duration halfLife(double ratePerDay) {
    return Duration.ofMillis(Math.round(halfLifeSeconds(ratePerDay) * 1000));
  }

  private double halfLifeSeconds(double ratePerDay) {
    double seconds =
        weights.freshnessHalfLife().toMillis()
            / 1000.0
            * StrictMath.sqrt(weights.referenceRatePerDay() / ratePerDay);
    return Math.min(
        weights.maxHalfLife().toMillis() / 1000.0,
        Math.max(weights.minHalfLife().toMillis() / 1000.0, seconds));
  }

  private double compute(
      ScoreInput in, FeedAffinity affinity, Preferences preferences, List<ScorePart> parts) {
    Objects.requireNonNull(affinity, "affinity");
    Objects.requireNonNull(preferences, "preferences");
    double total = 0;

    long ageMillis = Math.max(0, in.now().toEpochMilli() - in.entry().sortAt().toEpochMilli());
    double halfLife = halfLifeSeconds(in.feedRatePerDay());
    double fresh = freshness(ageMillis, halfLife);
    total += fresh;
    if (parts != null) {
      parts.add(
          new ScorePart(
              "freshness",
              fresh,
              "fresh: "
                  + age(ageMillis / 1000.0)
                  + " old, "
                  + feedPace(in.feedRatePerDay())
                  + ", half-life "
                  + age(halfLife)));
    }

    double value = affinity.value(in.entry().feedId(), weights.affinityPriorEvents());
    if (value != 0) {
      double points = weights.affinity() * value;
      total += points;
      if (parts != null) {
        parts.add(
            new ScorePart("affinity", points, affinityWhy(affinity.counts(in.entry().feedId()))));
      }
    }

    List<PreferenceRule> matched = preferences.matching(in.entry(), in.folder());
    if (!matched.isEmpty()) {
      double raw = 0;
      for (PreferenceRule rule : matched) {
        raw += rule.weight();
      }
      double s = weights.preferenceSaturation();
      double scale = raw == 0 ? 1 : s * StrictMath.tanh(raw / s) / raw;
      for (PreferenceRule rule : matched) {
        double points = rule.weight() * scale;
        total += points;
        if (parts != null) {
          parts.add(new ScorePart("preference", points, preferenceWhy(rule, points, matched)));
        }
      }
    }

    if (in.clusterFeeds() > 1) {
      double points =
          weights.popularityPerDoubling() * StrictMath.log(in.clusterFeeds()) / StrictMath.log(2);
      total += points;
      if (parts != null) {
        parts.add(
            new ScorePart("popularity", points, "carried by " + in.clusterFeeds() + " feeds"));
      }
    }

    if (in.priority() != 0) {
      double points = weights.priorityPerStep() * in.priority();
      total += points;
      if (parts != null) {
        parts.add(
            new ScorePart(
                "priority", points, "you gave this feed priority " + signed(in.priority())));
      }
    }
    return total;
  }

  /** The freshness points of an entry this old: the one formula scores and ceilings share. */
  private double freshness(long ageMillis, double halfLifeSeconds) {
    return weights.freshness() * StrictMath.pow(2, -(ageMillis / 1000.0) / halfLifeSeconds);
  }

  /**
   * The most any entry of one feed can score for one reader, as a function of the entry's date
   * alone, so the river can stop reading a feed's newest-first entries once even its ceiling cannot
   * reach the page (see {@link FeedCeiling}).
   *
   * @param feedId the feed
   * @param feedRatePerDay the feed's publishing rate, as scoring uses it
   * @param folder the reader's folder for the feed, or null
   * @param priority the reader's priority for the feed
   * @param widestStory at least the number of feeds carrying any story of this feed (>= 1)
   * @param now the scoring time
   */
  public FeedCeiling ceiling(
      long feedId,
      double feedRatePerDay,
      String folder,
      int priority,
      int widestStory,
      FeedAffinity affinity,
      Instant now) {
    double rest = 0;
    double value = affinity.value(feedId, weights.affinityPriorEvents());
    if (value != 0) {
      rest += weights.affinity() * value;
    }
    if (widestStory > 1) {
      rest += weights.popularityPerDoubling() * StrictMath.log(widestStory) / StrictMath.log(2);
    }
    rest += weights.priorityPerStep() * priority;
    return new FeedCeiling(halfLifeSeconds(feedRatePerDay), rest, now.toEpochMilli());
  }

  /**
   * A feed's score ceiling: {@link #at} is never below the score of an entry of that feed with that
   * date, and never rises as entries get older, so a feed read newest first can be abandoned at the
   * first entry whose ceiling is below the page's worst score. The parts it bounds: freshness
   * exactly (the same formula), affinity and priority exactly (per feed), preferences by every
   * liking rule that could apply matching at once, popularity by the feed's widest story. A small
   * slack absorbs the rounding of summing parts in another order.
   */
  public final class FeedCeiling {
    /** Far above the rounding of a handful of doubles near 10, far below any score difference. */
    private static final double SLACK = 1e-9;

    private final double halfLifeSeconds;
    private final double rest;
    private final long nowMillis;

    private FeedCeiling(double halfLifeSeconds, double rest, long nowMillis) {
      this.halfLifeSeconds = halfLifeSeconds;
      this.rest = rest;
      this.nowMillis = nowMillis;
    }

    /** The ceiling for an entry of this feed dated {@code sortAt}. */
    public double at(Instant sortAt) {
      long ageMillis = Math.max(0, nowMillis - sortAt.toEpochMilli());
      return freshness(ageMillis, halfLifeSeconds) + rest + SLACK;
    }
  }

  private static String affinityWhy(FeedAffinity.Counts c) {
    StringBuilder why = new StringBuilder();
    long seen = c.reads() + c.skips();
    if (seen > 0) {
      long percent = Math.round(100.0 * c.reads() / seen);
      why.append("you read ")
          .append(percent)
          .append(" % of this feed (")
          .append(c.reads())
          .append(" of ")
          .append(seen)
          .append(')');
    }
    appendCount(why, "starred", c.stars());
    appendCount(why, "liked", c.likes());
    appendCount(why, "disliked", c.dislikes());
    return why.toString();
  }

  private static void appendCount(StringBuilder why, String verb, long count) {
    if (count > 0) {
      why.append(why.length() == 0 ? "you " : ", ").append(verb).append(' ').append(count);
    }
  }

  private static String preferenceWhy(
      PreferenceRule rule, double points, List<PreferenceRule> matched) {
    String label =
        switch (rule.kind()) {
          case AUTHOR -> "author " + rule.value();
          case CATEGORY -> "category " + rule.value();
          case TITLE ->
              (rule.value().contains(" ") ? "title phrase \"" : "title word \"")
                  + rule.value()
                  + "\"";
          case FEED -> "this feed";
          case URL -> "link pattern " + rule.value();
        };
    StringBuilder why =
        new StringBuilder(rule.weight() > 0 ? "liked " : "disliked ")
            .append(label)
            .append(" (")
            .append(signed(rule.weight()))
            .append(')');
    if (rule.feedId() != null) {
      why.append(" in this feed");
    } else if (rule.folder() != null) {
      why.append(" in folder ").append(rule.folder());
    }
    if (Math.abs(points - rule.weight()) >= 0.05) {
      why.append(", counted ").append(signed(points));
      if (matched.size() > 1) {
        why.append(" with ").append(matched.size() - 1).append(" other rule");
        why.append(matched.size() > 2 ? "s" : "");
      }
    }
    return why.toString();
  }

  private static String feedPace(double perDay) {
    if (perDay >= FAST_FEED_PER_DAY) {
      return "a fast feed (" + Math.round(perDay) + "/day)";
    }
    if (perDay >= 1) {
      return "a feed posting " + Math.round(perDay) + "/day";
    }
    return "a slow feed (about 1 every " + Math.round(1 / perDay) + " days)";
  }

  /** "45 min", "3 h", "5 days": rounded, for explanations. */
  static String age(double seconds) {
    if (seconds < 3_600) {
      return Math.round(seconds / 60) + " min";
    }
    if (seconds < 2 * SECONDS_PER_DAY) {
      return Math.round(seconds / 3_600) + " h";
    }
    return Math.round(seconds / SECONDS_PER_DAY) + " days";
  }

  private static String signed(double value) {
    String text =
        value == Math.rint(value)
            ? Long.toString(Math.round(Math.abs(value)))
            : String.format(Locale.ROOT, "%.1f", Math.abs(value));
    return (value < 0 ? "-" : "+") + text;
  }
}
