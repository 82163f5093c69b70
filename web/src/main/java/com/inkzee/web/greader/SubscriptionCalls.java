package com.inkzee.web.greader;

import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteResponse;
import com.inkzee.rpc.api.store.AppReadingMessages.FeedUnread;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.web.api.ApiException;
import com.inkzee.web.api.Json;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import com.inkzee.web.ranker.RpcErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscriptions and folders: subscription/list, quickadd, subscription/edit, tag/list and
 * unread-count, in the shapes of FreshRSS's greader.php and Miniflux's googlereader README. A
 * folder is a label ({@code user/-/label/<folder>}); a feed is {@code feed/<feedId>}.
 */
final class SubscriptionCalls {
  /** Streams one subscription/edit may name. */
  static final int MAX_EDIT_STREAMS = 100;

  /**
   * Feeds one {@code ac=subscribe} may add. Each is a discovery through the fetcher (reading a
   * site); apps add one feed per request, and many at once is what an OPML import is for.
   * Unsubscribing or editing many is cheap and stays at {@link #MAX_EDIT_STREAMS}.
   */
  static final int MAX_SUBSCRIBE_STREAMS = 10;

  /**
   * The time one {@code ac=subscribe} may take for all its feeds together: what one quickadd may,
   * so that no request holds a worker (and its connection, idle meanwhile) longer than that.
   */
  static final Duration SUBSCRIBE_BUDGET = RankerGateway.SLOW_CALL_TIMEOUT;

  /** Less time left than this, a discovery is not started: it would only time out. */
  private static final Duration LEAST_TO_START = Duration.ofSeconds(1);

  private final RankerGateway ranker;
  private final Duration subscribeBudget;

  SubscriptionCalls(RankerGateway ranker, Duration subscribeBudget) {
    this.ranker = ranker;
    this.subscribeBudget = subscribeBudget;
  }

  WebResponse list(GReaderCall c) {
    List<Map<String, Object>> subs = new ArrayList<>();
    for (Subscription s : SubscriptionIndex.load(ranker, c.userId()).all()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", StreamId.feedId(s.feedId()));
      m.put("title", s.title() == null ? s.feedUrl() : s.title());
      m.put(
          "categories",
          s.folder() == null
              ? List.of()
              : List.of(
                  Json.object(
                      "id", StreamId.labelId(s.folder()), "label", s.folder(), "type", "folder")));
      m.put("url", s.feedUrl());
      m.put("htmlUrl", s.siteUrl() == null ? "" : s.siteUrl());
      // Clients expect the key; "" (unknown) is what it was before the store kept icons.
      m.put("iconUrl", s.iconUrl() == null ? "" : s.iconUrl());
      subs.add(m);
    }
    return Replies.json(Json.object("subscriptions", subs));
  }

  WebResponse tagList(GReaderCall c) {
    List<Map<String, Object>> tags = new ArrayList<>();
    tags.add(Json.object("id", StreamId.STARRED));
    for (String f : SubscriptionIndex.load(ranker, c.userId()).folders()) {
      tags.add(Json.object("id", StreamId.labelId(f), "label", f, "type", "folder"));
    }
    return Replies.json(Json.object("tags", tags));
  }

  WebResponse unreadCount(GReaderCall c) {
    SubscriptionIndex subs = SubscriptionIndex.load(ranker, c.userId());
    List<FeedUnread> feeds =
        ranker.ranker().unreadCounts(new UnreadCountsRequest(c.userId())).feeds();
    List<Map<String, Object>> counts = new ArrayList<>();
    Map<String, long[]> folders = new LinkedHashMap<>(); // folder -> {count, newest µs}
    long total = 0;
    long newest = 0;
    for (FeedUnread f : feeds) {
      long at = f.newestAt() == null ? 0 : ItemJson.micros(f.newestAt());
      counts.add(unread(StreamId.feedId(f.feedId()), f.unread(), at));
      Subscription s = subs.byFeedId(f.feedId());
      if (s != null && s.folder() != null) {
        long[] sum = folders.computeIfAbsent(s.folder(), k -> new long[2]);
        sum[0] += f.unread();
        sum[1] = Math.max(sum[1], at);
      }
      total += f.unread();
      newest = Math.max(newest, at);
    }
    folders.forEach((folder, sum) -> counts.add(unread(StreamId.labelId(folder), sum[0], sum[1])));
    counts.add(unread(StreamId.READING_LIST, total, newest));
    return Replies.json(Json.object("max", total, "unreadcounts", counts));
  }

