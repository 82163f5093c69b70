package com.inkzee.fetcher.schedule;

import com.inkzee.rpc.config.Env;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before polling a feed again, from how often it publishes and what the publisher
 * allows. Pure: time comes in as {@code now}, randomness from the injected generator.
 *
 * <ol>
 *   <li><b>Observed rate.</b> Of the {@link #RECENT_ENTRIES} newest entry dates (dates more than a
 *       day in the future are ignored as bogus), the mean gap between consecutive entries. If the
 *       feed has been quiet for longer than that mean (now − newest), the quiet time is used
 *       instead, so a feed that stopped publishing slows down. The interval is half of that: a feed
 *       that posts hourly is polled every 30 min. With fewer than two dates (a 304, an empty feed)
 *       the previous interval is kept, or {@link #DEFAULT_INTERVAL} if there is none.
 *   <li><b>Bounds.</b> Clamped to [{@code min}, {@code max}] (default [10 min, 24 h]).
 *   <li><b>Publisher.</b> Never more often than the publisher allows: at least the largest of the
 *       feed's own interval (RSS {@code ttl}, {@code sy:updatePeriod}/{@code sy:updateFrequency}),
 *       {@code Cache-Control: max-age} and {@code Expires − now}. A publisher can slow us down to
 *       {@code max}, not further, so every feed is still polled at least once per {@code max}.
 *   <li><b>Jitter.</b> The wait until the next poll is the interval multiplied by a uniform factor
 *       in [1 − {@code jitter}, 1 + {@code jitter}] (default ±10%), then clamped again to [max(min,
 *       publisher floor), max], so feeds added together spread out and no jitter ever breaks a
 *       bound.
 * </ol>
 *
 * <p>{@link #next} returns both: the interval, un-jittered, is what the store keeps and what comes
 * back as {@code previous}; only the wait is jittered. Feeding the jittered value back made the
 * interval a random walk: after a hundred 304s it had drifted anywhere from ×0.56 to ×1.8.
 */
public final class PollInterval {
  public static final Duration DEFAULT_MIN = Duration.ofMinutes(10);
  public static final Duration DEFAULT_MAX = Duration.ofHours(24);

  /** A new feed with no history is polled hourly until its entries say otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  public static final double DEFAULT_JITTER = 0.10;

  /** Entries used for the rate: enough to smooth bursts, few enough to follow a change of pace. */
  public static final int RECENT_ENTRIES = 20;

  /** Entry dates further ahead than this are clock errors or lies, and are ignored. */
  static final Duration FUTURE_SLACK = Duration.ofDays(1);

  /**
   * When to poll next.
   *
   * @param interval the un-jittered interval: report and store this, pass it back as {@code
   *     previous}
   * @param delay the jittered wait until the next poll
   */
  public record Schedule(Duration interval, Duration delay) {
    public Schedule {
      Objects.requireNonNull(interval, "interval");
      Objects.requireNonNull(delay, "delay");
    }

    /** This schedule, with neither the interval nor the wait shorter than {@code floor}. */
    public Schedule atLeast(Duration floor) {
      return new Schedule(maxOf(interval, floor), maxOf(delay, floor));
    }
  }

  private final Duration min;
  private final Duration max;
  private final double jitter;
  private final RandomGenerator random;

  public PollInterval(RandomGenerator random) {
    this(DEFAULT_MIN, DEFAULT_MAX, DEFAULT_JITTER, random);
  }

  public PollInterval(Duration min, Duration max, double jitter, RandomGenerator random) {
    this.min = Objects.requireNonNull(min, "min");
    this.max = Objects.requireNonNull(max, "max");
    this.random = Objects.requireNonNull(random, "random");
    if (min.isNegative() || min.isZero()) {
      throw new IllegalArgumentException("min must be positive: " + min);
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max " + max + " is below min " + min);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
    }
    this.jitter = jitter;
  }

  /**
   * The lowest {@code INKZEE_FETCH_MIN_INTERVAL_SECONDS} accepted unless an operator lowers this
   * floor on purpose: polling anyone's feed more than once a minute is impolite, and a typo (6 for
   * 600) must not do it silently.
   */
  public static final Duration DEFAULT_FLOOR = Duration.ofSeconds(60);

  /**
   * Reads {@code INKZEE_FETCH_MIN_INTERVAL_SECONDS} (600), {@code
   * INKZEE_FETCH_MAX_INTERVAL_SECONDS} (86400) and {@code INKZEE_FETCH_INTERVAL_FLOOR_SECONDS} (60,
   * at least 1): the minimum may not go below the floor, so polling faster than once a minute
   * (end-to-end tests, feeds one owns) takes lowering both on purpose.
   */
  public static PollInterval fromEnv(Env env, RandomGenerator random) {
    Duration lo = env.seconds("INKZEE_FETCH_MIN_INTERVAL_SECONDS", DEFAULT_MIN.toSeconds());
    Duration hi = env.seconds("INKZEE_FETCH_MAX_INTERVAL_SECONDS", DEFAULT_MAX.toSeconds());
    Duration floor =
        Duration.ofSeconds(
            env.integer(
                "INKZEE_FETCH_INTERVAL_FLOOR_SECONDS",
                (int) DEFAULT_FLOOR.toSeconds(),
                1,
                (int) DEFAULT_FLOOR.toSeconds()));
    if (lo.compareTo(floor) < 0) {
      throw new IllegalArgumentException(
          "INKZEE_FETCH_MIN_INTERVAL_SECONDS="
              + lo.toSeconds()
              + " must be at least "
              + floor.toSeconds()
              + " (INKZEE_FETCH_INTERVAL_FLOOR_SECONDS)");
    }
    if (hi.compareTo(lo) < 0) {
      throw new IllegalArgumentException(
          "INKZEE_FETCH_MAX_INTERVAL_SECONDS="
              + hi.toSeconds()
              + " is below INKZEE_FETCH_MIN_INTERVAL_SECONDS="
              + lo.toSeconds());
    }
    return new PollInterval(lo, hi, DEFAULT_JITTER, random);
  }

  /**
   * The next interval, and the jittered wait until the next poll.
   *
   * @param entryDates published/updated dates of the feed's entries, any order; may be empty
   * @param publisherInterval the feed's own minimum interval (ttl, sy:updatePeriod), or null
   * @param maxAge {@code Cache-Control: max-age}, or null
   * @param expires {@code Expires}, or null
   * @param previous the {@link Schedule#interval()} of last time, or null; kept when there are no
   *     dates
   * @param now the current time
   */
  public Schedule next(
      List<Instant> entryDates,
      Duration publisherInterval,
      Duration maxAge,
      Instant expires,
      Duration previous,
      Instant now) {
    Objects.requireNonNull(now, "now");
    Duration observed = observed(entryDates == null ? List.of() : entryDates, now);
    Duration base = observed != null ? observed : previous != null ? previous : DEFAULT_INTERVAL;
    Duration floor = publisherFloor(publisherInterval, maxAge, expires, now);
    Duration lower = maxOf(min, floor);
    Duration interval = clamp(base, lower, max);
    double factor = 1 + (jitter == 0 ? 0 : random.nextDouble(-jitter, jitter));
    Duration jittered = Duration.ofMillis(Math.round(interval.toMillis() * factor));
    return new Schedule(interval, clamp(jittered, lower, max));
  }

  /** Half the mean gap (or the quiet time, if longer) of the recent dates; null if under two. */
  private static Duration observed(List<Instant> entryDates, Instant now) {
    Instant latestPlausible = now.plus(FUTURE_SLACK);
    List<Instant> dates = new ArrayList<>();
    for (Instant d : entryDates) {
      if (d != null && !d.isAfter(latestPlausible)) {
        dates.add(d);
      }
    }
    dates.sort(null);
    if (dates.size() > RECENT_ENTRIES) {
      dates = dates.subList(dates.size() - RECENT_ENTRIES, dates.size());
    }
    if (dates.size() < 2) {
      return null;
    }
    Instant oldest = dates.get(0);
    Instant newest = dates.get(dates.size() - 1);
    Duration meanGap = Duration.between(oldest, newest).dividedBy(dates.size() - 1);
    Duration quiet = Duration.between(newest, now);
    return maxOf(meanGap, quiet).dividedBy(2);
  }

  private Duration publisherFloor(
      Duration publisherInterval, Duration maxAge, Instant expires, Instant now) {
    Duration floor = Duration.ZERO;
    if (publisherInterval != null) {
      floor = maxOf(floor, publisherInterval);
    }
    if (maxAge != null) {
      floor = maxOf(floor, maxAge);
    }
    if (expires != null) {
      floor = maxOf(floor, Duration.between(now, expires));
    }
    // A publisher may slow us to max, not further: every feed is still polled once per max.
    return floor.compareTo(max) > 0 ? max : floor;
  }

  private static Duration clamp(Duration d, Duration lo, Duration hi) {
    return d.compareTo(lo) < 0 ? lo : d.compareTo(hi) > 0 ? hi : d;
  }

  private static Duration maxOf(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public Duration min() {
    return min;
  }

  public Duration max() {
    return max;
  }
}
