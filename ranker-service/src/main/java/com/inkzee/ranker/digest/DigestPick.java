package com.inkzee.ranker.digest;

import com.inkzee.ranker.window.WindowEntry;
import java.util.Objects;

/**
 * An entry in a digest.
 *
 * @param entry the entry
 * @param score its ranking score, as the candidate carried it
 * @param readingSeconds seconds to read the whole entry, as budgeted
 * @param summary a few of its own sentences ({@link ExtractiveSummarizer}); empty if it has no text
 */
public record DigestPick(WindowEntry entry, double score, int readingSeconds, String summary) {
  public DigestPick {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(summary, "summary");
  }
}
