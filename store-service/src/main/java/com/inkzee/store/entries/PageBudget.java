package com.inkzee.store.entries;

import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.wire.WireFormat;

/**
 * How much entry text one answer may carry. Pages are asked for in rows (up to 1,000), but a row
 * can hold 1 MiB of content and 64 KiB of summary, so a full page with content could be ~1 GiB, far
 * past the RPC frame limit: the server would answer RESOURCE_EXHAUSTED, and a caller that retries
 * the same cursor (the ranker's change-feed tailer) would be stuck there forever. A paged read
 * stops adding rows once the page reaches {@link #MAX_PAGE_TEXT_BYTES}, always returning at least
 * one row, and tells the caller where to continue from the last row it returned.
 */
public final class PageBudget {
  /**
   * Half the default 16 MiB frame ({@link WireFormat#DEFAULT_MAX_FRAME_BYTES}): the row that
   * crosses the budget is still added, and the largest row the input limits allow (1 MiB content,
   * 64 KiB summary, 64 categories, 32 enclosures, URLs and title) stays well under the other half.
   */
  public static final long MAX_PAGE_TEXT_BYTES = WireFormat.DEFAULT_MAX_FRAME_BYTES / 2;

  /** Ids, times, counts and field tags of a row: a generous over-estimate. */
  private static final int FIXED_ROW_BYTES = 128;

  /**
   * Rows PostgreSQL sends per round trip when content is read: without a fetch size pgjdbc reads
   * the whole result (up to 1,000 rows of 1 MiB) into memory before the page is cut short.
   */
  public static final int FETCH_ROWS_WITH_CONTENT = 32;

  private long used;

  /** Sets the fetch size for a statement that reads content; other statements keep the default. */
  public static void fetchSize(java.sql.PreparedStatement ps, boolean withoutContent)
      throws java.sql.SQLException {
    if (!withoutContent) {
      ps.setFetchSize(FETCH_ROWS_WITH_CONTENT);
    }
  }

  /** Counts {@code e} into the page; true once the page is full (stop after this row). */
  public boolean addAndCheckFull(Entry e) {
    used += bytes(e);
    return used >= MAX_PAGE_TEXT_BYTES;
  }

  /** UTF-8 bytes of the entry's text fields (as they go on the wire), plus a fixed overhead. */
  static long bytes(Entry e) {
    long n = FIXED_ROW_BYTES;
    n += utf8(e.entryKey()) + utf8(e.guid()) + utf8(e.url()) + utf8(e.title());
    n += utf8(e.author()) + utf8(e.summary()) + utf8(e.content()) + utf8(e.contentHash());
    n += utf8(e.language());
    for (String c : e.categories()) {
      n += utf8(c) + 8;
    }
    for (Enclosure x : e.enclosures()) {
      n += utf8(x.url()) + utf8(x.mimeType()) + 24;
    }
    return n;
  }

  private static long utf8(String s) {
    if (s == null) {
      return 0;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      // A surrogate pair counts 3 + 3 for its 4 UTF-8 bytes: an over-estimate, fine for a budget.
      n += ch < 0x80 ? 1 : ch < 0x800 ? 2 : 3;
    }
    return n;
  }
}
