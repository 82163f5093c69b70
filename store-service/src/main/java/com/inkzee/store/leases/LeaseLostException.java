package com.inkzee.store.leases;

/** A fetch report from an owner that no longer holds the feed's lease (it expired or moved on). */
public final class LeaseLostException extends RuntimeException {
  public LeaseLostException(long feedId, String owner, String holder) {
    super(
        "lease of feed "
            + feedId
            + " is not held by "
            + owner
            + (holder == null ? " (it expired)" : " (held by " + holder + ")"),
        null,
        false,
        false);
  }
}
