package com.inkzee.web.api;

import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Subscriptions and folders ({@code /api/subscriptions}) and OPML ({@code /api/opml}). */
final class FeedApi {
  record SubscribeBody(String url, String folder, String title) {}

  /** Absent fields keep their value; an empty folder or title clears it. */
  record UpdateBody(String folder, String title, Integer priority) {}

  record OpmlBody(String opml) {}

  private final RankerGateway ranker;

  FeedApi(RankerGateway ranker) {
    this.ranker = ranker;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/api/subscriptions", true, this::list),
        Route.of("POST", "/api/subscriptions", true, this::subscribe),
        Route.of("PATCH", "/api/subscriptions/{feedId}", true, this::update),
        Route.of("DELETE", "/api/subscriptions/{feedId}", true, this::unsubscribe),
        Route.of("POST", "/api/opml", true, this::importOpml),
        Route.of("GET", "/api/opml", true, this::exportOpml));
  }

  private WebResponse list(ApiCall c) {
    var r = ranker.ranker().listSubscriptions(new ListSubscriptionsRequest(c.userId()));
    return Json.ok(Json.object("subscriptions", r.subscriptions(), "folders", r.folders()));
  }

  private WebResponse subscribe(ApiCall c) {
    SubscribeBody b = Json.read(c.request(), SubscribeBody.class);
    if (b.url() == null || b.url().isBlank()) {
      throw ApiException.badRequest("url is required: a site or feed address");
    }
    SubscribeSiteResponse r =
        ranker
            .slowRanker()
            .subscribeSite(
                new SubscribeSiteRequest(
                    c.userId(), b.url().strip(), emptyToNull(b.folder()), emptyToNull(b.title())));
    return Json.response(
        201,
        Json.object(
            "subscription",
            r.subscription(),
            "feedCreated",
            r.feedCreated(),
            "discovered",
            r.discovered()));
  }

  private WebResponse update(ApiCall c) {
    long feedId = c.pathId(1, "feed id");
    UpdateBody b = Json.read(c.request(), UpdateBody.class);
    Subscription s = find(c.userId(), feedId);
    String folder = b.folder() == null ? s.folder() : emptyToNull(b.folder());
    int priority = b.priority() == null ? s.priority() : b.priority();
    // No title given: keep the stored one, which the shown title cannot stand for (it may be the
    // feed's own, and sending it back would make it the reader's). "" resets to the feed's.
    SubscribeRequest change =
        b.title() == null
            ? SubscribeRequest.rearrange(c.userId(), s.feedUrl(), s.title(), folder, priority)
            : new SubscribeRequest(
                c.userId(), s.feedUrl(), emptyToNull(b.title()), folder, priority);
    var r = ranker.ranker().subscribe(change);
    return Json.ok(Json.object("subscription", r.subscription()));
  }

  private WebResponse unsubscribe(ApiCall c) {
    long feedId = c.pathId(1, "feed id");
    boolean removed =
        ranker.ranker().unsubscribe(new UnsubscribeRequest(c.userId(), feedId)).removed();
    if (!removed) {
      throw ApiException.notFound("you do not follow feed " + feedId);
    }
    return WebResponse.empty(204);
  }

  private WebResponse importOpml(ApiCall c) {
    OpmlBody b = Json.read(c.request(), OpmlBody.class);
    if (b.opml() == null || b.opml().isBlank()) {
      throw ApiException.badRequest("opml is required: the text of an OPML file");
    }
    var r = ranker.slowRanker().importOpml(new ImportOpmlRequest(c.userId(), b.opml()));
    return Json.ok(
        Json.object(
            "subscribed",
            r.subscribed(),
            "alreadyFollowed",
            r.alreadyFollowed(),
            "skipped",
            r.skipped(),
            "problems",
            r.problems()));
  }

  private WebResponse exportOpml(ApiCall c) {
    String opml = ranker.slowRanker().exportOpml(new ExportOpmlRequest(c.userId())).opml();
    return new WebResponse(200, "text/x-opml; charset=utf-8", opml.getBytes(StandardCharsets.UTF_8))
        .header("Content-Disposition", "attachment; filename=\"inkzee-subscriptions.opml\"");
  }

  private Subscription find(long userId, long feedId) {
    for (Subscription s :
        ranker.ranker().listSubscriptions(new ListSubscriptionsRequest(userId)).subscriptions()) {
      if (s.feedId() == feedId) {
        return s;
      }
    }
    throw ApiException.notFound("you do not follow feed " + feedId);
  }

  static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
