package com.inkzee.rpc.api.store;

import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/**
 * What reading apps list, new in 1.5: a user's entries by id with their marks, and unread counts.
 * Entry ids grow in the order the store first saw the entries, so listing by id is listing by
 * arrival, as Google Reader's streams ("crawl time") and Fever's items are; keyset paging on the id
 * returns every entry exactly once however entries arrive meanwhile.
 */
public final class AppReadingMessages {
  /** Most entries in one page with content or text. */
  public static final int MAX_ENTRIES = 1000;

  /** Most entries in one page of ids only. */
  public static final int MAX_IDS_ONLY = 10_000;

  private AppReadingMessages() {}

  /** Which of the user's entries: all, by read mark, or starred. */
  public enum StateFilter {
    ALL,
    UNREAD,
    READ,
    STARRED
  }

  /**
   * The user's entries (of feeds they follow only) by id, newest first unless {@code oldestFirst}.
   *
   * <ul>
   *   <li>{@code feedIds}: only these feeds (empty: every feed followed; a feed not followed gives
   *       nothing; at most {@link StoreLimits#MAX_IDS}); {@code folder}: only feeds in that folder
   *       (null or blank: any);
   *   <li>{@code state} (null: ALL); {@code entryIds}: only these ids (empty: any; at most {@link
   *       StoreLimits#MAX_IDS});
   *   <li>{@code afterId} / {@code beforeId}: exclusive id bounds (null: none), the keyset cursor;
   *   <li>{@code seenFrom} / {@code seenUntil}: {@code seenFrom <= firstSeenAt < seenUntil} (null:
   *       none);
   *   <li>{@code limit}: 1..{@link #MAX_ENTRIES}, or 1..{@link #MAX_IDS_ONLY} with {@code idsOnly};
   *   <li>{@code idsOnly}: each item without its {@code entry}; {@code withContent} false leaves
   *       the entry's content out.
   * </ul>
   */
  public record UserEntriesRequest(
      @Field(1) long userId,
      @Field(2) List<Long> feedIds,
      @Field(3) String folder,
      @Field(4) StateFilter state,
      @Field(5) List<Long> entryIds,
      @Field(6) Long afterId,
      @Field(7) Long beforeId,
      @Field(8) Instant seenFrom,
      @Field(9) Instant seenUntil,
      @Field(10) boolean oldestFirst,
      @Field(11) int limit,
      @Field(12) boolean idsOnly,
      @Field(13) boolean withContent) {}

  /**
   * One of the user's entries with its marks; {@code entry} is null with {@code idsOnly}. {@code
   * firstSeenAt} is when the store first saw it (its crawl time), {@code sortAt} the time the river
   * sorts it by.
   */
  public record UserEntry(
      @Field(1) long id,
      @Field(2) long feedId,
      @Field(3) Instant firstSeenAt,
      @Field(4) Instant sortAt,
      @Field(5) boolean read,
      @Field(6) boolean starred,
      @Field(7) Entry entry) {}

  /**
   * A page in the order asked for; {@code more}: there are entries past the last one (continue with
   * its id as {@code beforeId}, or {@code afterId} when oldest first).
   */
  public record UserEntriesResponse(@Field(1) List<UserEntry> entries, @Field(2) boolean more) {}

  public record UnreadCountsRequest(@Field(1) long userId) {}

  /** A followed feed's unread entries and the newest one's {@code firstSeenAt} (null: none). */
  public record FeedUnread(
      @Field(1) long feedId, @Field(2) int unread, @Field(3) Instant newestAt) {}

  /** Every feed the user follows, with unread entries or not, by feed id. */
  public record UnreadCountsResponse(@Field(1) List<FeedUnread> feeds) {}
}
