package com.inkzee.web.fever;

import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.AppReadingMessages;
import com.inkzee.rpc.api.store.AppReadingMessages.StateFilter;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesResponse;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntry;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.web.api.ApiException;
import com.inkzee.web.apps.ItemHtml;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code items}, {@code total_items}, {@code unread_item_ids} and {@code saved_item_ids}, from the
 * ranker's {@code userEntries}: item ids are entry ids, which grow in the order entries arrive, so
 * paging by {@code since_id} (ascending) or {@code max_id} (descending) sees every item exactly
 * once, however many arrive meanwhile.
 */
final class FeverItems {
  /** Items in one answer, as the spec says (and apps count on: they page until one is empty). */
  static final int PAGE = 50;

  /** {@code total_items} is counted at most this often per reader (it pages through every id). */
  static final Duration TOTAL_REMEMBERED = Duration.ofSeconds(30);

  /** Bounds the id lists: 100 pages of 10,000 ids; a reader with more gets the first million. */
  static final int MAX_ID_PAGES = 100;

  private static final int MAX_TOTALS = 10_000;

  private record Total(long count, Instant until) {}

  private final Clock clock;
  private final Map<Long, Total> totals = new ConcurrentHashMap<>();

  FeverItems(Clock clock) {
    this.clock = clock;
  }

  /**
   * One page of items: {@code since_id} (ids above it, ascending), {@code max_id} (ids below it,
   * descending; 0: from the newest), {@code with_ids} (those, at most 50, ascending), or none of
   * them (from the oldest, as {@code since_id=0}). Giving two of them is refused: servers disagree
   * on which wins.
   */
  List<Map<String, Object>> page(RankerService ranker, long userId, FeverParams p) {
    int given =
        (p.has("since_id") ? 1 : 0) + (p.has("max_id") ? 1 : 0) + (p.has("with_ids") ? 1 : 0);
    if (given > 1) {
      throw ApiException.badRequest("give one of since_id, max_id and with_ids, not several");
    }
    Long afterId = null;
    Long beforeId = null;
    List<Long> ids = List.of();
    boolean oldestFirst = true;
    if (p.has("max_id")) {
      long max = p.number("max_id", 0);
      beforeId = max == 0 ? null : max;
      oldestFirst = false;
    } else if (p.has("with_ids")) {
      ids = p.idList("with_ids");
    } else if (p.has("since_id")) {
      long since = p.number("since_id", 0);
      afterId = since == 0 ? null : since;
    }
    UserEntriesResponse r =
        ranker.userEntries(
            new UserEntriesRequest(
                userId,
                List.of(),
                null,
                StateFilter.ALL,
                ids,
                afterId,
                beforeId,
                null,
                null,
                oldestFirst,
                PAGE,
                false,
                true));
    List<Map<String, Object>> items = new ArrayList<>();
    for (UserEntry e : r.entries()) {
      items.add(item(e));
    }
    return items;
  }

  /** A Fever {@code item}: the content (else the summary) cleaned, the entry's time. */
  static Map<String, Object> item(UserEntry u) {
    Entry e = u.entry();
    String html = e.content() != null && !e.content().isBlank() ? e.content() : e.summary();
    Instant created = e.publishedAt() != null ? e.publishedAt() : u.sortAt();
    return FeverJson.object(
        "id", u.id(),
        "feed_id", u.feedId(),
        "title", FeverJson.text(e.title()),
        "author", FeverJson.text(e.author()),
        "html", ItemHtml.clean(html),
        "url", FeverJson.text(e.url()),
        "is_saved", FeverJson.bool(u.starred()),
        "is_read", FeverJson.bool(u.read()),
        "created_on_time", FeverJson.seconds(created));
  }

  /** All the reader's items, counted (remembered {@link #TOTAL_REMEMBERED} per reader). */
  long total(RankerService ranker, long userId) {
    Instant now = clock.instant();
    Total t = totals.get(userId);
    if (t != null && now.isBefore(t.until())) {
      return t.count();
    }
    long count = ids(ranker, userId, StateFilter.ALL).size();
    if (totals.size() >= MAX_TOTALS) {
      totals.clear();
    }
    totals.put(userId, new Total(count, now.plus(TOTAL_REMEMBERED)));
    return count;
  }

  /** The ids of the reader's items in a state, ascending, through id-only pages. */
  static List<Long> ids(RankerService ranker, long userId, StateFilter state) {
    List<Long> ids = new ArrayList<>();
    Long after = null;
    for (int page = 0; page < MAX_ID_PAGES; page++) {
      UserEntriesResponse r =
          ranker.userEntries(
              new UserEntriesRequest(
                  userId,
                  List.of(),
                  null,
                  state,
                  List.of(),
                  after,
                  null,
                  null,
                  null,
                  true,
                  AppReadingMessages.MAX_IDS_ONLY,
                  true,
                  false));
      for (UserEntry e : r.entries()) {
        ids.add(e.id());
      }
      if (!r.more() || r.entries().isEmpty()) {
        break;
      }
      after = r.entries().get(r.entries().size() - 1).id();
    }
    return ids;
  }
}
