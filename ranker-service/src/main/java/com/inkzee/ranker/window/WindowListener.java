package com.inkzee.ranker.window;

import java.util.List;

/**
 * Told of every change to an {@link EntryWindow}, so indexes kept beside it (duplicate-story
 * clusters, alert matchers) follow the window without a rebuild.
 *
 * <p>Calls come from one writer at a time (the change-feed tailer, or the evictor's timer thread,
 * never both at once: the window runs each write whole, its calls included, before the next), after
 * the change is visible to readers and outside the window's read-write lock, in the order the
 * changes were applied. A listener must not call the window's mutators.
 */
public interface WindowListener {
  /**
   * An entry entered the window or replaced an earlier version of itself.
   *
   * @param entry the entry now in the window
   * @param previous the version it replaced, or null when the entry is new
   */
  void onPut(WindowEntry entry, WindowEntry previous);

  /**
   * A batch of puts is about to be delivered, one {@link #onPut} per change and in this order, with
   * nothing else in between: a listener may prepare work for all of them at once (on several cores,
   * say) as long as each {@code onPut} then ends exactly as it would have without it. Each element
   * is {@code {entry, previous}}; a big {@link EntryWindow#putAll} is announced in chunks of at
   * most 1,024 changes, each followed by its puts. The default does nothing.
   */
  default void beforePuts(List<WindowEntry[]> changes) {}

  /** An entry left the window (it aged out, or the store deleted it). */
  void onRemove(WindowEntry entry);
}
