package com.inkzee.ranker.window;

/**
 * Told of every change to an {@link EntryWindow}, so indexes kept beside it (duplicate-story
 * clusters, alert matchers) follow the window without a rebuild.
 *
 * <p>Calls come on the window's single writer thread, after the change is visible to readers and
 * outside the window's lock, in the order the changes were applied. A listener must not call the
 * window's mutators.
 */
public interface WindowListener {
  /**
   * An entry entered the window or replaced an earlier version of itself.
   *
   * @param entry the entry now in the window
   * @param previous the version it replaced, or null when the entry is new
   */
  void onPut(WindowEntry entry, WindowEntry previous);

  /** An entry left the window (it aged out, or the store deleted it). */
  void onRemove(WindowEntry entry);
}
