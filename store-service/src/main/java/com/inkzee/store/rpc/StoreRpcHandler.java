package com.inkzee.store.rpc;

import static com.inkzee.rpc.api.store.StoreLimits.MAX_IDS;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_KEY_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_LABEL_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_LEASE_FEEDS;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_LEASE_SECONDS;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_PAGE_ROWS;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_POLL_INTERVAL_SECONDS;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_QUERY_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_TITLE_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_URL_BYTES;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.store.AccountMessages;
import com.inkzee.rpc.api.store.AccountMessages.CreateAccountRequest;
import com.inkzee.rpc.api.store.AccountMessages.CreateSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialResponse;
import com.inkzee.rpc.api.store.AccountMessages.EndSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.EndSessionResponse;
import com.inkzee.rpc.api.store.AccountMessages.SessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.SessionResponse;
import com.inkzee.rpc.api.store.AccountMessages.SetPasswordRequest;
import com.inkzee.rpc.api.store.AccountMessages.SetPasswordResponse;
import com.inkzee.rpc.api.store.AccountMessages.UpgradePasswordHashRequest;
import com.inkzee.rpc.api.store.AccountMessages.UpgradePasswordHashResponse;
import com.inkzee.rpc.api.store.AdminMessages.FeedOptionsRequest;
import com.inkzee.rpc.api.store.AdminMessages.FeedOptionsResponse;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsRequest;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsResponse;
import com.inkzee.rpc.api.store.AdminMessages.RetentionRequest;
import com.inkzee.rpc.api.store.AdminMessages.RetentionResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.CreateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.ListAppPasswordsRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.ListAppPasswordsResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.RevokeAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.RevokeAppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.UpdateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppReadingMessages;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsResponse;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceResponse;
import com.inkzee.rpc.api.store.EntryMessages.EntryCursor;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.WindowRequest;
import com.inkzee.rpc.api.store.EntryMessages.WindowResponse;
import com.inkzee.rpc.api.store.FeedUrls;
import com.inkzee.rpc.api.store.FilterMatch;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReportResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseResponse;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueRequest;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueResponse;
import com.inkzee.rpc.api.store.PreferenceKind;
import com.inkzee.rpc.api.store.RegexBudget;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsResponse;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.AlertHit;
import com.inkzee.rpc.api.store.RuleMessages.AlertRequest;
import com.inkzee.rpc.api.store.RuleMessages.AlertResponse;
import com.inkzee.rpc.api.store.RuleMessages.AllAlertsRequest;
import com.inkzee.rpc.api.store.RuleMessages.DeleteRuleRequest;
import com.inkzee.rpc.api.store.RuleMessages.DeleteRuleResponse;
import com.inkzee.rpc.api.store.RuleMessages.Filter;
import com.inkzee.rpc.api.store.RuleMessages.FilterRequest;
import com.inkzee.rpc.api.store.RuleMessages.FilterResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertsResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListFiltersResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListPreferencesResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.api.store.RuleMessages.Preference;
import com.inkzee.rpc.api.store.RuleMessages.PreferenceRequest;
import com.inkzee.rpc.api.store.RuleMessages.PreferenceResponse;
import com.inkzee.rpc.api.store.RuleMessages.RecordAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.RecordAlertHitsResponse;
import com.inkzee.rpc.api.store.SearchMessages.SearchRequest;
import com.inkzee.rpc.api.store.SearchMessages.SearchResponse;
import com.inkzee.rpc.api.store.StateMessages.GetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.GetEntryStatesResponse;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadResponse;
import com.inkzee.rpc.api.store.StateMessages.MarkCountsRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkCountsResponse;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesResponse;
import com.inkzee.rpc.api.store.StateMessages.UserStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.UserStatesResponse;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeResponse;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.api.store.UserMessages.GetUserRequest;
import com.inkzee.rpc.api.store.UserMessages.UserResponse;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.StoredTimes;
import com.inkzee.store.entries.EntryIngester;
import com.inkzee.store.entries.EntryReader;
import com.inkzee.store.entries.InputLimits;
import com.inkzee.store.entries.RetentionPurger;
import com.inkzee.store.entries.TextCleaner;
import com.inkzee.store.feeds.FeedOptionsStore;
import com.inkzee.store.feeds.FeedStatsReader;
import com.inkzee.store.feeds.SubscriptionStore;
import com.inkzee.store.leases.LeaseQueue;
import com.inkzee.store.rules.PreferenceStore;
import com.inkzee.store.rules.RuleStore;
import com.inkzee.store.search.EntrySearcher;
import com.inkzee.store.states.StateStore;
import com.inkzee.store.states.UserEntryReader;
import com.inkzee.store.users.AccountStore;
import com.inkzee.store.users.AppPasswordStore;
import com.inkzee.store.users.AppPasswordStore.Digests;
import com.inkzee.store.users.SessionStore;
import com.inkzee.store.users.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The store's Inkzee RPC face. Each method checks its input against {@link
 * com.inkzee.rpc.api.store.StoreLimits} (cleaning text where the issue asks for cleaning rather
 * than refusal), calls one store class, and leaves failures to {@link CallGuard}.
 */
