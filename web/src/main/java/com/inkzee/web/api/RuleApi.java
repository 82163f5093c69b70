package com.inkzee.web.api;

import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.FilterAction;
import com.inkzee.rpc.api.store.FilterField;
import com.inkzee.rpc.api.store.FilterMatch;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.AlertHit;
import com.inkzee.rpc.api.store.RuleMessages.AlertRequest;
import com.inkzee.rpc.api.store.RuleMessages.DeleteRuleRequest;
import com.inkzee.rpc.api.store.RuleMessages.Filter;
import com.inkzee.rpc.api.store.RuleMessages.FilterRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Filters ({@code /api/filters}), alerts ({@code /api/alerts}) and their hits. */
final class RuleApi {
  /** Hits on one page of {@code /api/alerts/hits}. */
  static final int MAX_HITS = 200;

  record FilterBody(
      String name,
      String pattern,
      FilterField field,
      FilterMatch match,
      FilterAction action,
      Long feedId,
      String folder,
      Boolean enabled) {}

  record AlertBody(String name, String query, Long feedId, String folder, Boolean enabled) {}

  record AckBody(List<Long> hitIds) {}

  /** The entry a hit points at, as much as a list needs. */
  record HitEntry(long id, long feedId, String title, String url) {}

  record HitView(
      long id,
      long alertId,
      String alertName,
      long entryId,
      Instant hitAt,
      Instant acknowledgedAt,
      HitEntry entry) {}

  private final RankerGateway ranker;

  RuleApi(RankerGateway ranker) {
    this.ranker = ranker;
  }

  List<Route> routes() {
    return List.of(
        Route.of("GET", "/api/filters", true, this::filters),
        Route.of("POST", "/api/filters", true, this::createFilter),
        Route.of("DELETE", "/api/filters/{id}", true, this::deleteFilter),
        Route.of("GET", "/api/alerts", true, this::alerts),
        Route.of("POST", "/api/alerts", true, this::createAlert),
        Route.of("GET", "/api/alerts/hits", true, this::hits).taking("before", "limit"),
        Route.of("POST", "/api/alerts/hits/ack", true, this::ack),
        Route.of("DELETE", "/api/alerts/{id}", true, this::deleteAlert));
  }

  private WebResponse filters(ApiCall c) {
    return Json.ok(
        Json.object(
            "filters", ranker.ranker().listFilters(new ListRulesRequest(c.userId())).filters()));
  }

  private WebResponse createFilter(ApiCall c) {
    FilterBody b = Json.read(c.request(), FilterBody.class);
    if (b.pattern() == null || b.pattern().isBlank()) {
      throw ApiException.badRequest("pattern is required");
    }
    String name = b.name() == null || b.name().isBlank() ? b.pattern().strip() : b.name().strip();
    Filter f =
        new Filter(
            0,
            c.userId(),
            name,
            b.feedId(),
            b.field() == null ? FilterField.ANY : b.field(),
            b.pattern(),
            b.action() == null ? FilterAction.HIDE : b.action(),
            b.enabled() == null || b.enabled(),
            FeedApi.emptyToNull(b.folder()),
            b.match() == null ? FilterMatch.KEYWORD : b.match());
    return Json.response(
        201, Json.object("filter", ranker.ranker().createFilter(new FilterRequest(f)).filter()));
  }

  private WebResponse deleteFilter(ApiCall c) {
    long id = c.pathId(1, "filter id");
    if (!ranker.ranker().deleteFilter(new DeleteRuleRequest(c.userId(), id)).deleted()) {
      throw ApiException.notFound("no filter " + id);
    }
    return WebResponse.empty(204);
  }

  private WebResponse alerts(ApiCall c) {
    return Json.ok(
        Json.object(
            "alerts", ranker.ranker().listAlerts(new ListRulesRequest(c.userId())).alerts()));
  }

  private WebResponse createAlert(ApiCall c) {
    AlertBody b = Json.read(c.request(), AlertBody.class);
    if (b.query() == null || b.query().isBlank()) {
      throw ApiException.badRequest("query is required: the words to watch for");
    }
    String name = b.name() == null || b.name().isBlank() ? b.query().strip() : b.name().strip();
    Alert a =
        new Alert(
            0,
            c.userId(),
            name,
            b.query(),
            b.feedId(),
            b.enabled() == null || b.enabled(),
            FeedApi.emptyToNull(b.folder()));
    return Json.response(
        201, Json.object("alert", ranker.ranker().createAlert(new AlertRequest(a)).alert()));
  }

  private WebResponse deleteAlert(ApiCall c) {
    long id = c.pathId(1, "alert id");
    if (!ranker.ranker().deleteAlert(new DeleteRuleRequest(c.userId(), id)).deleted()) {
      throw ApiException.notFound("no alert " + id);
    }
    return WebResponse.empty(204);
  }

  /** Hits newest first, each with its alert's name and its entry's title and link. */
  private WebResponse hits(ApiCall c) {
    long before = 0;
    String b = c.request().param("before");
    if (b != null && !b.isEmpty()) {
      before = Params.id(b, "before");
    }
    int limit = Params.intIn(c.request().param("limit"), "limit", 50, 1, MAX_HITS);
    List<AlertHit> hits =
        ranker
            .ranker()
            .listAlertHits(new ListAlertHitsRequest(c.userId(), null, before, limit))
            .hits();
    Map<Long, String> names = new HashMap<>();
    for (Alert a : ranker.ranker().listAlerts(new ListRulesRequest(c.userId())).alerts()) {
      names.put(a.id(), a.name());
    }
    List<Long> ids = new ArrayList<>();
    for (AlertHit h : hits) {
      ids.add(h.entryId());
    }
    Map<Long, HitEntry> entries = new HashMap<>();
    if (!ids.isEmpty()) {
      for (Entry e : ranker.entries(c.userId(), ids, false)) {
        entries.put(e.id(), new HitEntry(e.id(), e.feedId(), e.title(), e.url()));
      }
    }
    List<HitView> out = new ArrayList<>();
    for (AlertHit h : hits) {
      out.add(
          new HitView(
              h.id(),
              h.alertId(),
              names.get(h.alertId()),
              h.entryId(),
              h.hitAt(),
              h.acknowledgedAt(),
              entries.get(h.entryId())));
    }
    Long next = hits.size() < limit ? null : hits.get(hits.size() - 1).id();
    return Json.ok(Json.object("hits", out, "nextBefore", next));
  }

  private WebResponse ack(ApiCall c) {
    AckBody b = Json.read(c.request(), AckBody.class);
    if (b.hitIds() == null || b.hitIds().isEmpty()) {
      throw ApiException.badRequest("hitIds is required");
    }
    if (b.hitIds().size() > StoreLimits.MAX_IDS) {
      throw ApiException.badRequest("at most " + StoreLimits.MAX_IDS + " hitIds at once");
    }
    int n =
        ranker
            .ranker()
            .ackAlertHits(new AckAlertHitsRequest(c.userId(), b.hitIds()))
            .acknowledged();
    return Json.ok(Json.object("acknowledged", n));
  }
}
