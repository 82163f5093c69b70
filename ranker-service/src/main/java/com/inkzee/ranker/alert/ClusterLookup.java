package com.inkzee.ranker.alert;

import com.inkzee.ranker.window.WindowEntry;

/**
 * The story an entry belongs to: entries of several feeds carrying one story share a key, so an
 * alert fires once per story. The clustering (elsewhere in the ranker) must have placed the entry
 * before alerts are dispatched for it.
 */
@FunctionalInterface
public interface ClusterLookup {
  /** Every entry its own story: for tests and for running without clustering. */
  ClusterLookup BY_ENTRY = WindowEntry::id;

  long storyKey(WindowEntry entry);
}