public final class StoreRpcHandler implements StoreService {
  /** A preference's weight is -3..-1 (dislike) or 1..3 (like): the trainer's three steps. */
  private static final int MAX_PREFERENCE_WEIGHT = 3;

  private final Database db;
  private final UserStore users;
  private final SubscriptionStore subscriptions;
  private final LeaseQueue leases;
  private final EntryIngester ingester;
  private final EntryReader reader;
  private final StateStore states;
  private final RuleStore rules;
  private final PreferenceStore preferences;
  private final EntrySearcher searcher;
  private final RetentionPurger retention;
  private final FeedStatsReader stats;
  private final FeedOptionsStore feedOptions;
  private final AccountStore accounts;
  private final SessionStore sessions;
  private final AppPasswordStore appPasswords;
  private final UserEntryReader userEntries;
  private final Clock clock;

  public StoreRpcHandler(Database db, Clock clock) {
    this.db = db;
    this.users = new UserStore(db, clock);
    this.subscriptions = new SubscriptionStore(db, clock);
    this.leases = new LeaseQueue(db, clock);
    this.ingester = new EntryIngester(db, clock);
    this.reader = new EntryReader(db);
    this.states = new StateStore(db, clock);
    this.rules = new RuleStore(db, clock);
    this.preferences = new PreferenceStore(db, clock);
    this.searcher = new EntrySearcher(db);
    this.retention = new RetentionPurger(db, clock);
    this.stats = new FeedStatsReader(db, clock);
    this.feedOptions = new FeedOptionsStore(db);
    this.accounts = new AccountStore(db, clock);
    this.sessions = new SessionStore(db, clock);
    this.appPasswords = new AppPasswordStore(db, clock);
    this.userEntries = new UserEntryReader(db);
    this.clock = clock;
  }

  @Override
  public PingResponse ping(PingRequest request) {
    boolean ready;
    try {
      ready = db.inTransaction(c -> c.isValid(2));
    } catch (RuntimeException e) {
      ready = false;
    }
    return new PingResponse(
        "store", InkzeeCatalogue.get().version(), Instant.now(), request.echo(), ready);
  }

  @Override
  public UserResponse createUser(CreateUserRequest r) {
    return CallGuard.run(
        "createUser",
        () -> {
          String name = label("name", r.name());
          InputLimits.required("name", name);
          return users.create(name, label("email", r.email()));
        });
  }

  @Override
  public UserResponse getUser(GetUserRequest r) {
    return CallGuard.run(
        "getUser",
        () -> {
          if (r.userId() == null) {
            InputLimits.required("name", r.name());
          }
          return users
              .get(r.userId(), label("name", r.name()))
              .map(u -> new UserResponse(u, false))
              .orElseThrow(
                  () ->
                      new NoSuchElementException(
                          "no user " + (r.userId() != null ? r.userId() : r.name())));
        });
  }

  @Override
  public SubscribeResponse subscribe(SubscribeRequest r) {
    return CallGuard.run(
        "subscribe",
        () -> {
          String url = TextCleaner.clean(r.feedUrl());
          InputLimits.required("feedUrl", url);
          InputLimits.maxBytes("feedUrl", url, MAX_URL_BYTES);
          String title = TextCleaner.clean(r.title());
          InputLimits.maxBytes("title", title, MAX_TITLE_BYTES);
          return subscriptions.subscribe(
              r.userId(),
              FeedUrls.normalise(url),
              title,
              label("folder", r.folder()),
              r.priority(),
              r.keepExisting(),
              r.keepTitle());
        });
  }

