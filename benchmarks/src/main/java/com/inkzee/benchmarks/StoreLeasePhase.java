package com.inkzee.benchmarks;

import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.rpc.api.store.StoreService;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Phase (c): lease and report throughput of many fetchers over a large queue of due feeds. */
final class StoreLeasePhase extends StorePhase {
  StoreLeasePhase(StorePhase.Settings settings) {
    super(settings);
  }

  boolean run(StoreService store, Connection db) throws Exception {
    long started = System.nanoTime();
    insertFeeds(db, "lease", leaseFeeds, null);
    followLeaseFeeds(db);
    vacuumAnalyze(db);
    System.out.printf(
        Locale.ROOT,
        "  lease queue: %,d due feeds loaded in %.1f s%n",
        leaseFeeds,
        (System.nanoTime() - started) / 1e9);
    AtomicLong leased = new AtomicLong();
    AtomicLong reported = new AtomicLong();
    AtomicLong leaseCalls = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long begin = System.nanoTime();
    long deadline = begin + leaseTime.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        String owner = "bench-fetcher-" + t;
        done.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < deadline) {
                    List<LeasedFeed> feeds;
                    try {
                      feeds = store.leaseDueFeeds(new LeaseRequest(owner, 100, 600)).feeds();
                    } catch (RuntimeException e) {
                      errors.incrementAndGet();
                      continue;
                    }
                    leaseCalls.incrementAndGet();
                    if (feeds.isEmpty()) {
                      return;
                    }
                    leased.addAndGet(feeds.size());
                    for (LeasedFeed f : feeds) {
                      // What a fetcher reports after a conditional GET answered 304.
                      try {
                        store.reportFetch(
                            new FetchReport(
                                f.feedId(),
                                owner,
                                FetchOutcome.NOT_MODIFIED,
                                304,
                                "\"etag-" + f.feedId() + "\"",
                                null,
                                null,
                                null,
                                0,
                                40,
                                null,
                                null,
                                null,
                                null,
                                null,
                                0,
                                false));
                        reported.incrementAndGet();
                      } catch (RuntimeException e) {
                        errors.incrementAndGet();
                      }
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "  lease: %,d feeds leased, %,d reported in %.1f s%s%n",
        leased.get(),
        reported.get(),
        seconds,
        errors.get() > 0 ? "  ERRORS " + errors.get() : "");
    rows.add(
        row(
            "lease + report, over " + String.format(Locale.ROOT, "%,d", leaseFeeds) + " due feeds",
            "%,.0f feeds/s",
            reported.get() / seconds,
            String.format(
                Locale.ROOT,
                "%d fetchers, leases of 100 (%,.0f lease calls/s), one report call per feed;"
                    + " %,d feeds in %.0f s",
                callers,
                leaseCalls.get() / seconds,
                reported.get(),
                seconds)));
    return errors.get() == 0;
  }

  /** The store leases only feeds somebody follows: one reader follows every lease feed. */
  private static void followLeaseFeeds(Connection db) throws SQLException {
    db.setAutoCommit(true);
    try (Statement s = db.createStatement()) {
      s.executeUpdate(
          "INSERT INTO users (name, created_at) VALUES ('bench-lease-reader', now())"
              + " ON CONFLICT DO NOTHING");
      s.executeUpdate(
          "INSERT INTO subscriptions (user_id, feed_id, created_at)"
              + " SELECT u.id, f.id, now() FROM users u, feeds f"
              + " WHERE u.name = 'bench-lease-reader' AND f.url LIKE 'https://lease.example/%'"
              + " ON CONFLICT DO NOTHING");
    }
  }
}
