package com.inkzee.ranker.window;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An entry as the ranker keeps it in memory: what ranking, clustering, filters, alerts and digests
 * read. The full content is not kept (a million entries of it would not fit); {@code text} is the
 * entry's visible text (summary, else the start of the content) as plain text, capped at {@link
 * #MAX_TEXT_CHARS}, and {@code wordCount} counts the whole content, for reading time.
 *
 * @param id the store's entry id
 * @param sequence the entry's position in the store's change feed (moves when its content changes)
 * @param feedId the feed it belongs to
 * @param title plain-text title, possibly empty, never null
 * @param url the entry's link, or null
 * @param author author name, or null
 * @param text plain visible text, possibly empty, never null
 * @param categories categories as the feed gave them, never null
 * @param sortAt published time, else first-seen time: what "age" means everywhere in the ranker
 * @param fingerprint 64-bit SimHash of the visible text, computed at ingest (0: none)
 * @param wordCount words of the full content (0: unknown)
 */
public record WindowEntry(
    long id,
    long sequence,
    long feedId,
    String title,
    String url,
    String author,
    String text,
    List<String> categories,
    Instant sortAt,
    long fingerprint,
    int wordCount) {
  /** Visible text kept per entry: enough for filters, alerts and a digest's summary sentences. */
  public static final int MAX_TEXT_CHARS = 2_000;

  public WindowEntry {
    Objects.requireNonNull(sortAt, "sortAt");
    title = title == null ? "" : title;
    text =
        text == null
            ? ""
            : text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
    categories = categories == null ? List.of() : List.copyOf(categories);
  }
}