  @Override
  public UnsubscribeResponse unsubscribe(UnsubscribeRequest r) {
    return CallGuard.run(
        "unsubscribe",
        () -> new UnsubscribeResponse(subscriptions.unsubscribe(r.userId(), r.feedId())));
  }

  @Override
  public ListSubscriptionsResponse listSubscriptions(ListSubscriptionsRequest r) {
    return CallGuard.run("listSubscriptions", () -> subscriptions.list(r.userId()));
  }

  @Override
  public OpmlExportResponse exportOpml(OpmlExportRequest r) {
    return CallGuard.run("exportOpml", () -> subscriptions.exportOpml(r.userId()));
  }

  @Override
  public LeaseResponse leaseDueFeeds(LeaseRequest r) {
    return CallGuard.run(
        "leaseDueFeeds",
        () -> {
          InputLimits.required("owner", r.owner());
          InputLimits.maxBytes("owner", r.owner(), MAX_LABEL_BYTES);
          InputLimits.range("max", r.max(), 1, MAX_LEASE_FEEDS);
          InputLimits.range("leaseSeconds", r.leaseSeconds(), 1, MAX_LEASE_SECONDS);
          return leases.lease(TextCleaner.clean(r.owner()), r.max(), r.leaseSeconds());
        });
  }

  @Override
  public FetchReportResponse reportFetch(FetchReport r) {
    return CallGuard.run(
        "reportFetch",
        () -> {
          InputLimits.required("owner", r.owner());
          InputLimits.range(
              "pollIntervalSeconds", r.pollIntervalSeconds(), 0, MAX_POLL_INTERVAL_SECONDS);
          String redirect = short_("redirectUrl", r.redirectUrl(), MAX_URL_BYTES);
          FetchReport clean =
              new FetchReport(
                  r.feedId(),
                  TextCleaner.clean(r.owner()),
                  r.outcome(),
                  r.httpStatus(),
                  short_("etag", r.etag(), MAX_KEY_BYTES),
                  short_("lastModified", r.lastModified(), MAX_KEY_BYTES),
                  StoredTimes.require("nextFetchAt", r.nextFetchAt()),
                  truncate(TextCleaner.clean(r.error()), 2000),
                  r.bytes(),
                  r.latencyMillis(),
                  short_("title", r.title(), MAX_TITLE_BYTES),
                  short_("siteUrl", r.siteUrl(), MAX_URL_BYTES),
                  redirect == null ? null : FeedUrls.normalise("redirectUrl", redirect),
                  short_("websubHub", r.websubHub(), MAX_URL_BYTES),
                  short_("websubTopic", r.websubTopic(), MAX_URL_BYTES),
                  r.pollIntervalSeconds(),
                  r.websubUnsubscribed(),
                  iconUrl(r.iconUrl()));
          return leases.report(clean);
        });
  }

  @Override
  public MakeDueResponse makeFeedDue(MakeDueRequest r) {
    return CallGuard.run("makeFeedDue", () -> leases.makeDue(r.feedId()));
  }

  @Override
  public IngestResponse ingestEntries(IngestRequest r) {
    return CallGuard.run("ingestEntries", () -> ingester.ingest(r.feedId(), r.entries()));
  }

  @Override
  public EntriesSinceResponse entriesSince(EntriesSinceRequest r) {
    return CallGuard.run(
        "entriesSince",
        () -> {
          InputLimits.range("limit", r.limit(), 1, MAX_PAGE_ROWS);
          return reader.since(r.afterSequence(), r.limit(), r.withoutContent());
        });
  }

  @Override
  public GetEntriesResponse getEntries(GetEntriesRequest r) {
    return CallGuard.run(
        "getEntries",
        () -> {
          InputLimits.maxCount("ids", r.ids(), MAX_IDS);
          return reader.get(r.ids(), r.withoutContent());
        });
  }

  @Override
  public ListEntriesResponse listEntries(ListEntriesRequest r) {
    return CallGuard.run(
        "listEntries",
        () -> {
          InputLimits.maxCount("feedIds", r.feedIds(), MAX_IDS);
          InputLimits.range("limit", r.limit(), 1, MAX_PAGE_ROWS);
          return reader.list(
              new ListEntriesRequest(
                  r.feedIds(),
                  StoredTimes.bound(r.from()),
                  StoredTimes.bound(r.until()),
                  r.limit(),
                  cursor(r.after()),
                  r.withoutContent()));
        });
  }

