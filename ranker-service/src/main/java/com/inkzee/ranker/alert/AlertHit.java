package com.inkzee.ranker.alert;

import java.time.Instant;

/**
 * A recorded hit: {@code hitId} is the store's id, which orders a user's hits (newest highest) and
 * is what a long poll waits past.
 */
public record AlertHit(long hitId, long alertId, long userId, long entryId, Instant hitAt) {}
