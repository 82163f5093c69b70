package com.inkzee.rpc.api.store;

/**
 * Whether a feed is polled: GONE after HTTP 410 or a merge into another feed, DISABLED by an
 * operator. Errors never change the state: a failing feed stays ACTIVE and is retried daily.
 */
public enum FeedState {
  ACTIVE,
  GONE,
  DISABLED
}
