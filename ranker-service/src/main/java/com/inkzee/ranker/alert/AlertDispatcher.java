package com.inkzee.ranker.alert;

import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Turns an entry's {@link AlertMatch}es into hits: once per alert and story, within each alert's
 * rate, recorded through a {@link HitSink}, and handed to the owner's long polls.
 *
 * <ul>
 *   <li><b>Once per story.</b> The key is (alert, {@link ClusterLookup#storyKey story}): a story
 *       carried by three feeds fires each alert once. Keys are remembered for {@link
 *       Limits#storyMemory()} (at most {@link Limits#maxRememberedStories()}, oldest forgotten
 *       first).
 *   <li><b>Rate-limited per alert</b>: a token bucket of {@link Limits#maxHitsPerAlertPerHour()}
 *       hits, refilled continuously at that rate. A hit over the rate is counted ({@link
 *       #rateLimited()}) and dropped, never queued; its story counts as seen.
 *   <li><b>Restart.</b> The dispatcher is created with the last change-feed sequence whose hits
 *       were recorded; an entry at or below it is skipped (a replay of the tail's last page). The
 *       wiring also feeds the hits recorded in the last {@code storyMemory} back through {@link
 *       #remember}, so that another feed's copy of an already-alerted story stays silent. Last
 *       line: the store keeps one hit per alert and entry, and the sink leaves out hits it already
 *       had, so even a replayed entry wakes no one.
 *   <li><b>Long polls</b>: {@link #awaitHits} completes with the user's hits newer than a hit id,
 *       or with an empty list at the timeout; a user has at most {@link Limits#maxWaitersPerUser()}
 *       waiting, the oldest being answered (empty) to make room.
 * </ul>
 *
 * <p>{@link #dispatch} is called by one thread, in change-feed order (the tailer); {@link
 * #awaitHits} from any thread.
 */
public final class AlertDispatcher {
  /**
   * The dispatcher's bounds.
   *
   * @param maxHitsPerAlertPerHour burst and hourly rate of one alert's hits; default 20, more than
   *     anyone reads in an hour, few enough that a too-broad alert ("the") cannot flood the store
   * @param storyMemory how long a story, once alerted, stays silent for that alert; default 7 days,
   *     longer than a story keeps being republished
   * @param maxRememberedStories bound of that memory; default 1,000,000 keys (~100 MB)
   * @param maxWaitersPerUser long polls one user may hold open; default 8 (a few tabs and devices)
   * @param maxWait longest wait a poll may ask for; default 5 minutes, under proxies' idle timeouts
   * @param recentHitsPerUser hits kept per user to answer a poll that arrives just after them;
   *     default 32
   * @param maxUsersWithRecentHits users whose recent hits are kept, least recently hit dropped
   *     first; default 100,000
   */
  public record Limits(
      int maxHitsPerAlertPerHour,
      Duration storyMemory,
      int maxRememberedStories,
      int maxWaitersPerUser,
      Duration maxWait,
      int recentHitsPerUser,
      int maxUsersWithRecentHits) {
    public static final Limits DEFAULTS =
        new Limits(20, Duration.ofDays(7), 1_000_000, 8, Duration.ofMinutes(5), 32, 100_000);

    public Limits {
      checkPositive(maxHitsPerAlertPerHour, "maxHitsPerAlertPerHour");
      if (maxHitsPerAlertPerHour > 1_000_000) {
        // The bucket counts in nanosecond units: a bigger rate would overflow a long.
        throw new IllegalArgumentException(
            "maxHitsPerAlertPerHour of " + maxHitsPerAlertPerHour + " exceeds 1000000");
      }
      checkPositive(maxRememberedStories, "maxRememberedStories");
      checkPositive(maxWaitersPerUser, "maxWaitersPerUser");
      checkPositive(recentHitsPerUser, "recentHitsPerUser");
      checkPositive(maxUsersWithRecentHits, "maxUsersWithRecentHits");
      if (storyMemory.isNegative() || storyMemory.isZero()) {
        throw new IllegalArgumentException("storyMemory must be positive: " + storyMemory);
      }
      if (maxWait.isNegative() || maxWait.isZero()) {
        throw new IllegalArgumentException("maxWait must be positive: " + maxWait);
      }
    }

    private static void checkPositive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
    }
  }

  /**
   * What one dispatch did.
   *
   * @param fired hits recorded and handed to waiters
   * @param duplicates matches whose story had already fired the alert
   * @param rateLimited matches dropped by their alert's rate limit
   * @param replay true if the entry was at or below the processed sequence and skipped
   */
  public record Outcome(List<AlertHit> fired, int duplicates, int rateLimited, boolean replay) {}

  private record StoryKey(long alertId, long storyKey) {}

  private record Waiter(long afterHitId, CompletableFuture<List<AlertHit>> future) {}

  private static final long HOUR_NANOS = Duration.ofHours(1).toNanos();

  private static final class Bucket {
    long units;
    long refilledAtNanos;
  }

  private final Limits limits;
  private final HitSink sink;
  private final ClusterLookup clusters;
  private final Clock clock;

  // All below guarded by this.
  private long processedThrough;
  private long rateLimitedTotal;
  private final LinkedHashMap<StoryKey, Instant> seen = new LinkedHashMap<>();
  private final Long2ObjectOpenHashMap<Bucket> buckets = new Long2ObjectOpenHashMap<>();
  private final LinkedHashMap<Long, ArrayDeque<AlertHit>> recent =
      new LinkedHashMap<>(16, 0.75f, true);
  private final Long2ObjectOpenHashMap<ArrayDeque<Waiter>> waiters = new Long2ObjectOpenHashMap<>();

  /**
   * @param processedThrough the last change-feed sequence whose hits are recorded (0 at first
   *     start); entries at or below it are not dispatched again
   */
  public AlertDispatcher(
      Limits limits, HitSink sink, ClusterLookup clusters, Clock clock, long processedThrough) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clusters = Objects.requireNonNull(clusters, "clusters");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.processedThrough = processedThrough;
  }

  /**
   * Marks (alert, story) as already alerted at {@code hitAt}: for hits recorded before a restart.
   */
  public synchronized void remember(long alertId, long storyKey, Instant hitAt) {
    remember(new StoryKey(alertId, storyKey), hitAt);
  }

  /** The last change-feed sequence whose hits are recorded: what the wiring saves as its cursor. */
  public synchronized long processedThrough() {
    return processedThrough;
  }

  /** Matches dropped by rate limits since start. */
  public synchronized long rateLimited() {
    return rateLimitedTotal;
  }

  /**
   * Fires {@code matches} of {@code entry} (from {@link AlertMatcher#match}); call it for every
   * entry of the change feed, in order, even with no matches, so the processed sequence moves.
   *
   * @throws RuntimeException from the sink; nothing is then remembered, and the caller retries
   */
  public Outcome dispatch(WindowEntry entry, List<AlertMatch> matches) {
    Instant now = clock.instant();
    long story = matches.isEmpty() ? 0 : clusters.storyKey(entry);
    List<NewHit> toRecord = new ArrayList<>();
    List<StoryKey> keys = new ArrayList<>();
    int duplicates = 0;
    int limited = 0;
    synchronized (this) {
      if (entry.sequence() <= processedThrough) {
        return new Outcome(List.of(), 0, 0, true);
      }
      for (AlertMatch m : matches) {
        StoryKey key = new StoryKey(m.alertId(), story);
        if (isSeen(key, now)) {
          duplicates++;
          continue;
        }
        remember(key, now);
        if (!takeToken(m.alertId())) {
          limited++;
          rateLimitedTotal++;
          continue;
        }
        keys.add(key);
        toRecord.add(new NewHit(m.alertId(), m.userId(), m.entryId(), story, now));
      }
    }
    List<AlertHit> recorded;
    try {
      recorded = toRecord.isEmpty() ? List.of() : sink.record(toRecord);
    } catch (RuntimeException e) {
      synchronized (this) {
        for (int k = 0; k < keys.size(); k++) {
          seen.remove(keys.get(k));
          buckets.get(keys.get(k).alertId()).units += HOUR_NANOS;
        }
      }
      throw e;
    }
    List<Runnable> completions = new ArrayList<>();
    synchronized (this) {
      processedThrough = Math.max(processedThrough, entry.sequence());
      for (AlertHit hit : recorded) {
        ArrayDeque<AlertHit> userHits =
            recent.computeIfAbsent(hit.userId(), u -> new ArrayDeque<>());
        userHits.addLast(hit);
        if (userHits.size() > limits.recentHitsPerUser()) {
          userHits.removeFirst();
        }
      }
      while (recent.size() > limits.maxUsersWithRecentHits()) {
        Iterator<Long> eldest = recent.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
      for (AlertHit hit : recorded) {
        ArrayDeque<Waiter> ws = waiters.remove(hit.userId());
        if (ws != null) {
          for (Waiter w : ws) {
            List<AlertHit> newer = newerThan(hit.userId(), w.afterHitId());
            completions.add(() -> w.future().complete(newer));
          }
        }
      }
    }
    completions.forEach(Runnable::run);
    return new Outcome(recorded, duplicates, limited, false);
  }

  /**
   * Completes with {@code userId}'s hits whose id is above {@code afterHitId}, oldest first: at
   * once if this dispatcher has recorded such hits recently, else with the next hits the user gets,
   * else with an empty list after {@code max} (at most {@link Limits#maxWait()}). This only knows
   * hits this process recorded: a caller first answers from the store, then waits here.
   */
  public CompletableFuture<List<AlertHit>> awaitHits(long userId, long afterHitId, Duration max) {
    if (max.isNegative()) {
      throw new IllegalArgumentException("max must not be negative: " + max);
    }
    Duration wait = max.compareTo(limits.maxWait()) > 0 ? limits.maxWait() : max;
    CompletableFuture<List<AlertHit>> future = new CompletableFuture<>();
    Waiter evicted = null;
    synchronized (this) {
      List<AlertHit> newer = newerThan(userId, afterHitId);
      if (!newer.isEmpty()) {
        future.complete(newer);
        return future;
      }
      ArrayDeque<Waiter> ws = waiters.computeIfAbsent(userId, u -> new ArrayDeque<>());
      if (ws.size() >= limits.maxWaitersPerUser()) {
        evicted = ws.removeFirst();
      }
      Waiter waiter = new Waiter(afterHitId, future);
      ws.addLast(waiter);
      future.whenComplete((hits, error) -> removeWaiter(userId, waiter));
    }
    if (evicted != null) {
      evicted.future().complete(List.of());
    }
    future.completeOnTimeout(List.of(), wait.toNanos(), TimeUnit.NANOSECONDS);
    return future;
  }

  /** Long polls currently waiting, over all users. */
  public synchronized int waiting() {
    int n = 0;
    for (ArrayDeque<Waiter> ws : waiters.values()) {
      n += ws.size();
    }
    return n;
  }

  private synchronized void removeWaiter(long userId, Waiter waiter) {
    ArrayDeque<Waiter> ws = waiters.get(userId);
    if (ws != null && ws.remove(waiter) && ws.isEmpty()) {
      waiters.remove(userId);
    }
  }

  private List<AlertHit> newerThan(long userId, long afterHitId) {
    ArrayDeque<AlertHit> hits = recent.get(userId);
    if (hits == null) {
      return List.of();
    }
    List<AlertHit> newer = new ArrayList<>();
    for (AlertHit h : hits) {
      if (h.hitId() > afterHitId) {
        newer.add(h);
      }
    }
    return newer;
  }

  private boolean isSeen(StoryKey key, Instant now) {
    Instant at = seen.get(key);
    return at != null && at.plus(limits.storyMemory()).isAfter(now);
  }

  private void remember(StoryKey key, Instant at) {
    seen.remove(key); // re-insert, so insertion order stays time order
    seen.put(key, at);
    Instant horizon = at.minus(limits.storyMemory());
    for (Iterator<Map.Entry<StoryKey, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<StoryKey, Instant> eldest = it.next();
      if (seen.size() <= limits.maxRememberedStories() && eldest.getValue().isAfter(horizon)) {
        break;
      }
      it.remove();
    }
  }

  private boolean takeToken(long alertId) {
    // Exact arithmetic: one token is HOUR_NANOS units, and an alert earns capacity units per
    // nanosecond, so 3 per hour gives a token back after exactly 20 minutes.
    long nowNanos = clock.millis() * 1_000_000L;
    long capacity = limits.maxHitsPerAlertPerHour();
    Bucket b = buckets.get(alertId);
    if (b == null) {
      if (buckets.size() >= limits.maxRememberedStories()) {
        pruneFullBuckets(nowNanos);
      }
      b = new Bucket();
      b.units = capacity * HOUR_NANOS;
      b.refilledAtNanos = nowNanos;
      buckets.put(alertId, b);
    }
    long elapsed = Math.min(HOUR_NANOS, Math.max(0, nowNanos - b.refilledAtNanos));
    b.units = Math.min(capacity * HOUR_NANOS, b.units + elapsed * capacity);
    b.refilledAtNanos = nowNanos;
    if (b.units < HOUR_NANOS) {
      return false;
    }
    b.units -= HOUR_NANOS;
    return true;
  }

  /** Drops buckets that have refilled: a fresh bucket starts full, so nothing is lost. */
  private void pruneFullBuckets(long nowNanos) {
    long fullAfter = nowNanos - HOUR_NANOS;
    buckets.values().removeIf(b -> b.refilledAtNanos <= fullAfter);
  }
}
