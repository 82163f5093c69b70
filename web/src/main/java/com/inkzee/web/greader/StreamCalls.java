package com.inkzee.web.greader;

import com.inkzee.rpc.api.store.AppReadingMessages;
import com.inkzee.rpc.api.store.AppReadingMessages.StateFilter;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntry;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.web.api.Json;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading streams: stream/contents (items with content), stream/items/ids (decimal ids only) and
 * stream/items/contents (items by id, any id form), shaped as FreshRSS's greader.php and Miniflux's
 * README show them.
 */
final class StreamCalls {
  /** Items with content in one page: the store's page. */
  static final int MAX_CONTENTS = AppReadingMessages.MAX_ENTRIES;

  /** Ids in one page: apps ask for 1,000 to 10,000 at once (the store's ids-only page). */
  static final int MAX_IDS = AppReadingMessages.MAX_IDS_ONLY;

  /** Ids in one stream/items/contents call. */
  static final int MAX_ITEMS = StoreLimits.MAX_IDS;

  private final RankerGateway ranker;
  private final StreamLister lister;
  private final Clock clock;

  StreamCalls(RankerGateway ranker, Clock clock) {
    this.ranker = ranker;
    this.lister = new StreamLister(ranker);
    this.clock = clock;
  }

  /** The stream of stream/contents: the path's, else {@code s}, else the reading list. */
  WebResponse contents(GReaderCall c) {
    String named = !c.pathStream().isEmpty() ? c.pathStream() : c.params().first("s");
    StreamId stream =
        named == null || named.isBlank()
            ? new StreamId.ReadingList()
            : StreamId.parse(named, "stream", c.userId());
    StreamQuery q = StreamQuery.parse(c.params(), stream, MAX_CONTENTS, c.userId());
    SubscriptionIndex subs = SubscriptionIndex.load(ranker, c.userId());
    StreamLister.Page page = lister.list(c.reader(), q, subs, false);
    Map<String, Object> out = stream(stream.id(), title(stream), page.items(), subs);
    if (page.next() != null) {
      out.put("continuation", page.next().encode());
    }
    return Replies.json(out);
  }

  WebResponse itemIds(GReaderCall c) {
    List<String> s = c.params().all("s");
    if (s.size() > 1 && s.stream().distinct().count() > 1) {
      throw GReaderException.badRequest("one s at a time, not " + s.size());
    }
    StreamId stream = StreamId.parse(s.isEmpty() ? null : s.get(0), "s", c.userId());
    StreamQuery q = StreamQuery.parse(c.params(), stream, MAX_IDS, c.userId());
    SubscriptionIndex subs =
        stream instanceof StreamId.Feed || stream instanceof StreamId.FeedUrl
            ? SubscriptionIndex.load(ranker, c.userId())
            : null;
    StreamLister.Page page = lister.list(c.reader(), q, subs, true);
    List<Map<String, Object>> refs = new ArrayList<>(page.items().size());
    for (UserEntry e : page.items()) {
      refs.add(Json.object("id", ItemIds.shortForm(e.id())));
    }
    Map<String, Object> out = Json.object("itemRefs", refs);
    if (page.next() != null) {
      out.put("continuation", page.next().encode());
    }
    return Replies.json(out);
  }

  WebResponse itemContents(GReaderCall c) {
    List<Long> ids = ItemIds.parseAll(c.params().all("i"), "i", MAX_ITEMS);
    if (ids.isEmpty()) {
      throw GReaderException.badRequest("i is required: the ids of the items to send");
    }
    boolean oldest = StreamQuery.oldestFirst(c.params().first("r"));
    List<UserEntry> found =
        ranker
            .ranker()
            .userEntries(
                new UserEntriesRequest(
                    c.userId(),
                    List.of(),
                    null,
                    StateFilter.ALL,
                    ids,
                    null,
                    null,
                    null,
                    null,
                    oldest,
                    ids.size(),
                    false,
                    true))
            .entries();
    SubscriptionIndex subs = SubscriptionIndex.load(ranker, c.userId());
    return Replies.json(stream(StreamId.READING_LIST, "Reading List", found, subs));
  }

  private Map<String, Object> stream(
      String id, String title, List<UserEntry> items, SubscriptionIndex subs) {
    List<Map<String, Object>> out = new ArrayList<>(items.size());
    for (UserEntry e : items) {
      out.add(ItemJson.item(e, subs));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("direction", "ltr");
    m.put("id", id);
    m.put("title", title);
    m.put("updated", clock.instant().getEpochSecond());
    m.put("items", out);
    return m;
  }

  private static String title(StreamId s) {
    if (s instanceof StreamId.Label l) {
      return l.folder();
    }
    if (s instanceof StreamId.State st) {
      return st.name().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + st.name().substring(1);
    }
    return s instanceof StreamId.ReadingList ? "Reading List" : s.id();
  }
}
