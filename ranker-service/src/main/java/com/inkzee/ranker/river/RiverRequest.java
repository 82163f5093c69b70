package com.inkzee.ranker.river;

import java.util.Objects;

/**
 * What page of a river a reader asks for.
 *
 * @param order ranked, newest or oldest first
 * @param includeRead whether read entries (and stories read in any feed) are included
 * @param feedId only this feed, or null
 * @param folder only feeds in this folder, or null (both set: the feed, if it is in the folder)
 * @param limit items per page, 1..{@link #MAX_LIMIT}
 * @param cursor the previous page's {@link RiverPage#nextCursor()}, or null for the first page
 */
public record RiverRequest(
    RiverOrder order, boolean includeRead, Long feedId, String folder, int limit, String cursor) {
  /** Largest page, the protocol's: a long scroll, and a bound on what one call can cost. */
  public static final int MAX_LIMIT = 1_000;

  public RiverRequest {
    Objects.requireNonNull(order, "order");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
  }

  /** The first page of all the reader's unread stories. */
  public static RiverRequest unread(RiverOrder order, int limit) {
    return new RiverRequest(order, false, null, null, limit, null);
  }

  /** The same request for the page after {@code page} (whose nextCursor must be non-null). */
  public RiverRequest after(RiverPage page) {
    return new RiverRequest(
        order, includeRead, feedId, folder, limit, Objects.requireNonNull(page.nextCursor()));
  }

  /** The same request with another cursor. */
  public RiverRequest withCursor(String nextCursor) {
    return new RiverRequest(order, includeRead, feedId, folder, limit, nextCursor);
  }
}
