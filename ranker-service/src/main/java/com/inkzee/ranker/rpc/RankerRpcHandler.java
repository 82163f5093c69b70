package com.inkzee.ranker.rpc;

import com.inkzee.ranker.alert.AlertDispatcher;
import com.inkzee.ranker.alert.AlertHit;
import com.inkzee.ranker.alert.AlertQuery;
import com.inkzee.ranker.alert.AlertRegistry;
import com.inkzee.ranker.cluster.StoryCluster;
import com.inkzee.ranker.cluster.StoryClusters;
import com.inkzee.ranker.digest.Digest;
import com.inkzee.ranker.digest.DigestBuilder;
import com.inkzee.ranker.digest.DigestCandidate;
import com.inkzee.ranker.digest.DigestPick;
import com.inkzee.ranker.digest.ReadingTime;
import com.inkzee.ranker.feed.ArrivalTimes;
import com.inkzee.ranker.filter.FilterSet;
import com.inkzee.ranker.river.RiverBuilder;
import com.inkzee.ranker.river.RiverPage;
import com.inkzee.ranker.score.PreferenceRule;
import com.inkzee.ranker.store.RuleMapping;
import com.inkzee.ranker.users.UserCache;
import com.inkzee.ranker.users.UserContext;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoveredFeed;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.ranker.RankerMessages;
import com.inkzee.rpc.api.ranker.RankerMessages.AlsoIn;
import com.inkzee.rpc.api.ranker.RankerMessages.AwaitAlertHitsRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestItem;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.EntriesRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.ScorePart;
import com.inkzee.rpc.api.ranker.RankerMessages.SetStatesResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.UnreadRecentlyReadRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.UnreadRecentlyReadResponse;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.ranker.RiverOrder;
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
import com.inkzee.rpc.api.store.AppPasswordMessages.AppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.CreateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.ListAppPasswordsRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.ListAppPasswordsResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.RevokeAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.RevokeAppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.UpdateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsResponse;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesResponse;
import com.inkzee.rpc.api.store.PreferenceKind;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsResponse;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.AlertRequest;
import com.inkzee.rpc.api.store.RuleMessages.AlertResponse;
import com.inkzee.rpc.api.store.RuleMessages.DeleteRuleRequest;
import com.inkzee.rpc.api.store.RuleMessages.DeleteRuleResponse;
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
import com.inkzee.rpc.api.store.StateMessages.EntryState;
import com.inkzee.rpc.api.store.StateMessages.GetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadResponse;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeResponse;
import com.inkzee.rpc.api.store.UserMessages.UserResponse;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.server.CallContext;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The ranker's Inkzee RPC face, what the web frontend calls: rivers and digests from memory, and
 * the reader's changes (subscriptions, marks, rules, preferences) written through to the store and
 * applied to the ranker's own copy at once, so the next river reflects them. Discovery and OPML go
 * to the fetcher; accounts and sessions are the store's, forwarded, so the web gateway talks to the
 * ranker only.
 */
public final class RankerRpcHandler implements RankerService {
  /**
   * Candidates a digest chooses from: the best of the unread river, far more than an hour holds.
   */
  static final int DIGEST_CANDIDATES = 500;

  /** Store pages of alert hits one poll reads at most (see {@code newer}). */
  static final int HIT_PAGES = 20;

  /** Hits on the first of those pages. */
  static final int FIRST_HIT_PAGE = 100;

  /** River pages read at most for a digest's candidates: a bound on one call's work. */
  static final int DIGEST_MAX_PAGES = 8;

  /** Liking or disliking an entry teaches this much about its author, if no rule says otherwise. */
  static final int LEARNED_AUTHOR_WEIGHT = 1;

  private final StoreService store;

  /** A stub per call: with no connection ready it waits briefly rather than a whole deadline. */
  private final Supplier<FetcherService> fetcher;

  private final EntryWindow window;
  private final StoryClusters clusters;
  private final RiverBuilder river;
  private final UserCache users;
  private final AlertRegistry alerts;
  private final AlertDispatcher dispatcher;
  private final DigestBuilder digests = new DigestBuilder();
  private final ArrivalTimes arrivals;
  private final Clock clock;
  private volatile java.util.function.BooleanSupplier ready = () -> true;

