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
   *
   * <p>{@code keepTitle} (new in 1.8): a feed the user already follows keeps its title as it is
   * (the reader's own, or none, so that the feed's title shows and follows the feed's changes),
   * while folder and priority are set. For a caller that moves a feed or changes its priority: the
   * title it read back from {@link Subscription} cannot tell the reader's own title from the
   * feed's, and sending it back would freeze the feed's current title as the reader's. Such a
   * caller still sends that title in {@code title}, which a 1.7 store, not knowing {@code
   * keepTitle}, sets as before.
   */
  public record SubscribeRequest(
      @Field(1) long userId,
      @Field(2) String feedUrl,
      @Field(3) String title,
      @Field(4) String folder,
      @Field(5) int priority,
      @Field(6) boolean keepExisting,
      @Field(7) boolean keepTitle) {
    /** Subscribes, or updates an existing subscription's title, folder and priority. */
    public SubscribeRequest(
        long userId, String feedUrl, String title, String folder, int priority) {
      this(userId, feedUrl, title, folder, priority, false, false);
    }

    /** Subscribes; with {@code keepExisting} a feed already followed is left as it is. */
    public SubscribeRequest(
        long userId,
        String feedUrl,
        String title,
        String folder,
        int priority,
        boolean keepExisting) {
      this(userId, feedUrl, title, folder, priority, keepExisting, false);
    }

    /**
     * Moves a followed feed to {@code folder} with {@code priority}, keeping its title; {@code
     * shownTitle} is what a 1.7 store sets instead.
     */
    public static SubscribeRequest rearrange(
        long userId, String feedUrl, String shownTitle, String folder, int priority) {
      return new SubscribeRequest(userId, feedUrl, shownTitle, folder, priority, false, true);
    }

    /**
     * Changes a followed feed's title or folder, whichever is not null, and keeps the rest as
     * {@code was} (the subscription as last read) has it; the title is kept as it is stored, so a
     * move does not make the feed's title the reader's own.
     */
    public static SubscribeRequest changing(
        long userId, Subscription was, String title, String folder) {
      String newFolder = folder != null ? folder : was.folder();
      return title != null
          ? new SubscribeRequest(userId, was.feedUrl(), title, newFolder, was.priority())
          : rearrange(userId, was.feedUrl(), was.title(), newFolder, was.priority());
    }
  }

  /**
   * One of a user's subscriptions; {@code title} is the user's override, else the feed's. New in
   * 1.2: {@code failing} (the feed has failed {@link AdminMessages#FAILING_AFTER_ERRORS} times in a
   * row; it is still retried daily) and {@code lastError}, the last fetch error (null after a
   * success). New in 1.12: {@code iconUrl}, the icon the feed declares (absolute http or https), or
   * null when it declares none or has not been fetched since.
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
      @Field(10) String lastError,
      @Field(11) String iconUrl) {
    /** A subscription whose feed's icon is not known. */
    public Subscription(
        long feedId,
        String feedUrl,
        String title,
        String siteUrl,
        String folder,
        int priority,
        FeedState feedState,
        Instant createdAt,
        boolean failing,
        String lastError) {
      this(
          feedId, feedUrl, title, siteUrl, folder, priority, feedState, createdAt, failing,
          lastError, null);
    }
  }

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
