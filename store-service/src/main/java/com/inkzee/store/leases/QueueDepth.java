package com.inkzee.store.leases;

import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;

/**
 * How deep the fetch queue is right now: feeds due and not leased (waiting for a fetcher) and feeds
 * leased (in some fetcher's hands). For the store's queue-depth gauges; the due count uses the same
 * condition as {@link LeaseQueue#SELECT_DUE}, so it counts exactly what a lease would offer.
 */
public final class QueueDepth {
  static final String COUNT_DUE =
      "SELECT COUNT(*) FROM feeds f WHERE f.state = 'ACTIVE' AND f.next_fetch_at <= ?"
          + " AND (f.lease_expires_at IS NULL OR f.lease_expires_at <= ?)"
          + " AND (f.websub_hub IS NOT NULL"
          + " OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id))";

  static final String COUNT_LEASED = "SELECT COUNT(*) FROM feeds WHERE lease_expires_at > ?";

  private final Database db;
  private final Clock clock;

  public QueueDepth(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Feeds due and not leased: what fetchers would be offered now. */
  public long due() {
    Instant now = Sql.micros(clock.instant());
    return count(COUNT_DUE, now, now);
  }

  /** Feeds whose lease has not expired: in some fetcher's hands. */
  public long leased() {
    return count(COUNT_LEASED, Sql.micros(clock.instant()));
  }

  private long count(String sql, Instant... params) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
              Sql.setInstant(ps, i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }
}
