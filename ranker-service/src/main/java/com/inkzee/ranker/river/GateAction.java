package com.inkzee.ranker.river;

/** What the reader's filters decided for one entry, so the river can honour them as it builds. */
public enum GateAction {
  /** Not in the river at all. */
  HIDE,
  /** In the river as it is. */
  SHOW,
  /** In the river as read (so left out of an unread river). */
  MARK_READ,
  /** In the river, starred. */
  STAR
}
