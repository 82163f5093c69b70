package com.inkzee.rpc.api.store;

/** Whether a feed is polled: GONE after HTTP 410, DISABLED by an operator or after many errors. */
public enum FeedState {
  ACTIVE,
  GONE,
  DISABLED
}