  private static Map<String, Object> unread(String id, long count, long newestMicros) {
    return Json.object(
        "id", id, "count", count, "newestItemTimestampUsec", Long.toString(newestMicros));
  }

  /** quickadd: discovery through the fetcher, then subscribe to the best feed found. */
  WebResponse quickAdd(GReaderCall c) {
    String url = c.params().required("quickadd", "the address of a site or feed");
    url = url.strip();
    if (url.startsWith(StreamId.FEED_PREFIX)) {
      url = url.substring(StreamId.FEED_PREFIX.length());
    }
    try {
      SubscribeSiteResponse r =
          ranker.slowRanker().subscribeSite(new SubscribeSiteRequest(c.userId(), url, null, null));
      Subscription s = r.subscription();
      return Replies.json(
          Json.object(
              "numResults",
              1,
              "query",
              url,
              "streamId",
              StreamId.feedId(s.feedId()),
              "streamName",
              s.title() == null ? s.feedUrl() : s.title()));
    } catch (RpcException e) {
      if (e.status() == Status.NOT_FOUND || e.status() == Status.FAILED_PRECONDITION) {
        // The dialect's "nothing found" (FreshRSS and Miniflux answer numResults 0), with why.
        return Replies.json(
            Json.object("numResults", 0, "query", url, "error", String.valueOf(e.getMessage())));
      }
      throw e;
    }
  }

  /**
   * subscription/edit: {@code ac=subscribe} ({@code s=feed/<url>}, through discovery), {@code
   * unsubscribe} or {@code edit} ({@code s=feed/<id>}: {@code t} renames, {@code a} moves into a
   * folder, {@code r} takes it out). Every stream is checked before anything changes.
   */
  WebResponse edit(GReaderCall c) {
    FormParams p = c.params();
    String ac = p.required("ac", "subscribe, unsubscribe or edit");
    List<String> streams = p.all("s");
    if (streams.isEmpty()) {
      throw GReaderException.badRequest("s is required: the feed stream(s) to " + ac);
    }
    if (streams.size() > MAX_EDIT_STREAMS) {
      throw GReaderException.badRequest("at most " + MAX_EDIT_STREAMS + " s values at once");
    }
    if (ac.equals("subscribe") && streams.size() > MAX_SUBSCRIBE_STREAMS) {
      throw GReaderException.badRequest(
          "ac=subscribe adds at most "
              + MAX_SUBSCRIBE_STREAMS
              + " feeds at once, not "
              + streams.size()
              + ": send one request per feed, or import them as OPML (subscription/import)");
    }
    List<String> titles = p.raw("t");
    String addTo = folderOf(p.first("a"), "a", c.userId());
    String removeFrom = folderOf(p.first("r"), "r", c.userId());
    switch (ac) {
      case "subscribe" -> subscribe(c, streams, titles, addTo);
      case "unsubscribe" -> unsubscribe(c, streams);
      case "edit" -> edit(c, streams, titles, addTo, removeFrom);
      default ->
          throw GReaderException.badRequest(
              "ac must be subscribe, unsubscribe or edit, not '" + ItemIds.abbreviate(ac) + "'");
    }
    return Replies.ok();
  }

