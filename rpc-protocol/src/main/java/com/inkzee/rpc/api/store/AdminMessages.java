package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/** Operators' calls: retention and feed statistics. */
public final class AdminMessages {
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

  /** One feed's fetch health; {@code notModifiedRatio} is 304 answers over fetches. */
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
      @Field(16) String leaseOwner) {}

  /** Per-feed rows plus totals over the whole store. */
  public record FeedStatsResponse(
      @Field(1) List<FeedStats> feeds,
      @Field(2) long totalFeeds,
      @Field(3) long activeFeeds,
      @Field(4) long dueFeeds,
      @Field(5) long leasedFeeds,
      @Field(6) long totalEntries) {}
}
