package com.inkzee.ranker.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.testing.TestEntries.MutableClock;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.PreferenceKind;
import com.inkzee.rpc.api.store.RuleMessages.Preference;
import com.inkzee.rpc.api.store.RuleMessages.PreferenceRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StoreService;
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
}
