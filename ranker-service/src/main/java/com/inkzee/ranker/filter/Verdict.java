package com.inkzee.ranker.filter;

/** What a user's filters make of one entry; see {@link FilterSet} for the precedence. */
public enum Verdict {
  SHOW,
  HIDE,
  MARK_READ,
  STAR
}
