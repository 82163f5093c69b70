package com.inkzee.web.fever;

import com.inkzee.rpc.api.ranker.RankerMessages.UnreadRecentlyReadRequest;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.web.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Fever's writes: {@code mark=item} with {@code as=read|unread|saved|unsaved}, and {@code
 * mark=feed|group} with {@code as=read} and {@code before} (Unix seconds). Reading an item goes
 * through the ranker's {@code setEntryStates}, so the other copies of the story (its duplicate
 * cluster) are read too, as in the web reader. A feed or group is marked read by the ranker's
 * {@code markAllRead} with {@code seenBefore}: the entries that arrived (were first seen) before
 * {@code before}, the app's last refresh, so one that arrived since stays unread even when it was
 * published earlier. Group 0 is Fever's Kindling, every feed; group -1 (Sparks) has no feeds here,
 * so marking it changes nothing. {@code unread_recently_read=1} takes back the read marks of the
 * last ten minutes.
 */
final class FeverMarks {
  /** What a mark changed, so the answer can carry the matching id list as the spec asks. */
  enum Changed {
    READ,
    SAVED
  }

  /**
   * How far back {@code unread_recently_read} reaches: long enough to take back a mark made by
   * mistake (a whole group read with one swipe), short enough not to undo a session's reading.
   * Coldsweat, a Fever server, uses the same ten minutes.
   */
  static final Duration RECENTLY_READ = Duration.ofMinutes(10);

  private FeverMarks() {}

  /**
   * {@code unread_recently_read=1}: what was marked read in the last {@link #RECENTLY_READ} is
   * unread again (through the ranker, which knows when each entry was read).
   */
  static Changed unreadRecentlyRead(FeverCall c, Instant now) {
    String v = c.params().get("unread_recently_read");
    if (!"1".equals(v == null ? null : v.strip())) {
      throw ApiException.badRequest("unread_recently_read takes 1, not '" + v + "'");
    }
    c.ranker()
        .unreadRecentlyRead(new UnreadRecentlyReadRequest(c.userId(), now.minus(RECENTLY_READ)));
    return Changed.READ;
  }

  /**
   * The latest {@code before} taken as given, the end of year 9999: an app's last refresh is never
   * near it, and every entry that will ever arrive arrived before it. A larger value (an app
   * sending milliseconds, or 99999999999999999) means the same to the reader, everything so far,
   * but no timestamp on the way holds it (Instant, the RPC's microseconds, the database), so it is
   * taken as this rather than failing the call.
   */
  static final long MAX_BEFORE = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  static Instant before(long epochSeconds) {
    return Instant.ofEpochSecond(Math.min(epochSeconds, MAX_BEFORE));
  }

  static Changed mark(FeverCall c) {
    FeverParams p = c.params();
    RankerService ranker = c.ranker();
    long userId = c.userId();
    String what = p.get("mark").strip().toLowerCase(Locale.ROOT);
    String as = p.get("as") == null ? "" : p.get("as").strip().toLowerCase(Locale.ROOT);
    switch (what) {
      case "item" -> {
        long id = p.number("id", 1);
        SetEntryStatesRequest r =
            switch (as) {
              case "read" -> new SetEntryStatesRequest(userId, List.of(id), true, null, null);
              case "unread" -> new SetEntryStatesRequest(userId, List.of(id), false, null, null);
              case "saved" -> new SetEntryStatesRequest(userId, List.of(id), null, true, null);
              case "unsaved" -> new SetEntryStatesRequest(userId, List.of(id), null, false, null);
              default ->
                  throw ApiException.badRequest(
                      "as must be read, unread, saved or unsaved for mark=item, not '" + as + "'");
            };
        ranker.setEntryStates(r);
        return r.read() != null ? Changed.READ : Changed.SAVED;
      }
      case "feed", "group" -> {
        if (!as.equals("read")) {
          throw ApiException.badRequest("as must be read for mark=" + what + ", not '" + as + "'");
        }
        long id = p.number("id", what.equals("group") ? -1 : 1);
        Instant before = before(p.number("before", 0));
        List<Long> feeds = what.equals("feed") ? feed(id, c.folders()) : group(id, c.folders());
        if (feeds != null) {
          ranker.markAllRead(new MarkAllReadRequest(userId, feeds, null, null, before));
        }
        return Changed.READ;
      }
      default ->
          throw ApiException.badRequest("mark must be item, feed or group, not '" + what + "'");
    }
  }

  /** The one feed, if the reader follows it (the store would mark any feed's entries). */
  private static List<Long> feed(long feedId, FeverCall.Folders f) {
    for (Subscription s : f.subscriptions()) {
      if (s.feedId() == feedId) {
        return List.of(feedId);
      }
    }
    throw ApiException.notFound("you follow no feed " + feedId);
  }

  /** The group's feeds: empty for Kindling (every feed), null for Sparks (nothing to mark). */
  private static List<Long> group(long groupId, FeverCall.Folders f) {
    if (groupId == 0) {
      return List.of();
    }
    if (groupId == -1) {
      return null;
    }
    String folder = f.groups().folder(groupId);
    if (folder == null) {
      throw ApiException.notFound("you have no group " + groupId);
    }
    List<Long> feeds = f.groups().feedIds(folder);
    // Never an empty list here: to markAllRead that means every feed.
    return feeds.isEmpty() ? null : feeds;
  }
}
