package com.inkzee.ranker.river;

import java.time.Instant;
import java.util.List;

/**
 * One page of a reader's river.
 *
 * @param items the page, in the requested order
 * @param nextCursor pass it back for the next page; null when this is the last page
 * @param snapshotAt the time every score on this page (and the pages after it) was computed for
 * @param entriesRead how many of the reader's candidate entries building the page looked at (a
 *     ranked page stops early once no unread entry can reach it); for logs and benchmarks
 */
public record RiverPage(
    List<RiverItem> items, String nextCursor, Instant snapshotAt, int entriesRead) {
  public RiverPage {
    items = List.copyOf(items);
  }
}
