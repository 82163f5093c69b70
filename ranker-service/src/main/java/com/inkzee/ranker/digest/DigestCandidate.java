package com.inkzee.ranker.digest;

import com.inkzee.ranker.window.WindowEntry;
import java.util.Objects;

/**
 * One entry the digest may include: the river's pick for its duplicate cluster, with its score and
 * reading time.
 *
 * @param entry the entry
 * @param score its ranking score, carried into the digest for display; finite
 * @param readingSeconds seconds to read it, 1 or more (see {@link ReadingTime})
 */
public record DigestCandidate(WindowEntry entry, double score, int readingSeconds) {
  public DigestCandidate {
    Objects.requireNonNull(entry, "entry");
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score of entry " + entry.id() + " is " + score);
    }
    if (readingSeconds < 1) {
      throw new IllegalArgumentException(
          "readingSeconds of entry "
              + entry.id()
              + " is "
              + readingSeconds
              + ", must be 1 or more");
    }
  }

  /** A candidate whose reading time is {@link ReadingTime#seconds(WindowEntry)}. */
  public static DigestCandidate of(WindowEntry entry, double score) {
    return new DigestCandidate(entry, score, ReadingTime.seconds(entry));
  }
}
