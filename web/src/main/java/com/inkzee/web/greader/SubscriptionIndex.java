package com.inkzee.web.greader;

import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.web.ranker.RankerGateway;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reader's subscriptions of one call, by feed id: what items name as their origin (title, site)
 * and label (folder), and how {@code feed/<url>} and {@code user/-/label/<folder>} resolve.
 */
final class SubscriptionIndex {
  private final Map<Long, Subscription> byFeed = new LinkedHashMap<>();
  private final List<String> folders;

  private SubscriptionIndex(List<Subscription> subs, List<String> folders) {
    subs.forEach(s -> byFeed.put(s.feedId(), s));
    this.folders = folders;
  }

  static SubscriptionIndex load(RankerGateway ranker, long userId) {
    var r = ranker.ranker().listSubscriptions(new ListSubscriptionsRequest(userId));
    return new SubscriptionIndex(r.subscriptions(), r.folders());
  }

  List<Subscription> all() {
    return List.copyOf(byFeed.values());
  }

  List<String> folders() {
    return folders;
  }

  Subscription byFeedId(long feedId) {
    return byFeed.get(feedId);
  }

  /** The subscription a feed stream names; 404 when the reader does not follow it. */
  Subscription resolve(StreamId stream) {
    if (stream instanceof StreamId.Feed f) {
      Subscription s = byFeed.get(f.feedId());
      if (s != null) {
        return s;
      }
    } else if (stream instanceof StreamId.FeedUrl u) {
      for (Subscription s : byFeed.values()) {
        if (s.feedUrl().equals(u.url())) {
          return s;
        }
      }
    } else {
      throw GReaderException.badRequest(stream.id() + " is not a feed stream");
    }
    throw new GReaderException(404, "you do not follow " + ItemIds.abbreviate(stream.id()));
  }

  /** Feed ids of a folder's subscriptions (empty when there is no such folder). */
  List<Long> feedsIn(String folder) {
    List<Long> ids = new ArrayList<>();
    byFeed
        .values()
        .forEach(
            s -> {
              if (folder.equals(s.folder())) {
                ids.add(s.feedId());
              }
            });
    return ids;
  }
}
