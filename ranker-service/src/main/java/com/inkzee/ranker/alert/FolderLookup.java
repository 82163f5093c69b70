package com.inkzee.ranker.alert;

/**
 * What the matcher needs to know of a user's subscriptions: an alert only fires on entries of feeds
 * its owner follows, and a folder-scoped alert only on feeds in that folder. Called only for alerts
 * whose words an entry contains, so a map lookup per call is cheap enough.
 */
public interface FolderLookup {
  /** Whether {@code userId} follows {@code feedId}. */
  boolean follows(long userId, long feedId);

  /** The folder {@code userId} keeps {@code feedId} in, or null (none, or not followed). */
  String folderOf(long userId, long feedId);
}
