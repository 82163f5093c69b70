package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/** Subscriptions: which user follows which feed, and how it is shown to them. */
public final class SubscriptionMessages {
  private SubscriptionMessages() {}

  /**
   * Follows {@code feedUrl}; the feed row is created once per normalised URL however many users
   * follow it. Subscribing again updates title, folder and priority, unless {@code keepExisting}
   * (new in 1.7): then a feed the user already follows keeps its title, folder and priority, for a
   * caller that does not know them (an OPML import, a command line) and must not wipe how the
   * reader arranged it.
   */
  public record SubscribeRequest(
      @Field(1) long userId,
      @Field(2) String feedUrl,
      @Field(3) String title,
      @Field(4) String folder,
      @Field(5) int priority,
      @Field(6) boolean keepExisting) {
    /** Subscribes, or updates an existing subscription's title, folder and priority. */
    public SubscribeRequest(
        long userId, String feedUrl, String title, String folder, int priority) {
      this(userId, feedUrl, title, folder, priority, false);
    }
  }

  /**
   * One of a user's subscriptions; {@code title} is the user's override, else the feed's. New in
   * 1.2: {@code failing} (the feed has failed {@link AdminMessages#FAILING_AFTER_ERRORS} times in a
   * row; it is still retried daily) and {@code lastError}, the last fetch error (null after a
   * success).
   */
  public record Subscription(
      @Field(1) long feedId,
      @Field(2) String feedUrl,
      @Field(3) String title,
      @Field(4) String siteUrl,
      @Field(5) String folder,
      @Field(6) int priority,
      @Field(7) FeedState feedState,
      @Field(8) Instant createdAt,
      @Field(9) boolean failing,
      @Field(10) String lastError) {}

  /**
   * {@code feedCreated}: this call created the feed row (nobody followed the URL before). {@code
   * alreadyFollowed} (new in 1.7): the user followed the feed before this call.
   */
  public record SubscribeResponse(
      @Field(1) Subscription subscription,
      @Field(2) boolean feedCreated,
      @Field(3) boolean alreadyFollowed) {
    public SubscribeResponse(Subscription subscription, boolean feedCreated) {
      this(subscription, feedCreated, false);
    }
  }

  public record UnsubscribeRequest(@Field(1) long userId, @Field(2) long feedId) {}

  /** {@code removed} is false when there was no such subscription. */
  public record UnsubscribeResponse(@Field(1) boolean removed) {}

  public record ListSubscriptionsRequest(@Field(1) long userId) {}

  /** Subscriptions ordered by folder, priority (highest first), title; folders sorted by name. */
  public record ListSubscriptionsResponse(
      @Field(1) List<Subscription> subscriptions, @Field(2) List<String> folders) {}

  public record OpmlExportRequest(@Field(1) long userId) {}

  /** One feed of an OPML export; {@code folder} is null for feeds outside any folder. */
  public record OpmlOutline(
      @Field(1) String folder,
      @Field(2) String title,
      @Field(3) String feedUrl,
      @Field(4) String siteUrl) {}

  /** The data of an OPML document; rendering the XML is the caller's job. */
  public record OpmlExportResponse(
      @Field(1) String userName, @Field(2) List<OpmlOutline> outlines) {}
}
