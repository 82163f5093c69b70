package com.inkzee.ranker.score;

import com.inkzee.ranker.window.WindowEntry;
import java.time.Instant;
import java.util.Objects;

/**
 * What the {@link Scorer} needs to know about one entry beyond the reader's taste: when "now" is,
 * how fast its feed posts, how many feeds carry its story, and where the reader keeps its feed.
 *
 * @param entry the entry
 * @param now the scoring time; a river pins it for all its pages so scores do not drift
 * @param feedRatePerDay the feed's publishing rate (see {@code EntryWindow.ratePerDay}), > 0
 * @param clusterFeeds distinct feeds carrying the story, >= 1 (1: only this one)
 * @param folder the reader's folder for the feed, or null
 * @param priority the reader's priority for the feed (0 neutral; -2..2 in the reader's settings)
 */
public record ScoreInput(
    WindowEntry entry,
    Instant now,
    double feedRatePerDay,
    int clusterFeeds,
    String folder,
    int priority) {
  public ScoreInput {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(now, "now");
    if (!(feedRatePerDay > 0) || Double.isInfinite(feedRatePerDay)) {
      throw new IllegalArgumentException(
          "feedRatePerDay must be finite and > 0, was " + feedRatePerDay);
    }
    if (clusterFeeds < 1) {
      throw new IllegalArgumentException("clusterFeeds must be >= 1, was " + clusterFeeds);
    }
  }
}
