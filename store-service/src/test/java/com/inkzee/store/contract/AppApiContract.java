package com.inkzee.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.AppPasswordMessages;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppKeyKind;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppPassword;
import com.inkzee.rpc.api.store.AppPasswordMessages.CreateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.ListAppPasswordsRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.RevokeAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.UpdateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppReadingMessages;
import com.inkzee.rpc.api.store.AppReadingMessages.FeedUnread;
import com.inkzee.rpc.api.store.AppReadingMessages.StateFilter;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesResponse;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntry;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.store.rpc.StoreRpcHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The storage contract of catalogue 1.5 (app passwords, userEntries, unreadCounts), run against
 * every engine like {@link StoreContract}: through {@link StoreRpcHandler}, so input checks and
 * statuses are part of it. Each test class gets a fresh database, each test its own users and
 * feeds.
 */
abstract class AppApiContract extends EngineContract {
  static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

  @Override
  protected Instant start() {
    return T0;
  }

  long user;

  @BeforeEach
  void newUser() {
    user = newUserId();
  }

  long newUserId() {
    return store
        .createUser(new CreateUserRequest("app" + unique.incrementAndGet(), null))
        .user()
        .id();
  }

  static Status statusOf(Runnable call) {
    try {
      call.run();
    } catch (RpcException e) {
      return e.status();
    }
    throw new AssertionError("expected the call to fail");
  }

  /** Calls {@code call}, expects {@code status} and returns the message. */
  static String failure(Status status, Runnable call) {
    try {
      call.run();
    } catch (RpcException e) {
      assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
      return e.getMessage();
    }
    throw new AssertionError("expected " + status);
  }

