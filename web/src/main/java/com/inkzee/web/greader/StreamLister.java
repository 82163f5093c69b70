package com.inkzee.web.greader;

import com.inkzee.rpc.api.ranker.RankerMessages;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverResponse;
import com.inkzee.rpc.api.ranker.RiverOrder;
import com.inkzee.rpc.api.store.AppReadingMessages.StateFilter;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesResponse;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntry;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.web.apps.AppReader;
import com.inkzee.web.ranker.RankerGateway;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages of a stream, from the ranker: in id order through {@code ranker.userEntries} (keyset on the
 * id, so each item comes exactly once), or, for the reading list in the default order when the app
 * password asks for it, in the ranker's RANKED order through {@code ranker.river}.
 */
final class StreamLister {
  /**
   * Raw pages read at most to fill one answer when the filters the store cannot apply at once
   * (starred and unread together) leave a page short; what is left comes with the continuation.
   */
  static final int MAX_ROUNDS = 5;

  /** A page: items (entries left null for ids only) and where the next one starts (null: none). */
  record Page(List<UserEntry> items, Continuation next) {}

  private final RankerGateway ranker;

  StreamLister(RankerGateway ranker) {
    this.ranker = ranker;
  }

  Page list(AppReader reader, StreamQuery q, SubscriptionIndex subs, boolean idsOnly) {
    Continuation c = q.continuation();
    boolean ranked =
        c != null ? c.kind() == Continuation.Kind.RANKED : reader.rankedOrder() && rankable(q);
    if (ranked) {
      if (!rankable(q)) {
        throw GReaderException.badRequest(
            "c continues the ranked reading list; ask again without r, it, ot or nt");
      }
      return ranked(reader.userId(), q, idsOnly);
    }
    return byId(reader.userId(), q, subs, idsOnly);
  }

  /** Whether the ranked order can serve this query: the reading list, newest-first, no filters. */
  static boolean rankable(StreamQuery q) {
    return q.stream() instanceof StreamId.ReadingList
        && !q.oldestFirst()
        && q.mustStarred() == null
        && !Boolean.TRUE.equals(q.mustRead())
        && q.seenFrom() == null
        && q.seenUntil() == null;
  }

  private Page ranked(long userId, StreamQuery q, boolean idsOnly) {
    Continuation c = q.continuation();
    RiverResponse river =
        ranker
            .ranker()
            .river(
                new RiverRequest(
                    userId,
                    RiverOrder.RANKED,
                    q.mustRead() == null,
                    null,
                    null,
                    c == null ? null : c.rankerCursor(),
                    Math.min(q.count(), RankerMessages.MAX_RIVER_ITEMS)));
    Map<Long, Entry> entries = new HashMap<>();
    if (!idsOnly && !river.items().isEmpty()) {
      List<Long> ids = river.items().stream().map(RiverItem::entryId).toList();
      ranker.entries(userId, ids, true).forEach(e -> entries.put(e.id(), e));
    }
    List<UserEntry> items = new ArrayList<>();
    for (RiverItem i : river.items()) {
      Entry e = entries.get(i.entryId());
      if (!idsOnly && e == null) {
        continue; // unfollowed between the two calls
      }
      items.add(
          new UserEntry(
              i.entryId(),
              i.feedId(),
              e == null ? i.sortAt() : e.firstSeenAt(),
              i.sortAt(),
              i.read(),
              i.starred(),
              e));
    }
    return new Page(
        items, river.nextCursor() == null ? null : Continuation.ranked(river.nextCursor()));
  }

  private Page byId(long userId, StreamQuery q, SubscriptionIndex subs, boolean idsOnly) {
    List<Long> feedIds = List.of();
    String folder = null;
    if (q.stream() instanceof StreamId.Feed || q.stream() instanceof StreamId.FeedUrl) {
      feedIds = List.of(subs.resolve(q.stream()).feedId());
    } else if (q.stream() instanceof StreamId.Label l) {
      folder = l.folder();
    }
    StateFilter state = state(q);
    Continuation c = q.continuation();
    Long last = c == null ? null : c.lastId();
    List<UserEntry> items = new ArrayList<>();
    boolean more = true;
    for (int round = 0; round < MAX_ROUNDS && more && items.size() < q.count(); round++) {
      UserEntriesResponse page =
          ranker
              .ranker()
              .userEntries(
                  new UserEntriesRequest(
                      userId,
                      feedIds,
                      folder,
                      state,
                      List.of(),
                      q.oldestFirst() ? last : null,
                      q.oldestFirst() ? null : last,
                      q.seenFrom(),
                      q.seenUntil(),
                      q.oldestFirst(),
                      q.count() - items.size(),
                      idsOnly,
                      !idsOnly));
      for (UserEntry e : page.entries()) {
        last = e.id();
        if (keeps(q, e)) {
          items.add(e);
        }
      }
      more = page.more() && !page.entries().isEmpty();
    }
    return new Page(items, more && last != null ? Continuation.byId(q.oldestFirst(), last) : null);
  }

  /** The one state the store filters by; the rest {@link #keeps} checks here. */
  static StateFilter state(StreamQuery q) {
    if (Boolean.TRUE.equals(q.mustStarred())) {
      return StateFilter.STARRED;
    }
    if (q.mustRead() != null) {
      return q.mustRead() ? StateFilter.READ : StateFilter.UNREAD;
    }
    return StateFilter.ALL;
  }

  static boolean keeps(StreamQuery q, UserEntry e) {
    return (q.mustRead() == null || q.mustRead() == e.read())
        && (q.mustStarred() == null || q.mustStarred() == e.starred());
  }
}
