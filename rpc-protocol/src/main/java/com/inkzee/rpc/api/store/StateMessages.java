package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/** A user's marks on entries: read, starred, liked or disliked. */
public final class StateMessages {
  private StateMessages() {}

  /**
   * {@code liking}: 1 liked, -1 disliked, 0 neither. {@code feedId} (new in 1.3): the entry's feed,
   * so the ranker learns per-feed affinity without another lookup (0 for an entry that does not
   * exist).
   */
  public record EntryState(
      @Field(1) long entryId,
      @Field(2) boolean read,
      @Field(3) boolean starred,
      @Field(4) int liking,
      @Field(5) Instant readAt,
      @Field(6) long feedId) {}

  /** Sets the given marks on each entry; a null mark is left as it is. */
  public record SetEntryStatesRequest(
      @Field(1) long userId,
      @Field(2) List<Long> entryIds,
      @Field(3) Boolean read,
      @Field(4) Boolean starred,
      @Field(5) Integer liking) {}

  /** {@code changed}: entries that exist and now carry the marks. */
  public record SetEntryStatesResponse(@Field(1) int changed) {}

  public record GetEntryStatesRequest(@Field(1) long userId, @Field(2) List<Long> entryIds) {}

  /** States of the entries asked for; an entry never marked reads as all-false. */
  public record GetEntryStatesResponse(@Field(1) List<EntryState> states) {}

  /**
   * Marks read every entry of {@code feedIds} (empty: all the user's subscriptions; a feed the user
   * does not follow is skipped) up to and including entry {@code upToEntryId}'s position, or up to
   * time {@code upTo} (at most one of the two: positions and times are the river's, sort times).
   * {@code seenBefore} (new in 1.5) keeps only entries the store first saw before that instant:
   * their arrival, which is what a reading app's "mark all read before" means (an entry that
   * arrives later is unread whatever its published date says). At least one of the three bounds is
   * required.
   */
  public record MarkAllReadRequest(
      @Field(1) long userId,
      @Field(2) List<Long> feedIds,
      @Field(3) Long upToEntryId,
      @Field(4) Instant upTo,
      @Field(5) Instant seenBefore) {}

  /** {@code marked}: entries that were unread before. */
  public record MarkAllReadResponse(@Field(1) int marked) {}

  /**
   * The user's marked entries (read, starred, liked or disliked) with an entry id above {@code
   * afterEntryId}, by entry id, {@code limit} at a time. New in 1.3.
   */
  public record UserStatesRequest(
      @Field(1) long userId, @Field(2) long afterEntryId, @Field(3) int limit) {}

  /** A page of marks; fewer than the limit (or none) on the last page. */
  public record UserStatesResponse(@Field(1) List<EntryState> states) {}

  /** Asks for the user's marks counted per followed feed (new in 1.11). */
  public record MarkCountsRequest(@Field(1) long userId) {}

  /**
   * The user's marks on one followed feed's entries, counted (new in 1.11): entries read, starred,
   * liked and disliked. An entry with several marks counts once for each.
   */
  public record FeedMarkCounts(
      @Field(1) long feedId,
      @Field(2) long reads,
      @Field(3) long stars,
      @Field(4) long likes,
      @Field(5) long dislikes) {}

  /**
   * Every feed the user follows that has at least one of their marks, by feed id (new in 1.11):
   * what the ranker learns source affinity from, without reading every mark.
   */
  public record MarkCountsResponse(@Field(1) List<FeedMarkCounts> feeds) {}
}
