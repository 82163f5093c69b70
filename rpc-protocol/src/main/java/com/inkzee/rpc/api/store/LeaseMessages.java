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

  /**
   * A leased feed with what a conditional GET needs. New in 1.2: {@code pollIntervalSeconds} is the
   * interval the fetcher last reported for this feed (0: never), to reuse after a 304; {@code
   * subscribers} is how many users follow it (0: nobody any more, and the feed is leased only so
   * that the fetcher can unsubscribe from {@code websubHub}); {@code tlsExempt} is an operator's
   * per-feed exception to strict TLS verification; {@code websubHub} is the hub recorded for the
   * feed, null if none.
   */
  public record LeasedFeed(
      @Field(1) long feedId,
      @Field(2) String url,
      @Field(3) String etag,
      @Field(4) String lastModified,
      @Field(5) int consecutiveErrors,
      @Field(6) String websubTopic,
      @Field(7) int pollIntervalSeconds,
      @Field(8) int subscribers,
      @Field(9) boolean tlsExempt,
      @Field(10) String websubHub) {}

  public record LeaseResponse(@Field(1) List<LeasedFeed> feeds, @Field(2) Instant leaseExpiresAt) {}

  /**
   * The result of fetching a leased feed. Rejected with FAILED_PRECONDITION when {@code owner} no
   * longer holds the lease (it expired and another fetcher may have the feed). A null {@code
   * nextFetchAt} lets the store choose ({@code pollIntervalSeconds} if given, else an hour, backing
   * off after errors); after an ERROR the store never schedules more than a day ahead, whatever
   * {@code nextFetchAt} says.
   *
   * <p>{@code redirectUrl}, on any outcome, means every hop from the feed's URL to it was a
   * permanent redirect (301/308; temporary ones are never reported). After three consecutive
   * reports naming the same URL the feed moves there, or is merged into the feed that already has
   * it. A successful report (OK, NOT_MODIFIED) without one resets the count.
   *
   * <p>New in 1.2: {@code pollIntervalSeconds} is the interval the fetcher chose (0: not said, the
   * stored one stays), handed back in the next lease; {@code websubUnsubscribed} says the fetcher
   * unsubscribed from the feed's hub, so the store forgets the hub and topic.
   *
   * <p>New in 1.12: {@code iconUrl} is the icon the fetched feed declares (absolute http or https):
   * null means "not said" (an older fetcher, a 304, an error) and the stored icon stays; an empty
   * string, sent with an OK outcome, means the feed declares none (or none usable) and the stored
   * one is forgotten.
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
      @Field(15) String websubTopic,
      @Field(16) int pollIntervalSeconds,
      @Field(17) boolean websubUnsubscribed,
      @Field(18) String iconUrl) {
    /** A report that says nothing about the feed's icon: the stored one stays. */
    public FetchReport(
        long feedId,
        String owner,
        FetchOutcome outcome,
        int httpStatus,
        String etag,
        String lastModified,
        Instant nextFetchAt,
        String error,
        long bytes,
        long latencyMillis,
        String title,
        String siteUrl,
        String redirectUrl,
        String websubHub,
        String websubTopic,
        int pollIntervalSeconds,
        boolean websubUnsubscribed) {
      this(
          feedId,
          owner,
          outcome,
          httpStatus,
          etag,
          lastModified,
          nextFetchAt,
          error,
          bytes,
          latencyMillis,
          title,
          siteUrl,
          redirectUrl,
          websubHub,
          websubTopic,
          pollIntervalSeconds,
          websubUnsubscribed,
          null);
    }
  }

  /**
   * The feed's state after the report, and when it is due again. New in 1.2: {@code feedUrl} is the
   * feed's URL after the report (it changes when a permanent redirect is followed), {@code
   * mergedIntoFeedId} the feed that took over its subscribers when the redirect led to a URL
   * another feed already had (null otherwise; the feed is then GONE).
   */
  public record FetchReportResponse(
      @Field(1) FeedState feedState,
      @Field(2) Instant nextFetchAt,
      @Field(3) int consecutiveErrors,
      @Field(4) String feedUrl,
      @Field(5) Long mergedIntoFeedId) {}

  /** Makes a feed due now (an operator's "refresh"); NOT_FOUND for an unknown feed. New in 1.2. */
  public record MakeDueRequest(@Field(1) long feedId) {}

  /**
   * When the feed is due now (unchanged if it was due earlier) and its state: only an ACTIVE feed
   * that someone follows is leased.
   */
  public record MakeDueResponse(@Field(1) FeedState feedState, @Field(2) Instant nextFetchAt) {}
}
