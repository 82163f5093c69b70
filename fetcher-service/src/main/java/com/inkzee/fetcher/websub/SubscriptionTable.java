package com.inkzee.fetcher.websub;

import com.inkzee.fetcher.websub.Subscription.State;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The WebSub subscriptions of this process, by feed id, in memory and bounded. Nothing here needs
 * to survive a restart: the poll loop subscribes again when it next sees a feed's hub, and secrets
 * are derived, not stored ({@link SubscriptionSecrets}).
 *
 * <p>Thread-safe: the callback server's event loops, the poll loop and the renewal thread all use
 * it. Every method is short and synchronized; traffic is a few calls per feed per lease.
 */
public final class SubscriptionTable {
  /**
   * How long a subscribe or unsubscribe request may wait for the hub's verification before the
   * entry is dropped. The spec lets hubs verify asynchronously; real ones do so within seconds.
   */
  public static final Duration PENDING_TIMEOUT = Duration.ofHours(1);

  /** How long a denial is remembered, so callers can see it and need not ask again at once. */
  public static final Duration DENIED_RETENTION = Duration.ofDays(1);

  private static final Duration ONE_DAY = Duration.ofDays(1);

  private final int maxEntries;
  private final Clock clock;
  private final Map<Long, Subscription> entries = new HashMap<>();

  public SubscriptionTable(int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * When to renew a lease of {@code lease}, counted from its verification: the earlier of 80 % of
   * the lease and one day before it ends, but never before half of it (so a short lease is not
   * renewed the moment it is granted). A 10-day lease renews after 8 days, a 2-day lease after 1
   * day, a 1-hour lease after 30 minutes.
   */
  public static Duration renewalDelay(Duration lease) {
    Duration at80 = lease.multipliedBy(4).dividedBy(5);
    Duration dayBefore = lease.minus(ONE_DAY);
    Duration earlier = at80.compareTo(dayBefore) <= 0 ? at80 : dayBefore;
    Duration half = lease.dividedBy(2);
    return earlier.compareTo(half) >= 0 ? earlier : half;
  }

  public Clock clock() {
    return clock;
  }

  public int maxEntries() {
    return maxEntries;
  }

  public synchronized Optional<Subscription> get(long feedId) {
    return Optional.ofNullable(entries.get(feedId));
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized List<Subscription> snapshot() {
    return List.copyOf(entries.values());
  }

  /**
   * Records a subscribe request about to be sent. An ACTIVE subscription to the same hub and topic
   * stays ACTIVE (a renewal); anything else becomes PENDING.
   *
   * @throws SubscriptionTableFullException if the feed is new and the table is full
   */
  synchronized Subscription beginSubscribe(long feedId, URI hub, URI topic) {
    Subscription current = entries.get(feedId);
    if (current != null
        && current.state() == State.ACTIVE
        && current.hub().equals(hub)
        && current.topic().equals(topic)) {
      return current;
    }
    Instant now = clock.instant();
    return put(
        new Subscription(feedId, hub, topic, State.PENDING, now.plus(PENDING_TIMEOUT), null, null));
  }

  /** Records an unsubscribe request about to be sent. */
  synchronized Subscription beginUnsubscribe(long feedId, URI hub, URI topic) {
    Instant now = clock.instant();
    return put(
        new Subscription(
            feedId, hub, topic, State.UNSUBSCRIBING, now.plus(PENDING_TIMEOUT), null, null));
  }

  private Subscription put(Subscription s) {
    if (!entries.containsKey(s.feedId()) && entries.size() >= maxEntries) {
      purgeExpired();
      if (entries.size() >= maxEntries) {
        throw new SubscriptionTableFullException(s.feedId(), maxEntries);
      }
    }
    entries.put(s.feedId(), s);
    return s;
  }

  /**
   * A hub's intent verification for a subscribe: confirmed if we have a PENDING or ACTIVE
   * subscription of this feed to exactly this topic, which then becomes ACTIVE for {@code lease}.
   */
  synchronized boolean confirmSubscribe(long feedId, String topic, Duration lease) {
    Subscription s = entries.get(feedId);
    if (s == null
        || !(s.state() == State.PENDING || s.state() == State.ACTIVE)
        || !s.topic().toString().equals(topic)) {
      return false;
    }
    Instant now = clock.instant();
    entries.put(
        feedId,
        new Subscription(
            feedId,
            s.hub(),
            s.topic(),
            State.ACTIVE,
            now.plus(lease),
            now.plus(renewalDelay(lease)),
            null));
    return true;
  }

  /**
   * A hub's intent verification for an unsubscribe: confirmed if we asked to unsubscribe this feed
   * from exactly this topic; the entry is then gone.
   */
  synchronized boolean confirmUnsubscribe(long feedId, String topic) {
    Subscription s = entries.get(feedId);
    if (s == null || s.state() != State.UNSUBSCRIBING || !s.topic().toString().equals(topic)) {
      return false;
    }
    entries.remove(feedId);
    return true;
  }

  /** The hub refused (or later revoked) our subscription of this feed to this topic. */
  synchronized boolean deny(long feedId, String topic, String reason) {
    Subscription s = entries.get(feedId);
    if (s == null || s.state() == State.UNSUBSCRIBING || !s.topic().toString().equals(topic)) {
      return false;
    }
    entries.put(
        feedId,
        new Subscription(
            feedId,
            s.hub(),
            s.topic(),
            State.DENIED,
            clock.instant().plus(DENIED_RETENTION),
            null,
            reason));
    return true;
  }

  /** ACTIVE subscriptions whose renewal is due now. */
  synchronized List<Subscription> dueForRenewal() {
    Instant now = clock.instant();
    List<Subscription> due = new ArrayList<>();
    for (Subscription s : entries.values()) {
      if (s.state() == State.ACTIVE && !s.renewAt().isAfter(now)) {
        due.add(s);
      }
    }
    return due;
  }

  /** Moves an ACTIVE subscription's next renewal attempt to {@code next}. */
  synchronized void deferRenewal(long feedId, Instant next) {
    Subscription s = entries.get(feedId);
    if (s != null && s.state() == State.ACTIVE) {
      entries.put(
          feedId,
          new Subscription(
              feedId, s.hub(), s.topic(), State.ACTIVE, s.expiresAt(), next, s.reason()));
    }
  }

  /** Drops {@code expected} if it is still the feed's entry (a failed request's leftover). */
  synchronized boolean removeIfUnchanged(Subscription expected) {
    return entries.remove(expected.feedId(), expected);
  }

  /** Drops every entry whose {@code expiresAt} has passed; returns how many. */
  synchronized int purgeExpired() {
    Instant now = clock.instant();
    int before = entries.size();
    entries.values().removeIf(s -> !s.expiresAt().isAfter(now));
    return before - entries.size();
  }
}
