package com.inkzee.ranker.river;

import java.time.Instant;
import java.util.List;

/**
 * One page of a reader's river.
 *
 * @param items the page, in the requested order
 * @param nextCursor pass it back for the next page; null when this is the last page
 * @param snapshotAt the time every score on this page (and the pages after it) was computed for
 */
public record RiverPage(List<RiverItem> items, String nextCursor, Instant snapshotAt) {
  public RiverPage {
    items = List.copyOf(items);
  }
}
