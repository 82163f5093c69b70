package com.inkzee.web.fever;

import com.inkzee.rpc.api.store.AppReadingMessages.FeedUnread;
import com.inkzee.rpc.api.store.AppReadingMessages.StateFilter;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsRequest;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.web.api.ApiException;
import com.inkzee.web.api.Json;
import com.inkzee.web.apps.AppPasswords;
import com.inkzee.web.apps.AppReader;
import com.inkzee.web.http.WebRequest;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import com.inkzee.web.ranker.RpcErrors;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Fever API at {@code /api/fever} (and {@code /api/fever/}), for reading apps: the spec at
 * feedafever.com/api, read as FreshRSS and Miniflux serve it. An app is known by its {@code
 * api_key}, {@code md5("name:app password")}, POSTed with every call: no session cookie and no CSRF
 * header (an app sends neither; the key in the body is the credential, and a cross-site form that
 * knew it would not need this page). A wrong, revoked or missing key is answered 200 with {@code
 * auth} 0, as apps expect; a bad argument with a 4xx naming it.
 *
 * <p>Like FreshRSS, every part asked for ({@code groups}, {@code feeds}, {@code favicons}, {@code
 * items}, {@code links}, {@code unread_item_ids}, {@code saved_item_ids}) is in one answer, and a
 * {@code mark} is applied first, answered with the unread or saved ids after it.
 */
public final class FeverApi {
  /** The route's name in {@code /metrics}. */
  public static final String ROUTE = "/api/fever";

  private final RankerGateway ranker;
  private final AppPasswords passwords;
  private final Clock clock;
  private final FeverItems items;

  public FeverApi(RankerGateway ranker, AppPasswords passwords, Clock clock) {
    this.ranker = ranker;
    this.passwords = passwords;
    this.clock = clock;
    this.items = new FeverItems(clock);
  }

  /** Whether a path is the Fever endpoint (with or without the trailing slash apps add). */
  public static boolean handles(String path) {
    return path.equals("/api/fever") || path.equals("/api/fever/");
  }

  public WebResponse handle(WebRequest r) {
    return answer(r).route(ROUTE);
  }

  private WebResponse answer(WebRequest r) {
    if (!r.method().equals("POST") && !r.method().equals("GET")) {
      return FeverJson.error(
          new ApiException(405, "method_not_allowed", "the Fever API is called with POST"), false);
    }
    FeverParams p;
    AppReader reader;
    try {
      p = FeverParams.of(r);
      reader = passwords.byFeverKey(p.apiKey()).orElse(null);
    } catch (ApiException e) {
      return FeverJson.error(e, false);
    } catch (RpcException e) {
      return FeverJson.error(RpcErrors.toHttp(e), false);
    }
    if (reader == null) {
      return FeverJson.unauthenticated();
    }
    try {
      return Json.ok(body(new FeverCall(ranker.ranker(), reader, p)));
    } catch (ApiException e) {
      return FeverJson.error(e, true);
    } catch (RpcException e) {
      return FeverJson.error(RpcErrors.toHttp(e), true);
    }
  }

  private Map<String, Object> body(FeverCall c) {
    FeverParams p = c.params();
    if (!p.has("api")) {
      throw ApiException.badRequest("call the Fever API as /api/fever/?api");
    }
    if ("xml".equalsIgnoreCase(p.get("api"))) {
      throw ApiException.badRequest("api=xml is not supported: Inkzee answers JSON (?api)");
    }
    Instant now = clock.instant();
    Map<String, Object> out = FeverJson.authenticated(now);
    Set<FeverMarks.Changed> changed = EnumSet.noneOf(FeverMarks.Changed.class);
    if (p.has("unread_recently_read")) {
      changed.add(FeverMarks.unreadRecentlyRead(c, now));
    }
    if (p.has("mark")) {
      changed.add(FeverMarks.mark(c));
    }
    if (p.has("groups")) {
      out.put("groups", c.folders().groups().groups());
      out.put("feeds_groups", c.folders().groups().feedsGroups());
    }
    if (p.has("feeds")) {
      out.put("feeds", FeverFeeds.feeds(c.folders().subscriptions(), unread(c)));
      out.put("feeds_groups", c.folders().groups().feedsGroups());
    }
    if (p.has("favicons")) {
      out.put("favicons", FeverFeeds.favicons());
    }
    if (p.has("items")) {
      out.put("total_items", items.total(c.ranker(), c.userId()));
      out.put("items", items.page(c.ranker(), c.userId(), p));
    }
    if (p.has("links")) {
      out.put("links", FeverLinks.links(c, now));
    }
    if (p.has("unread_item_ids") || changed.contains(FeverMarks.Changed.READ)) {
      out.put(
          "unread_item_ids",
          FeverJson.idList(FeverItems.ids(c.ranker(), c.userId(), StateFilter.UNREAD)));
    }
    if (p.has("saved_item_ids") || changed.contains(FeverMarks.Changed.SAVED)) {
      out.put(
          "saved_item_ids",
          FeverJson.idList(FeverItems.ids(c.ranker(), c.userId(), StateFilter.STARRED)));
    }
    return out;
  }

  private static Map<Long, FeedUnread> unread(FeverCall c) {
    Map<Long, FeedUnread> byFeed = new HashMap<>();
    for (FeedUnread u : c.ranker().unreadCounts(new UnreadCountsRequest(c.userId())).feeds()) {
      byFeed.put(u.feedId(), u);
    }
    return byFeed;
  }
}
