package com.inkzee.fetcher.websub;

/** The in-memory subscription table holds its maximum; the feed stays polled instead. */
public final class SubscriptionTableFullException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final int limit;

  public SubscriptionTableFullException(long feedId, int limit) {
    super(
        "cannot track a WebSub subscription for feed "
            + feedId
            + ": the table holds its limit of "
            + limit
            + " subscriptions");
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }
}