  static String hex(String algorithm, String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The three digests the gateway would derive from a password (made unique per call). */
  record Keys(String password, String token, String fever) {
    static Keys of(String secret) {
      return new Keys(
          hex("SHA-256", secret), hex("SHA-256", "token:" + secret), hex("MD5", "n:" + secret));
    }

    String of(AppKeyKind kind) {
      return switch (kind) {
        case PASSWORD -> password;
        case TOKEN -> token;
        case FEVER_KEY -> fever;
      };
    }
  }

  Keys newKeys() {
    return Keys.of("secret-" + unique.incrementAndGet() + "-" + System.nanoTime());
  }

  AppPassword create(long userId, String label, boolean ranked, Keys k) {
    return store
        .createAppPassword(
            new CreateAppPasswordRequest(userId, label, ranked, k.password, k.token, k.fever))
        .appPassword();
  }

  FindAppPasswordResponse find(AppKeyKind kind, String hash) {
    return store.findAppPassword(new FindAppPasswordRequest(kind, hash));
  }

  List<AppPassword> list(long userId) {
    return store.listAppPasswords(new ListAppPasswordsRequest(userId)).appPasswords();
  }

  @Nested
  class AppPasswords {
    /**
     * The Fever key is itself a credential (a Fever client signs in with it), so the table holds
     * SHA-256 of it, as it holds no password or token: a copy of the table signs nobody in.
     */
    @Test
    void theFeverKeyIsStoredOnlyAsItsDigest() {
      Keys k = newKeys();
      AppPassword made = create(user, "Unread", false, k);

      String stored =
          db.inTransaction(
              c -> {
                try (java.sql.PreparedStatement ps =
                    c.prepareStatement("SELECT fever_key FROM app_passwords WHERE id = ?")) {
                  ps.setLong(1, made.id());
                  try (java.sql.ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return rs.getString(1).trim();
                  }
                }
              });

      assertThat(stored).isNotEqualTo(k.fever()).isEqualTo(hex("SHA-256", k.fever()));
      assertThat(find(AppKeyKind.FEVER_KEY, k.fever()).appPassword().id()).isEqualTo(made.id());
      // The stored digest is no key: refused as not an MD5 (64 hex digits), and unknown as one.
      assertThat(statusOf(() -> find(AppKeyKind.FEVER_KEY, stored)))
          .isEqualTo(Status.INVALID_ARGUMENT);
      assertThat(statusOf(() -> find(AppKeyKind.FEVER_KEY, stored.substring(0, 32))))
          .isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void createListUpdateRevokeAndFindByEachKind() {
      Keys phone = newKeys();
      Keys tablet = newKeys();
      Instant madeAt = clock.instant();
      AppPassword first = create(user, "  Reeder on my phone ", false, phone);
      clock.advance(Duration.ofSeconds(5));
      AppPassword second = create(user, "NetNewsWire", true, tablet);
      assertThat(first.userId()).isEqualTo(user);
      assertThat(first.label()).as("trimmed").isEqualTo("Reeder on my phone");
      assertThat(first.rankedOrder()).isFalse();
      assertThat(first.createdAt()).isEqualTo(madeAt);
      assertThat(second.createdAt()).isEqualTo(madeAt.plusSeconds(5));
      assertThat(first.lastUsedAt()).isNull();
      assertThat(second.rankedOrder()).isTrue();
      assertThat(list(user)).containsExactly(first, second);

      for (AppKeyKind kind : AppKeyKind.values()) {
        FindAppPasswordResponse found = find(kind, tablet.of(kind));
        assertThat(found.user().id()).as(kind.name()).isEqualTo(user);
        assertThat(found.appPassword().id()).as(kind.name()).isEqualTo(second.id());
        assertThat(found.appPassword().label()).isEqualTo("NetNewsWire");
      }
      // A digest of one kind is not found as another kind.
      assertThat(statusOf(() -> find(AppKeyKind.TOKEN, tablet.password())))
          .isEqualTo(Status.NOT_FOUND);

      AppPassword relabelled =
          store
              .updateAppPassword(new UpdateAppPasswordRequest(user, first.id(), "Reeder", null))
              .appPassword();
      assertThat(relabelled.label()).isEqualTo("Reeder");
      assertThat(relabelled.rankedOrder()).as("null leaves the order").isFalse();
      AppPassword reordered =
          store
              .updateAppPassword(new UpdateAppPasswordRequest(user, first.id(), null, true))
              .appPassword();
      assertThat(reordered.label()).as("null leaves the label").isEqualTo("Reeder");
      assertThat(reordered.rankedOrder()).isTrue();
      assertThat(find(AppKeyKind.FEVER_KEY, phone.fever()).appPassword().label())
          .isEqualTo("Reeder");

      assertThat(store.revokeAppPassword(new RevokeAppPasswordRequest(user, second.id())).revoked())
          .isTrue();
      assertThat(store.revokeAppPassword(new RevokeAppPasswordRequest(user, second.id())).revoked())
          .isFalse();
      for (AppKeyKind kind : AppKeyKind.values()) {
        assertThat(statusOf(() -> find(kind, tablet.of(kind))))
            .as("revoked, by " + kind)
            .isEqualTo(Status.NOT_FOUND);
      }
      assertThat(list(user)).extracting(AppPassword::id).containsExactly(first.id());
      assertThat(find(AppKeyKind.PASSWORD, phone.password()).appPassword().id())
          .as("the other password still works")
          .isEqualTo(first.id());
    }

    @Test
    void revokedAndNeverMadeAreTheSameNotFound() {
      Keys k = newKeys();
      AppPassword a = create(user, "gone", false, k);
      store.revokeAppPassword(new RevokeAppPasswordRequest(user, a.id()));
      String revoked = failure(Status.NOT_FOUND, () -> find(AppKeyKind.TOKEN, k.token()));
      String never = failure(Status.NOT_FOUND, () -> find(AppKeyKind.TOKEN, newKeys().token()));
      assertThat(revoked).isEqualTo(never);
      // And the digests of a revoked password may be used again.
      assertThat(create(user, "again", false, k).id()).isNotEqualTo(a.id());
    }

    @Test
    void aDigestInUseIsAlreadyExistsNamingIt() {
      Keys k = newKeys();
      create(user, "first", false, k);
      long other = newUserId();
      Keys fresh = newKeys();
      String password =
          failure(
              Status.ALREADY_EXISTS,
              () ->
                  create(other, "x", false, new Keys(k.password(), fresh.token(), fresh.fever())));
      assertThat(password).contains("passwordHash");
      String token =
          failure(
              Status.ALREADY_EXISTS,
              () ->
                  create(other, "x", false, new Keys(fresh.password(), k.token(), fresh.fever())));
      assertThat(token).contains("tokenHash");
      String fever =
          failure(
              Status.ALREADY_EXISTS,
              () -> create(user, "x", false, new Keys(fresh.password(), fresh.token(), k.fever())));
      assertThat(fever).contains("feverKey");
      assertThat(list(other)).isEmpty();
      assertThat(list(user)).hasSize(1);
    }

    @Test
    void badDigestsAndLabelsAreInvalidArgumentNamingTheField() {
      Keys k = newKeys();
      Function<Keys, String> creating =
          keys -> failure(Status.INVALID_ARGUMENT, () -> create(user, "label", false, keys));
      assertThat(creating.apply(new Keys(k.password().toUpperCase(), k.token(), k.fever())))
          .contains("passwordHash")
          .contains("64");
      assertThat(creating.apply(new Keys(k.password(), k.token().substring(1), k.fever())))
          .contains("tokenHash");
      assertThat(creating.apply(new Keys(k.password(), k.token(), k.password())))
          .contains("feverKey")
          .contains("32");
      assertThat(creating.apply(new Keys(k.password(), null, k.fever()))).contains("tokenHash");
      assertThat(creating.apply(new Keys(k.password(), k.token(), "g".repeat(32))))
          .contains("feverKey");

      assertThat(failure(Status.INVALID_ARGUMENT, () -> create(user, "  ", false, k)))
          .contains("label");
      assertThat(failure(Status.INVALID_ARGUMENT, () -> create(user, null, false, k)))
          .contains("label");
      String tooLong = "é".repeat(AppPasswordMessages.MAX_LABEL_CHARS + 1);
      assertThat(failure(Status.INVALID_ARGUMENT, () -> create(user, tooLong, false, k)))
          .contains("label")
          .contains(Integer.toString(AppPasswordMessages.MAX_LABEL_CHARS));
      // The limit is in characters: 200 of them, each outside the BMP, is allowed.
      String longest = "\uD83D\uDCF0".repeat(AppPasswordMessages.MAX_LABEL_CHARS);
      assertThat(create(user, longest, false, k).label()).isEqualTo(longest);
      AppPassword made = list(user).get(0);
      assertThat(
              failure(
                  Status.INVALID_ARGUMENT,
                  () ->
                      store.updateAppPassword(
                          new UpdateAppPasswordRequest(user, made.id(), "", null))))
          .contains("label");

      assertThat(failure(Status.INVALID_ARGUMENT, () -> find(AppKeyKind.FEVER_KEY, k.token())))
          .contains("hash")
          .contains("32");
      assertThat(failure(Status.INVALID_ARGUMENT, () -> find(AppKeyKind.PASSWORD, "abc")))
          .contains("hash")
          .contains("64");
      assertThat(failure(Status.INVALID_ARGUMENT, () -> find(null, k.token()))).contains("kind");
    }

    @Test
    void aUserHasAtMostMaxPerUser() {
      List<AppPassword> made = new ArrayList<>();
      for (int i = 0; i < AppPasswordMessages.MAX_PER_USER; i++) {
        made.add(create(user, "app " + i, false, newKeys()));
      }
      Keys extra = newKeys();
      String message =
          failure(Status.RESOURCE_EXHAUSTED, () -> create(user, "one more", false, extra));
      assertThat(message).contains(Integer.toString(AppPasswordMessages.MAX_PER_USER));
      // Another user is not limited by this one's, and revoking makes room.
      assertThat(create(newUserId(), "elsewhere", false, newKeys())).isNotNull();
      store.revokeAppPassword(new RevokeAppPasswordRequest(user, made.get(0).id()));
      assertThat(create(user, "one more", false, extra).label()).isEqualTo("one more");
      assertThat(list(user)).hasSize(AppPasswordMessages.MAX_PER_USER);
    }

    @Test
    void concurrentCreatesNeverPassTheLimit() throws Exception {
      for (int i = 0; i < AppPasswordMessages.MAX_PER_USER - 3; i++) {
        create(user, "app " + i, false, newKeys());
      }
      int racers = 8;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(racers);
      try {
        List<Future<Status>> results = new ArrayList<>();
        for (int t = 0; t < racers; t++) {
          Keys k = newKeys();
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      create(user, "racer", false, k);
                      return Status.UNKNOWN; // created
                    } catch (RpcException e) {
                      return e.status();
                    }
                  }));
        }
        go.countDown();
        List<Status> outcomes = new ArrayList<>();
        for (Future<Status> f : results) {
          outcomes.add(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(outcomes).filteredOn(st -> st == Status.UNKNOWN).hasSize(3);
        assertThat(outcomes).filteredOn(st -> st == Status.RESOURCE_EXHAUSTED).hasSize(racers - 3);
      } finally {
        pool.shutdownNow();
      }
      assertThat(list(user)).hasSize(AppPasswordMessages.MAX_PER_USER);
    }

    @Test
    void unknownUsersAndOtherUsersPasswordsAreNotFound() {
      long nobody = 987_654_321L;
      assertThat(statusOf(() -> create(nobody, "x", false, newKeys()))).isEqualTo(Status.NOT_FOUND);
      assertThat(statusOf(() -> list(nobody))).isEqualTo(Status.NOT_FOUND);
      assertThat(statusOf(() -> store.revokeAppPassword(new RevokeAppPasswordRequest(nobody, 1L))))
          .isEqualTo(Status.NOT_FOUND);

      Keys k = newKeys();
      AppPassword mine = create(user, "mine", false, k);
      long other = newUserId();
      assertThat(
              statusOf(
                  () ->
                      store.updateAppPassword(
                          new UpdateAppPasswordRequest(other, mine.id(), "stolen", true))))
          .isEqualTo(Status.NOT_FOUND);
      assertThat(
              statusOf(
                  () ->
                      store.updateAppPassword(
                          new UpdateAppPasswordRequest(user, 987_654_321L, "x", null))))
          .isEqualTo(Status.NOT_FOUND);
      assertThat(store.revokeAppPassword(new RevokeAppPasswordRequest(other, mine.id())).revoked())
          .isFalse();
      AppPassword after = find(AppKeyKind.PASSWORD, k.password()).appPassword();
      assertThat(after.id()).isEqualTo(mine.id());
      assertThat(after.label()).as("not relabelled by another user").isEqualTo("mine");
      assertThat(after.rankedOrder()).isFalse();
    }

    @Test
    void lastUsedAtIsWrittenAboutOnceAMinute() {
      Keys k = newKeys();
      AppPassword a = create(user, "poller", false, k);
      assertThat(a.lastUsedAt()).isNull();
      Instant firstUse = clock.instant();
      assertThat(find(AppKeyKind.TOKEN, k.token()).appPassword().lastUsedAt()).isEqualTo(firstUse);
      clock.advance(Duration.ofSeconds(30));
      assertThat(find(AppKeyKind.FEVER_KEY, k.fever()).appPassword().lastUsedAt())
          .as("within the minute: not written")
          .isEqualTo(firstUse);
      assertThat(list(user).get(0).lastUsedAt()).isEqualTo(firstUse);
      clock.advance(Duration.ofSeconds(31));
      Instant later = clock.instant();
      assertThat(find(AppKeyKind.PASSWORD, k.password()).appPassword().lastUsedAt())
          .isEqualTo(later);
      assertThat(list(user).get(0).lastUsedAt()).isEqualTo(later);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What reading apps list

  long follow(long userId, String folder) {
    return store
        .subscribe(
            new SubscribeRequest(
                userId, "https://apps.example/feed/" + unique.incrementAndGet(), null, folder, 0))
        .subscription()
        .feedId();
  }

  /** Ingests {@code n} entries into the feed at the clock's time; returns their ids, ascending. */
  List<Long> ingest(long feedId, int n) {
    String prefix = "k" + unique.incrementAndGet() + "-";
    List<EntryInput> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = prefix + i;
      batch.add(
          new EntryInput(
              key,
              key,
              "https://apps.example/" + key,
              "Title " + key,
              "Author",
              "summary " + key,
              "<p>content " + key + "</p>",
              List.of(),
              List.of(),
              clock.instant().minusSeconds(n - i),
              null,
              0L,
              "en"));
      if (batch.size() == StoreLimits.MAX_BATCH_ENTRIES) {
        store.ingestEntries(new IngestRequest(feedId, batch));
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      store.ingestEntries(new IngestRequest(feedId, batch));
    }
    // Read from the table, not through userEntries: the ids the assertions compare against.
    return db.inTransaction(
        c -> {
          List<Long> ids = new ArrayList<>();
          try (var ps =
              c.prepareStatement(
                  "SELECT id FROM entries WHERE feed_id = ? AND entry_key LIKE ? ORDER BY id")) {
            ps.setLong(1, feedId);
            ps.setString(2, prefix + "%");
            try (var rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getLong(1));
              }
            }
          }
          assertThat(ids).hasSize(n);
          return ids;
        });
  }

