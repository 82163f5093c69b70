package com.inkzee.ranker.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.feed.EntryMapper;
import com.inkzee.ranker.score.FeedAffinity;
import com.inkzee.ranker.testing.TestEntries;
import com.inkzee.ranker.testing.TestEntries.MutableClock;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.EntryCursor;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.PreferenceKind;
import com.inkzee.rpc.api.store.RuleMessages.Preference;
import com.inkzee.rpc.api.store.RuleMessages.PreferenceRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.UserStatesResponse;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.HeldOnce;
import com.inkzee.store.testing.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader cache against a real (embedded) store, its loads raced with changes. */
class UserCacheTest {
  @TempDir Path dir;

  /**
   * A load that read the store before a change, and ends after the change's invalidation, must not
   * be kept: the reader would miss the change (here a new subscription) for the cache's whole
   * maxAge.
   */
  @Test
  void aLoadThatReadTheStoreBeforeAChangeIsNotKeptAfterIt() throws Exception {
    try (EmbeddedStore embedded = new EmbeddedStore(dir)) {
      StoreService real = embedded.store();
      long user = embedded.createUser("loading-reader");
      embedded.subscribe(user, "https://one.example/feed.xml");
      HeldOnce<StoreService> held = new HeldOnce<>(StoreService.class, real, "listSubscriptions");
      held.holdNext.set(true);
      UserCache cache =
          new UserCache(held.service(), Clock.systemUTC(), Duration.ofMinutes(1), 100);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<UserContext> first = pool.submit(() -> cache.get(user));
        assertThat(held.reached.await(10, TimeUnit.SECONDS)).isTrue();
        embedded.subscribe(user, "https://two.example/feed.xml");
        cache.invalidate(user); // as the ranker does after forwarding a subscription
        held.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).subscriptions())
            .as("the held load read the store before the change")
            .hasSize(1);
        assertThat(cache.get(user).subscriptions()).hasSize(2);
        assertThat(cache.get(user)).as("and that reload is kept").isSameAs(cache.get(user));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * A mark the ranker writes while the reader's context is being reloaded (it had aged out) must
   * not be lost from the ranker's copy: the load may have read the marks before the write.
   */
  @Test
  void aMarkWrittenWhileTheReaderReloadsIsNotLostFromTheCache() throws Exception {
    try (EmbeddedStore embedded = new EmbeddedStore(dir)) {
      StoreService real = embedded.store();
      long user = embedded.createUser("marking-reader");
      long feed = embedded.subscribe(user, "https://marks.example/feed.xml");
      real.ingestEntries(
          new IngestRequest(
              feed,
              List.of(
                  new EntryInput(
                      "k1",
                      "g1",
                      "https://marks.example/1",
                      "A story",
                      null,
                      "Its summary.",
                      null,
                      List.of(),
                      List.of(),
                      Instant.now(),
                      null,
                      0,
                      "en"))));
      long entry =
          real.listEntries(new ListEntriesRequest(List.of(feed), null, null, 10, null, true))
              .entries()
              .get(0)
              .id();
      MutableClock clock = new MutableClock(Instant.now());
      HeldOnce<StoreService> held = new HeldOnce<>(StoreService.class, real, "listUserStates");
      UserCache cache = new UserCache(held.service(), clock, Duration.ofMinutes(1), 100);
      assertThat(cache.get(user).readAt(entry)).isNull();
      clock.advance(Duration.ofMinutes(2)); // the context has aged out: the next get reloads
      held.holdNext.set(true);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<UserContext> reload = pool.submit(() -> cache.get(user));
        assertThat(held.reached.await(10, TimeUnit.SECONDS)).isTrue();
        // What setEntryStates does: the store first, then the cached context.
        real.setEntryStates(new SetEntryStatesRequest(user, List.of(entry), true, null, null));
        cache.changed(user, c -> c.marked(entry, true, null, null, clock.instant()));
        held.release.countDown();
        assertThat(reload.get(10, TimeUnit.SECONDS).readAt(entry))
            .as("the held load read the marks before the write")
            .isNull();
        assertThat(cache.get(user).readAt(entry)).isNotNull();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * A preference the store kept but the ranker cannot use (an author of control characters only, as
   * a JSON Feed may carry) is left out of the reader's context; it used to fail every load, and
   * with it the reader's river, digest and entries.
   */
  @Test
  void aStoredPreferenceTheRankerCannotUseIsLeftOutOfTheLoad() {
    try (EmbeddedStore embedded = new EmbeddedStore(dir)) {
      StoreService real = embedded.store();
      long user = embedded.createUser("junk-author-reader");
      real.setPreference(
          new PreferenceRequest(
              new Preference(0, user, PreferenceKind.AUTHOR, "\u0001", 1, null, null)));
      real.setPreference(
          new PreferenceRequest(
              new Preference(0, user, PreferenceKind.AUTHOR, "jane doe", 2, null, null)));
      UserCache cache = new UserCache(real, Clock.systemUTC(), Duration.ofMinutes(1), 100);
      assertThat(cache.get(user).preferenceRules())
          .extracting(r -> r.value())
          .containsExactly("jane doe");
    }
  }

  /**
   * A load reads every mark the reader ever made; concurrent gets of one reader after an
   * invalidation used to each run their own. They share one now, and a get after a further
   * invalidation starts a fresh one rather than take the old.
   */
  @Test
  void concurrentGetsOfOneReaderShareOneLoad() throws Exception {
    try (EmbeddedStore embedded = new EmbeddedStore(dir)) {
      StoreService real = embedded.store();
      long user = embedded.createUser("popular-reader");
      embedded.subscribe(user, "https://shared-load.example/feed.xml");
      java.util.concurrent.atomic.AtomicInteger loads =
          new java.util.concurrent.atomic.AtomicInteger();
      StoreService counting =
          (StoreService)
              java.lang.reflect.Proxy.newProxyInstance(
                  StoreService.class.getClassLoader(),
                  new Class<?>[] {StoreService.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("listSubscriptions")) {
                      loads.incrementAndGet(); // the first store call of every load
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      HeldOnce<StoreService> held =
          new HeldOnce<>(StoreService.class, counting, "listSubscriptions");
      held.holdNext.set(true);
      UserCache cache =
          new UserCache(held.service(), Clock.systemUTC(), Duration.ofMinutes(1), 100);
      int readers = 8;
      ExecutorService pool = Executors.newFixedThreadPool(readers);
      try {
        List<Future<UserContext>> gets = new java.util.ArrayList<>();
        gets.add(pool.submit(() -> cache.get(user)));
        assertThat(held.reached.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < readers; i++) {
          gets.add(pool.submit(() -> cache.get(user)));
        }
        Thread.sleep(300); // the others are in get, behind the held load
        held.release.countDown();
        UserContext first = gets.get(0).get(10, TimeUnit.SECONDS);
        for (Future<UserContext> g : gets) {
          assertThat(g.get(10, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(loads.get()).as("one load for %d concurrent gets", readers).isEqualTo(1);

        cache.invalidate(user);
        assertThat(cache.get(user)).isNotSameAs(first);
        assertThat(loads.get()).isEqualTo(2);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Marks a month old: every one on an entry the window (14 days) cannot hold. */
  private static final int OLD_MARKS = 2_500;

  /**
   * A reader of one feed: {@link #OLD_MARKS} entries a month old, all read (one also starred, one
   * liked), and ten of the last hour, which the window holds: four read, one starred.
   */
  private record Reader(
      long user, long feed, List<Long> oldIds, List<Long> recentIds, EntryWindow window) {}

  private static Reader aReaderWithManyOldMarks(EmbeddedStore embedded, String name) {
    StoreService store = embedded.store();
    long user = embedded.createUser(name);
    long feed = embedded.subscribe(user, "https://" + name + ".example/feed.xml");
    Instant now = Instant.now();
    Instant monthAgo = now.minus(Duration.ofDays(30));
    List<EntryInput> old = new java.util.ArrayList<>();
    for (int i = 0; i < OLD_MARKS; i++) {
      old.add(input(name + "-old-" + i, monthAgo.plusSeconds(i)));
      if (old.size() == 1_000 || i == OLD_MARKS - 1) {
        store.ingestEntries(new IngestRequest(feed, old));
        old.clear();
      }
    }
    List<EntryInput> recent = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      recent.add(input(name + "-new-" + i, now.minus(Duration.ofHours(1)).plusSeconds(i)));
    }
    store.ingestEntries(new IngestRequest(feed, recent));
    List<Entry> all = new java.util.ArrayList<>();
    EntryCursor after = null;
    do {
      var page =
          store.listEntries(new ListEntriesRequest(List.of(feed), null, null, 1_000, after, true));
      all.addAll(page.entries());
      after = page.next();
    } while (after != null);
    Instant windowStart = now.minus(EntryWindow.DEFAULT_SPAN);
    List<Long> oldIds =
        all.stream().filter(e -> e.sortAt().isBefore(windowStart)).map(Entry::id).sorted().toList();
    List<Long> recentIds =
        all.stream()
            .filter(e -> !e.sortAt().isBefore(windowStart))
            .map(Entry::id)
            .sorted()
            .toList();
    store.markAllRead(new MarkAllReadRequest(user, List.of(feed), null, windowStart, null));
    store.setEntryStates(new SetEntryStatesRequest(user, List.of(oldIds.get(0)), null, true, 1));
    store.setEntryStates(
        new SetEntryStatesRequest(user, recentIds.subList(0, 4), true, null, null));
    store.setEntryStates(
        new SetEntryStatesRequest(user, List.of(recentIds.get(4)), null, true, null));
    EntryWindow window = new EntryWindow(EntryWindow.DEFAULT_SPAN, Clock.systemUTC());
    for (Entry e : all) {
      if (recentIds.contains(e.id())) {
        window.put(EntryMapper.toWindow(e));
      }
    }
    return new Reader(user, feed, oldIds, recentIds, window);
  }

  private static EntryInput input(String key, Instant published) {
    return new EntryInput(
        key,
        key,
        "https://marks.example/" + key,
        "Story " + key,
        null,
        "Its summary.",
        null,
        List.of(),
        List.of(),
        published,
        null,
        0,
        "en");
  }

  /** Counts the marks {@code listUserStates} hands out, and can answer as an older store would. */
  private static final class CountingStore {
    final java.util.concurrent.atomic.AtomicLong marksRead =
        new java.util.concurrent.atomic.AtomicLong();
    final StoreService service;

    CountingStore(StoreService real, boolean olderThanMarkCounts) {
      service =
          (StoreService)
              java.lang.reflect.Proxy.newProxyInstance(
                  StoreService.class.getClassLoader(),
                  new Class<?>[] {StoreService.class},
                  (proxy, method, args) -> {
                    if (olderThanMarkCounts && method.getName().equals("markCountsByFeed")) {
                      // What a 1.10 store's server answers for a method id it does not have.
                      throw new RpcException(
                          Status.UNIMPLEMENTED, "service store has no method 34");
                    }
                    Object answer;
                    try {
                      answer = method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                      throw e.getCause();
                    }
                    if (answer instanceof UserStatesResponse states) {
                      marksRead.addAndGet(states.states().size());
                    }
                    return answer;
                  });
    }
  }

  /**
   * A reader with years of marks used to cost every one of them on each load (every minute while
   * active). Now a load reads only the marks of entries the window can hold, while affinity still
   * counts every mark, counted by the store.
   */
  @Test
  void aLoadReadsOnlyTheMarksOfTheWindowsEntriesAndAffinityCountsThemAll() {
    try (EmbeddedStore embedded = new EmbeddedStore(dir)) {
      Reader r = aReaderWithManyOldMarks(embedded, "long-time-reader");
      CountingStore counting = new CountingStore(embedded.store(), false);
      UserCache cache =
          new UserCache(
              counting.service,
              Clock.systemUTC(),
              Duration.ofMinutes(1),
              100,
              r.window()::lowestId);
      UserContext context = cache.get(r.user());

      assertThat(counting.marksRead.get())
          .as("the window's marks only: four read, one starred")
          .isEqualTo(5);
      assertThat(context.marksFrom()).isEqualTo(r.recentIds().get(0));
      for (long id : r.recentIds().subList(0, 4)) {
        assertThat(context.readAt(id)).isNotNull();
      }
      assertThat(context.readAt(r.recentIds().get(5))).isNull();
      assertThat(context.view().starred()).containsExactly(r.recentIds().get(4));
      assertThat(context.readAt(r.oldIds().get(0))).as("not loaded").isNull();
      assertThat(context.view().affinity().counts(r.feed()))
          .isEqualTo(new FeedAffinity.Counts(OLD_MARKS + 4, 2, 1, 0, 0));
    }
  }

  /**
   * An entry older than every entry in the window can re-enter it (an update moves its date into
   * the span): a reader loaded before must not see it unread for want of its mark.
   */
  @Test
  void aReaderLoadedBeforeAnOldEntryReentersTheWindowIsReloadedWithItsMark() {
    try (EmbeddedStore embedded = new EmbeddedStore(dir)) {
      Reader r = aReaderWithManyOldMarks(embedded, "reentry-reader");
      UserCache cache =
          new UserCache(
              embedded.store(),
              Clock.systemUTC(),
              Duration.ofMinutes(1),
              100,
              r.window()::lowestId);
      long reentering = r.oldIds().get(OLD_MARKS - 1);
      UserContext before = cache.get(r.user());
      assertThat(before.readAt(reentering)).isNull();

      r.window().put(TestEntries.entry(reentering, r.feed(), Instant.now()));

      UserContext after = cache.get(r.user());
      assertThat(after).isNotSameAs(before);
      assertThat(after.readAt(reentering)).as("read a month ago, and loaded now").isNotNull();
      assertThat(after.marksFrom()).isEqualTo(reentering);
      assertThat(cache.get(r.user())).as("and that reload is kept").isSameAs(after);
    }
  }

  /**
   * A store older than catalogue 1.11 cannot count marks (it answers markCountsByFeed
   * UNIMPLEMENTED): the reader then gets the load of before, every mark read and counted by the
   * ranker, and the same context as a newer store gives, old marks included.
   */
  @Test
  void anOlderStoreGetsTheFullLoadWithTheSameAffinity() {
    try (EmbeddedStore embedded = new EmbeddedStore(dir)) {
      Reader r = aReaderWithManyOldMarks(embedded, "older-store-reader");
      CountingStore older = new CountingStore(embedded.store(), true);
      UserCache cache =
          new UserCache(
              older.service, Clock.systemUTC(), Duration.ofMinutes(1), 100, r.window()::lowestId);
      UserContext context = cache.get(r.user());

      assertThat(older.marksRead.get()).isEqualTo(OLD_MARKS + 5);
      assertThat(context.marksFrom()).isZero();
      assertThat(context.readAt(r.oldIds().get(0))).isNotNull();
      assertThat(context.readAt(r.recentIds().get(0))).isNotNull();
      assertThat(context.view().affinity().counts(r.feed()))
          .isEqualTo(new FeedAffinity.Counts(OLD_MARKS + 4, 2, 1, 0, 0));
      assertThat(cache.get(r.user()))
          .as("a full load is never stale for the floor")
          .isSameAs(context);
    }
  }
}
