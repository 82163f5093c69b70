package com.inkzee.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.AdminMessages.RetentionRequest;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReportResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.rpc.api.store.StateMessages.GetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import com.inkzee.store.leases.LeaseQueue;
import com.inkzee.store.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The storage contract on PostgreSQL, in a fresh schema dropped afterwards; plus what only
 * PostgreSQL can show: many fetchers sharing the lease queue. Skipped with a printed reason when
 * PostgreSQL is not reachable, unless {@code INKZEE_TEST_PG=required}.
 */
class PostgresStoreContractIT extends StoreContract {
  private String schema;

  @Override
  protected Database openDatabase() throws Exception {
    TestPostgres.assumeReachable("PostgresStoreContractIT");
    schema = TestPostgres.newSchema("t_");
    return TestDatabases.postgres(schema);
  }

  @Override
  protected void closeDatabase() throws Exception {
    if (schema != null) {
      TestPostgres.dropSchema(schema);
    }
  }

  @Nested
  class ManyFetchers {
    @Test
    void eightFetchersNeverGetTheSameFeedInOneCycle() throws Exception {
      clock.advance(Duration.ofHours(3)); // earlier tests' leases expire and their feeds are due
      try (Connection c = rawConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO feeds (url, url_hash, state, next_fetch_at, created_at)"
                      + " SELECT 'https://load.example/' || g, md5('load' || g) || md5('x' || g),"
                      + " 'ACTIVE', ?, ? FROM generate_series(1, 10000) g")) {
        com.inkzee.store.db.Sql.setInstant(ps, 1, T0);
        com.inkzee.store.db.Sql.setInstant(ps, 2, T0);
        ps.executeUpdate();
        c.commit();
      }
      // Only followed feeds are leased: this test's user follows all of them.
      try (Connection c = rawConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO subscriptions (user_id, feed_id, created_at)"
                      + " SELECT ?, id, ? FROM feeds WHERE url LIKE 'https://load.example/%'")) {
        ps.setLong(1, user);
        com.inkzee.store.db.Sql.setInstant(ps, 2, T0);
        ps.executeUpdate();
        c.commit();
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          String owner = "fetcher-" + t;
          results.add(
              pool.submit(
                  () -> {
                    List<Long> mine = new ArrayList<>();
                    while (true) {
                      List<LeasedFeed> got =
                          store.leaseDueFeeds(new LeaseRequest(owner, 100, 600)).feeds();
                      if (got.isEmpty()) {
                        return mine;
                      }
                      got.forEach(f -> mine.add(f.feedId()));
                    }
                  }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : results) {
          all.addAll(f.get());
        }
        Set<Long> unique = new HashSet<>(all);
        assertThat(all).hasSize(unique.size());
        assertThat(unique.size()).isGreaterThanOrEqualTo(10_000);
      } finally {
        pool.shutdownNow();
        clock.advance(Duration.ofHours(3));
      }
    }
  }

  @Nested
  class RetentionRace {
    /**
     * Retention chooses what to purge in one statement (seconds on a big store) and deletes in
     * later ones: a star committed in between once lost its entry, the star with it, and left a
     * tombstone that kept the entry from ever coming back. Shown by holding retention between the
     * two: its tombstone insert waits on a row another transaction holds for the same key.
     */
    @Test
    void anEntryStarredWhileRetentionRunsIsKeptWithoutATombstone() throws Exception {
      long f = newFeed();
      List<EntryInput> entries = batch(10, "race"); // published T0 .. T0+9s
      ingest(f, entries);
      long first =
          listAll(f).stream().filter(e -> e.entryKey().equals("race0")).findFirst().get().id();
      clock.advance(Duration.ofDays(40));
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try (Connection held = rawConnection();
          Connection watcher = rawConnection()) {
        try (PreparedStatement ps =
            held.prepareStatement(
                "INSERT INTO tombstones (feed_id, entry_key, removed_at) VALUES (?, 'race0', ?)")) {
          ps.setLong(1, f);
          Sql.setInstant(ps, 2, T0);
          ps.executeUpdate(); // not committed: retention's insert of this key waits for it
        }
        Future<Long> purge =
            pool.submit(() -> store.runRetention(new RetentionRequest(30, 3)).purged());
        TestPostgres.awaitStoreSessionsWaiting(watcher, 1); // retention, at the held tombstone key
        store.setEntryStates(new SetEntryStatesRequest(user, List.of(first), null, true, null));
        held.rollback();
        purge.get(20, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
        clock.advance(Duration.ofDays(-40));
      }
      assertThat(listAll(f))
          .extracting(Entry::entryKey)
          .containsExactlyInAnyOrder("race0", "race7", "race8", "race9");
      assertThat(
              store
                  .getEntryStates(new GetEntryStatesRequest(user, List.of(first)))
                  .states()
                  .get(0)
                  .starred())
          .isTrue();
      IngestResponse again = ingest(f, entries);
      assertThat(again.tombstoned()).as("race1..race6, not race0").isEqualTo(6);
    }
  }

  @Nested
  class MergeRace {
    /**
     * Subscribing to a feed's URL while that feed is being merged into another (its third permanent
     * redirect) follows the merge to its target, rather than landing on the old feed the merge
     * empties and stops. The report has already updated the old feed's row when it merges, so the
     * subscription's insert of that URL waits for it and then resolves the merge. Shown by holding
     * the merge while it waits for the target's row, which another transaction holds.
     */
    @Test
    void aSubscriptionMadeDuringAMergeFollowsItToTheTarget() throws Exception {
      FetcherQueue queue = new FetcherQueue(); // its lease and report helpers
      long old = newFeed();
      String oldUrl = queue.feedUrl(old);
      String targetUrl = "https://merge-race.example/feed/" + old;
      long target = feed(targetUrl);
      for (int i = 1; i < LeaseQueue.REDIRECTS_BEFORE_MOVE; i++) {
        queue.redirected(old, targetUrl);
      }
      long newcomer = store.createUser(new CreateUserRequest("racer" + user, null)).user().id();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try (Connection held = rawConnection();
          Connection watcher = rawConnection()) {
        try (PreparedStatement ps =
            held.prepareStatement("SELECT id FROM feeds WHERE id = ? FOR UPDATE")) {
          ps.setLong(1, target);
          ps.executeQuery().close(); // the merge will wait for this row
        }
        Future<FetchReportResponse> merge = pool.submit(() -> queue.redirected(old, targetUrl));
        TestPostgres.awaitStoreSessionsWaiting(watcher, 1);
        Future<Long> subscribed =
            pool.submit(
                () ->
                    store
                        .subscribe(new SubscribeRequest(newcomer, oldUrl, null, null, 0))
                        .subscription()
                        .feedId());
        TestPostgres.awaitStoreSessionsWaiting(watcher, 2);
        held.rollback();
        assertThat(merge.get(20, TimeUnit.SECONDS).mergedIntoFeedId()).isEqualTo(target);
        assertThat(subscribed.get(20, TimeUnit.SECONDS)).isEqualTo(target);
      } finally {
        pool.shutdownNow();
        queue.releaseAll();
      }
      assertThat(store.listSubscriptions(new ListSubscriptionsRequest(newcomer)).subscriptions())
          .extracting(s -> s.feedId())
          .containsExactly(target);
    }
  }

  private Connection rawConnection() throws Exception {
    Connection c = TestPostgres.connect(schema);
    c.setAutoCommit(false);
    return c;
  }
}
