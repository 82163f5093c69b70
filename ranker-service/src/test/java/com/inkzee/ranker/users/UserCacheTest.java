package com.inkzee.ranker.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.store.testing.EmbeddedStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
      CountDownLatch listed = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean holdNext = new AtomicBoolean(true);
      // The real store, with the first load held just after it has read the subscriptions.
      StoreService heldOnce =
          (StoreService)
              Proxy.newProxyInstance(
                  StoreService.class.getClassLoader(),
                  new Class<?>[] {StoreService.class},
                  (proxy, method, args) -> {
                    Object result;
                    try {
                      result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                    if (method.getName().equals("listSubscriptions")
                        && holdNext.compareAndSet(true, false)) {
                      listed.countDown();
                      release.await(10, TimeUnit.SECONDS);
                    }
                    return result;
                  });
      UserCache cache = new UserCache(heldOnce, Clock.systemUTC(), Duration.ofMinutes(1), 100);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<UserContext> first = pool.submit(() -> cache.get(user));
        assertThat(listed.await(10, TimeUnit.SECONDS)).isTrue();
        embedded.subscribe(user, "https://two.example/feed.xml");
        cache.invalidate(user); // as the ranker does after forwarding a subscription
        release.countDown();
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
}
