package com.inkzee.rpc.api.store;

/** What a user's filter does to a matching entry. */
public enum FilterAction {
  HIDE,
  MARK_READ,
  STAR
}