  private void subscribe(GReaderCall c, List<String> streams, List<String> titles, String folder) {
    List<String> urls = new ArrayList<>();
    for (String s : streams) {
      String v = s.strip();
      StreamId id =
          v.startsWith("http://") || v.startsWith("https://")
              ? new StreamId.FeedUrl(v)
              : StreamId.parse(v, "s", c.userId());
      if (!(id instanceof StreamId.FeedUrl u)) {
        throw GReaderException.badRequest(
            "ac=subscribe needs s=feed/<feed or site URL>, not " + ItemIds.abbreviate(s));
      }
      urls.add(u.url());
    }
    // One deadline for the whole request, not one per feed: each discovery may take what the
    // ones before it left, so ten slow sites cost SUBSCRIBE_BUDGET, not ten times it.
    long deadline = System.nanoTime() + subscribeBudget.toNanos();
    for (int i = 0; i < urls.size(); i++) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.compareTo(LEAST_TO_START) < 0) {
        throw partly(urls, i, 504, outOfTime());
      }
      try {
        ranker
            .slowRanker(left)
            .subscribeSite(
                new SubscribeSiteRequest(c.userId(), urls.get(i), folder, title(titles, i)));
      } catch (RpcException e) {
        if (urls.size() == 1) {
          throw e; // answered as any one call's failure
        }
        ApiException h = RpcErrors.toHttp(e);
        String why = e.status() == Status.DEADLINE_EXCEEDED ? outOfTime() : h.getMessage();
        throw partly(urls, i, h.status(), why);
      }
    }
  }

  private String outOfTime() {
    return "this request's "
        + subscribeBudget.toSeconds()
        + " s for subscribing, shared by all its feeds, ran out";
  }

  /**
   * The error for a subscribe that stopped at feed {@code failed}: which feeds it added (they stay
   * added), which one failed and why, and which were not tried, so the app or reader can retry only
   * those.
   */
  private static GReaderException partly(List<String> urls, int failed, int status, String why) {
    StringBuilder b = new StringBuilder("subscribed ").append(failed).append(" of ");
    b.append(urls.size()).append(" feeds");
    if (failed > 0) {
      b.append(" (").append(abbreviated(urls.subList(0, failed))).append(')');
    }
    b.append("; ").append(ItemIds.abbreviate(urls.get(failed))).append(" failed: ").append(why);
    if (failed + 1 < urls.size()) {
      b.append("; not tried: ").append(abbreviated(urls.subList(failed + 1, urls.size())));
    }
    return new GReaderException(status, b.toString());
  }

  private static String abbreviated(List<String> urls) {
    return String.join(", ", urls.stream().map(ItemIds::abbreviate).toList());
  }

  private void unsubscribe(GReaderCall c, List<String> streams) {
    SubscriptionIndex subs = SubscriptionIndex.load(ranker, c.userId());
    List<Long> feeds = new ArrayList<>();
    for (String s : streams) {
      feeds.add(subs.resolve(StreamId.parse(s, "s", c.userId())).feedId());
    }
    for (long f : feeds) {
      ranker.ranker().unsubscribe(new UnsubscribeRequest(c.userId(), f));
    }
  }

  /**
   * Renames or moves through the ranker's subscribe, which updates title, folder and priority of an
   * existing subscription in place (same feed row, so the reader's marks stay).
   */
  private void edit(
      GReaderCall c, List<String> streams, List<String> titles, String addTo, String removeFrom) {
    SubscriptionIndex subs = SubscriptionIndex.load(ranker, c.userId());
    List<Subscription> targets = new ArrayList<>();
    for (String s : streams) {
      targets.add(subs.resolve(StreamId.parse(s, "s", c.userId())));
    }
    if (addTo == null && removeFrom == null && titles.stream().allMatch(String::isBlank)) {
      throw GReaderException.badRequest("ac=edit needs t (a title), a (a label) or r (a label)");
    }
    for (int i = 0; i < targets.size(); i++) {
      Subscription s = targets.get(i);
      String title = title(titles, i);
      String folder = s.folder();
      if (addTo != null) {
        folder = addTo;
      } else if (removeFrom != null && removeFrom.equals(s.folder())) {
        folder = null;
      }
      ranker
          .ranker()
          .subscribe(
              title == null
                  ? SubscribeRequest.rearrange(
                      c.userId(), s.feedUrl(), s.title(), folder, s.priority())
                  : new SubscribeRequest(c.userId(), s.feedUrl(), title, folder, s.priority()));
    }
  }

  private static String title(List<String> titles, int i) {
    if (i >= titles.size() || titles.get(i).isBlank()) {
      return null;
    }
    return titles.get(i).strip();
  }

  /** The folder of {@code a} / {@code r}: a label; the reading list means none; null if absent. */
  private static String folderOf(String value, String param, long userId) {
    if (value == null || value.isBlank()) {
      return null;
    }
    StreamId id = StreamId.parse(value, param, userId);
    if (id instanceof StreamId.Label l) {
      return l.folder();
    }
    if (id instanceof StreamId.ReadingList) {
      return null;
    }
    throw GReaderException.badRequest(
        param + " must be a label (" + StreamId.LABEL_PREFIX + "<folder>), not " + value);
  }
}
