package com.inkzee.rpc.api.ranker;

import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoveredFeed;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/**
 * The ranker's own messages: rivers, digests, and the answers that say more than the store's. Where
 * the ranker only forwards a call to the store (subscriptions, rules, preferences), it takes and
 * returns the store's messages ({@code com.inkzee.rpc.api.store}). New in 1.3.
 */
public final class RankerMessages {
  /** Items in one river page or digest: a screenful many times over, and the store's page size. */
  public static final int MAX_RIVER_ITEMS = 1000;

  /** Entries one unreadRecentlyRead undoes at most: a large mark-all-read, not a whole history. */
  public static final int MAX_RECENTLY_READ = 10_000;

  /**
   * Longest wait of one awaitAlertHits: well under the 5-minute maximum call deadline and the
   * 90-second peer-silence timeout, so a client re-polls before anything in between gives up.
   */
  public static final int MAX_AWAIT_SECONDS = 60;

  private RankerMessages() {}

  /**
   * A page of the user's river: {@code order} (null: RANKED), unread entries only unless {@code
   * includeRead}, of one feed ({@code feedId}), one folder ({@code folder}) or all the user's feeds
   * (both null), {@code limit} items after {@code cursor} (null: the first page; otherwise the
   * previous page's {@code nextCursor}, opaque to the caller).
   */
  public record RiverRequest(
      @Field(1) long userId,
      @Field(2) RiverOrder order,
      @Field(3) boolean includeRead,
      @Field(4) Long feedId,
      @Field(5) String folder,
      @Field(6) String cursor,
      @Field(7) int limit) {}

  /**
   * One part of an item's score: the factor (e.g. {@code freshness}, {@code feed-affinity}, {@code
   * preference}), the points it added (negative: took away) and why, in words a reader understands.
   */
  public record ScorePart(@Field(1) String factor, @Field(2) double points, @Field(3) String why) {}

  /** Another entry of the same story (a near-duplicate collapsed under the item). */
  public record AlsoIn(
      @Field(1) long entryId,
      @Field(2) long feedId,
      @Field(3) String feedTitle,
      @Field(4) String url) {}

  /**
   * An entry as the river shows it: its feed's title (the user's override), the user's marks
   * ({@code liking} 1, -1 or 0), its score and the parts that make it up, the other entries of its
   * duplicate cluster, and its reading time in seconds.
   */
  public record RiverItem(
      @Field(1) long entryId,
      @Field(2) long feedId,
      @Field(3) String feedTitle,
      @Field(4) String title,
      @Field(5) String url,
      @Field(6) String author,
      @Field(7) String summary,
      @Field(8) Instant sortAt,
      @Field(9) boolean read,
      @Field(10) boolean starred,
      @Field(11) int liking,
      @Field(12) double score,
      @Field(13) List<ScorePart> why,
      @Field(14) List<AlsoIn> alsoIn,
      @Field(15) int readingSeconds,
      @Field(16) List<String> categories) {}

  /** {@code nextCursor} is null on the last page. */
  public record RiverResponse(@Field(1) List<RiverItem> items, @Field(2) String nextCursor) {}

  /**
   * A digest of the best unread entries that fit in {@code minutes} of reading, as of {@code asOf}
   * (null: now). Passing a previous answer's {@code asOf} back with a larger budget extends that
   * digest rather than starting a new one.
   */
  public record DigestRequest(
      @Field(1) long userId, @Field(2) int minutes, @Field(3) Instant asOf) {}

  /** An item of a digest, with its digest summary and its reading time in seconds. */
  public record DigestItem(
      @Field(1) RiverItem item, @Field(2) String summary, @Field(3) int readingSeconds) {}

  /**
   * The digest: items in reading order, their total reading time, the budget asked for (both in
   * seconds), and the time it was computed as of (pass it back to extend the digest).
   */
  public record DigestResponse(
      @Field(1) List<DigestItem> items,
      @Field(2) int totalSeconds,
      @Field(3) int budgetSeconds,
      @Field(4) Instant asOf) {}

  /**
   * {@code changed}: entries that exist and now carry the marks; {@code alsoMarked}: the ids of the
   * other entries of their duplicate clusters in the reader's feeds, marked read (or unread) with
   * them.
   */
  public record SetStatesResponse(@Field(1) int changed, @Field(2) List<Long> alsoMarked) {}

  /**
   * A long poll for alert hits: answered as soon as the user has hits with an id above {@code
   * afterHitId}, or with none after {@code maxWaitSeconds}.
   */
  public record AwaitAlertHitsRequest(
      @Field(1) long userId, @Field(2) long afterHitId, @Field(3) int maxWaitSeconds) {}

  /**
   * Follows a site or a feed by URL (new in 1.4): the ranker asks the fetcher to discover the feeds
   * {@code url} points at (the feed itself when it is one) and subscribes to the best. {@code
   * title} (the user's override, null: the feed's) and {@code folder} as in the store's subscribe.
   * A feed the user already follows changes only in what is given (since 1.8; before, a null folder
   * or title reset them).
   */
  public record SubscribeSiteRequest(
      @Field(1) long userId,
      @Field(2) String url,
      @Field(3) String folder,
      @Field(4) String title) {}

  /**
   * The subscription made, whether it created the feed row, and every feed discovery found (best
   * first; the first is the one followed), so a client can offer the others. New in 1.4.
   */
  public record SubscribeSiteResponse(
      @Field(1) Subscription subscription,
      @Field(2) boolean feedCreated,
      @Field(3) List<DiscoveredFeed> discovered) {}

  /**
   * Entries by id as the reader may see them (new in 1.4): entries of feeds the user does not
   * follow are left out, as missing ones are. {@code withContent} false leaves the content out. At
   * most {@code StoreLimits.MAX_IDS} ids.
   */
  public record EntriesRequest(
      @Field(1) long userId, @Field(2) List<Long> entryIds, @Field(3) boolean withContent) {}

  /**
   * Marks unread again what the reader marked read at or after {@code readSince} (new in 1.6): an
   * undo for a mark made by mistake, as the Fever API's {@code unread_recently_read}. A mark that
   * set read on an entry already read keeps the first time, as the store does.
   */
  public record UnreadRecentlyReadRequest(@Field(1) long userId, @Field(2) Instant readSince) {}

  /**
   * The entries marked unread, by id, and how many the store changed (new in 1.6). At most {@link
   * #MAX_RECENTLY_READ} are undone at once, the most recently read first; {@code more} says that
   * older ones within the time were left read.
   */
  public record UnreadRecentlyReadResponse(
      @Field(1) int unmarked, @Field(2) List<Long> entryIds, @Field(3) boolean more) {}
}