  public RankerRpcHandler(
      StoreService store,
      Supplier<FetcherService> fetcher,
      EntryWindow window,
      StoryClusters clusters,
      RiverBuilder river,
      UserCache users,
      AlertRegistry alerts,
      AlertDispatcher dispatcher,
      ArrivalTimes arrivals,
      Clock clock) {
    this.store = store;
    this.fetcher = fetcher;
    this.window = window;
    this.clusters = clusters;
    this.river = river;
    this.users = users;
    this.alerts = alerts;
    this.dispatcher = dispatcher;
    this.arrivals = arrivals;
    this.clock = clock;
  }

  /**
   * How {@link #ping} tells whether this ranker is ready: its own dependencies answer (the store,
   * the change-feed tailer). It must be cheap: it runs on every ping. Without it (tests), always
   * ready.
   */
  public RankerRpcHandler readyWhen(java.util.function.BooleanSupplier ready) {
    this.ready = ready;
    return this;
  }

  @Override
  public PingResponse ping(PingRequest request) {
    return new PingResponse(
        "ranker",
        InkzeeCatalogue.get().version(),
        clock.instant(),
        request.echo(),
        ready.getAsBoolean());
  }

  // ---- the river and the digest

  @Override
  public RiverResponse river(RiverRequest request) {
    if (request.limit() < 1 || request.limit() > RankerMessages.MAX_RIVER_ITEMS) {
      throw RpcException.invalidArgument(
          "limit " + request.limit() + " is outside 1.." + RankerMessages.MAX_RIVER_ITEMS);
    }
    if (request.feedId() != null && request.folder() != null) {
      throw RpcException.invalidArgument("give feedId or folder, not both");
    }
    UserContext user = users.get(request.userId());
    if (request.feedId() != null && user.subscription(request.feedId()) == null) {
      throw RpcException.notFound(
          "user " + request.userId() + " does not follow feed " + request.feedId());
    }
    if (request.folder() != null
        && user.subscriptions().values().stream()
            .noneMatch(s -> request.folder().equals(s.folder()))) {
      throw RpcException.notFound(
          "user " + request.userId() + " has no folder '" + request.folder() + "'");
    }
    RiverPage page;
    try {
      page =
          river.page(
              user.view(),
              new com.inkzee.ranker.river.RiverRequest(
                  order(request.order()),
                  request.includeRead(),
                  request.feedId(),
                  request.folder(),
                  request.limit(),
                  request.cursor()));
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidArgument(e.getMessage());
    }
    List<RiverItem> items = new ArrayList<>(page.items().size());
    for (var item : page.items()) {
      items.add(item(item));
    }
    return new RiverResponse(items, page.nextCursor());
  }

  @Override
  public DigestResponse digest(DigestRequest request) {
    if (request.minutes() < 1 || request.minutes() > DigestBuilder.MAX_BUDGET_MINUTES) {
      throw RpcException.invalidArgument(
          "minutes " + request.minutes() + " is outside 1.." + DigestBuilder.MAX_BUDGET_MINUTES);
    }
    UserContext user = users.get(request.userId());
    Instant asOf = request.asOf() != null ? request.asOf() : clock.instant();
    // Extending an earlier digest must see the same candidates in the same order: score as of
    // its time, leave out what reached the ranker after it, and keep what the reader read since.
    RiverBuilder pinned =
        request.asOf() == null ? river : river.at(Clock.fixed(asOf, java.time.ZoneOffset.UTC));
    List<DigestCandidate> candidates = new ArrayList<>();
    List<com.inkzee.ranker.river.RiverItem> byEntry = new ArrayList<>();
    // A fresh digest wants unread stories only. Extending one also takes stories read since its
    // asOf, so the river is read with read stories in and those read before asOf skipped here:
    // page on until the candidates are as many as a fresh digest gets, or the river ends.
    boolean extending = request.asOf() != null;
    String cursor = null;
    for (int pages = 0;
        pages < DIGEST_MAX_PAGES && candidates.size() < DIGEST_CANDIDATES;
        pages++) {
      RiverPage page =
          pinned.page(
              user.view(),
              new com.inkzee.ranker.river.RiverRequest(
                  com.inkzee.ranker.river.RiverOrder.RANKED,
                  extending,
                  null,
                  null,
                  DIGEST_CANDIDATES,
                  cursor));
      for (var item : page.items()) {
        if (candidates.size() == DIGEST_CANDIDATES) {
          break;
        }
        WindowEntry e = item.entry();
        if (arrivals.arrivedAfter(e.id(), asOf) || (item.read() && !readSince(user, e, asOf))) {
          continue;
        }
        candidates.add(DigestCandidate.of(e, item.score().total()));
        byEntry.add(item);
      }
      cursor = page.nextCursor();
      if (cursor == null) {
        break;
      }
    }
    Digest digest = digests.build(candidates, request.minutes());
    List<DigestItem> items = new ArrayList<>();
    for (DigestPick pick : digest.picks()) {
      for (var item : byEntry) {
        if (item.entry().id() == pick.entry().id()) {
          items.add(new DigestItem(item(item), pick.summary(), pick.readingSeconds()));
          break;
        }
      }
    }
    return new DigestResponse(items, digest.totalSeconds(), digest.budgetSeconds(), asOf);
  }

