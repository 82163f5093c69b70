package com.inkzee.fetcher.push;

import com.inkzee.fetcher.parse.ParsedFeed;
import com.inkzee.fetcher.poll.WebSubHook;
import com.inkzee.fetcher.websub.Subscription;
import com.inkzee.fetcher.websub.SubscriptionTable;
import com.inkzee.fetcher.websub.WebSubSubscriber;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects polling to WebSub: a polled feed that declares a hub gets a subscription (unless one is
 * live or pending for the same hub and topic), and a feed nobody follows any more is unsubscribed.
 * The subscription table lives in memory only; after a restart the next poll of each feed
 * subscribes again, which is what makes it rebuildable state.
 */
public final class WebSubLink implements WebSubHook {
  private static final Logger log = LoggerFactory.getLogger(WebSubLink.class);

  /**
   * How long a feed whose hubs all refused is left to polling before they are asked again: the same
   * day the table keeps a hub's denial, so a refusing hub is not asked on every poll.
   */
  static final Duration RETRY_REFUSED_AFTER = SubscriptionTable.DENIED_RETENTION;

  /** Feeds remembered as refused; the oldest are forgotten first (then simply asked again). */
  static final int MAX_REFUSED_FEEDS = 100_000;

  /**
   * Hubs asked on one poll, at most (3, {@link ParsedFeed#MAX_HUBS}): each is a request of up to
   * {@link WebSubSubscriber#HUB_REQUEST_TIMEOUT} on the poll thread.
   */
  static final int MAX_HUBS_TRIED = ParsedFeed.MAX_HUBS;

  private final WebSubSubscriber subscriber;
  private final SubscriptionTable table;
  private final Clock clock;
  private final Map<Long, Instant> refusedUntil =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Instant> eldest) {
          return size() > MAX_REFUSED_FEEDS;
        }
      };

  public WebSubLink(WebSubSubscriber subscriber, SubscriptionTable table) {
    this.subscriber = subscriber;
    this.table = table;
    this.clock = table.clock();
  }

  @Override
  public void hubsSeen(long feedId, URI topic, List<URI> hubs) {
    Optional<Subscription> current = table.get(feedId);
    if (current.isPresent()
        && current.get().acceptsContent()
        && hubs.contains(current.get().hub())
        && current.get().topic().equals(topic)) {
      return; // live or pending; the subscriber renews it on time
    }
    if (current.isPresent() && current.get().state() == Subscription.State.DENIED) {
      return; // the hub said no; the table forgets that after a day and we ask again then
    }
    synchronized (refusedUntil) {
      Instant until = refusedUntil.get(feedId);
      if (until != null && until.isAfter(clock.instant())) {
        return;
      }
    }
    // Several hubs (the seed feed declares two) deliver the same content: one is enough, and the
    // next ones are tried when the first refuses, up to MAX_HUBS_TRIED, whoever made the list.
    for (URI hub : hubs.subList(0, Math.min(hubs.size(), MAX_HUBS_TRIED))) {
      try {
        subscriber.subscribe(feedId, hub, topic);
        synchronized (refusedUntil) {
          refusedUntil.remove(feedId);
        }
        return;
      } catch (IOException | RuntimeException e) {
        log.info("feed {}: hub {} refused the subscription: {}", feedId, hub, e.getMessage());
      }
    }
    synchronized (refusedUntil) {
      refusedUntil.put(feedId, clock.instant().plus(RETRY_REFUSED_AFTER));
    }
  }

  @Override
  public boolean isPushed(long feedId) {
    return table.get(feedId).map(s -> s.state() == Subscription.State.ACTIVE).orElse(false);
  }

  @Override
  public boolean unsubscribe(long feedId, URI hub, URI topic) {
    try {
      subscriber.unsubscribe(feedId, hub, topic);
      return true;
    } catch (IOException | RuntimeException e) {
      // Not sent: the store keeps the hub and offers the feed again, so we try again later. A hub
      // that is gone for good ends the subscription itself when its lease runs out.
      log.info("feed {}: unsubscribing from {} failed: {}", feedId, hub, e.getMessage());
      return false;
    }
  }
}
