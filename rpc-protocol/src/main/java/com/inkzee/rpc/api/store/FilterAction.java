package com.inkzee.rpc.api.store;

/**
 * What a user's filter does to a matching entry. {@code KEEP} (new in 1.3) turns the filter around:
 * in the filter's scope (its feed, its folder, or everywhere) only entries matching some KEEP
 * filter are shown. An older peer reads KEEP as an absent action.
 */
public enum FilterAction {
  HIDE,
  MARK_READ,
  STAR,
  KEEP
}
