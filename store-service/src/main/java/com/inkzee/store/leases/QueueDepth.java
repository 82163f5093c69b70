package com.inkzee.store.leases;

import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;

/**
 * How deep the fetch queue is right now: feeds due and not leased (waiting for a fetcher) and feeds
 * leased (in some fetcher's hands). The due condition is {@link #DUE}, the one {@link
 * LeaseQueue#SELECT_DUE} leases by, so the count is exactly what a lease would offer; the store's
 * queue-depth gauges and {@code feedStats} (what {@code inkzee status} shows) both count with these
 * statements, so they agree.
 */
public final class QueueDepth {
  /**
   * A feed {@code f} a lease would offer now (parameters: now, now): active, due, not leased, and
   * followed or still holding a WebSub subscription to cancel.
   */
  static final String DUE =
      "f.state = 'ACTIVE' AND f.next_fetch_at <= ?"
          + " AND (f.lease_expires_at IS NULL OR f.lease_expires_at <= ?)"
          + " AND (f.websub_hub IS NOT NULL"
          + " OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.feed_id = f.id))";

  /** Feeds due and not leased (parameters: now, now). */
  public static final String COUNT_DUE = "SELECT COUNT(*) FROM feeds f WHERE " + DUE;

  /** Feeds in some fetcher's hands (parameter: now). */
  public static final String COUNT_LEASED = "SELECT COUNT(*) FROM feeds WHERE lease_expires_at > ?";

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
