package com.inkzee.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.AccountMessages;
import com.inkzee.rpc.api.store.AccountMessages.CreateAccountRequest;
import com.inkzee.rpc.api.store.AccountMessages.CreateSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialResponse;
import com.inkzee.rpc.api.store.AccountMessages.EndSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.Session;
import com.inkzee.rpc.api.store.AccountMessages.SessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.SetPasswordRequest;
import com.inkzee.rpc.api.store.AccountMessages.UpgradePasswordHashRequest;
import com.inkzee.rpc.api.store.AdminMessages;
import com.inkzee.rpc.api.store.AdminMessages.FeedOptionsRequest;
import com.inkzee.rpc.api.store.AdminMessages.FeedOptionsResponse;
import com.inkzee.rpc.api.store.AdminMessages.FeedStats;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsRequest;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsResponse;
import com.inkzee.rpc.api.store.AdminMessages.RetentionRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
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
import com.inkzee.rpc.api.store.EntryMessages.WindowRequest;
import com.inkzee.rpc.api.store.EntryMessages.WindowResponse;
import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.FilterAction;
import com.inkzee.rpc.api.store.FilterField;
import com.inkzee.rpc.api.store.FilterMatch;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReportResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueRequest;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueResponse;
import com.inkzee.rpc.api.store.PreferenceKind;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.AlertHit;
import com.inkzee.rpc.api.store.RuleMessages.AlertRequest;
import com.inkzee.rpc.api.store.RuleMessages.AllAlertsRequest;
import com.inkzee.rpc.api.store.RuleMessages.DeleteRuleRequest;
import com.inkzee.rpc.api.store.RuleMessages.Filter;
import com.inkzee.rpc.api.store.RuleMessages.FilterRequest;
import com.inkzee.rpc.api.store.RuleMessages.FilterResponse;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.api.store.RuleMessages.Preference;
import com.inkzee.rpc.api.store.RuleMessages.PreferenceRequest;
import com.inkzee.rpc.api.store.RuleMessages.RecordAlertHitsRequest;
import com.inkzee.rpc.api.store.SearchMessages.SearchRequest;
import com.inkzee.rpc.api.store.StateMessages.EntryState;
import com.inkzee.rpc.api.store.StateMessages.FeedMarkCounts;
import com.inkzee.rpc.api.store.StateMessages.GetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkCountsRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.UserStatesRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.api.store.UserMessages.GetUserRequest;
import com.inkzee.rpc.api.store.UserMessages.UserResponse;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.store.db.Dialect;
import com.inkzee.store.entries.PageBudget;
import com.inkzee.store.feeds.FeedMerger;
import com.inkzee.store.leases.LeaseQueue;
import com.inkzee.store.leases.QueueDepth;
import com.inkzee.store.rpc.StoreRpcHandler;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The storage contract: what StoreService promises, run against every engine (H2 always, PostgreSQL
 * when reachable). Tests go through {@link StoreRpcHandler}, so input checks and error mapping are
 * part of the contract. Each test class gets a fresh database; each test its own user and feeds, so
 * tests do not see each other's rows except where they count whole tables.
 */
