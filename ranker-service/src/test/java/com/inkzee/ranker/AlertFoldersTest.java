package com.inkzee.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.ranker.alert.FolderLookup;
import com.inkzee.ranker.users.UserCache;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.store.testing.EmbeddedStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert path's view of owners' subscriptions, over a real (embedded) store with one reader's
 * load made to fail: it runs inside the change-feed tail, where a throw retries the page forever.
 */
class AlertFoldersTest {
  @TempDir Path dir;

  /**
   * The real store, except that loading {@code broken}'s preferences fails with {@code failure}.
   */
  private static StoreService failingFor(StoreService real, long broken, RuntimeException failure) {
    return (StoreService)
        Proxy.newProxyInstance(
            StoreService.class.getClassLoader(),
            new Class<?>[] {StoreService.class},
            (proxy, method, args) -> {
              if (method.getName().equals("listPreferences")
                  && ((ListRulesRequest) args[0]).userId() == broken) {
                throw failure;
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void anOwnerWhoseContextCannotBeLoadedFollowsNothingAndOthersAreUnaffected() {
    try (EmbeddedStore embedded = new EmbeddedStore(dir)) {
      long broken = embedded.createUser("unloadable-owner");
      long fine = embedded.createUser("loadable-owner");
      long feed = embedded.subscribe(broken, "https://shared.example/feed.xml");
      embedded.subscribe(fine, "https://shared.example/feed.xml");
      UserCache users =
          new UserCache(
              failingFor(embedded.store(), broken, new IllegalStateException("cannot use a rule")),
              Clock.systemUTC(),
              Duration.ofMinutes(1),
              100);
      FolderLookup folders = RankerServiceMain.folders(users);

      assertThat(folders.follows(broken, feed)).isFalse();
      assertThat(folders.folderOf(broken, feed)).isNull();
      assertThat(folders.follows(fine, feed)).isTrue();
    }
  }

  /**
   * A store that cannot be reached is still thrown: the tailer retries the page, losing nothing.
   */
  @Test
  void anUnreachableStoreIsStillThrownForTheTailerToRetry() {
    try (EmbeddedStore embedded = new EmbeddedStore(dir)) {
      long owner = embedded.createUser("owner-of-an-away-store");
      long feed = embedded.subscribe(owner, "https://away.example/feed.xml");
      UserCache users =
          new UserCache(
              failingFor(embedded.store(), owner, RpcException.unavailable("store away", null)),
              Clock.systemUTC(),
              Duration.ofMinutes(1),
              100);

      assertThatThrownBy(() -> RankerServiceMain.folders(users).follows(owner, feed))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.UNAVAILABLE));
    }
  }
}
