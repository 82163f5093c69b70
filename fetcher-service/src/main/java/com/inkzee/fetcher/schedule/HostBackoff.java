package com.inkzee.fetcher.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Slows every feed on a host after that host said "too many requests" (429, or 503 with {@code
 * Retry-After}), not just the feed that got the answer: a blog platform hosting ten thousand feeds
 * throttles the fetcher, not one feed.
 *
 * <p>Each throttled host has a penalty and a {@link #notBefore} time:
 *
 * <ul>
 *   <li>{@link #throttled}: the penalty becomes the larger of the server's {@code Retry-After} and
 *       the current penalty; without {@code Retry-After} it doubles, and is at least {@link
 *       #DEFAULT_PENALTY}, so a host that keeps saying "too many requests" without saying how long
 *       is left alone longer each time. Never more than {@code maxPenalty}. No fetch of the host
 *       before now + penalty.
 *   <li>{@link #succeeded}: the penalty halves, and the next fetch of the host waits that halved
 *       penalty. So after {@code Retry-After: 120} the host gets one fetch after 2 min, the next a
 *       minute later, then 30 s..., and once the penalty is under {@link #FORGET_BELOW} the host is
 *       forgotten and fetched at full speed.
 * </ul>
 *
 * <p>Memory is bounded: at most {@code maxHosts} hosts are remembered, the least recently touched
 * evicted first (an evicted host is treated as unthrottled; its next 429 puts it back).
 * Thread-safe.
 */
public final class HostBackoff {
  /**
   * The first penalty of a 429 without Retry-After (10 min): a feed is polled every 10 min at the
   * most, so anything shorter would not slow the host down at all.
   */
  public static final Duration DEFAULT_PENALTY = Duration.ofMinutes(10);

  /** Penalties shorter than this are dropped on success: the host is back to normal. */
  public static final Duration FORGET_BELOW = Duration.ofSeconds(1);

  /** A host that keeps throttling is still tried daily, like a failing feed. */
  public static final Duration DEFAULT_MAX_PENALTY = Duration.ofHours(24);

  /** Ten thousand hosts at ~100 bytes each: about a megabyte. */
  public static final int DEFAULT_MAX_HOSTS = 10_000;

  private record Entry(Duration penalty, Instant notBefore) {}

  private final Clock clock;
  private final Duration maxPenalty;
  private final Map<String, Entry> hosts;

  public HostBackoff(Clock clock) {
    this(clock, DEFAULT_MAX_HOSTS, DEFAULT_MAX_PENALTY);
  }

  public HostBackoff(Clock clock, int maxHosts, Duration maxPenalty) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxPenalty = Objects.requireNonNull(maxPenalty, "maxPenalty");
    if (maxHosts < 1) {
      throw new IllegalArgumentException("maxHosts must be >= 1: " + maxHosts);
    }
    if (maxPenalty.compareTo(FORGET_BELOW) < 0) {
      throw new IllegalArgumentException("maxPenalty must be >= 1 s: " + maxPenalty);
    }
    this.hosts =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxHosts;
          }
        };
  }

  /**
   * The host answered 429 (or 503 with Retry-After); {@code retryAfter} may be null. Returns the
   * host's penalty now: no feed of it is fetched for that long.
   */
  public synchronized Duration throttled(String host, Duration retryAfter) {
    String key = key(host);
    Entry current = hosts.get(key);
    Duration previous = current == null ? Duration.ZERO : current.penalty();
    Duration penalty;
    if (retryAfter != null && !retryAfter.isNegative()) {
      penalty = max(retryAfter, previous);
    } else {
      penalty = max(DEFAULT_PENALTY, previous.multipliedBy(2));
    }
    penalty = min(max(penalty, FORGET_BELOW), maxPenalty);
    hosts.put(key, new Entry(penalty, clock.instant().plus(penalty)));
    return penalty;
  }

  /** A fetch of the host succeeded (any answer but 429/503): the penalty decays by half. */
  public synchronized void succeeded(String host) {
    String key = key(host);
    Entry current = hosts.get(key);
    if (current == null) {
      return;
    }
    Duration halved = current.penalty().dividedBy(2);
    if (halved.compareTo(FORGET_BELOW) < 0) {
      hosts.remove(key);
    } else {
      hosts.put(key, new Entry(halved, clock.instant().plus(halved)));
    }
  }

  /**
   * The earliest time a feed on {@code host} may be fetched; in the past if it is not throttled.
   */
  public synchronized Instant notBefore(String host) {
    Entry e = hosts.get(key(host));
    return e == null ? Instant.MIN : e.notBefore();
  }

  /** The host's current penalty, zero if none. */
  public synchronized Duration penalty(String host) {
    Entry e = hosts.get(key(host));
    return e == null ? Duration.ZERO : e.penalty();
  }

  /** Hosts remembered: never more than {@code maxHosts}. */
  public synchronized int size() {
    return hosts.size();
  }

  private static String key(String host) {
    return Objects.requireNonNull(host, "host").toLowerCase(Locale.ROOT);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
