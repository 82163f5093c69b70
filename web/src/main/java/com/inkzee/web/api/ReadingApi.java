package com.inkzee.web.api;

import com.inkzee.rpc.api.ranker.RankerMessages.DigestRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RiverOrder;
import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** The river, opening entries, marks and the digest. */
final class ReadingApi {
  /** Items of one river page: a few screens; the ranker allows 1000, a browser needs fewer. */
  static final int MAX_PAGE = 200;

  /** Longest digest budget: a day, as the ranker allows. */
  static final int MAX_DIGEST_MINUTES = 1440;

  record StatesBody(List<Long> entryIds, Boolean read, Boolean starred, Integer liking) {}

  /**
   * {@code upTo}: a river (sort) time; {@code seenBefore}: an arrival time, such as the river's
   * {@code asOf}, so that what arrived after the reader looked stays unread.
   */
  record MarkAllReadBody(List<Long> feedIds, Instant upTo, Instant seenBefore) {}

  /** An entry opened: what the page shows, content being the fetcher's sanitised HTML. */
  record EntryView(
      long id,
      long feedId,
      String title,
      String url,
      String author,
      Instant publishedAt,
      Instant sortAt,
      String contentHtml,
      List<String> categories,
      List<Enclosure> enclosures,
      int wordCount) {}

  private final RankerGateway ranker;
  private final Clock clock;

  ReadingApi(RankerGateway ranker, Clock clock) {
    this.ranker = ranker;
    this.clock = clock;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/api/river", true, this::river)
            .taking("feed", "folder", "read", "order", "cursor", "limit"),
        Route.of("GET", "/api/entries/{id}", true, this::entry),
        Route.of("POST", "/api/entries/state", true, this::states),
        Route.of("POST", "/api/mark-all-read", true, this::markAllRead),
        Route.of("GET", "/api/digest", true, this::digest).taking("minutes", "asOf"));
  }

  private WebResponse river(ApiCall c) {
    var q = c.request();
    Long feedId = Params.optionalId(q.param("feed"), "feed");
    String folder = FeedApi.emptyToNull(q.param("folder"));
    if (feedId != null && folder != null) {
      throw ApiException.badRequest("give feed or folder, not both");
    }
    String read = q.param("read") == null ? "unread" : q.param("read");
    if (!read.equals("unread") && !read.equals("all")) {
      throw ApiException.badRequest("read must be 'unread' or 'all'");
    }
    // Taken before the river is read: everything in it arrived before this, so the page can
    // send it back as mark-all-read's seenBefore.
    Instant asOf = clock.instant();
    var r =
        ranker
            .ranker()
            .river(
                new RiverRequest(
                    c.userId(),
                    order(q.param("order")),
                    read.equals("all"),
                    feedId,
                    folder,
                    FeedApi.emptyToNull(q.param("cursor")),
                    Params.intIn(q.param("limit"), "limit", 50, 1, MAX_PAGE)));
    return Json.ok(
        Json.object("items", r.items(), "nextCursor", r.nextCursor(), "asOf", asOf.toString()));
  }

  private static RiverOrder order(String text) {
    if (text == null || text.isEmpty()) {
      return RiverOrder.RANKED;
    }
    try {
      return RiverOrder.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("order must be ranked, newest or oldest");
    }
  }

  private WebResponse entry(ApiCall c) {
    long id = c.pathId(1, "entry id");
    List<Entry> found = ranker.entries(c.userId(), List.of(id), true);
    if (found.isEmpty()) {
      throw ApiException.notFound("no entry " + id + " in your feeds");
    }
    Entry e = found.get(0);
    return Json.ok(
        Json.object(
            "entry",
            new EntryView(
                e.id(),
                e.feedId(),
                e.title(),
                e.url(),
                e.author(),
                e.publishedAt(),
                e.sortAt(),
                e.content() != null && !e.content().isBlank() ? e.content() : e.summary(),
                e.categories(),
                e.enclosures(),
                e.wordCount())));
  }

  private WebResponse states(ApiCall c) {
    StatesBody b = Json.read(c.request(), StatesBody.class);
    if (b.entryIds() == null || b.entryIds().isEmpty()) {
      throw ApiException.badRequest("entryIds is required: the entries to mark");
    }
    if (b.entryIds().size() > StoreLimits.MAX_IDS) {
      throw ApiException.badRequest("at most " + StoreLimits.MAX_IDS + " entryIds at once");
    }
    if (b.read() == null && b.starred() == null && b.liking() == null) {
      throw ApiException.badRequest("give at least one of read, starred, liking");
    }
    if (b.liking() != null && (b.liking() < -1 || b.liking() > 1)) {
      throw ApiException.badRequest("liking must be -1 (dislike), 0 or 1 (like)");
    }
    var r =
        ranker
            .ranker()
            .setEntryStates(
                new SetEntryStatesRequest(
                    c.userId(), b.entryIds(), b.read(), b.starred(), b.liking()));
    return Json.ok(Json.object("changed", r.changed(), "alsoMarked", r.alsoMarked()));
  }

  private WebResponse markAllRead(ApiCall c) {
    MarkAllReadBody b = Json.read(c.request(), MarkAllReadBody.class);
    List<Long> feeds = b.feedIds() == null ? List.of() : b.feedIds();
    if (feeds.size() > StoreLimits.MAX_IDS) {
      throw ApiException.badRequest("at most " + StoreLimits.MAX_IDS + " feedIds at once");
    }
    // No bound at all: everything up to now. seenBefore alone bounds by arrival only.
    Instant upTo = b.upTo() == null && b.seenBefore() == null ? clock.instant() : b.upTo();
    var r =
        ranker
            .ranker()
            .markAllRead(new MarkAllReadRequest(c.userId(), feeds, null, upTo, b.seenBefore()));
    return Json.ok(Json.object("marked", r.marked()));
  }

  private WebResponse digest(ApiCall c) {
    int minutes = Params.intIn(c.request().param("minutes"), "minutes", 15, 1, MAX_DIGEST_MINUTES);
    Instant asOf = null;
    String at = c.request().param("asOf");
    if (at != null && !at.isEmpty()) {
      try {
        asOf = Instant.parse(at);
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest(
            "asOf must be an ISO-8601 instant such as 2025-01-01T08:00:00Z");
      }
    }
    return Json.ok(ranker.ranker().digest(new DigestRequest(c.userId(), minutes, asOf)));
  }
}