  /**
   * Whether a read story was read at or after {@code asOf}, through any of its copies: a digest
   * being extended keeps what was read since it was made. A story read only by a filter's MARK_READ
   * has no read time, and one read before is not news: both are left out.
   */
  private boolean readSince(UserContext user, WindowEntry shown, Instant asOf) {
    StoryCluster cluster = clusters.clusterOf(shown.id());
    Instant first = user.readAt(shown.id());
    if (cluster != null) {
      for (WindowEntry member : cluster.members()) {
        Instant at = user.readAt(member.id());
        if (at != null && (first == null || at.isBefore(first))) {
          first = at;
        }
      }
    }
    return first != null && !first.isBefore(asOf);
  }

  private RiverItem item(com.inkzee.ranker.river.RiverItem item) {
    WindowEntry e = item.entry();
    List<ScorePart> why = new ArrayList<>();
    for (var p : item.score().parts()) {
      why.add(new ScorePart(p.factor(), p.points(), p.why()));
    }
    List<AlsoIn> also = new ArrayList<>();
    for (var a : item.alsoIn()) {
      WindowEntry other = window.get(a.entryId());
      also.add(
          new AlsoIn(a.entryId(), a.feedId(), a.feedTitle(), other == null ? null : other.url()));
    }
    return new RiverItem(
        e.id(),
        e.feedId(),
        item.feedTitle(),
        e.title(),
        e.url(),
        e.author(),
        e.text(),
        e.sortAt(),
        item.read(),
        item.starred(),
        item.liking(),
        item.score().total(),
        why,
        also,
        ReadingTime.seconds(e),
        e.categories());
  }

  private static com.inkzee.ranker.river.RiverOrder order(RiverOrder order) {
    return order == null
        ? com.inkzee.ranker.river.RiverOrder.RANKED
        : com.inkzee.ranker.river.RiverOrder.valueOf(order.name());
  }

  /** Entries the reader may open: those of feeds they follow, with content when asked. */
  @Override
  public GetEntriesResponse entries(EntriesRequest request) {
    List<Long> ids = request.entryIds() == null ? List.of() : request.entryIds();
    if (ids.size() > StoreLimits.MAX_IDS) {
      throw RpcException.invalidArgument(
          "entryIds has " + ids.size() + " ids, over the limit of " + StoreLimits.MAX_IDS);
    }
    UserContext user = users.get(request.userId());
    if (ids.isEmpty()) {
      return new GetEntriesResponse(List.of());
    }
    GetEntriesResponse found = store.getEntries(new GetEntriesRequest(ids, !request.withContent()));
    List<Entry> visible = new ArrayList<>();
    for (Entry e : found.entries()) {
      if (user.subscription(e.feedId()) != null) {
        visible.add(e);
      }
    }
    // The store's answer stopped at its page budget: the caller asks again for the rest, which
    // keeps this answer as small as the store's.
    return new GetEntriesResponse(visible, found.deferredIds());
  }

  // ---- subscriptions

  @Override
  public SubscribeResponse subscribe(SubscribeRequest request) {
    SubscribeResponse r = store.subscribe(request);
    users.invalidate(request.userId());
    return r;
  }

  @Override
  public UnsubscribeResponse unsubscribe(UnsubscribeRequest request) {
    UnsubscribeResponse r = store.unsubscribe(request);
    users.invalidate(request.userId());
    return r;
  }

