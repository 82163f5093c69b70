package com.inkzee.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.store.db.Database;
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

    private Connection rawConnection() throws Exception {
      Connection c = TestPostgres.connect(schema);
      c.setAutoCommit(false);
      return c;
    }
  }
}
