package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/** Operators' calls: retention, feed statistics and per-feed options. */
public final class AdminMessages {
  /**
   * Consecutive errors after which a feed counts as failing: about a day and a half of the error
   * backoff (5 min doubling to the daily cap), long enough that a site's bad day does not flag it.
   */
  public static final int FAILING_AFTER_ERRORS = 10;

  private AdminMessages() {}

  /**
   * Purges entries older than {@code olderThanDays}, except starred ones and the newest {@code
   * keepNewestPerFeed} of each feed; each purged entry leaves a tombstone so its feed cannot bring
   * it back.
   */
  public record RetentionRequest(@Field(1) int olderThanDays, @Field(2) int keepNewestPerFeed) {}

  public record RetentionResponse(@Field(1) long purged) {}

  /** Statistics of {@code feedIds}, or (empty) of the {@code limit} feeds with most errors. */
  public record FeedStatsRequest(@Field(1) List<Long> feedIds, @Field(2) int limit) {}

  /**
   * One feed's fetch health; {@code notModifiedRatio} is 304 answers over fetches. New in 1.2:
   * {@code failing} is true after {@link #FAILING_AFTER_ERRORS} consecutive errors (the feed is
   * still retried at least daily, never dropped; {@code lastError} says why); {@code tlsExempt} is
   * the operator's TLS exception; {@code mergedIntoFeedId} the feed this one was merged into after
   * a permanent redirect (null if none).
   */
  public record FeedStats(
      @Field(1) long feedId,
      @Field(2) String url,
      @Field(3) String title,
      @Field(4) FeedState state,
      @Field(5) int subscribers,
      @Field(6) long entries,
      @Field(7) Instant lastFetchAt,
      @Field(8) int lastStatus,
      @Field(9) int consecutiveErrors,
      @Field(10) String lastError,
      @Field(11) long lastBytes,
      @Field(12) long lastLatencyMillis,
      @Field(13) long fetches,
      @Field(14) double notModifiedRatio,
      @Field(15) Instant nextFetchAt,
      @Field(16) String leaseOwner,
      @Field(17) boolean failing,
      @Field(18) boolean tlsExempt,
      @Field(19) Long mergedIntoFeedId) {}

  /**
   * Per-feed rows plus totals over the whole store ({@code failingFeeds}: new in 1.2). {@code
   * dueFeeds} counts what a lease would offer now: active, due, not leased, and followed or holding
   * a WebSub subscription to cancel; {@code leasedFeeds} the feeds under an unexpired lease.
   */
  public record FeedStatsResponse(
      @Field(1) List<FeedStats> feeds,
      @Field(2) long totalFeeds,
      @Field(3) long activeFeeds,
      @Field(4) long dueFeeds,
      @Field(5) long leasedFeeds,
      @Field(6) long totalEntries,
      @Field(7) long failingFeeds) {}

  /**
   * Sets an operator's options of one feed (all of them: a field left out is reset). {@code
   * tlsExempt} lets the fetcher accept the feed's certificate without strict verification (for a
   * site known to have a broken chain); it is handed to fetchers in every lease. New in 1.2.
   */
  public record FeedOptionsRequest(@Field(1) long feedId, @Field(2) boolean tlsExempt) {}

  /** The feed's options as stored after the call. */
  public record FeedOptionsResponse(@Field(1) long feedId, @Field(2) boolean tlsExempt) {}
}
