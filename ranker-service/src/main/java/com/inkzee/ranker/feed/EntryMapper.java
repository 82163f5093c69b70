package com.inkzee.ranker.feed;

import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import org.jsoup.Jsoup;

/**
 * Turns a store {@link Entry} into the {@link WindowEntry} the ranker keeps: the visible text of
 * the summary (else of the content), capped, instead of the HTML.
 */
public final class EntryMapper {
  private EntryMapper() {}

  public static WindowEntry toWindow(Entry e) {
    String html = e.summary() != null && !e.summary().isBlank() ? e.summary() : e.content();
    return new WindowEntry(
        e.id(),
        e.sequence(),
        e.feedId(),
        e.title(),
        e.url(),
        e.author(),
        visibleText(html),
        e.categories(),
        e.sortAt(),
        e.fingerprint(),
        e.wordCount());
  }

  /** Plain text of sanitised HTML, cut at {@link WindowEntry#MAX_TEXT_CHARS} before parsing. */
  static String visibleText(String html) {
    if (html == null || html.isEmpty()) {
      return "";
    }
    // The window keeps 2,000 chars; parsing a 1 MiB body to keep its start would be waste. Four
    // times the cap leaves room for the markup around the text.
    String head =
        html.length() > 4 * WindowEntry.MAX_TEXT_CHARS
            ? html.substring(0, 4 * WindowEntry.MAX_TEXT_CHARS)
            : html;
    return Jsoup.parseBodyFragment(head).text();
  }
}