  @Override
  public WindowResponse entryWindow(WindowRequest r) {
    return CallGuard.run(
        "entryWindow",
        () -> {
          if (r.since() == null) {
            throw new IllegalArgumentException("since is required");
          }
          InputLimits.range("limit", r.limit(), 1, MAX_PAGE_ROWS);
          return reader.window(
              new WindowRequest(
                  StoredTimes.bound(r.since()), cursor(r.after()), r.limit(), r.withoutContent()));
        });
  }

  @Override
  public SetEntryStatesResponse setEntryStates(SetEntryStatesRequest r) {
    return CallGuard.run(
        "setEntryStates",
        () -> {
          InputLimits.maxCount("entryIds", r.entryIds(), MAX_IDS);
          if (r.liking() != null) {
            InputLimits.range("liking", r.liking(), -1, 1);
          }
          return new SetEntryStatesResponse(
              states.set(r.userId(), r.entryIds(), r.read(), r.starred(), r.liking()));
        });
  }

  @Override
  public GetEntryStatesResponse getEntryStates(GetEntryStatesRequest r) {
    return CallGuard.run(
        "getEntryStates",
        () -> {
          InputLimits.maxCount("entryIds", r.entryIds(), MAX_IDS);
          return new GetEntryStatesResponse(states.get(r.userId(), r.entryIds()));
        });
  }

  @Override
  public MarkAllReadResponse markAllRead(MarkAllReadRequest r) {
    return CallGuard.run(
        "markAllRead",
        () -> {
          InputLimits.maxCount("feedIds", r.feedIds(), MAX_IDS);
          if (r.upToEntryId() != null && r.upTo() != null) {
            throw new IllegalArgumentException("give upToEntryId or upTo, not both");
          }
          if (r.upToEntryId() == null && r.upTo() == null && r.seenBefore() == null) {
            throw new IllegalArgumentException(
                "one of upToEntryId, upTo or seenBefore is required");
          }
          return new MarkAllReadResponse(
              states.markAllRead(
                  new MarkAllReadRequest(
                      r.userId(),
                      r.feedIds(),
                      r.upToEntryId(),
                      StoredTimes.bound(r.upTo()),
                      StoredTimes.bound(r.seenBefore()))));
        });
  }

  @Override
  public UserStatesResponse listUserStates(UserStatesRequest r) {
    return CallGuard.run(
        "listUserStates",
        () -> {
          InputLimits.range("limit", r.limit(), 1, MAX_PAGE_ROWS);
          return new UserStatesResponse(states.marked(r.userId(), r.afterEntryId(), r.limit()));
        });
  }

  @Override
  public MarkCountsResponse markCountsByFeed(MarkCountsRequest r) {
    return CallGuard.run(
        "markCountsByFeed", () -> new MarkCountsResponse(states.countsByFeed(r.userId())));
  }

  @Override
  public FilterResponse createFilter(FilterRequest r) {
    return CallGuard.run(
        "createFilter", () -> new FilterResponse(rules.createFilter(checked(r.filter()))));
  }

  @Override
  public FilterResponse updateFilter(FilterRequest r) {
    return CallGuard.run(
        "updateFilter", () -> new FilterResponse(rules.updateFilter(checked(r.filter()))));
  }

  @Override
  public DeleteRuleResponse deleteFilter(DeleteRuleRequest r) {
    return CallGuard.run(
        "deleteFilter", () -> new DeleteRuleResponse(rules.delete("filters", r.userId(), r.id())));
  }

  @Override
  public ListFiltersResponse listFilters(ListRulesRequest r) {
    return CallGuard.run(
        "listFilters", () -> new ListFiltersResponse(rules.listFilters(r.userId())));
  }

  @Override
  public AlertResponse createAlert(AlertRequest r) {
    return CallGuard.run(
        "createAlert", () -> new AlertResponse(rules.createAlert(checked(r.alert()))));
  }

  @Override
  public AlertResponse updateAlert(AlertRequest r) {
    return CallGuard.run(
        "updateAlert", () -> new AlertResponse(rules.updateAlert(checked(r.alert()))));
  }

  @Override
  public DeleteRuleResponse deleteAlert(DeleteRuleRequest r) {
    return CallGuard.run(
        "deleteAlert", () -> new DeleteRuleResponse(rules.delete("alerts", r.userId(), r.id())));
  }