  /** Every entry id the user sees, ascending. */
  List<Long> allIds(long userId) {
    return ids(query(userId).oldestFirst().idsOnly().limit(AppReadingMessages.MAX_IDS_ONLY));
  }

  Query query(long userId) {
    return new Query(userId);
  }

  /** A userEntries request, built field by field. */
  static final class Query {
    private final long userId;
    private List<Long> feedIds = List.of();
    private String folder;
    private StateFilter state;
    private List<Long> entryIds = List.of();
    private Long afterId;
    private Long beforeId;
    private Instant seenFrom;
    private Instant seenUntil;
    private boolean oldestFirst;
    private int limit = AppReadingMessages.MAX_ENTRIES;
    private boolean idsOnly;
    private boolean withContent;

    Query(long userId) {
      this.userId = userId;
    }

    Query feeds(Long... ids) {
      feedIds = List.of(ids);
      return this;
    }

    Query folder(String f) {
      folder = f;
      return this;
    }

    Query state(StateFilter s) {
      state = s;
      return this;
    }

    Query entryIds(List<Long> ids) {
      entryIds = ids;
      return this;
    }

    Query after(Long id) {
      afterId = id;
      return this;
    }

    Query before(Long id) {
      beforeId = id;
      return this;
    }

    Query seen(Instant from, Instant until) {
      seenFrom = from;
      seenUntil = until;
      return this;
    }

