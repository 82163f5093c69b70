package com.inkzee.ranker.feed;

import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.ranker.window.WindowListener;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.time.Instant;

/**
 * When each entry reached this ranker through the change feed, for as long as it is in the window.
 * A digest extended later leaves out what arrived after the first answer, which publish times
 * cannot tell (a feed may publish an entry dated an hour ago a minute from now). Entries loaded at
 * start have no time here and count as having arrived before any digest of this process.
 */
public final class ArrivalTimes implements WindowListener {
  private final Long2LongOpenHashMap arrivedMillis = new Long2LongOpenHashMap();

  /**
   * Records the entry's arrival unless it has one already.
   *
   * @return whether this recorded it
   */
  public synchronized boolean arrived(long entryId, Instant at) {
    if (arrivedMillis.containsKey(entryId)) {
      return false;
    }
    arrivedMillis.put(entryId, at.toEpochMilli());
    return true;
  }

  /** Drops the entry's arrival time: it did not enter the window after all. */
  public synchronized void forget(long entryId) {
    arrivedMillis.remove(entryId);
  }

  /** Entries with an arrival time (tests, and a gauge of what this keeps). */
  public synchronized int size() {
    return arrivedMillis.size();
  }

  /** True if the entry reached the ranker after {@code t}. */
  public synchronized boolean arrivedAfter(long entryId, Instant t) {
    return arrivedMillis.containsKey(entryId) && arrivedMillis.get(entryId) > t.toEpochMilli();
  }

  @Override
  public void onPut(WindowEntry entry, WindowEntry previous) {}

  @Override
  public synchronized void onRemove(WindowEntry entry) {
    arrivedMillis.remove(entry.id());
  }
}