  /**
   * Discovery first (the fetcher reads the page; the user's existence is checked before, so an
   * unknown user costs no fetch), then the store's subscribe to the best feed found.
   */
  @Override
  public SubscribeSiteResponse subscribeSite(SubscribeSiteRequest request) {
    if (request.url() == null || request.url().isBlank()) {
      throw RpcException.invalidArgument("url is required");
    }
    users.get(request.userId());
    DiscoverResponse found =
        fromFetcher(() -> fetcher.get().discoverFeeds(new DiscoverRequest(request.url().strip())));
    if (found.feeds().isEmpty()) {
      throw RpcException.notFound("no feed found at " + request.url().strip());
    }
    DiscoveredFeed best = found.feeds().get(0);
    // Subscribing to a site already followed changes only what the reader gave (a folder, a
    // title): it must not reset the rest of how they arranged the feed.
    SubscribeResponse r =
        store.subscribe(
            new SubscribeRequest(
                request.userId(), best.url(), request.title(), request.folder(), 0, true));
    if (r.alreadyFollowed() && (request.title() != null || request.folder() != null)) {
      r =
          store.subscribe(
              SubscribeRequest.changing(
                  request.userId(), r.subscription(), request.title(), request.folder()));
    }
    users.invalidate(request.userId());
    return new SubscribeSiteResponse(r.subscription(), r.feedCreated(), found.feeds());
  }

  @Override
  public ImportOpmlResponse importOpml(ImportOpmlRequest request) {
    users.get(request.userId());
    try {
      return fromFetcher(() -> fetcher.get().importOpml(request));
    } finally {
      // Even a partial import (the store went away half-way) changed the subscriptions.
      users.invalidate(request.userId());
    }
  }

  @Override
  public ExportOpmlResponse exportOpml(ExportOpmlRequest request) {
    users.get(request.userId());
    return fromFetcher(() -> fetcher.get().exportOpml(request));
  }

