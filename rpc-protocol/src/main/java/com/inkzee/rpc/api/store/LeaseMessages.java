package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/** The fetch queue: fetchers lease due feeds and report what each fetch came to. */
public final class LeaseMessages {
  private LeaseMessages() {}

  /**
   * Leases up to {@code max} due feeds to {@code owner} for {@code leaseSeconds}. Not idempotent: a
   * retry would lease another batch.
   */
  public record LeaseRequest(
      @Field(1) String owner, @Field(2) int max, @Field(3) int leaseSeconds) {}

  /** A leased feed with what a conditional GET needs. */
  public record LeasedFeed(
      @Field(1) long feedId,
      @Field(2) String url,
      @Field(3) String etag,
      @Field(4) String lastModified,
      @Field(5) int consecutiveErrors,
      @Field(6) String websubTopic) {}

  public record LeaseResponse(@Field(1) List<LeasedFeed> feeds, @Field(2) Instant leaseExpiresAt) {}

  /**
   * The result of fetching a leased feed. Rejected with FAILED_PRECONDITION when {@code owner} no
   * longer holds the lease (it expired and another fetcher may have the feed). A null {@code
   * nextFetchAt} lets the store choose (an hour, backing off after errors).
   */
  public record FetchReport(
      @Field(1) long feedId,
      @Field(2) String owner,
      @Field(3) FetchOutcome outcome,
      @Field(4) int httpStatus,
      @Field(5) String etag,
      @Field(6) String lastModified,
      @Field(7) Instant nextFetchAt,
      @Field(8) String error,
      @Field(9) long bytes,
      @Field(10) long latencyMillis,
      @Field(11) String title,
      @Field(12) String siteUrl,
      @Field(13) String redirectUrl,
      @Field(14) String websubHub,
      @Field(15) String websubTopic) {}

  /** The feed's state after the report, and when it is due again. */
  public record FetchReportResponse(
      @Field(1) FeedState feedState,
      @Field(2) Instant nextFetchAt,
      @Field(3) int consecutiveErrors) {}
}
