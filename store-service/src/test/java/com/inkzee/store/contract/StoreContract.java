package com.inkzee.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.AdminMessages.FeedStatsRequest;
import com.inkzee.rpc.api.store.AdminMessages.RetentionRequest;
import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.EntryCursor;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesResponse;
import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.FilterAction;
import com.inkzee.rpc.api.store.FilterField;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.AlertHit;
import com.inkzee.rpc.api.store.RuleMessages.AlertRequest;
import com.inkzee.rpc.api.store.RuleMessages.DeleteRuleRequest;
import com.inkzee.rpc.api.store.RuleMessages.Filter;
import com.inkzee.rpc.api.store.RuleMessages.FilterRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.api.store.RuleMessages.RecordAlertHitsRequest;
import com.inkzee.rpc.api.store.SearchMessages.SearchRequest;
import com.inkzee.rpc.api.store.StateMessages.EntryState;
import com.inkzee.rpc.api.store.StateMessages.GetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.api.store.UserMessages.GetUserRequest;
import com.inkzee.rpc.api.store.UserMessages.UserResponse;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.store.db.Database;
import com.inkzee.store.rpc.StoreRpcHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The storage contract: what StoreService promises, run against every engine (H2 always, PostgreSQL
 * when reachable). Tests go through {@link StoreRpcHandler}, so input checks and error mapping are
 * part of the contract. Each test class gets a fresh database; each test its own user and feeds, so
 * tests do not see each other's rows except where they count whole tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContract {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  protected Database db;
  protected MutableClock clock;
  protected StoreRpcHandler store;
  private final AtomicInteger unique = new AtomicInteger();

  /** Opens a fresh, migrated database for this class. */
  protected abstract Database openDatabase() throws Exception;

  protected void closeDatabase() throws Exception {}

  @BeforeAll
  void open() throws Exception {
    db = openDatabase();
    clock = new MutableClock(T0);
    store = new StoreRpcHandler(db, clock);
  }

  @AfterAll
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
    closeDatabase();
  }

  long user;

  @BeforeEach
  void newUser() {
    user =
        store
            .createUser(new CreateUserRequest("user" + unique.incrementAndGet(), null))
            .user()
            .id();
  }

  long feed(String url) {
    return store.subscribe(new SubscribeRequest(user, url, null, null, 0)).subscription().feedId();
  }

  long newFeed() {
    return feed("https://example.com/feed/" + unique.incrementAndGet());
  }

  static EntryInput entry(String key, String title, String content, Instant published) {
    return new EntryInput(
        key,
        key,
        "https://example.com/" + key,
        title,
        "Ann Author",
        null,
        content,
        List.of("news", "tech"),
        List.of(new Enclosure("https://example.com/" + key + ".mp3", "audio/mpeg", 1234)),
        published,
        null,
        42L,
        "en");
  }

  List<EntryInput> batch(int n, String prefix) {
    List<EntryInput> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(entry(prefix + i, "Title " + i, "<p>body " + i + "</p>", T0.plusSeconds(i)));
    }
    return out;
  }

  IngestResponse ingest(long feedId, List<EntryInput> entries) {
    return store.ingestEntries(new IngestRequest(feedId, entries));
  }

  static Status statusOf(Runnable call) {
    try {
      call.run();
    } catch (RpcException e) {
      return e.status();
    }
    throw new AssertionError("expected the call to fail");
  }

  @Nested
  class Users {
    @Test
    void createIsIdempotentByName() {
      UserResponse first = store.createUser(new CreateUserRequest("zoe" + user, "z@example.com"));
      UserResponse again = store.createUser(new CreateUserRequest("zoe" + user, "other"));
      assertThat(first.created()).isTrue();
      assertThat(again.created()).isFalse();
      assertThat(again.user().id()).isEqualTo(first.user().id());
      assertThat(store.getUser(new GetUserRequest(null, "zoe" + user)).user())
          .isEqualTo(first.user());
    }

    @Test
    void unknownUserIsNotFound() {
      assertThat(statusOf(() -> store.getUser(new GetUserRequest(999_999L, null))))
          .isEqualTo(Status.NOT_FOUND);
      assertThat(statusOf(() -> store.listSubscriptions(new ListSubscriptionsRequest(999_999L))))
          .isEqualTo(Status.NOT_FOUND);
    }
  }

  @Nested
  class Subscriptions {
    @Test
    void feedRowIsCreatedOncePerNormalisedUrl() {
      String path = "/f" + unique.incrementAndGet();
      SubscribeResponse a =
          store.subscribe(
              new SubscribeRequest(
                  user, "HTTPS://Example.COM:443" + path + "#x", "Mine", "News", 2));
      long other = store.createUser(new CreateUserRequest("other" + user, null)).user().id();
      SubscribeResponse b =
          store.subscribe(new SubscribeRequest(other, "https://example.com" + path, null, null, 0));
      assertThat(a.feedCreated()).isTrue();
      assertThat(b.feedCreated()).isFalse();
      assertThat(b.subscription().feedId()).isEqualTo(a.subscription().feedId());
      assertThat(a.subscription().feedUrl()).isEqualTo("https://example.com" + path);
      assertThat(a.subscription().title()).isEqualTo("Mine");
    }

    @Test
    void listsSubscriptionsFoldersAndOpml() {
      feed("https://a.example/feed");
      store.subscribe(new SubscribeRequest(user, "https://b.example/feed", "B", "Tech", 1));
      store.subscribe(new SubscribeRequest(user, "https://c.example/feed", "C", "Art", 0));
      ListSubscriptionsResponse list = store.listSubscriptions(new ListSubscriptionsRequest(user));
      assertThat(list.subscriptions()).hasSize(3);
      assertThat(list.folders()).containsExactly("Art", "Tech");
      assertThat(store.exportOpml(new OpmlExportRequest(user)).outlines())
          .extracting(o -> o.feedUrl())
          .contains("https://b.example/feed", "https://c.example/feed");
    }

    @Test
    void unsubscribeRemovesOnlyTheSubscription() {
      long f = newFeed();
      assertThat(store.unsubscribe(new UnsubscribeRequest(user, f)).removed()).isTrue();
      assertThat(store.unsubscribe(new UnsubscribeRequest(user, f)).removed()).isFalse();
      assertThat(store.listSubscriptions(new ListSubscriptionsRequest(user)).subscriptions())
          .isEmpty();
    }

    @Test
    void rejectsNonHttpUrls() {
      RpcException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class,
              () ->
                  store.subscribe(new SubscribeRequest(user, "file:///etc/passwd", null, null, 0)));
      assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(e.detail()).contains("http");
    }
  }

  @Nested
  class Ingest {
    @Test
    void sameBatchThreeTimesTwoConcurrentlyStoresEachEntryOnce() throws Exception {
      long f = newFeed();
      List<EntryInput> entries = batch(50, "k");
      IngestResponse first = ingest(f, entries);
      assertThat(first.inserted()).isEqualTo(50);
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<IngestResponse> a =
          CompletableFuture.supplyAsync(() -> awaitThen(go, () -> ingest(f, entries)));
      CompletableFuture<IngestResponse> b =
          CompletableFuture.supplyAsync(() -> awaitThen(go, () -> ingest(f, entries)));
      go.countDown();
      assertThat(a.get().unchanged()).isEqualTo(50);
      assertThat(b.get().unchanged()).isEqualTo(50);
      assertThat(listAll(f)).hasSize(50);
    }

    @Test
    void concurrentFirstIngestsStoreEachEntryOnce() throws Exception {
      long f = newFeed();
      List<EntryInput> entries = batch(30, "c");
      CountDownLatch go = new CountDownLatch(1);
      CompletableFuture<IngestResponse> a =
          CompletableFuture.supplyAsync(() -> awaitThen(go, () -> ingest(f, entries)));
      CompletableFuture<IngestResponse> b =
          CompletableFuture.supplyAsync(() -> awaitThen(go, () -> ingest(f, entries)));
      go.countDown();
      assertThat(a.get().inserted() + b.get().inserted()).isEqualTo(30);
      assertThat(listAll(f)).hasSize(30);
    }

    @Test
    void changedContentBumpsTheSequenceOnce() {
      long f = newFeed();
      ingest(f, List.of(entry("a", "Old", "x", T0), entry("b", "B", "y", T0)));
      Entry before = listAll(f).stream().filter(e -> e.entryKey().equals("a")).findFirst().get();
      List<EntryInput> changed = List.of(entry("a", "New", "x", T0), entry("b", "B", "y", T0));
      IngestResponse r1 = ingest(f, changed);
      IngestResponse r2 = ingest(f, changed);
      assertThat(r1.updated()).isEqualTo(1);
      assertThat(r1.unchanged()).isEqualTo(1);
      assertThat(r2.updated()).isZero();
      assertThat(r2.unchanged()).isEqualTo(2);
      Entry after =
          store.getEntries(new GetEntriesRequest(List.of(before.id()), false)).entries().get(0);
      assertThat(after.title()).isEqualTo("New");
      assertThat(after.sequence()).isGreaterThan(before.sequence());
      long since =
          store
              .entriesSince(new EntriesSinceRequest(before.sequence(), 1000, true))
              .entries()
              .stream()
              .filter(e -> e.id() == before.id())
              .count();
      assertThat(since).isEqualTo(1);
    }

    @Test
    void storesEveryFieldAndCleansNulAndLoneSurrogates() {
      long f = newFeed();
      IngestResponse r =
          ingest(f, List.of(entry("n", "bad\u0000title\uD800", "ok\uDC00 content", T0)));
      assertThat(r.inserted()).isEqualTo(1);
      assertThat(r.cleanedFields()).isEqualTo(2);
      Entry e = listAll(f).get(0);
      assertThat(e.title()).isEqualTo("badtitle");
      assertThat(e.content()).isEqualTo("ok content");
      assertThat(e.categories()).containsExactly("news", "tech");
      assertThat(e.enclosures())
          .containsExactly(new Enclosure("https://example.com/n.mp3", "audio/mpeg", 1234));
      assertThat(e.publishedAt()).isEqualTo(T0);
      assertThat(e.language()).isEqualTo("en");
      assertThat(e.fingerprint()).isEqualTo(42L);
      assertThat(e.contentHash()).hasSize(64);
    }

    @Test
    void badInputNamesTheFieldAndTheLimit() {
      long f = newFeed();
      String longTitle = "t".repeat(StoreLimits.MAX_TITLE_BYTES + 1);
      RpcException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class,
              () ->
                  ingest(f, List.of(entry("a", "fine", "x", T0), entry("b", longTitle, "x", T0))));
      assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(e.detail()).contains("entries[1].title").contains("2048");
      RpcException big =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class, () -> ingest(f, batch(StoreLimits.MAX_BATCH_ENTRIES + 1, "z")));
      assertThat(big.detail()).contains("entries").contains("1000");
      RpcException noKey =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class, () -> ingest(f, List.of(entry("", "t", "x", T0))));
      assertThat(noKey.detail()).contains("entries[0].entryKey");
      assertThat(listAll(f)).as("a refused batch stores nothing").isEmpty();
      assertThat(statusOf(() -> ingest(987_654L, batch(1, "x")))).isEqualTo(Status.NOT_FOUND);
    }
  }

  @Nested
  class Reads {
    @Test
    void keysetPagingVisitsEveryEntryOnceNewestFirst() {
      long f1 = newFeed();
      long f2 = newFeed();
      ingest(f1, batch(25, "p"));
      ingest(f2, batch(20, "q")); // same publish times: ties broken by id
      List<Long> seen = new ArrayList<>();
      EntryCursor cursor = null;
      Instant lastSort = Instant.MAX;
      do {
        ListEntriesResponse page =
            store.listEntries(new ListEntriesRequest(List.of(f1, f2), null, null, 7, cursor, true));
        for (Entry e : page.entries()) {
          assertThat(e.sortAt()).isBeforeOrEqualTo(lastSort);
          assertThat(e.content()).isNull();
          lastSort = e.sortAt();
          seen.add(e.id());
        }
        cursor = page.next();
      } while (cursor != null);
      assertThat(seen).hasSize(45).doesNotHaveDuplicates();
    }

    @Test
    void windowBoundsAreFromInclusiveUntilExclusive() {
      long f = newFeed();
      ingest(f, batch(10, "w"));
      ListEntriesResponse page =
          store.listEntries(
              new ListEntriesRequest(
                  List.of(f), T0.plusSeconds(2), T0.plusSeconds(5), 100, null, false));
      assertThat(page.entries()).extracting(Entry::entryKey).containsExactly("w4", "w3", "w2");
      assertThat(page.next()).isNull();
    }

    @Test
    void changeFeedIsOrderedAndResumable() {
      long f = newFeed();
      long start = store.entriesSince(new EntriesSinceRequest(0, 1000, true)).lastSequence();
      while (true) {
        var page = store.entriesSince(new EntriesSinceRequest(start, 1000, true));
        if (page.entries().isEmpty()) {
          break;
        }
        start = page.lastSequence();
      }
      ingest(f, batch(15, "s"));
      var first = store.entriesSince(new EntriesSinceRequest(start, 10, true));
      var second = store.entriesSince(new EntriesSinceRequest(first.lastSequence(), 10, true));
      assertThat(first.entries()).hasSize(10);
      assertThat(second.entries()).hasSize(5);
      List<Long> seqs = new ArrayList<>();
      first.entries().forEach(e -> seqs.add(e.sequence()));
      second.entries().forEach(e -> seqs.add(e.sequence()));
      assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void getEntriesKeepsTheAskedOrderAndSkipsMissing() {
      long f = newFeed();
      ingest(f, batch(3, "g"));
      List<Entry> all = listAll(f);
      List<Long> ids = List.of(all.get(2).id(), 999_999_999L, all.get(0).id());
      assertThat(store.getEntries(new GetEntriesRequest(ids, false)).entries())
          .extracting(Entry::id)
          .containsExactly(all.get(2).id(), all.get(0).id());
    }

    @Test
    void limitsAreChecked() {
      RpcException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class,
              () -> store.entriesSince(new EntriesSinceRequest(0, 5000, false)));
      assertThat(e.detail()).contains("limit").contains("1000");
    }
  }

  @Nested
  class Leases {
    @Test
    void lateReportIsRejectedAfterTheLeaseExpires() {
      long f = newFeed();
      LeaseResponse mine = leaseUntilFound("fetcher-a", f);
      assertThat(mine.feeds()).extracting(LeasedFeed::feedId).contains(f);
      clock.advance(Duration.ofSeconds(61));
      LeaseResponse theirs = leaseUntilFound("fetcher-b", f);
      assertThat(theirs.feeds()).extracting(LeasedFeed::feedId).contains(f);
      RpcException late =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class, () -> store.reportFetch(report(f, "fetcher-a", FetchOutcome.OK)));
      assertThat(late.status()).isEqualTo(Status.FAILED_PRECONDITION);
      assertThat(store.reportFetch(report(f, "fetcher-b", FetchOutcome.OK)).feedState())
          .isEqualTo(FeedState.ACTIVE);
      assertThat(statusOf(() -> store.reportFetch(report(f, "fetcher-b", FetchOutcome.OK))))
          .as("the report released the lease")
          .isEqualTo(Status.FAILED_PRECONDITION);
      releaseAll();
    }

    @Test
    void reportSchedulesBackoffAndGone() {
      long f = newFeed();
      leaseUntilFound("fetcher-c", f);
      var r = store.reportFetch(report(f, "fetcher-c", FetchOutcome.ERROR));
      assertThat(r.consecutiveErrors()).isEqualTo(1);
      assertThat(r.nextFetchAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
      clock.advance(Duration.ofMinutes(6));
      leaseUntilFound("fetcher-c", f);
      assertThat(store.reportFetch(report(f, "fetcher-c", FetchOutcome.GONE)).feedState())
          .isEqualTo(FeedState.GONE);
      var stats = store.feedStats(new FeedStatsRequest(List.of(f), 0)).feeds().get(0);
      assertThat(stats.state()).isEqualTo(FeedState.GONE);
      assertThat(stats.fetches()).isEqualTo(2);
      assertThat(stats.subscribers()).isEqualTo(1);
      releaseAll();
    }

    @Test
    void badLeaseRequestsNameTheLimit() {
      RpcException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class, () -> store.leaseDueFeeds(new LeaseRequest("x", 5000, 60)));
      assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(e.detail()).contains("max").contains("1000");
    }

    /** Leases in rounds (other tests' feeds are due too) until {@code feedId} is among them. */
    LeaseResponse leaseUntilFound(String owner, long feedId) {
      for (int i = 0; i < 100; i++) {
        LeaseResponse r = store.leaseDueFeeds(new LeaseRequest(owner, 1000, 60));
        if (r.feeds().stream().anyMatch(x -> x.feedId() == feedId)) {
          return r;
        }
        if (r.feeds().isEmpty()) {
          break;
        }
      }
      throw new AssertionError("feed " + feedId + " was never leased to " + owner);
    }

    /** Lets every lease expire so later tests start from a clean queue. */
    void releaseAll() {
      clock.advance(Duration.ofHours(2));
    }
  }

  @Nested
  class States {
    @Test
    void setsAndReadsMarks() {
      long f = newFeed();
      ingest(f, batch(3, "m"));
      List<Long> ids = listAll(f).stream().map(Entry::id).toList();
      assertThat(
              store
                  .setEntryStates(new SetEntryStatesRequest(user, ids.subList(0, 2), true, null, 1))
                  .changed())
          .isEqualTo(2);
      store.setEntryStates(new SetEntryStatesRequest(user, List.of(ids.get(1)), null, true, null));
      List<EntryState> states = store.getEntryStates(new GetEntryStatesRequest(user, ids)).states();
      assertThat(states.get(0).read()).isTrue();
      assertThat(states.get(0).liking()).isEqualTo(1);
      assertThat(states.get(0).readAt()).isEqualTo(clock.instant());
      assertThat(states.get(1).starred()).isTrue();
      assertThat(states.get(1).read()).as("a null mark is left alone").isTrue();
      assertThat(states.get(2)).isEqualTo(new EntryState(ids.get(2), false, false, 0, null));
    }

    @Test
    void markAllReadUpToAnEntryAndATime() {
      long f = newFeed();
      ingest(f, batch(10, "r"));
      List<Entry> newestFirst = listAll(f);
      Entry fifthNewest = newestFirst.get(4); // r5, published T0+5s
      int marked =
          store
              .markAllRead(new MarkAllReadRequest(user, List.of(), fifthNewest.id(), null))
              .marked();
      assertThat(marked).isEqualTo(6);
      assertThat(
              store
                  .markAllRead(new MarkAllReadRequest(user, List.of(f), null, T0.plusSeconds(100)))
                  .marked())
          .isEqualTo(4);
      assertThat(
              statusOf(
                  () -> store.markAllRead(new MarkAllReadRequest(user, List.of(), null, null))))
          .isEqualTo(Status.INVALID_ARGUMENT);
    }
  }

  @Nested
  class Rules {
    @Test
    void filtersAndAlertsCrudAndHits() {
      long f = newFeed();
      ingest(f, batch(2, "h"));
      Filter created =
          store
              .createFilter(
                  new FilterRequest(
                      new Filter(
                          0,
                          user,
                          "no ads",
                          null,
                          FilterField.TITLE,
                          "sponsored",
                          FilterAction.HIDE,
                          true)))
              .filter();
      assertThat(created.id()).isPositive();
      store.updateFilter(
          new FilterRequest(
              new Filter(
                  created.id(),
                  user,
                  "no ads",
                  f,
                  FilterField.ANY,
                  "ad",
                  FilterAction.MARK_READ,
                  false)));
      assertThat(store.listFilters(new ListRulesRequest(user)).filters())
          .singleElement()
          .satisfies(x -> assertThat(x.action()).isEqualTo(FilterAction.MARK_READ));
      assertThat(store.deleteFilter(new DeleteRuleRequest(user, created.id())).deleted()).isTrue();
      assertThat(store.listFilters(new ListRulesRequest(user)).filters()).isEmpty();

      Alert alert =
          store
              .createAlert(new AlertRequest(new Alert(0, user, "kw", "\"body 1\"", null, true)))
              .alert();
      List<Long> ids = listAll(f).stream().map(Entry::id).toList();
      List<AlertHit> hits =
          List.of(
              new AlertHit(0, alert.id(), ids.get(0), T0),
              new AlertHit(0, alert.id(), ids.get(1), T0));
      assertThat(store.recordAlertHits(new RecordAlertHitsRequest(hits)).recorded()).isEqualTo(2);
      assertThat(store.recordAlertHits(new RecordAlertHitsRequest(hits)).recorded()).isZero();
      var page1 = store.listAlertHits(new ListAlertHitsRequest(user, alert.id(), 0, 1)).hits();
      var page2 =
          store.listAlertHits(new ListAlertHitsRequest(user, null, page1.get(0).id(), 10)).hits();
      assertThat(page1).hasSize(1);
      assertThat(page2).hasSize(1);
      assertThat(
              statusOf(
                  () ->
                      store.updateAlert(
                          new AlertRequest(new Alert(999_999, user, "x", "y", null, true)))))
          .isEqualTo(Status.NOT_FOUND);
    }
  }

  @Nested
  class Search {
    @Test
    void findsWordsAndPhrasesAndExcludes() {
      long f = newFeed();
      ingest(
          f,
          List.of(
              entry("s1", "Rust release notes", "<p>The compiler got faster</p>", T0),
              entry("s2", "Java news", "<p>The compiler and the JIT</p>", T0.plusSeconds(1)),
              entry("s3", "Gardening", "<p>Tomatoes in July</p>", T0.plusSeconds(2))));
      assertThat(search("compiler")).containsExactlyInAnyOrder("s1", "s2");
      assertThat(search("compiler -jit")).containsExactly("s1");
      assertThat(search("\"tomatoes in july\"")).containsExactly("s3");
      long other = store.createUser(new CreateUserRequest("nosubs" + user, null)).user().id();
      assertThat(store.search(new SearchRequest(other, "compiler", 10, true)).entries()).isEmpty();
    }

    List<String> search(String q) {
      return store.search(new SearchRequest(user, q, 10, true)).entries().stream()
          .map(Entry::entryKey)
          .toList();
    }
  }

  @Nested
  class Retention {
    @Test
    void purgesOldEntriesKeepsStarredAndNewestAndTombstonesPreventResurrection() {
      long f = newFeed();
      List<EntryInput> entries = batch(10, "o"); // published T0 .. T0+9s
      ingest(f, entries);
      List<Entry> all = listAll(f);
      long starred = all.stream().filter(e -> e.entryKey().equals("o0")).findFirst().get().id();
      store.setEntryStates(new SetEntryStatesRequest(user, List.of(starred), null, true, null));
      clock.advance(Duration.ofDays(40));
      long purged = store.runRetention(new RetentionRequest(30, 3)).purged();
      assertThat(purged).isGreaterThanOrEqualTo(6);
      assertThat(listAll(f))
          .extracting(Entry::entryKey)
          .containsExactlyInAnyOrder("o9", "o8", "o7", "o0");
      IngestResponse again = ingest(f, entries);
      assertThat(again.tombstoned()).isEqualTo(6);
      assertThat(again.inserted()).isZero();
      assertThat(listAll(f)).hasSize(4);
      clock.advance(Duration.ofDays(-40));
    }
  }

  List<Entry> listAll(long feedId) {
    return store
        .listEntries(new ListEntriesRequest(List.of(feedId), null, null, 1000, null, false))
        .entries();
  }

  static <T> T awaitThen(CountDownLatch go, java.util.function.Supplier<T> call) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return call.get();
  }

  static FetchReport report(long feedId, String owner, FetchOutcome outcome) {
    return new FetchReport(
        feedId,
        owner,
        outcome,
        outcome == FetchOutcome.GONE ? 410 : 200,
        "\"e1\"",
        null,
        null,
        outcome == FetchOutcome.ERROR ? "connection refused" : null,
        1000,
        50,
        "Feed title",
        null,
        null,
        null,
        null);
  }

  static Set<Long> ids(List<LeasedFeed> feeds) {
    Set<Long> out = new HashSet<>();
    feeds.forEach(f -> out.add(f.feedId()));
    return out;
  }
}
