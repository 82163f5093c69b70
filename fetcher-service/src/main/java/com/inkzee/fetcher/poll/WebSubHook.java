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

  /** Nobody follows the feed any more: unsubscribe from its hub. True once the request is sent. */
  boolean unsubscribe(long feedId, URI hub, URI topic);

  /** WebSub is off (no callback URL configured): polling only. */
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
          return false;
        }
      };
}