    Query oldestFirst() {
      oldestFirst = true;
      return this;
    }

    Query limit(int n) {
      limit = n;
      return this;
    }

    Query idsOnly() {
      idsOnly = true;
      return this;
    }

    Query withContent() {
      withContent = true;
      return this;
    }

    UserEntriesRequest build() {
      return new UserEntriesRequest(
          userId,
          feedIds,
          folder,
          state,
          entryIds,
          afterId,
          beforeId,
          seenFrom,
          seenUntil,
          oldestFirst,
          limit,
          idsOnly,
          withContent);
    }
  }

  List<Long> ids(Query q) {
    return store.userEntries(q.build()).entries().stream().map(UserEntry::id).toList();
  }

  static List<Long> reversed(List<Long> ids) {
    List<Long> out = new ArrayList<>(ids);
    java.util.Collections.reverse(out);
    return out;
  }

  static List<Long> concat(List<Long> a, List<Long> b) {
    List<Long> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  void mark(long userId, List<Long> ids, Boolean read, Boolean starred) {
    store.setEntryStates(new SetEntryStatesRequest(userId, ids, read, starred, null));
  }

  @Nested
  class UserEntries {
    /**
     * With content, 1,000 entries of 1 MiB would pass the 16 MiB RPC frame and be refused: a page
     * stops at the byte budget with {@code more}, and continuing from its last id reads the rest.
     */
    @Test
    void aPageOfLargeEntriesStopsAtTheByteBudgetWithMore() {
      long news = follow(user, "news");
      String content = "<p>" + "lorem ".repeat(170_000) + "</p>";
      int n = 20;
      for (int i = 0; i < n; i += 5) {
        List<EntryInput> batch = new ArrayList<>();
        for (int j = i; j < i + 5; j++) {
          String key = "big" + unique.incrementAndGet();
          batch.add(
              new EntryInput(
                  key,
                  key,
                  "https://apps.example/" + key,
                  "Big",
                  "Author",
                  null,
                  content,
                  List.of(),
                  List.of(),
                  clock.instant(),
                  null,
                  0L,
                  "en"));
        }
        store.ingestEntries(new IngestRequest(news, batch));
      }
      UserEntriesResponse first = store.userEntries(query(user).withContent().build());
      assertThat(first.entries()).isNotEmpty().hasSizeLessThan(n);
      assertThat(first.more()).isTrue();
      List<Long> seen = new ArrayList<>();
      UserEntriesResponse page = first;
      while (true) {
        page.entries().forEach(u -> seen.add(u.id()));
        if (!page.more()) {
          break;
        }
        long last = page.entries().get(page.entries().size() - 1).id();
        page = store.userEntries(query(user).withContent().before(last).build());
      }
      assertThat(seen).hasSize(n).doesNotHaveDuplicates();
      assertThat(seen).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void bothOrdersWithMarksContentAndIdsOnly() {
      long news = follow(user, "news");
      Instant aSeen = clock.instant();
      List<Long> a = ingest(news, 3);
      clock.advance(Duration.ofMinutes(1));
      long tech = follow(user, "tech");
      List<Long> b = ingest(tech, 2);
      List<Long> all = concat(a, b);
      mark(user, List.of(a.get(1)), true, null);
      mark(user, List.of(b.get(0)), null, true);

      UserEntriesResponse newest = store.userEntries(query(user).withContent().build());
      assertThat(newest.more()).isFalse();
      assertThat(newest.entries())
          .extracting(UserEntry::id)
          .containsExactlyElementsOf(reversed(all));
      UserEntry first = newest.entries().get(newest.entries().size() - 1);
      assertThat(first.feedId()).isEqualTo(news);
      assertThat(first.firstSeenAt()).isEqualTo(aSeen).isEqualTo(first.entry().firstSeenAt());
      assertThat(first.sortAt()).isEqualTo(first.entry().sortAt());
      assertThat(first.entry().id()).isEqualTo(first.id());
      assertThat(first.entry().content()).contains("content");
      assertThat(newest.entries())
          .filteredOn(UserEntry::read)
          .extracting(UserEntry::id)
          .containsExactly(a.get(1));
      assertThat(newest.entries())
          .filteredOn(UserEntry::starred)
          .extracting(UserEntry::id)
          .containsExactly(b.get(0));

      UserEntriesResponse oldest = store.userEntries(query(user).oldestFirst().build());
      assertThat(oldest.entries()).extracting(UserEntry::id).containsExactlyElementsOf(all);
      assertThat(oldest.entries().get(0).entry().content()).as("withContent false").isNull();
      assertThat(oldest.entries().get(0).entry().title()).startsWith("Title ");

      UserEntriesResponse idsOnly = store.userEntries(query(user).idsOnly().withContent().build());
      assertThat(idsOnly.entries())
          .extracting(UserEntry::id)
          .containsExactlyElementsOf(reversed(all));
      assertThat(idsOnly.entries()).allSatisfy(e -> assertThat(e.entry()).isNull());
      assertThat(idsOnly.entries())
          .filteredOn(UserEntry::starred)
          .extracting(UserEntry::feedId)
          .containsExactly(tech);
    }

    @Test
    void everyFilter() {
      long news = follow(user, "news");
      long tech = follow(user, "tech");
      long loose = follow(user, null);
      List<Long> n = ingest(news, 4);
      Instant second = clock.instant().plus(Duration.ofMinutes(1));
      clock.advance(Duration.ofMinutes(1));
      List<Long> t = ingest(tech, 4);
      clock.advance(Duration.ofMinutes(1));
      Instant third = clock.instant();
      List<Long> l = ingest(loose, 2);
      List<Long> all = concat(concat(n, t), l);
      mark(user, List.of(n.get(0), t.get(0)), true, null);
      mark(user, List.of(n.get(1), t.get(1)), true, true);
      mark(user, List.of(l.get(0)), null, true);
      mark(user, List.of(n.get(2)), false, null); // a row, not read: still unread

      Query oldest = query(user).oldestFirst();
      assertThat(ids(query(user).oldestFirst().feeds(tech, loose)))
          .containsExactlyElementsOf(concat(t, l));
      assertThat(ids(query(user).oldestFirst().folder("news"))).containsExactlyElementsOf(n);
      assertThat(ids(query(user).oldestFirst().folder("tech").feeds(news)))
          .as("both: and")
          .isEmpty();
      assertThat(ids(query(user).oldestFirst().state(StateFilter.ALL)))
          .containsExactlyElementsOf(all);
      assertThat(ids(query(user).oldestFirst().state(StateFilter.READ)))
          .containsExactly(n.get(0), n.get(1), t.get(0), t.get(1));
      assertThat(ids(query(user).oldestFirst().state(StateFilter.UNREAD)))
          .containsExactly(n.get(2), n.get(3), t.get(2), t.get(3), l.get(0), l.get(1));
      assertThat(ids(query(user).oldestFirst().state(StateFilter.STARRED)))
          .containsExactly(n.get(1), t.get(1), l.get(0));
      assertThat(ids(query(user).state(StateFilter.STARRED).folder("tech")))
          .containsExactly(t.get(1));
      assertThat(ids(query(user).oldestFirst().entryIds(List.of(l.get(1), n.get(0), 987_654_321L))))
          .containsExactly(n.get(0), l.get(1));
      assertThat(ids(oldest.after(n.get(1)).before(t.get(2))))
          .as("exclusive bounds")
          .containsExactly(n.get(2), n.get(3), t.get(0), t.get(1));
      assertThat(ids(query(user).before(t.get(0)))).containsExactlyElementsOf(reversed(n));
      assertThat(ids(query(user).oldestFirst().seen(second, third))).containsExactlyElementsOf(t);
      assertThat(ids(query(user).oldestFirst().seen(third, null))).containsExactlyElementsOf(l);
      assertThat(ids(query(user).oldestFirst().seen(null, second))).containsExactlyElementsOf(n);
      assertThat(ids(query(user).oldestFirst().folder("  ")))
          .as("blank folder: any")
          .containsExactlyElementsOf(all);
      assertThat(
              ids(
                  query(user)
                      .oldestFirst()
                      .state(StateFilter.UNREAD)
                      .feeds(news, tech)
                      .after(n.get(2))
                      .seen(null, third)
                      .limit(2)))
          .containsExactly(n.get(3), t.get(2));
    }

    @Test
    void pagingReturnsEachEntryOnceWhileEntriesArrive() {
      long a = follow(user, null);
      long b = follow(user, "b");
      List<Long> before = concat(ingest(a, 1300), ingest(b, 1200));
      assertThat(before).hasSize(2500);
      for (boolean oldestFirst : new boolean[] {false, true}) {
        List<Long> atStart = allIds(user);
        assertThat(atStart).containsAll(before);
        List<Long> seen = new ArrayList<>();
        List<Long> arrived = new ArrayList<>();
        Long cursor = null;
        boolean more = true;
        for (int page = 0; more; page++) {
          assertThat(page).as("pages").isLessThan(20);
          Query q = query(user).limit(300).idsOnly();
          if (oldestFirst) {
            q.oldestFirst().after(cursor);
          } else {
            q.before(cursor);
          }
          UserEntriesResponse r = store.userEntries(q.build());
          r.entries().forEach(e -> seen.add(e.id()));
          more = r.more();
          if (more) {
            assertThat(r.entries()).hasSize(300);
            cursor = r.entries().get(r.entries().size() - 1).id();
          }
          if (page < 3) {
            // New entries arrive between pages, in both feeds.
            clock.advance(Duration.ofSeconds(1));
            arrived.addAll(ingest(page % 2 == 0 ? a : b, 7));
          }
        }
        if (oldestFirst) {
          // Everything there at the start, then what arrived meanwhile: each once, in id order.
          assertThat(seen).containsExactlyElementsOf(concat(atStart, arrived));
        } else {
          // Newest first from the top: what arrives meanwhile is above the cursor, never seen.
          assertThat(seen).containsExactlyElementsOf(reversed(atStart));
        }
      }
    }

    @Test
    void idsOnlyLimitsAndBadRequests() {
      long f = follow(user, null);
      ingest(f, 12);
      assertThat(
              store
                  .userEntries(query(user).idsOnly().limit(AppReadingMessages.MAX_IDS_ONLY).build())
                  .entries())
          .hasSize(12);
      UserEntriesResponse page = store.userEntries(query(user).limit(5).build());
      assertThat(page.entries()).hasSize(5);
      assertThat(page.more()).isTrue();
      UserEntriesResponse exact = store.userEntries(query(user).limit(12).build());
      assertThat(exact.entries()).hasSize(12);
      assertThat(exact.more()).as("exactly a page: no more").isFalse();

      assertThat(
              failure(
                  Status.INVALID_ARGUMENT, () -> store.userEntries(query(user).limit(0).build())))
          .contains("limit");
      assertThat(
              failure(
                  Status.INVALID_ARGUMENT,
                  () ->
                      store.userEntries(
                          query(user).limit(AppReadingMessages.MAX_ENTRIES + 1).build())))
          .contains("limit")
          .contains(Integer.toString(AppReadingMessages.MAX_ENTRIES));
      assertThat(
              failure(
                  Status.INVALID_ARGUMENT,
                  () ->
                      store.userEntries(
                          query(user)
                              .idsOnly()
                              .limit(AppReadingMessages.MAX_IDS_ONLY + 1)
                              .build())))
          .contains("limit")
          .contains("10000");
      List<Long> tooMany = LongStream.rangeClosed(1, StoreLimits.MAX_IDS + 1).boxed().toList();
      assertThat(
              failure(
                  Status.INVALID_ARGUMENT,
                  () -> store.userEntries(query(user).entryIds(tooMany).build())))
          .contains("entryIds")
          .contains(Integer.toString(StoreLimits.MAX_IDS));
      assertThat(statusOf(() -> store.userEntries(query(987_654_321L).build())))
          .isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void otherUsersEntriesAndUnfollowedFeedsNeverLeak() {
      long mine = follow(user, "x");
      List<Long> myIds = ingest(mine, 3);
      long other = newUserId();
      long theirs = follow(other, "x");
      List<Long> theirIds = ingest(theirs, 3);
      mark(other, theirIds, true, true);
      long dropped = follow(user, null);
      List<Long> droppedIds = ingest(dropped, 2);
      store.unsubscribe(new UnsubscribeRequest(user, dropped));

      List<Long> everyId = concat(concat(myIds, theirIds), droppedIds);
      assertThat(ids(query(user).oldestFirst())).containsExactlyElementsOf(myIds);
      assertThat(ids(query(user).oldestFirst().feeds(theirs, dropped))).isEmpty();
      assertThat(ids(query(user).oldestFirst().entryIds(everyId))).containsExactlyElementsOf(myIds);
      assertThat(ids(query(user).folder("x"))).containsExactlyElementsOf(reversed(myIds));
      assertThat(ids(query(user).state(StateFilter.READ))).isEmpty();
      assertThat(ids(query(user).state(StateFilter.STARRED))).isEmpty();
      // The other user's marks are theirs: mine are all unread.
      assertThat(store.userEntries(query(user).build()).entries())
          .noneMatch(e -> e.read() || e.starred());
      assertThat(ids(query(other).oldestFirst().state(StateFilter.READ)))
          .containsExactlyElementsOf(theirIds);
    }
  }

  @Nested
  class UnreadCounts {
    @Test
    void countsFollowMarksAndMarkAllRead() {
      long a = follow(user, null);
      long b = follow(user, "b");
      long empty = follow(user, null);
      List<Long> aIds = ingest(a, 5);
      clock.advance(Duration.ofMinutes(1));
      List<Long> bIds = ingest(b, 3);
      Instant bSeen = clock.instant();
      Instant aSeen = bSeen.minus(Duration.ofMinutes(1));
      ingest(follow(newUserId(), null), 4);

      assertThat(counts())
          .containsExactly(
              new FeedUnread(a, 5, aSeen),
              new FeedUnread(b, 3, bSeen),
              new FeedUnread(empty, 0, null));

      mark(user, aIds.subList(0, 2), true, null);
      mark(user, List.of(bIds.get(0)), null, true); // starring is not reading
      assertThat(counts())
          .containsExactly(
              new FeedUnread(a, 3, aSeen),
              new FeedUnread(b, 3, bSeen),
              new FeedUnread(empty, 0, null));

      store.markAllRead(
          new MarkAllReadRequest(user, List.of(b), null, clock.instant().plusSeconds(1), null));
      assertThat(counts())
          .containsExactly(
              new FeedUnread(a, 3, aSeen),
              new FeedUnread(b, 0, null),
              new FeedUnread(empty, 0, null));

      mark(user, List.of(bIds.get(2)), false, null);
      store.markAllRead(
          new MarkAllReadRequest(user, List.of(), null, clock.instant().plusSeconds(1), null));
      mark(user, List.of(bIds.get(1)), false, null);
      assertThat(counts())
          .containsExactly(
              new FeedUnread(a, 0, null),
              new FeedUnread(b, 1, bSeen),
              new FeedUnread(empty, 0, null));

      assertThat(statusOf(() -> store.unreadCounts(new UnreadCountsRequest(987_654_321L))))
          .isEqualTo(Status.NOT_FOUND);
    }

    private List<FeedUnread> counts() {
      return store.unreadCounts(new UnreadCountsRequest(user)).feeds();
    }
  }
}
