package com.inkzee.fetcher.poll;

import java.net.URI;
import java.util.List;

/**
 * What the poll loop tells the WebSub side: which hubs a fetched feed declares, and which feeds
 * nobody follows any more. Polling goes on either way (at a long interval while a hub pushes).
 */
public interface WebSubHook {
  /** A feed was fetched and declares {@code hubs} with {@code topic} (its rel="self" URL). */
  void hubsSeen(long feedId, URI topic, List<URI> hubs);

  /** True while a hub has a verified, unexpired subscription of ours for this feed. */
  boolean isPushed(long feedId);

  /**
   * Nobody follows the feed any more: unsubscribe from its hub. True once nothing more is to be
   * done at the hub (the request was sent), false to be asked again later.
   */
  boolean unsubscribe(long feedId, URI hub, URI topic);

  /**
   * WebSub is off (no callback URL configured): polling only. The store still records the hub a
   * feed declares; with nothing subscribed here there is nothing to unsubscribe, so {@link
   * #unsubscribe} reports it done (a subscription from a run with WebSub on lapses unrenewed).
   */
  WebSubHook OFF =
      new WebSubHook() {
        @Override
        public void hubsSeen(long feedId, URI topic, List<URI> hubs) {}

        @Override
        public boolean isPushed(long feedId) {
          return false;
        }

        @Override
        public boolean unsubscribe(long feedId, URI hub, URI topic) {
          // Answering false kept a feed nobody follows leased forever: the store offers a feed
          // with a hub and no subscribers until a report says its hub is unsubscribed.
          return true;
        }
      };
}
