package com.inkzee.ranker.river;

import com.inkzee.ranker.window.WindowEntry;

/**
 * The reader's filters as seen by the river: one decision per entry, so the filter engine plugs in
 * without the river knowing its rules. Called from reader threads, many times per page: it must be
 * thread-safe and cheap (no I/O).
 */
@FunctionalInterface
public interface EntryGate {
  /** Shows every entry: the gate of a reader with no filters. */
  EntryGate SHOW_ALL = (entry, subscription) -> GateAction.SHOW;

  /**
   * What to do with this entry.
   *
   * @param entry the entry
   * @param subscription how the reader follows its feed
   */
  GateAction decide(WindowEntry entry, Subscription subscription);
}
