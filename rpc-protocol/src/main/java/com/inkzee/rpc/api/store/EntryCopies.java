package com.inkzee.rpc.api.store;

import java.time.Instant;

/**
 * Which of two copies of one entry key the store keeps, when a feed lists an entry twice: the store
 * applies it within a batch, and the fetcher across a feed's batches, so that both keep the same
 * copy.
 */
public final class EntryCopies {
  private EntryCopies() {}

  /**
   * Whether a copy updated at {@code updatedAt}, listed after the one kept so far (updated at
   * {@code keptUpdatedAt}), replaces it. The copy updated latest wins: feeds list newest first, so
   * "the last occurrence" alone would keep the oldest. Without both times, or with equal ones, the
   * copy listed later wins.
   */
  public static boolean replaces(Instant keptUpdatedAt, Instant updatedAt) {
    return keptUpdatedAt == null || updatedAt == null || !keptUpdatedAt.isAfter(updatedAt);
  }
}
