package com.inkzee.ranker.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.inkzee.ranker.rpc.RankerHarness.Story;
import com.inkzee.rpc.api.ranker.RankerMessages.UnreadRecentlyReadRequest;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppKeyKind;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppPassword;
import com.inkzee.rpc.api.store.AppPasswordMessages.CreateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.ListAppPasswordsRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.RevokeAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.UpdateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.FeedUnread;
import com.inkzee.rpc.api.store.AppReadingMessages.StateFilter;
import com.inkzee.rpc.api.store.AppReadingMessages.UnreadCountsRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesResponse;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntry;
import com.inkzee.rpc.api.store.StateMessages.EntryState;
import com.inkzee.rpc.api.store.StateMessages.GetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogue 1.5 through the ranker over real RPC: app passwords and what reading apps list are the
 * store's, forwarded, with the store's statuses; marks the ranker spreads over a story's copies
 * show in userEntries and unreadCounts. And 1.6's unreadRecentlyRead, which takes marks back.
 */
class RankerAppApiTest {
  @TempDir static Path dir;
  private static RankerHarness h;

  @BeforeAll
  static void start() {
    h = new RankerHarness(dir);
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static RankerService ranker() {
    return h.ranker();
  }

  private static RpcException failure(Runnable call) {
    try {
      call.run();
    } catch (RpcException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }

  private static String hex(String algorithm, String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static UserEntriesRequest all(long userId, StateFilter state, boolean idsOnly) {
    return new UserEntriesRequest(
        userId, List.of(), null, state, List.of(), null, null, null, null, true, 1000, idsOnly,
        true);
  }

  @Test
  void appPasswordsAreTheStoresForwarded() {
    long user = h.newUser("app-owner");
    String secret = RankerHarness.unique("secret");
    String password = hex("SHA-256", secret);
    String token = hex("SHA-256", "token:" + secret);
    String fever = hex("MD5", "app-owner:" + secret);
    AppPassword made =
        ranker()
            .createAppPassword(
                new CreateAppPasswordRequest(user, "Reeder", true, password, token, fever))
            .appPassword();
    assertThat(made.userId()).isEqualTo(user);
    assertThat(made.rankedOrder()).isTrue();
    assertThat(ranker().listAppPasswords(new ListAppPasswordsRequest(user)).appPasswords())
        .containsExactly(made);
    // The store answers, not the ranker: the store's own client finds it.
    assertThat(
            h.store
                .store()
                .findAppPassword(new FindAppPasswordRequest(AppKeyKind.TOKEN, token))
                .appPassword()
                .id())
        .isEqualTo(made.id());
    for (var kind : List.of(AppKeyKind.PASSWORD, AppKeyKind.TOKEN, AppKeyKind.FEVER_KEY)) {
      String hash =
          kind == AppKeyKind.PASSWORD ? password : kind == AppKeyKind.TOKEN ? token : fever;
      FindAppPasswordResponse found =
          ranker().findAppPassword(new FindAppPasswordRequest(kind, hash));
      assertThat(found.user().id()).as(kind.name()).isEqualTo(user);
    }
    assertThat(
            ranker()
                .updateAppPassword(new UpdateAppPasswordRequest(user, made.id(), "Reeder 5", false))
                .appPassword())
        .extracting(AppPassword::label, AppPassword::rankedOrder)
        .containsExactly("Reeder 5", false);

    // The store's statuses and messages come through.
    RpcException taken =
        failure(
            () ->
                ranker()
                    .createAppPassword(
                        new CreateAppPasswordRequest(
                            user, "again", false, password, hex("SHA-256", "x" + secret), fever)));
    assertThat(taken.status()).isEqualTo(Status.ALREADY_EXISTS);
    assertThat(taken.getMessage()).contains("passwordHash");
    RpcException bad =
        failure(
            () ->
                ranker()
                    .findAppPassword(
                        new FindAppPasswordRequest(AppKeyKind.FEVER_KEY, password.toUpperCase())));
    assertThat(bad.status()).isEqualTo(Status.INVALID_ARGUMENT);
    assertThat(bad.getMessage()).contains("hash");

    assertThat(ranker().revokeAppPassword(new RevokeAppPasswordRequest(user, made.id())).revoked())
        .isTrue();
    assertThat(
            failure(
                    () ->
                        ranker()
                            .findAppPassword(new FindAppPasswordRequest(AppKeyKind.TOKEN, token)))
                .status())
        .isEqualTo(Status.NOT_FOUND);
    assertThat(
            failure(() -> ranker().listAppPasswords(new ListAppPasswordsRequest(987_654_321L)))
                .status())
        .isEqualTo(Status.NOT_FOUND);
  }

  @Test
  void readingACopyOfAStoryShowsEveryCopyReadInUserEntries() {
    long reader = h.newUser("app-reader");
    long stranger = h.newUser("app-stranger");
    long a = h.follow(reader, RankerHarness.feedName("app-wire-a"));
    long b = h.follow(reader, RankerHarness.feedName("app-wire-b"), "wires", 0);
    String host = RankerHarness.unique("app-news") + ".example";
    Instant twoHoursAgo = Instant.now().minus(2, ChronoUnit.HOURS);
    Story story =
        Story.of("app-dup")
            .title("Harbour bridge reopens after two years of repairs")
            .url("https://" + host + "/2024/bridge?utm_source=rss")
            .publishedAt(twoHoursAgo);
    long inA = h.ingestOne(a, story);
    long inB =
        h.ingestOne(
            b,
            story.copy(RankerHarness.unique("app-dup-b")).url("https://" + host + "/2024/bridge"));
    long other = h.ingestOne(a, Story.of("app-other").publishedAt(twoHoursAgo.plusSeconds(60)));
    h.awaitTailed(reader, inA, inB, other);

    UserEntriesResponse before = ranker().userEntries(all(reader, StateFilter.UNREAD, true));
    assertThat(before.entries())
        .extracting(UserEntry::id)
        .containsExactlyInAnyOrder(inA, inB, other);
    assertThat(before.entries()).allSatisfy(e -> assertThat(e.entry()).isNull());
    assertThat(a).as("feed ids grow as feeds are made").isLessThan(b);
    assertThat(ranker().unreadCounts(new UnreadCountsRequest(reader)).feeds())
        .extracting(FeedUnread::feedId, FeedUnread::unread)
        .containsExactly(tuple(a, 2), tuple(b, 1));

    var marked =
        ranker().setEntryStates(new SetEntryStatesRequest(reader, List.of(inA), true, null, null));
    assertThat(marked.alsoMarked()).containsExactly(inB);

    List<UserEntry> read = ranker().userEntries(all(reader, StateFilter.READ, false)).entries();
    assertThat(read)
        .extracting(UserEntry::id)
        .containsExactly(Math.min(inA, inB), Math.max(inA, inB));
    assertThat(read).allSatisfy(e -> assertThat(e.entry().title()).startsWith("Harbour bridge"));
    assertThat(ranker().userEntries(all(reader, StateFilter.UNREAD, true)).entries())
        .extracting(UserEntry::id)
        .containsExactly(other);
    assertThat(ranker().unreadCounts(new UnreadCountsRequest(reader)).feeds())
        .extracting(FeedUnread::feedId, FeedUnread::unread)
        .containsExactly(tuple(a, 1), tuple(b, 0));

    // The folder filter and the stranger, through the ranker too.
    UserEntriesRequest wires =
        new UserEntriesRequest(
            reader, List.of(), "wires", null, List.of(), null, null, null, null, false, 10, false,
            false);
    assertThat(ranker().userEntries(wires).entries())
        .extracting(UserEntry::id)
        .containsExactly(inB);
    assertThat(ranker().userEntries(all(stranger, null, true)).entries()).isEmpty();
    assertThat(Set.copyOf(ranker().unreadCounts(new UnreadCountsRequest(stranger)).feeds()))
        .isEmpty();
    UserEntriesRequest noLimit =
        new UserEntriesRequest(
            reader, List.of(), null, null, List.of(), null, null, null, null, false, 0, false,
            false);
    RpcException refused = failure(() -> ranker().userEntries(noLimit));
    assertThat(refused.status()).isEqualTo(Status.INVALID_ARGUMENT);
    assertThat(refused.getMessage()).contains("limit");
  }

  /**
   * Reading one copy of a story reads its copies; a star or a rating given with it stays on the
   * entry the reader touched, or one story would be starred twice and a feed never rated disliked.
   */
  @Test
  void aStarOrARatingStaysOnTheCopyTheReaderTouched() {
    long reader = h.newUser("star-copies");
    long a = h.follow(reader, RankerHarness.feedName("star-copies-a"));
    long b = h.follow(reader, RankerHarness.feedName("star-copies-b"));
    Story story =
        Story.of("star-dup")
            .title("Tidal energy pilot powers a harbour town for a week")
            .url("https://" + RankerHarness.unique("star-news") + ".example/tide")
            .publishedAt(Instant.now().minus(1, ChronoUnit.HOURS));
    long inA = h.ingestOne(a, story);
    long inB = h.ingestOne(b, story.copy(RankerHarness.unique("star-dup-b")));
    h.awaitTailed(reader, inA, inB);

    var marked =
        ranker().setEntryStates(new SetEntryStatesRequest(reader, List.of(inA), true, true, -1));

    assertThat(marked.alsoMarked()).containsExactly(inB);
    var states =
        h.store.store().getEntryStates(new GetEntryStatesRequest(reader, List.of(inA, inB)));
    assertThat(states.states())
        .extracting(EntryState::entryId, EntryState::read, EntryState::starred, EntryState::liking)
        .containsExactly(tuple(inA, true, true, -1), tuple(inB, true, false, 0));
    assertThat(ranker().userEntries(all(reader, StateFilter.STARRED, true)).entries())
        .extracting(UserEntry::id)
        .containsExactly(inA);
  }

  /**
   * Marking a feed read (Fever's "mark feed", Google Reader's mark-all-as-read) reads the story's
   * copies in the reader's other feeds too, as reading one copy does; within the bound only, and
   * never in a feed the reader does not follow.
   */
  @Test
  void markingAFeedReadReadsItsStoriesCopiesInTheReadersOtherFeeds() {
    long reader = h.newUser("mark-feed-reader");
    long other = h.newUser("mark-feed-other");
    long a = h.follow(reader, RankerHarness.feedName("mark-wire-a"));
    long b = h.follow(reader, RankerHarness.feedName("mark-wire-b"));
    long c = h.follow(other, RankerHarness.feedName("mark-wire-c")); // carries it; not the reader's
    Instant threeHoursAgo = Instant.now().minus(3, ChronoUnit.HOURS);
    String host = RankerHarness.unique("mark-news") + ".example";
    Story early =
        Story.of("mark-early")
            .title("Tram line extension opens to the airport after a decade of work")
            .url("https://" + host + "/tram")
            .publishedAt(threeHoursAgo);
    Story late =
        Story.of("mark-late")
            .title("Orchestra announces a free summer season in the city parks")
            .url("https://" + host + "/orchestra")
            .publishedAt(threeHoursAgo.plus(2, ChronoUnit.HOURS));
    long earlyInA = h.ingestOne(a, early);
    long earlyInB = h.ingestOne(b, early.copy(RankerHarness.unique("mark-early-b")));
    long earlyInC = h.ingestOne(c, early.copy(RankerHarness.unique("mark-early-c")));
    long lateInA = h.ingestOne(a, late);
    long lateInB = h.ingestOne(b, late.copy(RankerHarness.unique("mark-late-b")));
    long onlyInB =
        h.ingestOne(b, Story.of("mark-only-b").publishedAt(threeHoursAgo.plusSeconds(60)));
    h.awaitTailed(reader, earlyInA, earlyInB, lateInA, lateInB, onlyInB);
    h.awaitTailed(other, earlyInC);

    // Up to an hour after the early story: the late one in A stays unread, so does its copy.
    var marked =
        ranker()
            .markAllRead(
                new MarkAllReadRequest(
                    reader, List.of(a), null, threeHoursAgo.plus(1, ChronoUnit.HOURS), null));
    assertThat(marked.marked()).isEqualTo(2); // the early story in A, and its copy in B
    assertThat(ranker().userEntries(all(reader, StateFilter.UNREAD, true)).entries())
        .extracting(UserEntry::id)
        .containsExactlyInAnyOrder(lateInA, lateInB, onlyInB);

    // Then the whole of A, bounded by arrival as reading apps do.
    marked =
        ranker()
            .markAllRead(
                new MarkAllReadRequest(
                    reader, List.of(a), null, null, Instant.now().plus(1, ChronoUnit.MINUTES)));
    assertThat(marked.marked()).isEqualTo(2);
    assertThat(ranker().userEntries(all(reader, StateFilter.UNREAD, true)).entries())
        .extracting(UserEntry::id)
        .containsExactly(onlyInB);
    assertThat(ranker().unreadCounts(new UnreadCountsRequest(reader)).feeds())
        .extracting(FeedUnread::feedId, FeedUnread::unread)
        .containsExactly(tuple(a, 0), tuple(b, 1));

    // C is not the reader's: its copy was left alone, for its own reader too.
    assertThat(ranker().userEntries(all(other, StateFilter.UNREAD, true)).entries())
        .extracting(UserEntry::id)
        .containsExactly(earlyInC);
  }

  /**
   * unreadRecentlyRead (1.6) takes back the read marks made since an instant, the newest first, the
   * copies a mark spread to included; older marks stay, and marking an entry read again does not
   * make it recently read (the first time counts, in the store and in the ranker alike).
   */
  @Test
  void unreadRecentlyReadTakesBackOnlyTheMarksMadeSinceAnInstant() throws InterruptedException {
    long reader = h.newUser("undo-reader");
    long a = h.follow(reader, RankerHarness.feedName("undo-wire-a"));
    long b = h.follow(reader, RankerHarness.feedName("undo-wire-b"));
    Instant hourAgo = Instant.now().minus(1, ChronoUnit.HOURS);
    Story story =
        Story.of("undo-dup")
            .title("Lighthouse keeper's cottage becomes a small maritime museum")
            .url("https://" + RankerHarness.unique("undo-news") + ".example/lighthouse")
            .publishedAt(hourAgo);
    long dupInA = h.ingestOne(a, story);
    long dupInB = h.ingestOne(b, story.copy(RankerHarness.unique("undo-dup-b")));
    long readLongAgo = h.ingestOne(a, Story.of("undo-old").publishedAt(hourAgo.plusSeconds(60)));
    long readLast = h.ingestOne(a, Story.of("undo-last").publishedAt(hourAgo.plusSeconds(120)));
    h.awaitTailed(reader, dupInA, dupInB, readLongAgo, readLast);

    ranker().setEntryStates(read(reader, readLongAgo));
    Thread.sleep(50); // read times are kept to the millisecond: keep the marks apart
    Instant since = Instant.now();
    Thread.sleep(50);
    assertThat(ranker().setEntryStates(read(reader, dupInA)).alsoMarked()).containsExactly(dupInB);
    Thread.sleep(50);
    ranker().setEntryStates(read(reader, readLast));
    ranker().setEntryStates(read(reader, readLongAgo)); // again: still read long ago

    var undone = ranker().unreadRecentlyRead(new UnreadRecentlyReadRequest(reader, since));
    assertThat(undone.entryIds())
        .as("newest mark first; the two copies were marked at once, then by id")
        .containsExactly(readLast, Math.max(dupInA, dupInB), Math.min(dupInA, dupInB));
    assertThat(undone.unmarked()).isEqualTo(3);
    assertThat(undone.more()).isFalse();
    assertThat(ranker().userEntries(all(reader, StateFilter.READ, true)).entries())
        .extracting(UserEntry::id)
        .containsExactly(readLongAgo);
    assertThat(ranker().userEntries(all(reader, StateFilter.UNREAD, true)).entries())
        .extracting(UserEntry::id)
        .containsExactlyInAnyOrder(dupInA, dupInB, readLast);

    var again = ranker().unreadRecentlyRead(new UnreadRecentlyReadRequest(reader, since));
    assertThat(again.entryIds()).isEmpty();
    assertThat(again.unmarked()).isZero();

    RpcException noTime =
        failure(() -> ranker().unreadRecentlyRead(new UnreadRecentlyReadRequest(reader, null)));
    assertThat(noTime.status()).isEqualTo(Status.INVALID_ARGUMENT);
    assertThat(noTime.getMessage()).contains("readSince");
    RpcException nobody =
        failure(
            () -> ranker().unreadRecentlyRead(new UnreadRecentlyReadRequest(987_654_321L, since)));
    assertThat(nobody.status()).isEqualTo(Status.NOT_FOUND);
  }

  /**
   * A mark-all-read reaches entries far older than the ranker's window, whose marks a reader load
   * no longer reads: undoing it must still take all of them back, not only the window's.
   */
  @Test
  void unreadRecentlyReadTakesBackAMarkAllReadOfEntriesOlderThanTheWindow()
      throws InterruptedException {
    long reader = h.newUser("undo-all-reader");
    long feed = h.follow(reader, RankerHarness.feedName("undo-all"));
    long monthOld =
        h.ingestOne(
            feed, Story.of("undo-all-old").publishedAt(Instant.now().minus(30, ChronoUnit.DAYS)));
    long fresh = h.ingestOne(feed, Story.of("undo-all-new"));
    h.awaitTailed(reader, fresh);
    h.unread(reader, com.inkzee.rpc.api.ranker.RiverOrder.RANKED); // the reader is loaded
    Thread.sleep(50); // read times are kept to the millisecond: keep the marks apart
    Instant since = Instant.now();
    Thread.sleep(50);
    assertThat(
            ranker()
                .markAllRead(
                    new MarkAllReadRequest(reader, List.of(feed), null, Instant.now(), null))
                .marked())
        .isEqualTo(2);

    var undone = ranker().unreadRecentlyRead(new UnreadRecentlyReadRequest(reader, since));
    assertThat(undone.entryIds()).containsExactlyInAnyOrder(monthOld, fresh);
    assertThat(undone.unmarked()).isEqualTo(2);
    assertThat(ranker().userEntries(all(reader, StateFilter.UNREAD, true)).entries())
        .extracting(UserEntry::id)
        .containsExactlyInAnyOrder(monthOld, fresh);
  }

  private static SetEntryStatesRequest read(long userId, long entryId) {
    return new SetEntryStatesRequest(userId, List.of(entryId), true, null, null);
  }
}
