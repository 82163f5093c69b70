package com.inkzee.ranker.digest;

import com.inkzee.ranker.window.WindowEntry;
import java.time.Instant;
import java.util.List;

/** Window entries for digest tests. */
final class Entries {
  private Entries() {}

  static WindowEntry entry(long id, String title, String text, int wordCount) {
    return new WindowEntry(
        id,
        id,
        1,
        title,
        "https://example.org/" + id,
        null,
        text,
        List.of(),
        Instant.parse("2024-05-01T12:00:00Z"),
        0,
        wordCount);
  }

  static WindowEntry entry(long id) {
    return entry(id, "Entry " + id, "Text of entry " + id + ". It has two sentences.", 0);
  }
}