  /** A fetcher that cannot be reached is named as such, so a reader's error says which service. */
  private static <T> T fromFetcher(Supplier<T> call) {
    try {
      return call.get();
    } catch (RpcException e) {
      if (e.status() == Status.UNAVAILABLE) {
        throw RpcException.unavailable("the fetcher cannot be reached: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  @Override
  public ListSubscriptionsResponse listSubscriptions(ListSubscriptionsRequest request) {
    return store.listSubscriptions(request);
  }

  // ---- marks

  /**
   * Marks entries; reading one copy of a story reads the copies in the reader's other feeds too,
   * and marking it unread unmarks them (the river takes a story as read if any copy is), and liking
   * or disliking teaches the ranker about the author (unless a rule of the reader's already speaks
   * of that author).
   */
  @Override
  public SetStatesResponse setEntryStates(SetEntryStatesRequest request) {
    // The request's own size is checked here: the copies added below may take the store's calls
    // past its limit, so those are chunked, and only what the caller sent is the caller's fault.
    if (request.entryIds() == null) {
      throw RpcException.invalidArgument("entryIds is required");
    }
    if (request.entryIds().size() > StoreLimits.MAX_IDS) {
      throw RpcException.invalidArgument(
          "entryIds has "
              + request.entryIds().size()
              + " elements, over the limit of "
              + StoreLimits.MAX_IDS);
    }
    UserContext user = users.get(request.userId());
    Set<Long> ids = new LinkedHashSet<>(request.entryIds());
    List<Long> alsoMarked = new ArrayList<>();
    // Both ways: a story is read in the river if any of its copies is, so unmarking one copy
    // alone would leave the story hidden from the unread river.
    if (request.read() != null) {
      for (long id : request.entryIds()) {
        StoryCluster cluster = clusters.clusterOf(id);
        if (cluster == null) {
          continue;
        }
        for (WindowEntry member : cluster.members()) {
          if (user.subscription(member.feedId()) != null && ids.add(member.id())) {
            alsoMarked.add(member.id());
          }
        }
      }
    }
    // The copies are read (or unread) with the entries and nothing more: a star or a rating is
    // the reader's word on the entry they touched, and copied it would star one story several times
    // over or
    // teach the ranker about feeds the reader never rated.
    boolean readOnly = request.starred() == null && request.liking() == null;
    List<Long> asked = List.copyOf(readOnly ? ids : new LinkedHashSet<>(request.entryIds()));
    int changed = 0;
    try {
      // With the copies, up to twice the store's limit per call: chunked.
      for (List<Long> chunk : byStoreLimit(asked)) {
        changed +=
            store
                .setEntryStates(
                    new SetEntryStatesRequest(
                        request.userId(),
                        chunk,
                        request.read(),
                        request.starred(),
                        request.liking()))
                .changed();
      }
      if (!readOnly) {
        for (List<Long> chunk : byStoreLimit(alsoMarked)) {
          changed +=
              store
                  .setEntryStates(
                      new SetEntryStatesRequest(
                          request.userId(), chunk, request.read(), null, null))
                  .changed();
        }
      }
    } catch (RuntimeException e) {
      // Some chunks may be written: the reader's copy is reloaded from the store, not guessed.
      users.invalidate(request.userId());
      throw e;
    }
    Instant now = clock.instant();
    users.changed(
        request.userId(),
        current -> {
          for (long id : asked) {
            current.marked(id, request.read(), request.starred(), request.liking(), now);
          }
          if (!readOnly) {
            for (long id : alsoMarked) {
              current.marked(id, request.read(), null, null, now);
            }
          }
        });
    if (request.liking() != null && request.liking() != 0) {
      learnAuthors(user, request.entryIds(), request.liking() > 0 ? 1 : -1);
    }
    return new SetStatesResponse(changed, alsoMarked);
  }

  private void learnAuthors(UserContext user, List<Long> entryIds, int sign) {
    boolean learned = false;
    for (long id : entryIds) {
      WindowEntry e = window.get(id);
      if (e == null || e.author() == null || !PreferenceRule.hasVisibleText(e.author())) {
        continue; // an author of control characters only (a feed's junk) is no one to learn
      }
      String author = e.author().strip().toLowerCase(Locale.ROOT);
      boolean ruled = false;
      for (PreferenceRule r : user.preferenceRules()) {
        // Any rule of the reader's for this author, in any scope: a reader who weighed an author
        // in one feed has said what they think, and a learned global rule would override it
        // everywhere else.
        if (r.kind() == PreferenceRule.Kind.AUTHOR && r.value().equalsIgnoreCase(author)) {
          ruled = true;
          break;
        }
      }
      if (!ruled) {
        store.setPreference(
            new PreferenceRequest(
                new Preference(
                    0,
                    user.userId(),
                    PreferenceKind.AUTHOR,
                    author,
                    sign * LEARNED_AUTHOR_WEIGHT,
                    null,
                    null)));
        learned = true;
      }
    }
    if (learned) {
      users.invalidate(user.userId());
    }
  }

  /**
   * Marks feeds read up to a bound, as the store does; then, as reading one copy of a story does,
   * the story's copies in the reader's other feeds, so a story read in one feed does not come back
   * to the river through another. {@code marked} counts both, as entries that were unread.
   */
  @Override
  public MarkAllReadResponse markAllRead(MarkAllReadRequest request) {
    MarkAllReadResponse r = store.markAllRead(request);
    int copiesMarked;
    try {
      copiesMarked = setRead(request.userId(), copiesInOtherFeeds(request), true);
    } finally {
      users.invalidate(request.userId());
    }
    return new MarkAllReadResponse(r.marked() + copiesMarked);
  }

  /**
   * Marks unread what the reader marked read since an instant, newest marks first. Which those are
   * is read from every mark in the store (the reader's context holds only the window's, and a
   * mark-all-read reaches older entries too): a rare call, an undo. The reader is reloaded
   * afterwards, as after markAllRead, so a failure half-way leaves no mark in it that the store
   * does not have.
   */
  @Override
  public UnreadRecentlyReadResponse unreadRecentlyRead(UnreadRecentlyReadRequest request) {
    if (request.readSince() == null) {
      throw RpcException.invalidArgument("readSince is required");
    }
    List<Long> recent =
        users.readSince(
            request.userId(), request.readSince(), RankerMessages.MAX_RECENTLY_READ + 1);
    boolean more = recent.size() > RankerMessages.MAX_RECENTLY_READ;
    List<Long> ids = more ? recent.subList(0, RankerMessages.MAX_RECENTLY_READ) : recent;
    int unmarked;
    try {
      unmarked = setRead(request.userId(), ids, false);
    } finally {
      if (!ids.isEmpty()) {
        users.invalidate(request.userId());
      }
    }
    return new UnreadRecentlyReadResponse(unmarked, List.copyOf(ids), more);
  }

  /**
   * Copies, in the reader's feeds outside the request, of the stories the request just marked read.
   * Which entries it marked is the store's to say (only it knows when each was first seen, which
   * {@code seenBefore} bounds): the candidates are the window's clustered entries of the marked
   * feeds within the position or time bound, kept if the store now has them read.
   */
  private List<Long> copiesInOtherFeeds(MarkAllReadRequest request) {
    if (request.feedIds().isEmpty()) {
      return List.of(); // every feed of the reader's was marked: no other feed holds a copy
    }
    Instant upTo = request.upTo();
    long upToId = Long.MAX_VALUE;
    if (request.upToEntryId() != null) {
      WindowEntry anchor = window.get(request.upToEntryId());
      if (anchor == null) {
        return List.of(); // its position is unknown here: mark no copy rather than a wrong one
      }
      upTo = anchor.sortAt();
      upToId = anchor.id();
    }
    Set<Long> markedFeeds = Set.copyOf(request.feedIds());
    List<Long> candidates = new ArrayList<>();
    for (long feedId : markedFeeds) {
      for (WindowEntry e : window.feed(feedId)) {
        boolean within =
            upTo == null
                || e.sortAt().isBefore(upTo)
                || (e.sortAt().equals(upTo) && e.id() <= upToId);
        if (within && clusters.clusterOf(e.id()) != null) {
          candidates.add(e.id());
        }
      }
    }
    UserContext user = users.get(request.userId());
    Set<Long> copies = new LinkedHashSet<>();
    for (List<Long> chunk : byStoreLimit(candidates)) {
      for (EntryState state :
          store.getEntryStates(new GetEntryStatesRequest(request.userId(), chunk)).states()) {
        StoryCluster cluster = state.read() ? clusters.clusterOf(state.entryId()) : null;
        if (cluster == null) {
          continue;
        }
        for (WindowEntry member : cluster.members()) {
          if (!markedFeeds.contains(member.feedId())
              && user.subscription(member.feedId()) != null) {
            copies.add(member.id());
          }
        }
      }
    }
    return unread(request.userId(), List.copyOf(copies));
  }

  /** Those of {@code ids} the reader has not read, so a count of marks counts only changes. */
  private List<Long> unread(long userId, List<Long> ids) {
    List<Long> unread = new ArrayList<>();
    for (List<Long> chunk : byStoreLimit(ids)) {
      for (EntryState state :
          store.getEntryStates(new GetEntryStatesRequest(userId, chunk)).states()) {
        if (!state.read()) {
          unread.add(state.entryId());
        }
      }
    }
    return unread;
  }

  /** Marks {@code ids} read or unread in the store, a store call per run; the entries changed. */
  private int setRead(long userId, List<Long> ids, boolean read) {
    int changed = 0;
    for (List<Long> chunk : byStoreLimit(ids)) {
      changed +=
          store
              .setEntryStates(new SetEntryStatesRequest(userId, chunk, read, null, null))
              .changed();
    }
    return changed;
  }

  /** {@code ids} in runs of at most {@link StoreLimits#MAX_IDS}, as one store call takes them. */
  private static List<List<Long>> byStoreLimit(List<Long> ids) {
    List<List<Long>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += StoreLimits.MAX_IDS) {
      chunks.add(ids.subList(from, Math.min(ids.size(), from + StoreLimits.MAX_IDS)));
    }
    return chunks;
  }

  // ---- filters

  @Override
  public FilterResponse createFilter(FilterRequest request) {
    checkCompiles(request);
    FilterResponse r = store.createFilter(request);
    users.invalidate(r.filter().userId());
    return r;
  }

  @Override
  public FilterResponse updateFilter(FilterRequest request) {
    checkCompiles(request);
    FilterResponse r = store.updateFilter(request);
    users.invalidate(r.filter().userId());
    return r;
  }

  /** A filter the engine cannot use (no words to match, a bad pattern) is refused, not stored. */
  private static void checkCompiles(FilterRequest request) {
    if (request.filter() == null
        || request.filter().field() == null
        || request.filter().action() == null) {
      return; // the store names the missing field
    }
    try {
      FilterSet.compile(List.of(RuleMapping.filter(request.filter())));
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidArgument("filter: " + e.getMessage());
    }
  }

  @Override
  public DeleteRuleResponse deleteFilter(DeleteRuleRequest request) {
    DeleteRuleResponse r = store.deleteFilter(request);
    users.invalidate(request.userId());
    return r;
  }

  @Override
  public ListFiltersResponse listFilters(ListRulesRequest request) {
    return store.listFilters(request);
  }

  // ---- alerts

  @Override
  public AlertResponse createAlert(AlertRequest request) {
    checkParses(request);
    AlertResponse r = store.createAlert(request);
    register(r.alert());
    return r;
  }

  @Override
  public AlertResponse updateAlert(AlertRequest request) {
    checkParses(request);
    AlertResponse r = store.updateAlert(request);
    register(r.alert());
    return r;
  }

  /**
   * An alert whose query the matcher cannot parse ("-job": only excluded words; "!!!": no words) is
   * refused, not stored: stored, the matcher would set it aside and it would never fire, silently.
   */
  private static void checkParses(AlertRequest request) {
    if (request.alert() == null || request.alert().query() == null) {
      return; // the store names the missing field
    }
    try {
      AlertQuery.parse(request.alert().query());
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidArgument("alert.query: " + e.getMessage());
    }
  }

  private void register(Alert a) {
    if (a.enabled()) {
      alerts.put(RuleMapping.alert(a));
    } else {
      alerts.remove(a.id());
    }
  }

  @Override
  public DeleteRuleResponse deleteAlert(DeleteRuleRequest request) {
    DeleteRuleResponse r = store.deleteAlert(request);
    if (r.deleted()) {
      alerts.remove(request.id());
    }
    return r;
  }

  @Override
  public ListAlertsResponse listAlerts(ListRulesRequest request) {
    return store.listAlerts(request);
  }

  @Override
  public ListAlertHitsResponse listAlertHits(ListAlertHitsRequest request) {
    return store.listAlertHits(request);
  }

  @Override
  public AckAlertHitsResponse ackAlertHits(AckAlertHitsRequest request) {
    return store.ackAlertHits(request);
  }

  /**
   * Hits newer than {@code afterHitId}: at once if the store has some, else as soon as one fires,
   * else empty after the wait (capped at {@link RankerMessages#MAX_AWAIT_SECONDS}). Over RPC the
   * wait holds no handler thread: the reply is deferred and sent when the dispatcher completes it.
   * Only a direct, in-process call waits on its own thread.
   */
  @Override
  public ListAlertHitsResponse awaitAlertHits(AwaitAlertHitsRequest request) {
    if (request.maxWaitSeconds() < 0
        || request.maxWaitSeconds() > RankerMessages.MAX_AWAIT_SECONDS) {
      throw RpcException.invalidArgument(
          "maxWaitSeconds "
              + request.maxWaitSeconds()
              + " is outside 0.."
              + RankerMessages.MAX_AWAIT_SECONDS);
    }
    List<com.inkzee.rpc.api.store.RuleMessages.AlertHit> stored =
        newer(request.userId(), request.afterHitId());
    if (!stored.isEmpty() || request.maxWaitSeconds() == 0) {
      return new ListAlertHitsResponse(stored);
    }
    Duration wait = Duration.ofSeconds(request.maxWaitSeconds());
    // The wait holds no handler thread: the call is answered when the dispatcher completes the
    // future (a hit, or empty at the timeout), so a thousand open polls cost no threads.
    CallContext call = CallContext.current();
    CallContext.Deferred<ListAlertHitsResponse> reply = call == null ? null : call.defer();
    CompletableFuture<ListAlertHitsResponse> answer =
        dispatcher
            .awaitHits(request.userId(), request.afterHitId(), wait)
            .handle(
                (fired, failure) -> {
                  List<com.inkzee.rpc.api.store.RuleMessages.AlertHit> out = new ArrayList<>();
                  for (AlertHit h : fired == null ? List.<AlertHit>of() : fired) {
                    out.add(
                        new com.inkzee.rpc.api.store.RuleMessages.AlertHit(
                            h.hitId(), h.alertId(), h.entryId(), h.hitAt(), null));
                  }
                  return new ListAlertHitsResponse(out);
                });
    if (reply != null) {
      answer.thenAccept(reply::complete);
      return null; // answered through the deferred reply
    }
    // Called directly (not over RPC): wait on this thread.
    try {
      return answer.get(wait.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(Status.CANCELLED, "wait for alert hits interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return new ListAlertHitsResponse(List.of());
    }
  }

  /**
   * The user's hits above {@code afterHitId}, oldest first, at most {@link
   * RankerMessages#MAX_RIVER_ITEMS}: a poller that goes on from the highest id it got then sees
   * every hit once. The store lists newest first, so its pages are read down to {@code afterHitId},
   * keeping the oldest; at most {@link #HIT_PAGES} pages (100 hits, then 1,000 a page), a bound on
   * one call's work. A poller more than about 19,000 hits behind gets the oldest of the newest
   * 19,100 and never sees the hits older than those.
   */
  private List<com.inkzee.rpc.api.store.RuleMessages.AlertHit> newer(long userId, long afterHitId) {
    java.util.ArrayDeque<com.inkzee.rpc.api.store.RuleMessages.AlertHit> oldest =
        new java.util.ArrayDeque<>();
    long beforeId = 0;
    for (int page = 0; page < HIT_PAGES; page++) {
      // A poller that keeps up has a few new hits at most: a small first page serves it.
      int rows = page == 0 ? FIRST_HIT_PAGE : StoreLimits.MAX_PAGE_ROWS;
      List<com.inkzee.rpc.api.store.RuleMessages.AlertHit> hits =
          store.listAlertHits(new ListAlertHitsRequest(userId, null, beforeId, rows)).hits();
      for (var h : hits) {
        if (h.id() <= afterHitId) {
          return ascending(oldest);
        }
        oldest.addLast(h); // newest first: each is older than the last
        if (oldest.size() > RankerMessages.MAX_RIVER_ITEMS) {
          oldest.removeFirst();
        }
      }
      if (hits.size() < rows) {
        break;
      }
      beforeId = hits.get(hits.size() - 1).id();
    }
    return ascending(oldest);
  }

  private static List<com.inkzee.rpc.api.store.RuleMessages.AlertHit> ascending(
      java.util.ArrayDeque<com.inkzee.rpc.api.store.RuleMessages.AlertHit> newestFirst) {
    List<com.inkzee.rpc.api.store.RuleMessages.AlertHit> out = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(out);
    return out;
  }

  // ---- preferences

  @Override
  public PreferenceResponse setPreference(PreferenceRequest request) {
    checkUsable(request.preference());
    PreferenceResponse r = store.setPreference(request);
    users.invalidate(r.preference().userId());
    return r;
  }

  /**
   * A preference the ranker could not use (a value of control characters only, which the store
   * keeps) is refused, not stored: stored, it would be left out of every load of the reader.
   */
  private static void checkUsable(Preference p) {
    if (p == null || p.kind() == null || p.value() == null) {
      return; // the store names the missing field
    }
    if (!PreferenceRule.hasVisibleText(p.value())) {
      throw RpcException.invalidArgument(
          "preference.value has no visible characters (only spaces or control characters)");
    }
    try {
      RuleMapping.preference(p);
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidArgument("preference: " + e.getMessage());
    }
  }

  @Override
  public DeleteRuleResponse deletePreference(DeleteRuleRequest request) {
    DeleteRuleResponse r = store.deletePreference(request);
    users.invalidate(request.userId());
    return r;
  }

  @Override
  public ListPreferencesResponse listPreferences(ListRulesRequest request) {
    return store.listPreferences(request);
  }

  // ---- accounts and sessions: the store's, forwarded

  @Override
  public UserResponse createAccount(CreateAccountRequest request) {
    return store.createAccount(request);
  }

  @Override
  public CredentialResponse getCredential(CredentialRequest request) {
    return store.getCredential(request);
  }

  @Override
  public SetPasswordResponse setPassword(SetPasswordRequest request) {
    return store.setPassword(request);
  }

  @Override
  public UpgradePasswordHashResponse upgradePasswordHash(UpgradePasswordHashRequest request) {
    return store.upgradePasswordHash(request);
  }

  @Override
  public SessionResponse createSession(CreateSessionRequest request) {
    return store.createSession(request);
  }

  @Override
  public SessionResponse getSession(SessionRequest request) {
    return store.getSession(request);
  }

  @Override
  public EndSessionResponse endSession(EndSessionRequest request) {
    return store.endSession(request);
  }

  // ---- app passwords and what reading apps list (catalogue 1.5): the store's, forwarded

  @Override
  public AppPasswordResponse createAppPassword(CreateAppPasswordRequest request) {
    return store.createAppPassword(request);
  }

  @Override
  public ListAppPasswordsResponse listAppPasswords(ListAppPasswordsRequest request) {
    return store.listAppPasswords(request);
  }

  @Override
  public AppPasswordResponse updateAppPassword(UpdateAppPasswordRequest request) {
    return store.updateAppPassword(request);
  }

  @Override
  public RevokeAppPasswordResponse revokeAppPassword(RevokeAppPasswordRequest request) {
    return store.revokeAppPassword(request);
  }

  @Override
  public FindAppPasswordResponse findAppPassword(FindAppPasswordRequest request) {
    return store.findAppPassword(request);
  }

  /**
   * The store's, forwarded: the marks it reads are the store's, where {@link #setEntryStates}
   * writes a read mark for every copy of the story the reader follows, so a duplicate read anywhere
   * shows read here too.
   */
  @Override
  public UserEntriesResponse userEntries(UserEntriesRequest request) {
    return store.userEntries(request);
  }

  @Override
  public UnreadCountsResponse unreadCounts(UnreadCountsRequest request) {
    return store.unreadCounts(request);
  }
}