  @Override
  public ListAlertsResponse listAlerts(ListRulesRequest r) {
    return CallGuard.run("listAlerts", () -> new ListAlertsResponse(rules.listAlerts(r.userId())));
  }

  @Override
  public RecordAlertHitsResponse recordAlertHits(RecordAlertHitsRequest r) {
    return CallGuard.run(
        "recordAlertHits",
        () -> {
          InputLimits.maxCount("hits", r.hits(), MAX_IDS);
          List<AlertHit> hits = r.hits() == null ? List.of() : r.hits();
          for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i) != null) {
              StoredTimes.require("hits[" + i + "].hitAt", hits.get(i).hitAt());
            }
          }
          return new RecordAlertHitsResponse(rules.recordHits(r.hits()));
        });
  }

  @Override
  public ListAlertHitsResponse listAlertHits(ListAlertHitsRequest r) {
    return CallGuard.run(
        "listAlertHits",
        () -> {
          InputLimits.range("limit", r.limit(), 1, MAX_PAGE_ROWS);
          return new ListAlertHitsResponse(
              rules.listHits(r.userId(), r.alertId(), r.beforeId(), r.limit()));
        });
  }

  @Override
  public AckAlertHitsResponse ackAlertHits(AckAlertHitsRequest r) {
    return CallGuard.run(
        "ackAlertHits",
        () -> {
          InputLimits.maxCount("hitIds", r.hitIds(), MAX_IDS);
          return new AckAlertHitsResponse(rules.acknowledgeHits(r.userId(), r.hitIds()));
        });
  }

  @Override
  public ListAlertsResponse allAlerts(AllAlertsRequest r) {
    return CallGuard.run(
        "allAlerts",
        () -> {
          InputLimits.range("limit", r.limit(), 1, MAX_PAGE_ROWS);
          return new ListAlertsResponse(rules.allEnabledAlerts(r.afterId(), r.limit()));
        });
  }

  @Override
  public PreferenceResponse setPreference(PreferenceRequest r) {
    return CallGuard.run(
        "setPreference", () -> new PreferenceResponse(preferences.set(checked(r.preference()))));
  }

  @Override
  public DeleteRuleResponse deletePreference(DeleteRuleRequest r) {
    return CallGuard.run(
        "deletePreference",
        () -> new DeleteRuleResponse(rules.delete("preferences", r.userId(), r.id())));
  }

  @Override
  public ListPreferencesResponse listPreferences(ListRulesRequest r) {
    return CallGuard.run(
        "listPreferences", () -> new ListPreferencesResponse(preferences.list(r.userId())));
  }

  @Override
  public SearchResponse search(SearchRequest r) {
    return CallGuard.run(
        "search",
        () -> {
          String query = TextCleaner.clean(r.query());
          InputLimits.required("query", query);
          InputLimits.maxBytes("query", query, MAX_QUERY_BYTES);
          InputLimits.range("limit", r.limit(), 1, MAX_PAGE_ROWS);
          return new SearchResponse(
              searcher.search(r.userId(), query, r.limit(), r.withoutContent()));
        });
  }

  @Override
  public RetentionResponse runRetention(RetentionRequest r) {
    return CallGuard.run(
        "runRetention",
        () -> {
          InputLimits.range("olderThanDays", r.olderThanDays(), 1, 100_000);
          InputLimits.range("keepNewestPerFeed", r.keepNewestPerFeed(), 0, 1_000_000);
          return new RetentionResponse(retention.purge(r.olderThanDays(), r.keepNewestPerFeed()));
        });
  }

  @Override
  public FeedStatsResponse feedStats(FeedStatsRequest r) {
    return CallGuard.run(
        "feedStats",
        () -> {
          InputLimits.maxCount("feedIds", r.feedIds(), MAX_IDS);
          int limit = r.limit() == 0 ? 100 : r.limit();
          InputLimits.range("limit", limit, 1, MAX_PAGE_ROWS);
          return stats.stats(r.feedIds(), limit);
        });
  }

  @Override
  public FeedOptionsResponse setFeedOptions(FeedOptionsRequest r) {
    return CallGuard.run("setFeedOptions", () -> feedOptions.set(r.feedId(), r.tlsExempt()));
  }

  @Override
  public UserResponse createAccount(CreateAccountRequest r) {
    return CallGuard.run(
        "createAccount",
        () -> {
          String name = label("name", r.name());
          InputLimits.required("name", name);
          return accounts.create(name, label("email", r.email()), passwordHash(r.passwordHash()));
        });
  }

  @Override
  public CredentialResponse getCredential(CredentialRequest r) {
    return CallGuard.run(
        "getCredential",
        () -> {
          String name = label("name", r.name());
          InputLimits.required("name", name);
          return accounts.credential(name);
        });
  }

  @Override
  public SetPasswordResponse setPassword(SetPasswordRequest r) {
    return CallGuard.run(
        "setPassword",
        () ->
            new SetPasswordResponse(
                accounts.setPassword(r.userId(), passwordHash(r.passwordHash()), r.endSessions())));
  }

  @Override
  public UpgradePasswordHashResponse upgradePasswordHash(UpgradePasswordHashRequest r) {
    return CallGuard.run(
        "upgradePasswordHash",
        () ->
            new UpgradePasswordHashResponse(
                accounts.upgradeHash(
                    r.userId(), passwordHash(r.expectedHash()), passwordHash(r.newHash()))));
  }

  @Override
  public SessionResponse createSession(CreateSessionRequest r) {
    return CallGuard.run(
        "createSession",
        () -> {
          String tokenHash = tokenHash(r.tokenHash());
          InputLimits.required("csrfToken", r.csrfToken());
          InputLimits.maxBytes("csrfToken", r.csrfToken(), AccountMessages.MAX_CSRF_TOKEN_BYTES);
          if (r.expiresAt() == null || !r.expiresAt().isAfter(clock.instant())) {
            throw new IllegalArgumentException(
                "expiresAt must be in the future, not " + r.expiresAt());
          }
          StoredTimes.require("expiresAt", r.expiresAt());
          return new SessionResponse(
              sessions.create(r.userId(), tokenHash, r.csrfToken(), r.expiresAt()));
        });
  }

  @Override
  public SessionResponse getSession(SessionRequest r) {
    return CallGuard.run(
        "getSession", () -> new SessionResponse(sessions.get(tokenHash(r.tokenHash()))));
  }

  @Override
  public EndSessionResponse endSession(EndSessionRequest r) {
    return CallGuard.run(
        "endSession", () -> new EndSessionResponse(sessions.end(tokenHash(r.tokenHash()))));
  }

  private static String passwordHash(String hash) {
    InputLimits.required("passwordHash", hash);
    InputLimits.maxBytes("passwordHash", hash, AccountMessages.MAX_PASSWORD_HASH_BYTES);
    return hash;
  }

  /** 64 lower-case hex digits: what SHA-256 of a token is; anything else is a caller's bug. */
  private static String tokenHash(String hash) {
    if (hash == null
        || hash.length() != AccountMessages.TOKEN_HASH_CHARS
        || !hash.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
      throw new IllegalArgumentException(
          "tokenHash must be "
              + AccountMessages.TOKEN_HASH_CHARS
              + " lower-case hex digits (SHA-256 of the session token)");
    }
    return hash;
  }

  private static Filter checked(Filter f) {
    if (f == null) {
      throw new IllegalArgumentException("filter is required");
    }
    String name = label("filter.name", f.name());
    InputLimits.required("filter.name", name);
    String pattern = TextCleaner.clean(f.pattern());
    InputLimits.required("filter.pattern", pattern);
    InputLimits.maxBytes("filter.pattern", pattern, MAX_QUERY_BYTES);
    String folder = scope("filter", f.feedId(), f.folder());
    if (f.match() == FilterMatch.REGEX) {
      // RE2 syntax, the engine the ranker matches with: linear in the text, but also in the
      // compiled size, which nested counted repetitions multiply: measured before compiling.
      RegexBudget.check("filter.pattern", pattern);
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "filter.pattern is not a valid regular expression: " + e.getMessage(), e);
      }
    }
    return new Filter(
        f.id(),
        f.userId(),
        name,
        f.feedId(),
        f.field(),
        pattern,
        f.action(),
        f.enabled(),
        folder,
        f.match());
  }

  private static Alert checked(Alert a) {
    if (a == null) {
      throw new IllegalArgumentException("alert is required");
    }
    String name = label("alert.name", a.name());
    InputLimits.required("alert.name", name);
    String query = TextCleaner.clean(a.query());
    InputLimits.required("alert.query", query);
    InputLimits.maxBytes("alert.query", query, MAX_QUERY_BYTES);
    String folder = scope("alert", a.feedId(), a.folder());
    return new Alert(a.id(), a.userId(), name, query, a.feedId(), a.enabled(), folder);
  }

  private static Preference checked(Preference p) {
    if (p == null) {
      throw new IllegalArgumentException("preference is required");
    }
    if (p.kind() == null) {
      throw new IllegalArgumentException("preference.kind is required");
    }
    String value = TextCleaner.clean(p.value());
    InputLimits.required("preference.value", value);
    InputLimits.maxBytes("preference.value", value, MAX_QUERY_BYTES);
    if (p.weight() == 0
        || p.weight() < -MAX_PREFERENCE_WEIGHT
        || p.weight() > MAX_PREFERENCE_WEIGHT) {
      throw new IllegalArgumentException(
          "preference.weight is "
              + p.weight()
              + ", outside the allowed -3..-1 (dislike) and 1..3 (like)");
    }
    String folder = scope("preference", p.feedId(), p.folder());
    if (p.kind() == PreferenceKind.FEED && (p.feedId() != null || folder != null)) {
      throw new IllegalArgumentException(
          "preference.feedId and preference.folder must be empty for a FEED preference (its value"
              + " names the feed)");
    }
    return new Preference(
        p.id(),
        p.userId(),
        p.kind(),
        PreferenceStore.normalise("preference.value", p.kind(), value),
        p.weight(),
        p.feedId(),
        folder);
  }

  /**
   * A rule's scope: one feed, one folder, or (both null) every feed of the user. Returns the
   * cleaned folder, null for none; both set is INVALID_ARGUMENT naming the rule's fields.
   */
  private static String scope(String rule, Long feedId, String folder) {
    String clean = label(rule + ".folder", folder);
    if (clean != null && clean.isBlank()) {
      clean = null;
    }
    if (clean != null && feedId != null) {
      throw new IllegalArgumentException(
          rule
              + ".feedId and "
              + rule
              + ".folder are both set; a scope is one feed, one folder, or neither (everywhere)");
    }
    return clean;
  }

  /**
   * A listing's cursor with its sortAt clamped like any bound ({@link StoredTimes#bound}): a cursor
   * the store gave out holds a kept time, and a made-up one far out still pages the same.
   */
  private static EntryCursor cursor(EntryCursor after) {
    if (after == null) {
      return null;
    }
    if (after.sortAt() == null) {
      throw new IllegalArgumentException("after.sortAt is required in a cursor");
    }
    return new EntryCursor(StoredTimes.bound(after.sortAt()), after.entryId());
  }

  private static String label(String field, String value) {
    return short_(field, value, MAX_LABEL_BYTES);
  }

  private static String short_(String field, String value, int limit) {
    String clean = TextCleaner.clean(value);
    InputLimits.maxBytes(field, clean, limit);
    return clean;
  }

  /**
   * A reported icon: null (not said) and "" (the feed declares none) as they are, else an absolute
   * http(s) URL within {@code MAX_URL_BYTES}. Readers put it in an {@code <img src>}, so another
   * scheme (javascript:, data:) is refused here as well as by the fetcher.
   */
  private static String iconUrl(String value) {
    String url = short_("iconUrl", value, MAX_URL_BYTES);
    if (url == null || url.isEmpty()) {
      return url;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
      throw new IllegalArgumentException("iconUrl is not an absolute http or https URL");
    }
    return url;
  }

  private static String truncate(String s, int chars) {
    return s == null || s.length() <= chars ? s : s.substring(0, chars);
  }

  // ---- app passwords and what reading apps list (catalogue 1.5)

  @Override
  public AppPasswordResponse createAppPassword(CreateAppPasswordRequest r) {
    return CallGuard.run(
        "createAppPassword",
        () -> {
          String label = appPasswordLabel(r.label());
          InputLimits.required("label", label);
          Digests digests =
              new Digests(
                  hexDigest("passwordHash", r.passwordHash(), 64, "SHA-256 of the app password"),
                  hexDigest("tokenHash", r.tokenHash(), 64, "SHA-256 of the auth token"),
                  hexDigest("feverKey", r.feverKey(), 32, "MD5 of name:password"));
          return new AppPasswordResponse(
              appPasswords.create(
                  r.userId(), label, r.rankedOrder(), digests, AppPasswordMessages.MAX_PER_USER));
        });
  }

  @Override
  public ListAppPasswordsResponse listAppPasswords(ListAppPasswordsRequest r) {
    return CallGuard.run(
        "listAppPasswords", () -> new ListAppPasswordsResponse(appPasswords.list(r.userId())));
  }

  @Override
  public AppPasswordResponse updateAppPassword(UpdateAppPasswordRequest r) {
    return CallGuard.run(
        "updateAppPassword",
        () -> {
          String label = null;
          if (r.label() != null) {
            label = appPasswordLabel(r.label());
            InputLimits.required("label", label);
          }
          return new AppPasswordResponse(
              appPasswords.update(r.userId(), r.appPasswordId(), label, r.rankedOrder()));
        });
  }

  @Override
  public RevokeAppPasswordResponse revokeAppPassword(RevokeAppPasswordRequest r) {
    return CallGuard.run(
        "revokeAppPassword",
        () -> new RevokeAppPasswordResponse(appPasswords.revoke(r.userId(), r.appPasswordId())));
  }

  @Override
  public FindAppPasswordResponse findAppPassword(FindAppPasswordRequest r) {
    return CallGuard.run(
        "findAppPassword",
        () -> {
          if (r.kind() == null) {
            throw new IllegalArgumentException("kind is required (PASSWORD, TOKEN or FEVER_KEY)");
          }
          String hash =
              switch (r.kind()) {
                case PASSWORD -> hexDigest("hash", r.hash(), 64, "SHA-256, for kind PASSWORD");
                case TOKEN -> hexDigest("hash", r.hash(), 64, "SHA-256, for kind TOKEN");
                case FEVER_KEY -> hexDigest("hash", r.hash(), 32, "MD5, for kind FEVER_KEY");
              };
          return appPasswords.find(r.kind(), hash);
        });
  }

  @Override
  public UserEntriesResponse userEntries(UserEntriesRequest r) {
    return CallGuard.run(
        "userEntries",
        () -> {
          if (r.idsOnly()) {
            InputLimits.range(
                "limit (with idsOnly)", r.limit(), 1, AppReadingMessages.MAX_IDS_ONLY);
          } else {
            InputLimits.range("limit", r.limit(), 1, AppReadingMessages.MAX_ENTRIES);
          }
          InputLimits.maxCount("entryIds", r.entryIds(), MAX_IDS);
          InputLimits.maxCount("feedIds", r.feedIds(), MAX_IDS);
          String folder = label("folder", r.folder());
          return userEntries.entries(
              new UserEntriesRequest(
                  r.userId(),
                  r.feedIds(),
                  folder,
                  r.state(),
                  r.entryIds(),
                  r.afterId(),
                  r.beforeId(),
                  StoredTimes.bound(r.seenFrom()),
                  StoredTimes.bound(r.seenUntil()),
                  r.oldestFirst(),
                  r.limit(),
                  r.idsOnly(),
                  r.withContent()));
        });
  }

  @Override
  public UnreadCountsResponse unreadCounts(UnreadCountsRequest r) {
    return CallGuard.run(
        "unreadCounts", () -> new UnreadCountsResponse(userEntries.unreadCounts(r.userId())));
  }

  /** An app password's label, cleaned; at most {@link AppPasswordMessages#MAX_LABEL_CHARS}. */
  private static String appPasswordLabel(String label) {
    String clean = TextCleaner.clean(label);
    if (clean != null) {
      clean = clean.strip();
      int chars = clean.codePointCount(0, clean.length());
      if (chars > AppPasswordMessages.MAX_LABEL_CHARS) {
        throw new IllegalArgumentException(
            "label is "
                + chars
                + " characters, over the limit of "
                + AppPasswordMessages.MAX_LABEL_CHARS
                + " characters");
      }
    }
    return clean;
  }

  /**
   * {@code chars} lower-case hex digits, what the gateway's digests are; anything else (upper case
   * included: lookups compare text) is a caller's bug, named with its field.
   */
  private static String hexDigest(String field, String hash, int chars, String what) {
    if (hash == null
        || hash.length() != chars
        || !hash.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
      throw new IllegalArgumentException(
          field + " must be " + chars + " lower-case hex digits (" + what + ")");
    }
    return hash;
  }
}
