package com.inkzee.ranker.score;

import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectMaps;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.Objects;

/**
 * How much one reader engages with each feed, from counts of what they did with its entries, so the
 * feeds they actually read rise and the ones they skip sink.
 *
 * <p>The value for a feed is in -1..1:
 *
 * <pre>
 *   (reads + 2·stars + 2·likes − skips − 2·dislikes)
 *   / (reads + skips + 2·stars + 2·likes + 2·dislikes + prior)
 * </pre>
 *
 * A star or a like says more than opening an entry, a dislike more than scrolling past one, hence
 * the doubled weights. The {@code prior} (neutral pseudo-events, {@link
 * ScoreWeights#affinityPriorEvents()}) smooths small counts: a feed with no history is 0, a feed
 * with two reads is 2/12 ≈ 0.17, a feed with 40 reads and 10 skips is 30/60 = 0.5.
 */
public final class FeedAffinity {
  /** Affinity of a reader with no history: neutral to every feed. */
  public static final FeedAffinity NONE = new FeedAffinity(Long2ObjectMaps.emptyMap());

  /** Weight of a star, a like or a dislike relative to a read or a skip. */
  static final double STRONG_SIGNAL = 2.0;

  /**
   * One reader's counts for one feed, over whatever period the wiring keeps (all non-negative).
   *
   * @param reads entries opened or read
   * @param stars entries starred
   * @param likes entries liked
   * @param dislikes entries disliked
   * @param skips entries seen in the river and passed over (marked read unopened, or scrolled past)
   */
  public record Counts(long reads, long stars, long likes, long dislikes, long skips) {
    public Counts {
      if (reads < 0 || stars < 0 || likes < 0 || dislikes < 0 || skips < 0) {
        throw new IllegalArgumentException(
            "counts must be >= 0, were reads="
                + reads
                + " stars="
                + stars
                + " likes="
                + likes
                + " dislikes="
                + dislikes
                + " skips="
                + skips);
      }
    }
  }

  private final Long2ObjectMap<Counts> byFeed;

  private FeedAffinity(Long2ObjectMap<Counts> byFeed) {
    this.byFeed = byFeed;
  }

  /** A reader's affinity from their counts per feed id (copied). */
  public static FeedAffinity of(Long2ObjectMap<Counts> countsByFeed) {
    Objects.requireNonNull(countsByFeed, "countsByFeed");
    return new FeedAffinity(
        Long2ObjectMaps.unmodifiable(new Long2ObjectOpenHashMap<>(countsByFeed)));
  }

  /** The counts for a feed, or null when the reader has none. */
  public Counts counts(long feedId) {
    return byFeed.get(feedId);
  }

  /** The smoothed affinity for a feed in -1..1 (0 without history); see the class comment. */
  public double value(long feedId, double priorEvents) {
    Counts c = byFeed.get(feedId);
    if (c == null) {
      return 0;
    }
    double positive = c.reads() + STRONG_SIGNAL * (c.stars() + c.likes());
    double negative = c.skips() + STRONG_SIGNAL * c.dislikes();
    double denominator = positive + negative + priorEvents;
    return denominator == 0 ? 0 : (positive - negative) / denominator;
  }
}