abstract class StoreContract extends EngineContract {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  @Override
  protected Instant start() {
    return T0;
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
        List.of(new Enclosure("https://example.com/" + key + ".mp3", "audio/mpeg", 1234, 0)),
        published,
        null,
        42L,
        "en");
  }

  /** Entry {@code key} titled {@code title}, saying it was last updated at {@code updated}. */
  static EntryInput versioned(String key, String title, Instant updated) {
    return new EntryInput(
        key,
        key,
        "https://example.com/" + key,
        title,
        "Ann Author",
        null,
        "<p>" + title + "</p>",
        List.of(),
        List.of(),
        T0,
        updated,
        0L,
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

  static final int LARGE_ENTRIES = 20;

  /** Content just under the 1 MiB input limit. */
  static final String LARGE_CONTENT = "<p>" + "lorem ".repeat(170_000) + "</p>";

  /** Ingests {@code n} entries of {@link #LARGE_CONTENT}, a few per batch, a second apart. */
  void ingestLarge(long feedId, int n, Instant published) {
    for (int i = 0; i < n; i += 5) {
      List<EntryInput> batch = new ArrayList<>();
      for (int j = i; j < Math.min(n, i + 5); j++) {
        int id = unique.incrementAndGet();
        batch.add(entry("big" + id, "Big " + id, LARGE_CONTENT, published.plusSeconds(j)));
      }
      ingest(feedId, batch);
    }
  }

  static long textBytes(List<Entry> entries) {
    return entries.stream().mapToLong(e -> e.content() == null ? 0 : e.content().length()).sum();
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
  class Accounts {
    private final String hash = "pbkdf2-sha256$600000$c2FsdA$aGFzaA";

    private String tokenHash(int n) {
      return String.format("%064x", (long) n * 1_000_003L + user);
    }

    @Test
    void createsAnAccountAndReadsItsHashBack() {
      String name = "acct" + user;
      UserResponse made =
          store.createAccount(new CreateAccountRequest(name, "a@example.com", hash));
      assertThat(made.created()).isTrue();
      CredentialResponse cred = store.getCredential(new CredentialRequest(name));
      assertThat(cred.user()).isEqualTo(made.user());
      assertThat(cred.passwordHash()).isEqualTo(hash);
    }

    /**
     * upgradePasswordHash (1.9) replaces a hash only while it is the one the caller read: a
     * password changed in between stays changed.
     */
    @Test
    void anUpgradedHashReplacesOnlyTheHashItWasReadAs() {
      String name = "upgrade" + user;
      long id = store.createAccount(new CreateAccountRequest(name, null, hash)).user().id();
      String stronger = "pbkdf2-sha256$900000$c2FsdA$c3Ryb25n";
      assertThat(
              store
                  .upgradePasswordHash(new UpgradePasswordHashRequest(id, hash, stronger))
                  .replaced())
          .isTrue();
      assertThat(store.getCredential(new CredentialRequest(name)).passwordHash())
          .isEqualTo(stronger);

      // The user changes their password; an upgrade made from the old hash must not put it back.
      String changed = "pbkdf2-sha256$600000$bmV3$Y2hhbmdlZA";
      store.setPassword(new SetPasswordRequest(id, changed, false));
      assertThat(
              store
                  .upgradePasswordHash(new UpgradePasswordHashRequest(id, stronger, "late"))
                  .replaced())
          .isFalse();
      assertThat(store.getCredential(new CredentialRequest(name)).passwordHash())
          .isEqualTo(changed);
      assertThat(
              statusOf(
                  () ->
                      store.upgradePasswordHash(new UpgradePasswordHashRequest(id, changed, " "))))
          .isEqualTo(Status.INVALID_ARGUMENT);
    }

    @Test
    void aTakenNameIsAlreadyExistsAndKeepsItsPassword() {
      String name = "taken" + user;
      store.createAccount(new CreateAccountRequest(name, null, hash));
      assertThat(statusOf(() -> store.createAccount(new CreateAccountRequest(name, null, "other"))))
          .isEqualTo(Status.ALREADY_EXISTS);
      assertThat(store.getCredential(new CredentialRequest(name)).passwordHash()).isEqualTo(hash);
      // An operator's user (no password) is not claimed by signing up with its name either.
      String plain = "plain" + user;
      store.createUser(new CreateUserRequest(plain, null));
      assertThat(statusOf(() -> store.createAccount(new CreateAccountRequest(plain, null, hash))))
          .isEqualTo(Status.ALREADY_EXISTS);
    }

    @Test
    void noUserAndNoPasswordAreTheSameNotFound() {
      String plain = "nopass" + user;
      store.createUser(new CreateUserRequest(plain, null));
      assertThat(statusOf(() -> store.getCredential(new CredentialRequest(plain))))
          .isEqualTo(Status.NOT_FOUND);
      assertThat(statusOf(() -> store.getCredential(new CredentialRequest("nobody" + user))))
          .isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void refusesAnEmptyOrOversizedHash() {
      assertThat(
              statusOf(() -> store.createAccount(new CreateAccountRequest("e" + user, null, ""))))
          .isEqualTo(Status.INVALID_ARGUMENT);
      String huge = "x".repeat(AccountMessages.MAX_PASSWORD_HASH_BYTES + 1);
      assertThat(
              statusOf(() -> store.createAccount(new CreateAccountRequest("h" + user, null, huge))))
          .isEqualTo(Status.INVALID_ARGUMENT);
    }

    @Test
    void setPasswordGivesAPasswordAndCanEndEverySession() {
      assertThat(store.setPassword(new SetPasswordRequest(user, hash, false)).sessionsEnded())
          .isZero();
      String name = store.getUser(new GetUserRequest(user, null)).user().name();
      assertThat(store.getCredential(new CredentialRequest(name)).passwordHash()).isEqualTo(hash);
      Instant later = clock.instant().plus(Duration.ofDays(1));
      store.createSession(new CreateSessionRequest(user, tokenHash(1), "csrf1", later));
      store.createSession(new CreateSessionRequest(user, tokenHash(2), "csrf2", later));
      assertThat(store.setPassword(new SetPasswordRequest(user, "new", true)).sessionsEnded())
          .isEqualTo(2);
      assertThat(statusOf(() -> store.getSession(new SessionRequest(tokenHash(1)))))
          .isEqualTo(Status.NOT_FOUND);
      assertThat(statusOf(() -> store.setPassword(new SetPasswordRequest(999_999L, hash, false))))
          .isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void sessionsLiveUntilTheyExpireOrEnd() {
      Instant expires = clock.instant().plus(Duration.ofHours(1));
      Session made =
          store
              .createSession(new CreateSessionRequest(user, tokenHash(3), "csrf3", expires))
              .session();
      assertThat(made.user().id()).isEqualTo(user);
      assertThat(made.csrfToken()).isEqualTo("csrf3");
      // Idempotent: the same token again is the same session.
      assertThat(
              store
                  .createSession(new CreateSessionRequest(user, tokenHash(3), "csrf3", expires))
                  .session())
          .isEqualTo(made);
      assertThat(store.getSession(new SessionRequest(tokenHash(3))).session()).isEqualTo(made);

      clock.advance(Duration.ofHours(2));
      assertThat(statusOf(() -> store.getSession(new SessionRequest(tokenHash(3)))))
          .isEqualTo(Status.NOT_FOUND);

      Instant next = clock.instant().plus(Duration.ofHours(1));
      store.createSession(new CreateSessionRequest(user, tokenHash(4), "csrf4", next));
      assertThat(store.endSession(new EndSessionRequest(tokenHash(4))).ended()).isTrue();
      assertThat(store.endSession(new EndSessionRequest(tokenHash(4))).ended()).isFalse();
      assertThat(statusOf(() -> store.getSession(new SessionRequest(tokenHash(4)))))
          .isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void refusesBadSessionInput() {
      Instant later = clock.instant().plus(Duration.ofHours(1));
      assertThat(
              statusOf(
                  () -> store.createSession(new CreateSessionRequest(user, "not-hex", "c", later))))
          .isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(
              statusOf(
                  () ->
                      store.createSession(
                          new CreateSessionRequest(user, tokenHash(5), "c", clock.instant()))))
          .isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(
              statusOf(
                  () ->
                      store.createSession(
                          new CreateSessionRequest(999_999L, tokenHash(6), "c", later))))
          .isEqualTo(Status.NOT_FOUND);
      assertThat(statusOf(() -> store.getSession(new SessionRequest("ABC"))))
          .isEqualTo(Status.INVALID_ARGUMENT);
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

    /**
     * Subscribing again sets title, folder and priority (the web reader edits them so); with
     * keepExisting a followed feed keeps the reader's, for callers that do not know them.
     */
    @Test
    void keepExistingLeavesAFollowedFeedAsTheReaderArrangedIt() {
      String url = "https://keep.example/feed" + unique.incrementAndGet();
      SubscribeResponse first =
          store.subscribe(new SubscribeRequest(user, url, "Mine", "Tech", 3, true));
      assertThat(first.alreadyFollowed()).isFalse();
      assertThat(first.subscription())
          .extracting(Subscription::title, Subscription::folder, Subscription::priority)
          .containsExactly("Mine", "Tech", 3);

      SubscribeResponse kept =
          store.subscribe(new SubscribeRequest(user, url, "Imported", null, 0, true));
      assertThat(kept.alreadyFollowed()).isTrue();
      assertThat(kept.subscription())
          .extracting(Subscription::title, Subscription::folder, Subscription::priority)
          .containsExactly("Mine", "Tech", 3);

      SubscribeResponse edited =
          store.subscribe(new SubscribeRequest(user, url, "Renamed", "News", 1));
      assertThat(edited.alreadyFollowed()).isTrue();
      assertThat(edited.subscription())
          .extracting(Subscription::title, Subscription::folder, Subscription::priority)
          .containsExactly("Renamed", "News", 1);
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

    /**
     * A copy of an entry that says it was updated before the stored one (a stale mirror, or the
     * older duplicate in a newest-first feed) does not overwrite the newer text; within a batch the
     * copy updated latest wins, wherever it stands.
     */
    @Test
    void anOlderVersionDoesNotOverwriteANewerOne() {
      long f = newFeed();
      ingest(f, List.of(versioned("u", "v2", T0.plusSeconds(7200))));
      Entry stored = listAll(f).get(0);

      IngestResponse stale = ingest(f, List.of(versioned("u", "v1", T0.plusSeconds(3600))));
      assertThat(stale.updated()).isZero();
      assertThat(stale.unchanged()).isEqualTo(1);
      Entry kept = listAll(f).get(0);
      assertThat(kept.title()).isEqualTo("v2");
      assertThat(kept.sequence()).isEqualTo(stored.sequence());

      IngestResponse newer = ingest(f, List.of(versioned("u", "v3", T0.plusSeconds(10800))));
      assertThat(newer.updated()).isEqualTo(1);
      assertThat(listAll(f).get(0).title()).isEqualTo("v3");

      // Newest first, as feeds list them: the first copy is the one to keep.
      long g = newFeed();
      IngestResponse batch =
          ingest(
              g,
              List.of(
                  versioned("d", "newest", T0.plusSeconds(18000)),
                  versioned("d", "oldest", T0.plusSeconds(3600))));
      assertThat(batch.inserted()).isEqualTo(1);
      assertThat(listAll(g)).extracting(Entry::title).containsExactly("newest");
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
          .containsExactly(new Enclosure("https://example.com/n.mp3", "audio/mpeg", 1234, 0));
      assertThat(e.publishedAt()).isEqualTo(T0);
      assertThat(e.language()).isEqualTo("en");
      assertThat(e.fingerprint()).isEqualTo(42L);
      assertThat(e.contentHash()).hasSize(64);
    }

    @Test
    void storesEnclosureDurations() {
      long f = newFeed();
      EntryInput plain = entry("p", "Plain", "x", T0);
      EntryInput podcast =
          new EntryInput(
              "pod",
              "pod",
              "https://example.com/pod",
              "Episode 1",
              null,
              null,
              "notes",
              List.of(),
              List.of(
                  new Enclosure("https://example.com/ep1.mp3", "audio/mpeg", 5_000_000, 3725),
                  new Enclosure("https://example.com/ep1.jpg", "image/jpeg", 20_000, 0)),
              T0,
              null,
              0,
              null);
      assertThat(ingest(f, List.of(plain, podcast)).inserted()).isEqualTo(2);
      Entry stored =
          listAll(f).stream().filter(e -> e.entryKey().equals("pod")).findFirst().orElseThrow();
      assertThat(stored.enclosures())
          .containsExactly(
              new Enclosure("https://example.com/ep1.mp3", "audio/mpeg", 5_000_000, 3725),
              new Enclosure("https://example.com/ep1.jpg", "image/jpeg", 20_000, 0));
      assertThat(ingest(f, List.of(plain, podcast)).unchanged()).isEqualTo(2);
      EntryInput longer =
          new EntryInput(
              "pod",
              "pod",
              "https://example.com/pod",
              "Episode 1",
              null,
              null,
              "notes",
              List.of(),
              List.of(
                  new Enclosure("https://example.com/ep1.mp3", "audio/mpeg", 5_000_000, 3726),
                  new Enclosure("https://example.com/ep1.jpg", "image/jpeg", 20_000, 0)),
              T0,
              null,
              0,
              null);
      assertThat(ingest(f, List.of(longer)).updated())
          .as("a changed duration is a changed entry")
          .isEqualTo(1);
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

    /** The change feed's last sequence, read to its end (other tests' entries are in it too). */
    private long changeFeedHead() {
      long start = store.entriesSince(new EntriesSinceRequest(0, 1000, true)).lastSequence();
      while (true) {
        var page = store.entriesSince(new EntriesSinceRequest(start, 1000, true));
        if (page.entries().isEmpty()) {
          return start;
        }
        start = page.lastSequence();
      }
    }

    @Test
    void changeFeedIsOrderedAndResumable() {
      long f = newFeed();
      long start = changeFeedHead();
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

    /**
     * A page of 1,000 rows with 1 MiB of content each would be ~1 GiB, far past the 16 MiB RPC
     * frame: the server would refuse it and the ranker's tailer retry the same cursor forever.
     * Pages stop at the byte budget, and their cursor continues where they ended.
     */
    @Test
    void pagesOfLargeEntriesStopAtTheByteBudgetAndContinueWhereTheyEnded() {
      long f = newFeed();
      long start = changeFeedHead();
      Instant published = Instant.parse("2031-01-01T00:00:00Z");
      ingestLarge(f, LARGE_ENTRIES, published);

      var first = store.entriesSince(new EntriesSinceRequest(start, 1000, false));
      assertThat(first.entries()).isNotEmpty().hasSizeLessThan(LARGE_ENTRIES);
      assertThat(textBytes(first.entries()))
          .isLessThanOrEqualTo(PageBudget.MAX_PAGE_TEXT_BYTES + LARGE_CONTENT.length());
      assertThat(first.lastSequence())
          .isEqualTo(first.entries().get(first.entries().size() - 1).sequence());
      List<String> keys = new ArrayList<>();
      first.entries().forEach(e -> keys.add(e.entryKey()));
      long cursor = first.lastSequence();
      int pages = 1;
      while (true) {
        var page = store.entriesSince(new EntriesSinceRequest(cursor, 1000, false));
        if (page.entries().isEmpty()) {
          break;
        }
        page.entries().forEach(e -> keys.add(e.entryKey()));
        cursor = page.lastSequence();
        pages++;
      }
      assertThat(pages).isGreaterThanOrEqualTo(3);
      assertThat(keys).hasSize(LARGE_ENTRIES).doesNotHaveDuplicates();

      // Keyset-paged reads: a page cut short still carries the cursor to go on from.
      ListEntriesResponse list =
          store.listEntries(new ListEntriesRequest(List.of(f), null, null, 1000, null, false));
      assertThat(list.entries()).isNotEmpty().hasSizeLessThan(LARGE_ENTRIES);
      assertThat(list.next()).isNotNull();
      List<Long> listed = new ArrayList<>();
      for (EntryCursor next = null; ; ) {
        ListEntriesResponse page =
            store.listEntries(new ListEntriesRequest(List.of(f), null, null, 1000, next, false));
        page.entries().forEach(e -> listed.add(e.id()));
        next = page.next();
        if (next == null) {
          break;
        }
      }
      assertThat(listed).hasSize(LARGE_ENTRIES).doesNotHaveDuplicates();

      WindowResponse window = store.entryWindow(new WindowRequest(published, null, 1000, false));
      assertThat(window.entries()).isNotEmpty().hasSizeLessThan(LARGE_ENTRIES);
      assertThat(window.next()).isNotNull();
      List<Long> windowed = new ArrayList<>();
      for (EntryCursor next = null; ; ) {
        WindowResponse page = store.entryWindow(new WindowRequest(published, next, 1000, false));
        // The window spans every feed: other tests' entries dated later show up too.
        page.entries().stream().filter(e -> e.feedId() == f).forEach(e -> windowed.add(e.id()));
        next = page.next();
        if (next == null) {
          break;
        }
      }
      assertThat(windowed).hasSize(LARGE_ENTRIES).doesNotHaveDuplicates();
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

    /**
     * keepTitle (1.8) moves a followed feed without making the feed's title the reader's own: the
     * shown title still follows the feed, and a title the reader gave stays theirs.
     */
    @Test
    void keepTitleMovesAFeedWithoutFreezingItsTitle() {
      String url = "https://moved.example/feed" + unique.incrementAndGet();
      long f = feed(url);
      leaseUntilFound("fetcher-t", f);
      store.reportFetch(report(f, "fetcher-t", FetchOutcome.OK)); // the feed calls itself this
      Subscription shown = subscription(f);
      assertThat(shown.title()).isEqualTo("Feed title");

      Subscription moved =
          store
              .subscribe(SubscribeRequest.rearrange(user, url, shown.title(), "Later", 2))
              .subscription();
      assertThat(moved)
          .extracting(Subscription::title, Subscription::folder, Subscription::priority)
          .containsExactly("Feed title", "Later", 2);
      releaseAll();
      leaseUntilFound("fetcher-t", f);
      store.reportFetch(renamed(report(f, "fetcher-t", FetchOutcome.OK), "Feed, renamed"));
      assertThat(subscription(f).title())
          .as("the feed's own title still shows after the move")
          .isEqualTo("Feed, renamed");

      store.subscribe(new SubscribeRequest(user, url, "Mine", "Later", 2));
      store.subscribe(SubscribeRequest.rearrange(user, url, "Mine", null, 0));
      assertThat(subscription(f))
          .extracting(Subscription::title, Subscription::folder, Subscription::priority)
          .containsExactly("Mine", null, 0);
      releaseAll();
    }

    /**
     * The icon (1.12) follows the fetcher's reports: a report that does not mention it (an older
     * fetcher, a 304, an error) keeps it; a 200 whose feed declares none ("") forgets it, so a
     * reader does not keep showing an image the publisher took away.
     */
    @Test
    void theIconFollowsReportsAndIsListed() {
      long f = newFeed();
      assertThat(subscription(f).iconUrl()).as("not fetched yet").isNull();
      String icon = "https://example.com/favicon.ico";
      reportIcon(f, FetchOutcome.OK, icon);
      assertThat(subscription(f).iconUrl()).isEqualTo(icon);

      reportIcon(f, FetchOutcome.NOT_MODIFIED, null);
      reportIcon(f, FetchOutcome.ERROR, null);
      reportIcon(f, FetchOutcome.OK, null); // a fetcher older than 1.12
      assertThat(subscription(f).iconUrl()).as("reports that do not mention it").isEqualTo(icon);

      reportIcon(f, FetchOutcome.OK, "");
      assertThat(subscription(f).iconUrl()).as("the feed dropped its icon").isNull();
      reportIcon(f, FetchOutcome.OK, "https://example.com/icon-2.png");
      assertThat(subscription(f).iconUrl()).isEqualTo("https://example.com/icon-2.png");
    }

    @Test
    void anIconThatIsNotAnHttpUrlOrTooLongIsRefused() {
      long f = newFeed();
      leaseUntilFound("fetcher-i", f);
      for (String bad :
          List.of(
              "javascript:alert(1)",
              "data:image/png;base64,AAAA",
              "/favicon.ico",
              "https://example.com/" + "i".repeat(StoreLimits.MAX_URL_BYTES))) {
        RpcException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                RpcException.class,
                () -> store.reportFetch(withIcon(report(f, "fetcher-i", FetchOutcome.OK), bad)));
        assertThat(e.status()).as(bad).isEqualTo(Status.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("iconUrl");
      }
      releaseAll();
    }

    private void reportIcon(long feedId, FetchOutcome outcome, String iconUrl) {
      releaseAll();
      leaseUntilFound("fetcher-i", feedId);
      store.reportFetch(withIcon(report(feedId, "fetcher-i", outcome), iconUrl));
      releaseAll();
    }

    private FetchReport withIcon(FetchReport r, String iconUrl) {
      return copy(r, r.title(), iconUrl);
    }

    private Subscription subscription(long feedId) {
      return store.listSubscriptions(new ListSubscriptionsRequest(user)).subscriptions().stream()
          .filter(s -> s.feedId() == feedId)
          .findFirst()
          .orElseThrow();
    }

    private FetchReport renamed(FetchReport r, String title) {
      return copy(r, title, r.iconUrl());
    }

    /** {@code r} with another title and icon: every other field as it is. */
    private FetchReport copy(FetchReport r, String title, String iconUrl) {
      return new FetchReport(
          r.feedId(),
          r.owner(),
          r.outcome(),
          r.httpStatus(),
          r.etag(),
          r.lastModified(),
          r.nextFetchAt(),
          r.error(),
          r.bytes(),
          r.latencyMillis(),
          title,
          r.siteUrl(),
          r.redirectUrl(),
          r.websubHub(),
          r.websubTopic(),
          r.pollIntervalSeconds(),
          r.websubUnsubscribed(),
          iconUrl);
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

  /** What the fetcher needs from the queue (catalogue 1.2). */
  @Nested
  class FetcherQueue {
    static final String HUB = "https://hub.example/";

    @Test
    void leaseCarriesPollIntervalSubscribersTlsExemptionAndHub() {
      long f = newFeed();
      long other = store.createUser(new CreateUserRequest("second" + user, null)).user().id();
      String url =
          store.listSubscriptions(new ListSubscriptionsRequest(user)).subscriptions().stream()
              .filter(s -> s.feedId() == f)
              .findFirst()
              .orElseThrow()
              .feedUrl();
      store.subscribe(new SubscribeRequest(other, url, null, null, 0));
      assertThat(store.setFeedOptions(new FeedOptionsRequest(f, true)))
          .isEqualTo(new FeedOptionsResponse(f, true));
      LeasedFeed first = leaseOne("fq-a", f);
      assertThat(first.pollIntervalSeconds()).isZero();
      assertThat(first.subscribers()).isEqualTo(2);
      assertThat(first.tlsExempt()).isTrue();
      assertThat(first.websubHub()).isNull();
      store.reportFetch(
          report(f, "fq-a", FetchOutcome.OK, null, clock.instant(), 900, HUB, url, false));
      LeasedFeed second = leaseOne("fq-a", f);
      assertThat(second.pollIntervalSeconds()).isEqualTo(900);
      assertThat(second.websubHub()).isEqualTo(HUB);
      assertThat(second.websubTopic()).isEqualTo(url);
      var r =
          store.reportFetch(
              report(f, "fq-a", FetchOutcome.NOT_MODIFIED, null, null, 0, null, null, false));
      assertThat(r.nextFetchAt())
          .as("without nextFetchAt the stored poll interval schedules the next fetch")
          .isEqualTo(clock.instant().plusSeconds(900));
      store.setFeedOptions(new FeedOptionsRequest(f, false));
      clock.advance(Duration.ofSeconds(901));
      assertThat(leaseOne("fq-a", f).tlsExempt()).isFalse();
      assertThat(statusOf(() -> store.setFeedOptions(new FeedOptionsRequest(987_654L, true))))
          .isEqualTo(Status.NOT_FOUND);
      RpcException bad =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class,
              () ->
                  store.reportFetch(
                      report(f, "fq-a", FetchOutcome.OK, null, null, -1, null, null, false)));
      assertThat(bad.status()).isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(bad.detail()).contains("pollIntervalSeconds");
      releaseAll();
    }

    @Test
    void twoPermanentRedirectsDoNotMoveTheFeedTheThirdDoes() {
      long f = newFeed();
      String target = "https://moved.example/feed/" + f;
      String old = feedUrl(f);
      for (int i = 1; i < LeaseQueue.REDIRECTS_BEFORE_MOVE; i++) {
        assertThat(redirected(f, target).feedUrl()).as("after %d redirects", i).isEqualTo(old);
        assertThat(feedUrl(f)).isEqualTo(old);
      }
      var moved = redirected(f, target);
      assertThat(moved.feedUrl()).isEqualTo(target);
      assertThat(moved.mergedIntoFeedId()).isNull();
      assertThat(moved.feedState()).isEqualTo(FeedState.ACTIVE);
      assertThat(feedUrl(f)).isEqualTo(target);
      long other = store.createUser(new CreateUserRequest("late" + user, null)).user().id();
      SubscribeResponse late = store.subscribe(new SubscribeRequest(other, target, null, null, 0));
      assertThat(late.subscription().feedId()).as("the new URL is the feed's key").isEqualTo(f);
      assertThat(late.feedCreated()).isFalse();
      assertThat(leaseOne("fq-r", f).url()).isEqualTo(target);
      releaseAll();
    }

    @Test
    void aSuccessServedFromTheOldUrlResetsTheCount() {
      long f = newFeed();
      String target = "https://reset.example/feed/" + f;
      String old = feedUrl(f);
      redirected(f, target);
      redirected(f, target);
      leaseOne("fq-r", f);
      store.reportFetch(
          report(f, "fq-r", FetchOutcome.OK, null, clock.instant(), 0, null, null, false));
      redirected(f, target);
      redirected(f, target);
      assertThat(feedUrl(f)).as("the count restarted after the success").isEqualTo(old);
      redirected(f, "https://elsewhere.example/feed/" + f);
      redirected(f, target);
      redirected(f, target);
      assertThat(feedUrl(f)).as("another target restarts the count too").isEqualTo(old);
      // An error says nothing about the redirect (the fetch may not have got that far).
      leaseOne("fq-r", f);
      store.reportFetch(
          report(f, "fq-r", FetchOutcome.ERROR, null, clock.instant(), 0, null, null, false));
      assertThat(redirected(f, target).feedUrl()).isEqualTo(target);
      releaseAll();
    }

    @Test
    void aRedirectToAFollowedUrlMergesTheFeedsWithoutDuplicates() {
      long both = user;
      long old = newFeed();
      String targetUrl = "https://merge.example/feed/" + old;
      long target = feed(targetUrl);
      long oldOnly = store.createUser(new CreateUserRequest("oldonly" + user, null)).user().id();
      store.subscribe(new SubscribeRequest(oldOnly, feedUrl(old), "My name", "Folder", 3));
      ingest(old, List.of(entry("k1", "Shared", "x", T0), entry("k2", "Only old", "y", T0)));
      ingest(target, List.of(entry("k1", "Shared", "x", T0)));
      long oldK1 = idOf(old, "k1");
      long targetK1 = idOf(target, "k1");
      store.setEntryStates(new SetEntryStatesRequest(oldOnly, List.of(oldK1), true, true, null));
      // A reader of both feeds starred and liked the old copy, then read the target's copy later:
      // the merge keeps the star, the liking and the first read time.
      Instant firstRead = clock.instant();
      store.setEntryStates(new SetEntryStatesRequest(both, List.of(oldK1), true, true, 1));
      clock.advance(Duration.ofHours(1));
      store.setEntryStates(new SetEntryStatesRequest(both, List.of(targetK1), true, null, null));
      clock.advance(Duration.ofHours(-1));
      long filter =
          store
              .createFilter(
                  new FilterRequest(
                      new Filter(
                          0,
                          oldOnly,
                          "mute",
                          old,
                          FilterField.TITLE,
                          "ad",
                          FilterAction.HIDE,
                          true,
                          null,
                          null)))
              .filter()
              .id();
      long scoped =
          store
              .setPreference(
                  new PreferenceRequest(
                      new Preference(0, oldOnly, PreferenceKind.AUTHOR, "ann", 2, old, null)))
              .preference()
              .id();
      long forFeed =
          store
              .setPreference(
                  new PreferenceRequest(
                      new Preference(
                          0, oldOnly, PreferenceKind.FEED, Long.toString(old), 1, null, null)))
              .preference()
              .id();
      FetchReportResponse r = null;
      for (int i = 0; i < LeaseQueue.REDIRECTS_BEFORE_MOVE; i++) {
        r = redirected(old, targetUrl);
      }
      assertThat(r.mergedIntoFeedId()).isEqualTo(target);
      assertThat(r.feedState()).isEqualTo(FeedState.GONE);
      assertThat(store.listSubscriptions(new ListSubscriptionsRequest(both)).subscriptions())
          .extracting(s -> s.feedId())
          .containsExactly(target);
      var moved = store.listSubscriptions(new ListSubscriptionsRequest(oldOnly)).subscriptions();
      assertThat(moved).extracting(s -> s.feedId()).containsExactly(target);
      assertThat(moved.get(0).folder()).isEqualTo("Folder");
      assertThat(moved.get(0).title()).isEqualTo("My name");
      EntryState state =
          store
              .getEntryStates(new GetEntryStatesRequest(oldOnly, List.of(targetK1)))
              .states()
              .get(0);
      assertThat(state.read()).isTrue();
      assertThat(state.starred()).isTrue();
      assertThat(store.getEntryStates(new GetEntryStatesRequest(both, List.of(targetK1))).states())
          .as("marks on both copies are combined")
          .containsExactly(new EntryState(targetK1, true, true, 1, firstRead, target));
      assertThat(store.listFilters(new ListRulesRequest(oldOnly)).filters())
          .filteredOn(x -> x.id() == filter)
          .extracting(x -> x.feedId())
          .containsExactly(target);
      assertThat(store.listPreferences(new ListRulesRequest(oldOnly)).preferences())
          .as("preferences follow the merge")
          .containsExactly(
              new Preference(scoped, oldOnly, PreferenceKind.AUTHOR, "ann", 2, target, null),
              new Preference(
                  forFeed, oldOnly, PreferenceKind.FEED, Long.toString(target), 1, null, null));
      var stats = store.feedStats(new FeedStatsRequest(List.of(old), 0)).feeds().get(0);
      assertThat(stats.state()).isEqualTo(FeedState.GONE);
      assertThat(stats.mergedIntoFeedId()).isEqualTo(target);
      assertThat(stats.lastError()).contains("merged into feed " + target);
      assertThat(stats.subscribers()).isZero();
      assertThat(leaseAllDue("fq-m")).doesNotContain(old);
      long newcomer = store.createUser(new CreateUserRequest("newcomer" + user, null)).user().id();
      assertThat(
              store
                  .subscribe(new SubscribeRequest(newcomer, feedUrl(old), null, null, 0))
                  .subscription()
                  .feedId())
          .as("subscribing to the old URL follows the merge")
          .isEqualTo(target);
      releaseAll();
    }

    /**
     * Merging into a feed that went GONE (a 410 some time ago) moved every follower onto a feed
     * never leased again: the target is made ACTIVE and due now, since the redirect says it
     * answers.
     */
    @Test
    void aMergeIntoAGoneFeedMakesItActiveAndDue() {
      long old = newFeed();
      String targetUrl = "https://merge.example/gone/" + old;
      long target = feed(targetUrl);
      leaseOne("fq-g", target);
      assertThat(store.reportFetch(report(target, "fq-g", FetchOutcome.GONE)).feedState())
          .isEqualTo(FeedState.GONE);
      releaseAll(); // the lease above took every due feed, the old one too
      FetchReportResponse r = null;
      for (int i = 0; i < LeaseQueue.REDIRECTS_BEFORE_MOVE; i++) {
        r = redirected(old, targetUrl);
      }
      assertThat(r.mergedIntoFeedId()).isEqualTo(target);
      var stats = store.feedStats(new FeedStatsRequest(List.of(target), 0)).feeds().get(0);
      assertThat(stats.state()).isEqualTo(FeedState.ACTIVE);
      assertThat(stats.subscribers()).isEqualTo(1);
      assertThat(leaseAllDue("fq-g2")).contains(target).doesNotContain(old);
      releaseAll();
    }

    /**
     * A new subscription to a feed that answered 410 once gets it fetched again (it was GONE, so
     * never leased: the subscription stayed silent); a new 410 makes it GONE again. A DISABLED feed
     * stays disabled: an operator's decision.
     */
    @Test
    void aNewSubscriptionToAGoneFeedMakesItDueForOneRecheck() {
      String url = "https://gone.example/feed/" + unique.incrementAndGet();
      long f = feed(url);
      leaseOne("fq-410", f);
      assertThat(store.reportFetch(report(f, "fq-410", FetchOutcome.GONE)).feedState())
          .isEqualTo(FeedState.GONE);
      store.unsubscribe(new UnsubscribeRequest(user, f));
      releaseAll();
      assertThat(leaseAllDue("fq-410")).doesNotContain(f);
      releaseAll();

      long newcomer = store.createUser(new CreateUserRequest("after410-" + f, null)).user().id();
      SubscribeResponse sub = store.subscribe(new SubscribeRequest(newcomer, url, null, null, 0));
      assertThat(sub.subscription().feedId()).isEqualTo(f);
      assertThat(sub.subscription().feedState()).isEqualTo(FeedState.ACTIVE);
      assertThat(leaseAllDue("fq-410b")).contains(f);
      assertThat(store.reportFetch(report(f, "fq-410b", FetchOutcome.GONE)).feedState())
          .as("still gone: GONE again")
          .isEqualTo(FeedState.GONE);
      releaseAll();
      assertThat(leaseAllDue("fq-410c")).doesNotContain(f);
      assertThat(
              store
                  .subscribe(new SubscribeRequest(newcomer, url, "Renamed", null, 0))
                  .subscription()
                  .feedState())
          .as("an existing subscription edited is not a new one")
          .isEqualTo(FeedState.GONE);
      releaseAll();

      db.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE feeds SET state = 'DISABLED' WHERE id = ?")) {
              ps.setLong(1, f);
              return ps.executeUpdate();
            }
          });
      long third = store.createUser(new CreateUserRequest("disabled-" + f, null)).user().id();
      assertThat(
              store
                  .subscribe(new SubscribeRequest(third, url, null, null, 0))
                  .subscription()
                  .feedState())
          .isEqualTo(FeedState.DISABLED);
      assertThat(leaseAllDue("fq-410d")).doesNotContain(f);
      releaseAll();
    }

    /**
     * A subscription made while its feed is being merged (the fetch report holds the feed's row)
     * lands on the target. Before, it read the feed unlocked and went to the old feed after its
     * followers had moved there: a subscription to a GONE feed that is never fetched.
     */
    @Test
    void aSubscriptionMadeDuringAMergeOfItsFeedLandsOnTheTarget() throws Exception {
      long old = newFeed();
      String targetUrl = "https://merge.example/race/" + old;
      long target = feed(targetUrl);
      long racer = store.createUser(new CreateUserRequest("racer" + user, null)).user().id();
      CompletableFuture<Long> subscribed = new CompletableFuture<>();
      Thread subscriber =
          new Thread(
              () -> {
                try {
                  subscribed.complete(
                      store
                          .subscribe(new SubscribeRequest(racer, feedUrl(old), null, null, 0))
                          .subscription()
                          .feedId());
                } catch (Throwable t) {
                  subscribed.completeExceptionally(t);
                }
              },
              "racing-subscriber");
      db.inTransaction(
          c -> {
            // What LeaseQueue.reportFetch does on a permanent redirect, held open meanwhile.
            try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM feeds WHERE id = ? FOR UPDATE")) {
              ps.setLong(1, old);
              ps.executeQuery().close();
            }
            assertThat(FeedMerger.follow(c, old, targetUrl, clock.instant()).mergedInto())
                .isEqualTo(target);
            subscriber.start();
            awaitBlockedOrDone(subscribed);
            return null;
          });
      assertThat(subscribed.get(30, TimeUnit.SECONDS)).isEqualTo(target);
      assertThat(store.listSubscriptions(new ListSubscriptionsRequest(racer)).subscriptions())
          .extracting(s -> s.feedId())
          .containsExactly(target);
    }

    /**
     * Waits (at most 10 s) until {@code call} is done or some session of this database waits for a
     * row lock: the racing subscriber has then reached the merge's locks.
     */
    private void awaitBlockedOrDone(CompletableFuture<?> call) {
      String blocked =
          db.dialect() == Dialect.POSTGRESQL
              ? "SELECT count(*) FROM pg_stat_activity"
                  + " WHERE wait_event_type = 'Lock' AND datname = current_database()"
              : "SELECT count(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL";
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!call.isDone() && System.nanoTime() < end) {
        long waiting =
            db.inTransaction(
                c -> {
                  try (PreparedStatement ps = c.prepareStatement(blocked);
                      ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                  }
                });
        if (waiting > 0) {
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }

    /**
     * The merge note names the redirect's target; a target URL longer than the note's column (2,048
     * characters, while URLs take 8 KiB) once made every report fail as INTERNAL, so the feed was
     * never merged and no report of it was ever recorded again.
     */
    @Test
    void aRedirectToAFollowedUrlLongerThanTheErrorColumnStillMerges() {
      long old = newFeed();
      String targetUrl = "https://merge.example/feed/" + old + "?q=" + "\u00e9".repeat(3000);
      long target = feed(targetUrl);
      FetchReportResponse r = null;
      for (int i = 0; i < LeaseQueue.REDIRECTS_BEFORE_MOVE; i++) {
        r = redirected(old, targetUrl);
      }
      assertThat(r.mergedIntoFeedId()).isEqualTo(target);
      assertThat(r.feedState()).isEqualTo(FeedState.GONE);
      String note =
          store.feedStats(new FeedStatsRequest(List.of(old), 0)).feeds().get(0).lastError();
      assertThat(note).startsWith("merged into feed " + target + " (permanent redirect to https:");
      assertThat(note.length()).isLessThanOrEqualTo(2048);
      releaseAll();
    }

    @Test
    void aFailingFeedIsRetriedDailyAndShownAsFailing() {
      long f = newFeed();
      for (int i = 1; i <= AdminMessages.FAILING_AFTER_ERRORS; i++) {
        leaseOne("fq-e", f);
        FetchReport failed =
            new FetchReport(
                f,
                "fq-e",
                FetchOutcome.ERROR,
                503,
                null,
                null,
                clock.instant().plus(Duration.ofDays(30)),
                "HTTP 503 #" + i,
                0,
                10,
                null,
                null,
                null,
                null,
                null,
                0,
                false);
        FetchReportResponse r = store.reportFetch(failed);
        assertThat(r.nextFetchAt())
            .as("an error never schedules more than a day ahead")
            .isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        FeedStats stats = store.feedStats(new FeedStatsRequest(List.of(f), 0)).feeds().get(0);
        assertThat(stats.failing())
            .as("after %d errors", i)
            .isEqualTo(i >= AdminMessages.FAILING_AFTER_ERRORS);
        clock.advance(Duration.ofHours(24));
      }
      FeedStatsResponse all = store.feedStats(new FeedStatsRequest(List.of(f), 0));
      FeedStats stats = all.feeds().get(0);
      assertThat(stats.state()).isEqualTo(FeedState.ACTIVE);
      assertThat(stats.consecutiveErrors()).isEqualTo(AdminMessages.FAILING_AFTER_ERRORS);
      assertThat(stats.lastError()).isEqualTo("HTTP 503 #" + AdminMessages.FAILING_AFTER_ERRORS);
      assertThat(all.failingFeeds()).isGreaterThanOrEqualTo(1);
      var sub = store.listSubscriptions(new ListSubscriptionsRequest(user)).subscriptions().get(0);
      assertThat(sub.failing()).isTrue();
      assertThat(sub.lastError()).startsWith("HTTP 503");
      leaseOne("fq-e", f); // never dropped
      store.reportFetch(report(f, "fq-e", FetchOutcome.OK, null, null, 0, null, null, false));
      stats = store.feedStats(new FeedStatsRequest(List.of(f), 0)).feeds().get(0);
      assertThat(stats.failing()).isFalse();
      assertThat(stats.lastError()).isNull();
      releaseAll();
    }

    @Test
    void leasesOnlyFollowedFeedsAndUnfollowedOnesWithAHubUntilUnsubscribed() {
      long plain = newFeed();
      long pushed = newFeed();
      leaseOne("fq-w", pushed);
      store.reportFetch(
          report(
              pushed,
              "fq-w",
              FetchOutcome.OK,
              null,
              clock.instant(),
              0,
              HUB,
              feedUrl(pushed),
              false));
      store.unsubscribe(new UnsubscribeRequest(user, plain));
      store.unsubscribe(new UnsubscribeRequest(user, pushed));
      clock.advance(Duration.ofSeconds(61)); // leaseOne leased plain too: let that lease expire
      List<LeasedFeed> leased = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        List<LeasedFeed> got = store.leaseDueFeeds(new LeaseRequest("fq-w", 1000, 60)).feeds();
        if (got.isEmpty()) {
          break;
        }
        leased.addAll(got);
      }
      assertThat(ids(leased)).as("nobody follows it and it has no hub").doesNotContain(plain);
      LeasedFeed toUnsubscribe =
          leased.stream().filter(x -> x.feedId() == pushed).findFirst().orElseThrow();
      assertThat(toUnsubscribe.subscribers()).isZero();
      assertThat(toUnsubscribe.websubHub()).isEqualTo(HUB);
      store.reportFetch(
          report(pushed, "fq-w", FetchOutcome.OK, null, clock.instant(), 0, null, null, true));
      assertThat(leaseAllDue("fq-w")).doesNotContain(plain, pushed);
      store.subscribe(new SubscribeRequest(user, feedUrl(plain), null, null, 0));
      assertThat(leaseAllDue("fq-w2")).as("followed again").contains(plain);
      releaseAll();
    }

    @Test
    void makeFeedDueMakesItLeasableNow() {
      long f = newFeed();
      leaseOne("fq-d", f);
      var r = store.reportFetch(report(f, "fq-d", FetchOutcome.OK));
      assertThat(r.nextFetchAt()).isAfter(clock.instant());
      assertThat(leaseAllDue("fq-d2")).doesNotContain(f);
      MakeDueResponse due = store.makeFeedDue(new MakeDueRequest(f));
      assertThat(due.nextFetchAt()).isEqualTo(clock.instant());
      assertThat(due.feedState()).isEqualTo(FeedState.ACTIVE);
      clock.advance(Duration.ofSeconds(5));
      assertThat(store.makeFeedDue(new MakeDueRequest(f)).nextFetchAt())
          .as("already due: keeps its place in the queue")
          .isEqualTo(due.nextFetchAt());
      assertThat(leaseAllDue("fq-d3")).contains(f);
      assertThat(statusOf(() -> store.makeFeedDue(new MakeDueRequest(987_654L))))
          .isEqualTo(Status.NOT_FOUND);
      releaseAll();
    }

    /**
     * feedStats' dueFeeds is the queue's depth as a lease sees it (what `inkzee status` shows and
     * the /metrics gauge counts): a due feed already leased, or one nobody follows, is not waiting.
     */
    @Test
    void dueFeedsCountsNeitherLeasedNorUnfollowedFeeds() {
      long followed = newFeed();
      long unfollowed = newFeed();
      store.unsubscribe(new UnsubscribeRequest(user, unfollowed));
      assertThat(leaseAllDue("fq-depth")).contains(followed).doesNotContain(unfollowed);
      FeedStatsResponse stats = store.feedStats(new FeedStatsRequest(List.of(), 1));
      assertThat(stats.dueFeeds()).as("everything a lease would offer was leased").isZero();
      assertThat(stats.leasedFeeds()).isPositive();
      QueueDepth gauges = new QueueDepth(db, clock);
      assertThat(stats.dueFeeds()).isEqualTo(gauges.due());
      assertThat(stats.leasedFeeds()).isEqualTo(gauges.leased());
      releaseAll();
      assertThat(store.feedStats(new FeedStatsRequest(List.of(), 1)).dueFeeds())
          .as("the leases expired: the followed feed waits again, the unfollowed one does not")
          .isEqualTo(leaseAllDue("fq-depth2").size());
      releaseAll();
    }

    /** A report of a body fetched through permanent redirects to {@code target}, due again now. */
    FetchReportResponse redirected(long feedId, String target) {
      leaseOne("fq-r", feedId);
      return store.reportFetch(
          report(feedId, "fq-r", FetchOutcome.OK, target, clock.instant(), 0, null, null, false));
    }

    LeasedFeed leaseOne(String owner, long feedId) {
      for (int i = 0; i < 100; i++) {
        List<LeasedFeed> got = store.leaseDueFeeds(new LeaseRequest(owner, 1000, 60)).feeds();
        for (LeasedFeed x : got) {
          if (x.feedId() == feedId) {
            return x;
          }
        }
        if (got.isEmpty()) {
          break;
        }
      }
      throw new AssertionError("feed " + feedId + " was never leased to " + owner);
    }

    /** Leases every feed that is due now (for a minute) and returns their ids. */
    Set<Long> leaseAllDue(String owner) {
      Set<Long> out = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        List<LeasedFeed> got = store.leaseDueFeeds(new LeaseRequest(owner, 1000, 60)).feeds();
        if (got.isEmpty()) {
          return out;
        }
        out.addAll(ids(got));
      }
      return out;
    }

    String feedUrl(long feedId) {
      return store.feedStats(new FeedStatsRequest(List.of(feedId), 0)).feeds().get(0).url();
    }

    long idOf(long feedId, String key) {
      return listAll(feedId).stream()
          .filter(e -> e.entryKey().equals(key))
          .findFirst()
          .orElseThrow()
          .id();
    }

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
      assertThat(states.get(2)).isEqualTo(new EntryState(ids.get(2), false, false, 0, null, f));
    }

    /**
     * A star is kept from retention for everyone, so a user may set marks only on entries of feeds
     * they follow; taking marks off works on a feed since unfollowed.
     */
    @Test
    void marksAreSetOnlyOnEntriesOfFollowedFeeds() {
      long f = newFeed();
      ingest(f, batch(3, "own"));
      List<Long> mine = listAll(f).stream().map(Entry::id).toList();
      long other =
          store
              .createUser(new CreateUserRequest("stranger" + unique.incrementAndGet(), null))
              .user()
              .id();

      assertThat(
              store.setEntryStates(new SetEntryStatesRequest(other, mine, true, true, 1)).changed())
          .as("entries of a feed the stranger does not follow")
          .isZero();
      assertThat(store.getEntryStates(new GetEntryStatesRequest(other, mine)).states())
          .allSatisfy(
              st -> {
                assertThat(st.read()).isFalse();
                assertThat(st.starred()).isFalse();
                assertThat(st.liking()).isZero();
                assertThat(st.feedId()).as("nothing said of the entry's feed").isZero();
              });
      assertThat(store.listUserStates(new UserStatesRequest(other, 0, 100)).states()).isEmpty();
      assertThat(store.getEntryStates(new GetEntryStatesRequest(user, mine)).states())
          .extracting(EntryState::feedId)
          .containsOnly(f);

      // The owner stars one, unfollows, and can still take the star off but not put one on.
      assertThat(
              store
                  .setEntryStates(
                      new SetEntryStatesRequest(user, List.of(mine.get(0)), null, true, null))
                  .changed())
          .isEqualTo(1);
      store.unsubscribe(new UnsubscribeRequest(user, f));
      assertThat(
              store
                  .setEntryStates(
                      new SetEntryStatesRequest(user, List.of(mine.get(1)), null, true, null))
                  .changed())
          .isZero();
      assertThat(
              store
                  .setEntryStates(
                      new SetEntryStatesRequest(user, List.of(mine.get(0)), null, false, null))
                  .changed())
          .isEqualTo(1);
      assertThat(store.getEntryStates(new GetEntryStatesRequest(user, mine)).states())
          .noneMatch(EntryState::starred)
          .extracting(EntryState::feedId)
          .as("after unfollowing, only the entry the owner still has a mark row for names it")
          .containsExactly(f, 0L, 0L);
    }

    @Test
    void markAllReadUpToAnEntryAndATime() {
      long f = newFeed();
      ingest(f, batch(10, "r"));
      List<Entry> newestFirst = listAll(f);
      Entry fifthNewest = newestFirst.get(4); // r5, published T0+5s
      int marked =
          store
              .markAllRead(new MarkAllReadRequest(user, List.of(), fifthNewest.id(), null, null))
              .marked();
      assertThat(marked).isEqualTo(6);
      assertThat(
              store
                  .markAllRead(
                      new MarkAllReadRequest(user, List.of(f), null, T0.plusSeconds(100), null))
                  .marked())
          .isEqualTo(4);
      assertThat(
              statusOf(
                  () ->
                      store.markAllRead(new MarkAllReadRequest(user, List.of(), null, null, null))))
          .isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(
              statusOf(
                  () ->
                      store.markAllRead(
                          new MarkAllReadRequest(user, List.of(), fifthNewest.id(), T0, null))))
          .isEqualTo(Status.INVALID_ARGUMENT);
    }

    /**
     * Any feed id can be named, but only the user's own feeds are marked: a stranger's feed would
     * cost a state row per entry, and would show read should the user subscribe to it later.
     */
    @Test
    void markAllReadSkipsNamedFeedsTheUserDoesNotFollow() {
      long followed = newFeed();
      String strangersUrl = "https://example.com/feed/strangers-" + unique.incrementAndGet();
      long strangers = feed(strangersUrl);
      ingest(followed, batch(2, "mine"));
      ingest(strangers, batch(3, "theirs"));
      store.unsubscribe(new UnsubscribeRequest(user, strangers));

      int marked =
          store
              .markAllRead(
                  new MarkAllReadRequest(
                      user, List.of(followed, strangers), null, T0.plusSeconds(100), null))
              .marked();

      assertThat(marked).isEqualTo(2);
      assertThat(feed(strangersUrl)).as("subscribed again").isEqualTo(strangers);
      assertThat(
              store
                  .getEntryStates(
                      new GetEntryStatesRequest(
                          user, listAll(strangers).stream().map(Entry::id).toList()))
                  .states())
          .hasSize(3)
          .allSatisfy(st -> assertThat(st.read()).isFalse());
    }

    /**
     * A reading app's "mark all read before T" means what had arrived by T: an entry that arrives
     * after T stays unread even when it says it was published long before.
     */
    @Test
    void markAllReadSeenBeforeLeavesWhatArrivedLaterUnreadWhateverItsPublishedDate() {
      long f = newFeed();
      ingest(f, batch(3, "early"));
      clock.advance(Duration.ofMinutes(5));
      Instant appRefreshed = clock.instant();
      clock.advance(Duration.ofMinutes(5));
      // Published before the app's refresh (backdated), but first seen after it.
      ingest(f, batch(2, "late"));
      List<Long> late =
          listAll(f).stream().filter(e -> e.entryKey().startsWith("late")).map(Entry::id).toList();
      assertThat(late).hasSize(2);

      int marked =
          store
              .markAllRead(new MarkAllReadRequest(user, List.of(f), null, null, appRefreshed))
              .marked();
      assertThat(marked).isEqualTo(3);
      assertThat(store.getEntryStates(new GetEntryStatesRequest(user, late)).states())
          .allSatisfy(st -> assertThat(st.read()).isFalse());
      // With a sort-time bound too, both must hold.
      assertThat(
              store
                  .markAllRead(
                      new MarkAllReadRequest(
                          user,
                          List.of(f),
                          null,
                          T0.plusMillis(500),
                          clock.instant().plusSeconds(1)))
                  .marked())
          .as("late0 and late1 are within the seen bound, only late0 (T0) within the sort one")
          .isEqualTo(1);
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
                          true,
                          null,
                          null)))
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
                  false,
                  null,
                  null)));
      assertThat(store.listFilters(new ListRulesRequest(user)).filters())
          .singleElement()
          .satisfies(x -> assertThat(x.action()).isEqualTo(FilterAction.MARK_READ));
      assertThat(store.deleteFilter(new DeleteRuleRequest(user, created.id())).deleted()).isTrue();
      assertThat(store.listFilters(new ListRulesRequest(user)).filters()).isEmpty();

      Alert alert =
          store
              .createAlert(
                  new AlertRequest(new Alert(0, user, "kw", "\"body 1\"", null, true, null)))
              .alert();
      List<Long> ids = listAll(f).stream().map(Entry::id).toList();
      List<AlertHit> hits =
          List.of(
              new AlertHit(0, alert.id(), ids.get(0), T0, null),
              new AlertHit(0, alert.id(), ids.get(1), T0, null));
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
                          new AlertRequest(new Alert(999_999, user, "x", "y", null, true, null)))))
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

    /**
     * Only -words: PostgreSQL would match every entry without the word, the embedded store none.
     * Both refuse it, naming the query.
     */
    @Test
    void aQueryOfOnlyExcludedWordsIsRefusedOnEveryEngine() {
      long f = newFeed();
      ingest(f, List.of(entry("n1", "Ham and eggs", "<p>breakfast</p>", T0)));
      RpcException e =
          org.junit.jupiter.api.Assertions.assertThrows(RpcException.class, () -> search("-spam"));
      assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(e.detail()).contains("-spam").contains("word to find");
      assertThat(statusOf(() -> search("-spam -junk !!!"))).isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(search("eggs -spam")).containsExactly("n1");
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

    /**
     * A back catalogue (or a feed that dates its entries long ago) arrives with publish dates past
     * the cutoff: it is kept until it has been stored for the retention period, not purged unread
     * at the next run.
     */
    @Test
    void ageIsCountedFromArrivalAsWellAsFromThePublishDate() {
      long f = newFeed();
      List<EntryInput> old = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        old.add(entry("bc" + i, "Old " + i, "<p>old</p>", T0.minus(Duration.ofDays(400 - i))));
      }
      ingest(f, old);
      store.runRetention(new RetentionRequest(30, 3));
      assertThat(listAll(f)).hasSize(10);

      clock.advance(Duration.ofDays(40));
      try {
        store.runRetention(new RetentionRequest(30, 3));
        assertThat(listAll(f))
            .extracting(Entry::entryKey)
            .containsExactlyInAnyOrder("bc9", "bc8", "bc7");
      } finally {
        clock.advance(Duration.ofDays(-40));
      }
    }
  }

  /** What catalogue 1.3 adds for the ranker. */
  @Nested
  class ForTheRanker {
    /** Far from every other test's entries, since the window spans every feed. */
    final Instant later = Instant.parse("2040-01-01T00:00:00Z");

    @Test
    void wordCountIsTheContentsVisibleWordsCountedAtIngest() {
      long f = newFeed();
      EntryInput noContent =
          new EntryInput(
              "w3",
              null,
              null,
              "t",
              null,
              "A <i>summary</i> only",
              null,
              null,
              null,
              T0,
              null,
              0,
              null);
      ingest(
          f,
          List.of(
              entry(
                  "w1", "t", "<p>Hello <b>brave</b> new&nbsp;world, it&#39;s caf&eacute;</p>", T0),
              entry("w2", "t", null, T0),
              noContent));
      assertThat(wordCounts(f))
          .containsEntry("w1", 6)
          .containsEntry("w2", 0)
          .containsEntry("w3", 3);
      ingest(f, List.of(entry("w1", "t", "<p>one two</p>", T0)));
      assertThat(wordCounts(f)).as("a content change recounts").containsEntry("w1", 2);
    }

    @Test
    void anUnchangedEntryStoredBeforeWordCountsGetsItsCountWithoutMoving() {
      long f = newFeed();
      ingest(f, List.of(entry("old", "t", "<p>four words right here</p>", T0)));
      Entry before = listAll(f).get(0);
      // What a row stored before the V4 migration looks like.
      db.inTransaction(
          c -> {
            try (var ps = c.prepareStatement("UPDATE entries SET word_count = 0 WHERE id = ?")) {
              ps.setLong(1, before.id());
              return ps.executeUpdate();
            }
          });
      assertThat(listAll(f).get(0).wordCount()).isZero();
      IngestResponse r = ingest(f, List.of(entry("old", "t", "<p>four words right here</p>", T0)));
      assertThat(r.unchanged()).isEqualTo(1);
      Entry after = listAll(f).get(0);
      assertThat(after.wordCount()).isEqualTo(4);
      assertThat(after.sequence()).as("not a content change").isEqualTo(before.sequence());
    }

    @Test
    void entryWindowPagesEveryFeedNewestFirstWithTheHeadSequence() {
      long a = newFeed();
      long b = newFeed();
      ingest(a, List.of(entry("old", "t", "x", later.minusSeconds(3600))));
      ingest(
          a,
          List.of(
              entry("a1", "t", "x", later.plusSeconds(1)),
              entry("a3", "t", "x", later.plusSeconds(3))));
      ingest(
          b,
          List.of(
              entry("b2", "t", "x", later.plusSeconds(2)),
              entry("b4", "t", "x", later.plusSeconds(4))));
      long head = headSequence();
      WindowResponse first = store.entryWindow(new WindowRequest(later, null, 3, true));
      assertThat(first.headSequence()).isEqualTo(head);
      assertThat(first.entries()).extracting(Entry::entryKey).containsExactly("b4", "a3", "b2");
      assertThat(first.entries()).allSatisfy(e -> assertThat(e.content()).isNull());
      assertThat(first.next()).isNotNull();

      // Stored while the ranker pages: the tail from the first page's head finds it.
      ingest(b, List.of(entry("b5", "t", "x", later.plusSeconds(5))));
      WindowResponse second = store.entryWindow(new WindowRequest(later, first.next(), 3, false));
      assertThat(second.entries()).extracting(Entry::entryKey).containsExactly("a1");
      assertThat(second.entries().get(0).content()).isEqualTo("x");
      assertThat(second.next()).isNull();
      assertThat(second.headSequence()).isGreaterThan(first.headSequence());
      assertThat(
              store
                  .entriesSince(new EntriesSinceRequest(first.headSequence(), 1000, true))
                  .entries())
          .extracting(Entry::entryKey)
          .containsExactly("b5");

      assertThat(statusOf(() -> store.entryWindow(new WindowRequest(null, null, 10, true))))
          .isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(statusOf(() -> store.entryWindow(new WindowRequest(later, null, 0, true))))
          .isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(
              statusOf(
                  () ->
                      store.entryWindow(
                          new WindowRequest(later, null, StoreLimits.MAX_PAGE_ROWS + 1, true))))
          .isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(
              statusOf(
                  () ->
                      store.entryWindow(
                          new WindowRequest(later, new EntryCursor(null, 1), 10, true))))
          .isEqualTo(Status.INVALID_ARGUMENT);
    }

    @Test
    void entryStatesCarryTheFeedAndListUserStatesPagesTheMarkedOnes() {
      long f = newFeed();
      long g = newFeed();
      ingest(f, batch(4, "u"));
      ingest(g, batch(2, "v"));
      List<Long> fIds = listAll(f).stream().map(Entry::id).sorted().toList();
      List<Long> gIds = listAll(g).stream().map(Entry::id).sorted().toList();
      store.setEntryStates(new SetEntryStatesRequest(user, List.of(fIds.get(0)), true, null, null));
      store.setEntryStates(new SetEntryStatesRequest(user, List.of(fIds.get(1)), null, true, null));
      store.setEntryStates(new SetEntryStatesRequest(user, List.of(gIds.get(0)), null, null, -1));
      // Marked, then unmarked: a row of all-false marks is not a marked entry.
      store.setEntryStates(new SetEntryStatesRequest(user, List.of(fIds.get(2)), true, null, null));
      store.setEntryStates(
          new SetEntryStatesRequest(user, List.of(fIds.get(2)), false, null, null));

      assertThat(
              store
                  .getEntryStates(
                      new GetEntryStatesRequest(user, List.of(fIds.get(3), gIds.get(0), -5L)))
                  .states())
          .containsExactly(
              new EntryState(fIds.get(3), false, false, 0, null, f),
              new EntryState(gIds.get(0), false, false, -1, null, g),
              new EntryState(-5L, false, false, 0, null, 0));

      List<EntryState> page1 = store.listUserStates(new UserStatesRequest(user, 0, 2)).states();
      List<EntryState> page2 =
          store.listUserStates(new UserStatesRequest(user, page1.get(1).entryId(), 2)).states();
      assertThat(page1)
          .containsExactly(
              new EntryState(fIds.get(0), true, false, 0, clock.instant(), f),
              new EntryState(fIds.get(1), false, true, 0, null, f));
      assertThat(page2).containsExactly(new EntryState(gIds.get(0), false, false, -1, null, g));

      assertThat(statusOf(() -> store.listUserStates(new UserStatesRequest(999_999, 0, 10))))
          .isEqualTo(Status.NOT_FOUND);
      assertThat(statusOf(() -> store.listUserStates(new UserStatesRequest(user, 0, 0))))
          .isEqualTo(Status.INVALID_ARGUMENT);
    }

    /**
     * The counts the ranker learns affinity from come from one aggregate query: per followed feed,
     * every read, star, like and dislike of the user's, however old, and nothing of a feed no
     * longer followed, of a mark taken off, or of another user.
     */
    @Test
    void markCountsByFeedCountEachKindOfMarkPerFollowedFeed() {
      String fUrl = "https://example.com/feed/counts-" + unique.incrementAndGet();
      long f = feed(fUrl);
      long g = newFeed();
      long gone = newFeed();
      ingest(f, batch(5, "cf"));
      ingest(g, batch(3, "cg"));
      ingest(gone, batch(2, "cx"));
      List<Long> fIds = listAll(f).stream().map(Entry::id).sorted().toList();
      List<Long> gIds = listAll(g).stream().map(Entry::id).sorted().toList();
      List<Long> goneIds = listAll(gone).stream().map(Entry::id).sorted().toList();
      store.setEntryStates(new SetEntryStatesRequest(user, fIds.subList(0, 4), true, null, null));
      store.setEntryStates(new SetEntryStatesRequest(user, List.of(fIds.get(0)), null, true, 1));
      store.setEntryStates(new SetEntryStatesRequest(user, List.of(fIds.get(1)), null, null, -1));
      store.setEntryStates(
          new SetEntryStatesRequest(user, List.of(fIds.get(3)), false, null, null));
      store.setEntryStates(new SetEntryStatesRequest(user, List.of(gIds.get(2)), null, true, null));
      store.setEntryStates(new SetEntryStatesRequest(user, goneIds, true, true, 1));
      store.unsubscribe(new UnsubscribeRequest(user, gone));
      long other =
          store
              .createUser(new CreateUserRequest("counts-other" + unique.incrementAndGet(), null))
              .user()
              .id();
      store.subscribe(new SubscribeRequest(other, fUrl, null, null, 0));
      store.setEntryStates(new SetEntryStatesRequest(other, List.of(fIds.get(4)), true, true, 1));

      assertThat(store.markCountsByFeed(new MarkCountsRequest(user)).feeds())
          .containsExactly(new FeedMarkCounts(f, 3, 1, 1, 1), new FeedMarkCounts(g, 0, 1, 0, 0));
      assertThat(store.markCountsByFeed(new MarkCountsRequest(other)).feeds())
          .containsExactly(new FeedMarkCounts(f, 1, 1, 1, 0));
      long idle =
          store
              .createUser(new CreateUserRequest("counts-idle" + unique.incrementAndGet(), null))
              .user()
              .id();
      assertThat(store.markCountsByFeed(new MarkCountsRequest(idle)).feeds()).isEmpty();
      assertThat(statusOf(() -> store.markCountsByFeed(new MarkCountsRequest(999_999))))
          .isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void filtersHaveAFolderScopeAMatchKindAndKeep() {
      Filter keep =
          store
              .createFilter(
                  new FilterRequest(
                      new Filter(
                          0,
                          user,
                          "only releases",
                          null,
                          FilterField.TITLE,
                          "^(release|v[0-9]+)",
                          FilterAction.KEEP,
                          true,
                          "Dev",
                          FilterMatch.REGEX)))
              .filter();
      Filter old =
          store
              .createFilter(
                  new FilterRequest(
                      new Filter(
                          0,
                          user,
                          "old style",
                          null,
                          FilterField.ANY,
                          "ad",
                          null,
                          true,
                          null,
                          null)))
              .filter();
      assertThat(store.listFilters(new ListRulesRequest(user)).filters())
          .containsExactly(
              keep,
              new Filter(
                  old.id(),
                  user,
                  "old style",
                  null,
                  FilterField.ANY,
                  "ad",
                  FilterAction.HIDE,
                  true,
                  null,
                  FilterMatch.KEYWORD));
      assertThat(keep.folder()).isEqualTo("Dev");
      Filter phrase =
          new Filter(
              keep.id(),
              user,
              "phrase",
              null,
              FilterField.CONTENT,
              "breaking news",
              FilterAction.STAR,
              true,
              "News",
              FilterMatch.PHRASE);
      assertThat(store.updateFilter(new FilterRequest(phrase)).filter()).isEqualTo(phrase);

      long f = newFeed();
      assertThat(
              invalid(
                  () ->
                      store.createFilter(
                          new FilterRequest(
                              new Filter(
                                  0,
                                  user,
                                  "both",
                                  f,
                                  FilterField.ANY,
                                  "x",
                                  FilterAction.HIDE,
                                  true,
                                  "Dev",
                                  null)))))
          .contains("filter.feedId", "filter.folder");
      assertThat(invalid(() -> createRegexFilter("bad", "(unclosed")))
          .contains("filter.pattern", "missing closing )");
      assertThat(invalid(() -> createRegexFilter("backref", "(a)\\1")))
          .as("RE2 has no backreferences: the ranker could not run it")
          .contains("filter.pattern");
      assertThat(invalid(() -> createRegexFilter("repeat-bomb", "((a{1000}){1000}){1000}")))
          .as("nested counted repetitions are measured before RE2 compiles them out of memory")
          .contains("filter.pattern", "counted repetitions");
      assertThat(
              statusOf(
                  () ->
                      store.createFilter(
                          new FilterRequest(
                              new Filter(
                                  0,
                                  user,
                                  "nofeed",
                                  999_999L,
                                  FilterField.ANY,
                                  "x",
                                  FilterAction.HIDE,
                                  true,
                                  null,
                                  null)))))
          .isEqualTo(Status.NOT_FOUND);
    }

    /**
     * Filters and alerts were unbounded per user, while each costs the ranker on every load of the
     * reader (filters) or on every new entry and every change (alerts): 100 each, the next refused.
     */
    @Test
    void aUserHasAtMostAHundredFiltersAndAHundredAlerts() {
      for (int i = 0; i < com.inkzee.store.rules.RuleStore.MAX_FILTERS_PER_USER; i++) {
        store.createFilter(
            new FilterRequest(
                new Filter(
                    0,
                    user,
                    "f" + i,
                    null,
                    FilterField.TITLE,
                    "word" + i,
                    FilterAction.HIDE,
                    i % 2 == 0,
                    null,
                    null)));
        store.createAlert(
            new AlertRequest(new Alert(0, user, "a" + i, "word" + i, null, i % 2 == 0, null)));
      }
      Filter oneMore =
          new Filter(
              0,
              user,
              "one more",
              null,
              FilterField.TITLE,
              "more",
              FilterAction.HIDE,
              true,
              null,
              null);
      Alert oneMoreAlert = new Alert(0, user, "one more", "more", null, true, null);

      RpcException filterRefused =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class, () -> store.createFilter(new FilterRequest(oneMore)));
      RpcException alertRefused =
          org.junit.jupiter.api.Assertions.assertThrows(
              RpcException.class, () -> store.createAlert(new AlertRequest(oneMoreAlert)));

      assertThat(filterRefused.status()).isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(filterRefused.getMessage()).contains("100 filters");
      assertThat(alertRefused.status()).isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(alertRefused.getMessage()).contains("100 alerts");
      assertThat(store.listFilters(new ListRulesRequest(user)).filters()).hasSize(100);
      assertThat(store.listAlerts(new ListRulesRequest(user)).alerts()).hasSize(100);
      // Another user is not held to this one's count.
      long other =
          store
              .createUser(new CreateUserRequest("other" + unique.incrementAndGet(), null))
              .user()
              .id();
      assertThat(
              store
                  .createAlert(new AlertRequest(new Alert(0, other, "a", "word", null, true, null)))
                  .alert()
                  .id())
          .isPositive();
      assertThat(
              statusOf(
                  () ->
                      store.createAlert(
                          new AlertRequest(new Alert(0, 999_999, "a", "word", null, true, null)))))
          .isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void alertsHaveAFolderScopeAndHitsAreAcknowledgedByTheirOwnerOnly() {
      long f = newFeed();
      ingest(f, batch(3, "k"));
      List<Long> ids = listAll(f).stream().map(Entry::id).sorted().toList();
      Alert alert =
          store
              .createAlert(new AlertRequest(new Alert(0, user, "kw", "body", null, true, "Tech")))
              .alert();
      assertThat(alert.folder()).isEqualTo("Tech");
      assertThat(store.listAlerts(new ListRulesRequest(user)).alerts()).containsExactly(alert);
      assertThat(
              invalid(
                  () ->
                      store.createAlert(
                          new AlertRequest(new Alert(0, user, "kw", "body", f, true, "Tech")))))
          .contains("alert.feedId", "alert.folder");

      List<AlertHit> hits = new ArrayList<>();
      for (long id : ids) {
        hits.add(new AlertHit(0, alert.id(), id, T0, null));
      }
      store.recordAlertHits(new RecordAlertHitsRequest(hits));
      List<Long> hitIds =
          store.listAlertHits(new ListAlertHitsRequest(user, null, 0, 10)).hits().stream()
              .map(AlertHit::id)
              .toList();
      long other = store.createUser(new CreateUserRequest("acker" + user, null)).user().id();
      assertThat(store.ackAlertHits(new AckAlertHitsRequest(other, hitIds)).acknowledged())
          .as("not their hits")
          .isZero();
      clock.advance(Duration.ofMinutes(1));
      Instant ackedAt = clock.instant();
      assertThat(
              store
                  .ackAlertHits(
                      new AckAlertHitsRequest(user, List.of(hitIds.get(0), hitIds.get(1))))
                  .acknowledged())
          .isEqualTo(2);
      clock.advance(Duration.ofMinutes(1));
      assertThat(store.ackAlertHits(new AckAlertHitsRequest(user, hitIds)).acknowledged())
          .as("idempotent: only the one not acknowledged yet")
          .isEqualTo(1);
      List<AlertHit> listed =
          store.listAlertHits(new ListAlertHitsRequest(user, null, 0, 10)).hits();
      assertThat(listed)
          .extracting(AlertHit::acknowledgedAt)
          .containsOnly(ackedAt, clock.instant());
      assertThat(
              listed.stream()
                  .filter(h -> h.id() == hitIds.get(0))
                  .findFirst()
                  .orElseThrow()
                  .acknowledgedAt())
          .as("an acknowledged hit keeps its time")
          .isEqualTo(ackedAt);
      assertThat(statusOf(() -> store.ackAlertHits(new AckAlertHitsRequest(999_999, hitIds))))
          .isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void allAlertsPagesEveryUsersEnabledAlertsById() {
      long other = store.createUser(new CreateUserRequest("alerter" + user, null)).user().id();
      long a1 = alert(user, "a1", true);
      long a2 = alert(other, "a2", true);
      long off = alert(user, "off", false);
      long a3 = alert(other, "a3", true);
      List<Alert> all = new ArrayList<>();
      long after = 0;
      while (true) {
        List<Alert> page = store.allAlerts(new AllAlertsRequest(after, 2)).alerts();
        all.addAll(page);
        if (page.size() < 2) {
          break;
        }
        after = page.get(page.size() - 1).id();
      }
      assertThat(all).extracting(Alert::id).isSorted().doesNotHaveDuplicates().doesNotContain(off);
      assertThat(all).allSatisfy(a -> assertThat(a.enabled()).isTrue());
      assertThat(all).extracting(Alert::id).containsSubsequence(a1, a2, a3);
      assertThat(statusOf(() -> store.allAlerts(new AllAlertsRequest(0, 0))))
          .isEqualTo(Status.INVALID_ARGUMENT);
    }

    long alert(long owner, String name, boolean enabled) {
      return store
          .createAlert(new AlertRequest(new Alert(0, owner, name, name, null, enabled, null)))
          .alert()
          .id();
    }

    @Test
    void preferencesAreUpsertedByKindNormalisedValueAndScope() {
      long f = newFeed();
      Preference liked =
          setPreference(
              new Preference(0, user, PreferenceKind.AUTHOR, "  Ann   Author ", 2, null, null));
      assertThat(liked.id()).isPositive();
      assertThat(liked.value()).isEqualTo("ann author");
      Preference again =
          setPreference(
              new Preference(0, user, PreferenceKind.AUTHOR, "ANN AUTHOR", -3, null, null));
      assertThat(again)
          .isEqualTo(
              new Preference(
                  liked.id(), user, PreferenceKind.AUTHOR, "ann author", -3, null, null));
      Preference inFeed =
          setPreference(new Preference(0, user, PreferenceKind.AUTHOR, "ann author", 1, f, null));
      Preference inFolder =
          setPreference(
              new Preference(0, user, PreferenceKind.AUTHOR, "ann author", 1, null, "Tech"));
      Preference title =
          setPreference(new Preference(0, user, PreferenceKind.TITLE, "Rust", 3, null, null));
      Preference url =
          setPreference(new Preference(0, user, PreferenceKind.URL, "/Sponsored/", -2, null, null));
      Preference feed =
          setPreference(new Preference(0, user, PreferenceKind.FEED, " " + f + " ", 1, null, null));
      assertThat(feed.value()).isEqualTo(Long.toString(f));
      assertThat(inFeed.id()).isNotIn(liked.id(), inFolder.id());
      assertThat(store.listPreferences(new ListRulesRequest(user)).preferences())
          .containsExactly(again, inFeed, inFolder, title, url, feed);

      long other = store.createUser(new CreateUserRequest("prefs" + user, null)).user().id();
      assertThat(store.deletePreference(new DeleteRuleRequest(other, title.id())).deleted())
          .as("not theirs")
          .isFalse();
      assertThat(store.deletePreference(new DeleteRuleRequest(user, title.id())).deleted())
          .isTrue();
      assertThat(store.deletePreference(new DeleteRuleRequest(user, title.id())).deleted())
          .isFalse();
      assertThat(store.listPreferences(new ListRulesRequest(user)).preferences())
          .doesNotContain(title);
    }

    @Test
    void badPreferencesNameTheField() {
      long f = newFeed();
      for (int weight : new int[] {0, 4, -4}) {
        assertThat(
                invalid(
                    () ->
                        setPreference(
                            new Preference(
                                0, user, PreferenceKind.TITLE, "x", weight, null, null))))
            .contains("preference.weight");
      }
      assertThat(
              invalid(
                  () ->
                      setPreference(
                          new Preference(0, user, PreferenceKind.TITLE, "  ", 1, null, null))))
          .contains("preference.value");
      assertThat(invalid(() -> setPreference(new Preference(0, user, null, "x", 1, null, null))))
          .contains("preference.kind");
      assertThat(
              invalid(
                  () ->
                      setPreference(
                          new Preference(0, user, PreferenceKind.TITLE, "x", 1, f, "Dev"))))
          .contains("preference.feedId", "preference.folder");
      assertThat(
              invalid(
                  () ->
                      setPreference(
                          new Preference(
                              0, user, PreferenceKind.FEED, "not a feed", 1, null, null))))
          .contains("preference.value");
      assertThat(
              invalid(
                  () ->
                      setPreference(
                          new Preference(
                              0, user, PreferenceKind.FEED, Long.toString(f), 1, f, null))))
          .contains("preference.feedId");
      assertThat(
              invalid(
                  () ->
                      setPreference(
                          new Preference(
                              0,
                              user,
                              PreferenceKind.TITLE,
                              "x".repeat(StoreLimits.MAX_QUERY_BYTES + 1),
                              1,
                              null,
                              null))))
          .contains("preference.value", Integer.toString(StoreLimits.MAX_QUERY_BYTES));
      assertThat(invalid(() -> store.setPreference(new PreferenceRequest(null))))
          .contains("preference");
      assertThat(
              statusOf(
                  () ->
                      setPreference(
                          new Preference(0, 999_999, PreferenceKind.TITLE, "x", 1, null, null))))
          .isEqualTo(Status.NOT_FOUND);
      assertThat(
              statusOf(
                  () ->
                      setPreference(
                          new Preference(0, user, PreferenceKind.FEED, "999999", 1, null, null))))
          .isEqualTo(Status.NOT_FOUND);
      assertThat(statusOf(() -> store.listPreferences(new ListRulesRequest(999_999))))
          .isEqualTo(Status.NOT_FOUND);
    }

    Preference setPreference(Preference p) {
      return store.setPreference(new PreferenceRequest(p)).preference();
    }

    Map<String, Integer> wordCounts(long feedId) {
      Map<String, Integer> out = new HashMap<>();
      listAll(feedId).forEach(e -> out.put(e.entryKey(), e.wordCount()));
      return out;
    }

    long headSequence() {
      return db.inTransaction(
          c -> {
            try (var ps = c.prepareStatement("SELECT MAX(seq) FROM entries");
                var rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          });
    }
  }

  /**
   * Times outside years 1..9999 (StoredTimes) get the same answers on both engines: PostgreSQL's
   * timestamptz ends at 294276 AD and starts at 4713 BC, H2's does not, so these once worked on H2
   * and failed as INTERNAL on PostgreSQL, a feed's nonsense date with its whole batch.
   */
  @Nested
  class TimesOutOfRange {
    final Instant longAgo = Instant.parse("-10000-01-01T00:00:00Z");
    final Instant farAhead = Instant.parse("+300000-01-01T00:00:00Z");

    @Test
    void entryDatesOutsideTheRangeAreCleanedToNullAndTheBatchIsStored() {
      long f = newFeed();
      EntryInput bad =
          new EntryInput(
              "far", "far", null, "Far", null, null, "x", List.of(), List.of(), longAgo, farAhead,
              0L, null);
      IngestResponse r = ingest(f, List.of(bad, entry("good", "Good", "y", T0)));
      assertThat(r.inserted()).isEqualTo(2);
      assertThat(r.cleanedFields()).as("publishedAt and updatedAt").isEqualTo(2);
      Map<String, Entry> stored = new HashMap<>();
      listAll(f).forEach(e -> stored.put(e.entryKey(), e));
      assertThat(stored.get("far").publishedAt()).isNull();
      assertThat(stored.get("far").updatedAt()).isNull();
      assertThat(stored.get("far").sortAt()).as("sorted by arrival").isEqualTo(clock.instant());
      assertThat(stored.get("good").publishedAt()).isEqualTo(T0);
      assertThat(ingest(f, List.of(bad)).unchanged()).as("the cleaned copy again").isEqualTo(1);
    }

    @Test
    void queryBoundsOutsideTheRangeAreClampedAndAnswerAsIfTheyWereNot() {
      long f = newFeed();
      ingest(f, batch(3, "q"));
      assertThat(
              store
                  .listEntries(
                      new ListEntriesRequest(List.of(f), longAgo, farAhead, 1000, null, true))
                  .entries())
          .extracting(Entry::entryKey)
          .containsExactly("q2", "q1", "q0");
      assertThat(
              store
                  .listEntries(
                      new ListEntriesRequest(
                          List.of(f), null, null, 1000, new EntryCursor(farAhead, 0), true))
                  .entries())
          .as("a cursor past every entry")
          .hasSize(3);
      assertThat(
              store
                  .listEntries(new ListEntriesRequest(List.of(f), farAhead, null, 1000, null, true))
                  .entries())
          .isEmpty();
      assertThat(
              store
                  .listEntries(new ListEntriesRequest(List.of(f), null, longAgo, 1000, null, true))
                  .entries())
          .isEmpty();
      WindowResponse window = store.entryWindow(new WindowRequest(longAgo, null, 1000, true));
      assertThat(window.entries())
          .isEqualTo(
              store.entryWindow(new WindowRequest(T0.minusSeconds(1), null, 1000, true)).entries());
      assertThat(
              store
                  .userEntries(
                      new UserEntriesRequest(
                          user,
                          List.of(f),
                          null,
                          null,
                          List.of(),
                          null,
                          null,
                          longAgo,
                          farAhead,
                          false,
                          100,
                          true,
                          false))
                  .entries())
          .hasSize(3);
      assertThat(
              store
                  .markAllRead(new MarkAllReadRequest(user, List.of(f), null, longAgo, null))
                  .marked())
          .isZero();
      assertThat(
              store
                  .markAllRead(new MarkAllReadRequest(user, List.of(f), null, farAhead, farAhead))
                  .marked())
          .isEqualTo(3);
    }

    @Test
    void timesKeptAsGivenAreRefusedNamingTheField() {
      long f = newFeed();
      new Leases().leaseUntilFound("far-fetcher", f);
      FetchReport far =
          report(f, "far-fetcher", FetchOutcome.OK, null, farAhead, 0, null, null, false);
      assertThat(invalid(() -> store.reportFetch(far))).contains("nextFetchAt", "9999");
      assertThat(store.reportFetch(report(f, "far-fetcher", FetchOutcome.OK)).feedState())
          .as("the refused report left the lease")
          .isEqualTo(FeedState.ACTIVE);
      String token = String.format("%064x", 7_000_000L + user);
      assertThat(
              invalid(
                  () ->
                      store.createSession(new CreateSessionRequest(user, token, "csrf", farAhead))))
          .contains("expiresAt");
      clock.advance(Duration.ofHours(2)); // the lease
    }
  }

  /** Calls {@code call}, expects INVALID_ARGUMENT and returns its message. */
  /** Creates a HIDE filter matching {@code pattern} as a regular expression in any field. */
  FilterResponse createRegexFilter(String name, String pattern) {
    return store.createFilter(
        new FilterRequest(
            new Filter(
                0,
                user,
                name,
                null,
                FilterField.ANY,
                pattern,
                FilterAction.HIDE,
                true,
                null,
                FilterMatch.REGEX)));
  }

  static String invalid(Runnable call) {
    try {
      call.run();
    } catch (RpcException e) {
      assertThat(e.status()).as(e.getMessage()).isEqualTo(Status.INVALID_ARGUMENT);
      return e.getMessage();
    }
    throw new AssertionError("expected INVALID_ARGUMENT");
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
        null,
        0,
        false);
  }

  static FetchReport report(
      long feedId,
      String owner,
      FetchOutcome outcome,
      String redirectUrl,
      Instant nextFetchAt,
      int pollIntervalSeconds,
      String websubHub,
      String websubTopic,
      boolean websubUnsubscribed) {
    return new FetchReport(
        feedId,
        owner,
        outcome,
        outcome == FetchOutcome.ERROR ? 500 : 200,
        null,
        null,
        nextFetchAt,
        outcome == FetchOutcome.ERROR ? "HTTP 500" : null,
        100,
        10,
        null,
        null,
        redirectUrl,
        websubHub,
        websubTopic,
        pollIntervalSeconds,
        websubUnsubscribed);
  }

  static Set<Long> ids(List<LeasedFeed> feeds) {
    Set<Long> out = new HashSet<>();
    feeds.forEach(f -> out.add(f.feedId()));
    return out;
  }
}
