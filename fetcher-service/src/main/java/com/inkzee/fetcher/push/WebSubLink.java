package com.inkzee.fetcher.push;

import com.inkzee.fetcher.poll.WebSubHook;
import com.inkzee.fetcher.websub.Subscription;
import com.inkzee.fetcher.websub.SubscriptionTable;
import com.inkzee.fetcher.websub.WebSubSubscriber;
import java.io.IOException;
import java.net.URI;
import java.util.List;
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

  private final WebSubSubscriber subscriber;
  private final SubscriptionTable table;

  public WebSubLink(WebSubSubscriber subscriber, SubscriptionTable table) {
    this.subscriber = subscriber;
    this.table = table;
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
    // Several hubs (the seed feed declares two) deliver the same content: one is enough, and the
    // next ones are tried when the first refuses.
    for (URI hub : hubs) {
      try {
        subscriber.subscribe(feedId, hub, topic);
        return;
      } catch (IOException | RuntimeException e) {
        log.info("feed {}: hub {} refused the subscription: {}", feedId, hub, e.getMessage());
      }
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
