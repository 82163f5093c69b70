package com.inkzee.web.greader;

import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Marks: edit-tag ({@code i} many ids in any form, {@code a} / {@code r} the read, kept-unread,
 * starred and like states, as Miniflux's README lists them) through the ranker's setEntryStates
 * (which marks a duplicate cluster's other entries read too), and mark-all-as-read ({@code s} a
 * feed, folder or the reading list, {@code ts} the time up to which, in microseconds).
 */
final class MarkCalls {
  /** Ids in one edit-tag call (sent to the ranker {@link StoreLimits#MAX_IDS} at a time). */
  static final int MAX_EDIT_IDS = 10_000;

  private final RankerGateway ranker;
  private final Clock clock;

  MarkCalls(RankerGateway ranker, Clock clock) {
    this.ranker = ranker;
    this.clock = clock;
  }

  /** The marks an edit-tag asks for; null: unchanged. */
  static final class Marks {
    Boolean read;
    Boolean starred;
    Integer liking;

    void read(boolean v) {
      if (read != null && read != v) {
        throw GReaderException.badRequest("a and r ask for read and unread at once");
      }
      read = v;
    }

    void starred(boolean v) {
      if (starred != null && starred != v) {
        throw GReaderException.badRequest("a and r both name " + StreamId.STARRED);
      }
      starred = v;
    }

    void liking(int v) {
      if (liking != null && liking != v) {
        throw GReaderException.badRequest("a and r both name " + StreamId.LIKE);
      }
      liking = v;
    }

    boolean any() {
      return read != null || starred != null || liking != null;
    }
  }

  static Marks marks(FormParams p, long userId) {
    List<String> add = p.all("a");
    List<String> remove = p.all("r");
    if (add.isEmpty() && remove.isEmpty()) {
      throw GReaderException.badRequest(
          "give a= or r=: " + StreamId.READ + " or " + StreamId.STARRED);
    }
    Marks m = new Marks();
    for (String a : add) {
      apply(m, StreamId.normaliseUser(a.strip(), userId), true, "a");
    }
    for (String r : remove) {
      apply(m, StreamId.normaliseUser(r.strip(), userId), false, "r");
    }
    return m;
  }

  private static void apply(Marks m, String tag, boolean add, String param) {
    switch (tag) {
      case StreamId.READ -> m.read(add);
      case StreamId.KEPT_UNREAD -> m.read(!add);
      case StreamId.STARRED -> m.starred(add);
      case StreamId.LIKE -> m.liking(add ? 1 : 0);
      case StreamId.BROADCAST -> {
        // Sharing is not a thing here; apps send it rarely and expect OK (Miniflux ignores it).
      }
      default ->
          throw GReaderException.badRequest(
              param
                  + " '"
                  + ItemIds.abbreviate(tag)
                  + "' is not supported: items carry "
                  + StreamId.READ
                  + ", "
                  + StreamId.STARRED
                  + " and "
                  + StreamId.LIKE
                  + " (labels are folders of feeds, not of items)");
    }
  }

  WebResponse editTag(GReaderCall c) {
    List<Long> ids = ItemIds.parseAll(c.params().all("i"), "i", MAX_EDIT_IDS);
    if (ids.isEmpty()) {
      throw GReaderException.badRequest("i is required: the ids of the items to mark");
    }
    Marks m = marks(c.params(), c.userId());
    if (!m.any()) {
      return Replies.ok();
    }
    for (int from = 0; from < ids.size(); from += StoreLimits.MAX_IDS) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + StoreLimits.MAX_IDS));
      ranker
          .ranker()
          .setEntryStates(
              new SetEntryStatesRequest(c.userId(), chunk, m.read, m.starred, m.liking));
    }
    return Replies.ok();
  }

  WebResponse markAllAsRead(GReaderCall c) {
    StreamId stream = StreamId.parse(c.params().first("s"), "s", c.userId());
    Instant ts = timestamp(c.params().first("ts"));
    // The store marks entries first seen strictly before the bound; ts itself is included (an
    // item's own timestampUsec marks that item, as FreshRSS marks ids <= ts), so one microsecond
    // past it, the store's precision.
    Instant upTo = ts == null ? clock.instant() : ts.plus(1, ChronoUnit.MICROS);
    List<Long> feeds;
    if (stream instanceof StreamId.ReadingList) {
      feeds = List.of(); // every followed feed
    } else if (stream instanceof StreamId.Label l) {
      feeds = SubscriptionIndex.load(ranker, c.userId()).feedsIn(l.folder());
      if (feeds.isEmpty()) {
        // An empty list would mean every feed: refuse rather than mark the whole reading list.
        throw new GReaderException(404, "you have no folder '" + l.folder() + "'");
      }
    } else if (stream instanceof StreamId.Feed || stream instanceof StreamId.FeedUrl) {
      feeds = List.of(SubscriptionIndex.load(ranker, c.userId()).resolve(stream).feedId());
    } else {
      throw GReaderException.badRequest(
          "s must be the reading list, a feed or a label to mark all read, not " + stream.id());
    }
    if (feeds.isEmpty()) {
      ranker.ranker().markAllRead(new MarkAllReadRequest(c.userId(), feeds, null, null, upTo));
    }
    for (int from = 0; from < feeds.size(); from += StoreLimits.MAX_IDS) {
      List<Long> chunk = feeds.subList(from, Math.min(feeds.size(), from + StoreLimits.MAX_IDS));
      ranker.ranker().markAllRead(new MarkAllReadRequest(c.userId(), chunk, null, null, upTo));
    }
    return Replies.ok();
  }

  /**
   * {@code ts}: microseconds since the epoch, as Google Reader and FreshRSS send it; seconds (up to
   * 11 digits) and milliseconds (up to 14) are accepted too, as Miniflux accepts seconds. Null, for
   * "now", when absent or 0: apps send 0 to mean everything (FreshRSS and Miniflux take it so), and
   * taken as 1970 it marked nothing while answering OK.
   */
  static Instant timestamp(String ts) {
    if (ts == null || ts.isBlank()) {
      return null;
    }
    try {
      long v = Long.parseLong(ts.strip());
      if (v == 0) {
        return null;
      }
      if (v > 0) {
        if (v < 100_000_000_000L) {
          return Instant.ofEpochSecond(v);
        }
        if (v < 100_000_000_000_000L) {
          return Instant.ofEpochMilli(v);
        }
        return Instant.ofEpochSecond(v / 1_000_000, (v % 1_000_000) * 1_000);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw GReaderException.badRequest(
        "ts must be a time in microseconds since 1970, not '" + ItemIds.abbreviate(ts) + "'");
  }
}
