package com.inkzee.store.feeds;

import static com.inkzee.rpc.api.store.AdminMessages.FAILING_AFTER_ERRORS;

import com.inkzee.rpc.api.store.AdminMessages.FeedStats;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsResponse;
import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import com.inkzee.store.leases.QueueDepth;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Operators' view of feeds: fetch health per feed and totals over the store. A feed is failing
 * after {@code FAILING_AFTER_ERRORS} consecutive errors; it stays ACTIVE and is retried daily.
 */
public final class FeedStatsReader {
  private static final String SELECT =
      "SELECT f.id, f.url, f.title, f.state, f.last_fetch_at, f.last_status,"
          + " f.consecutive_errors, f.last_error, f.last_fetch_bytes, f.last_fetch_latency_ms,"
          + " f.fetch_count, f.not_modified_count, f.next_fetch_at, f.lease_owner,"
          + " f.tls_exempt, f.merged_into,"
          + " (SELECT COUNT(*) FROM subscriptions s WHERE s.feed_id = f.id) AS subscribers,"
          + " (SELECT COUNT(*) FROM entries e WHERE e.feed_id = f.id) AS entry_count"
          + " FROM feeds f ";

  private final Database db;
  private final Clock clock;

  public FeedStatsReader(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public FeedStatsResponse stats(List<Long> feedIds, int limit) {
    Instant now = clock.instant();
    return db.inTransaction(
        c -> {
          List<FeedStats> feeds = new ArrayList<>();
          String sql =
              feedIds.isEmpty()
                  ? SELECT + "ORDER BY f.consecutive_errors DESC, f.id LIMIT ?"
                  : SELECT + "WHERE f.id = ANY(?) ORDER BY f.id";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (feedIds.isEmpty()) {
              ps.setInt(1, limit);
            } else {
              ps.setArray(1, Sql.longArray(c, feedIds));
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long fetches = rs.getLong("fetch_count");
                feeds.add(
                    new FeedStats(
                        rs.getLong("id"),
                        rs.getString("url"),
                        rs.getString("title"),
                        FeedState.valueOf(rs.getString("state")),
                        rs.getInt("subscribers"),
                        rs.getLong("entry_count"),
                        Sql.getInstant(rs, "last_fetch_at"),
                        rs.getInt("last_status"),
                        rs.getInt("consecutive_errors"),
                        rs.getString("last_error"),
                        rs.getLong("last_fetch_bytes"),
                        rs.getLong("last_fetch_latency_ms"),
                        fetches,
                        fetches == 0 ? 0 : rs.getLong("not_modified_count") / (double) fetches,
                        Sql.getInstant(rs, "next_fetch_at"),
                        rs.getString("lease_owner"),
                        rs.getInt("consecutive_errors") >= FAILING_AFTER_ERRORS,
                        rs.getBoolean("tls_exempt"),
                        Sql.getNullableLong(rs, "merged_into")));
              }
            }
          }
          // Due and leased are the queue's own counts (QueueDepth): a due feed that is leased, or
          // that nobody follows, is not waiting for a fetcher, and the /metrics gauges say so too.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*),"
                      + " SUM(CASE WHEN state = 'ACTIVE' THEN 1 ELSE 0 END),"
                      + " ("
                      + QueueDepth.COUNT_DUE
                      + "),"
                      + " ("
                      + QueueDepth.COUNT_LEASED
                      + "),"
                      + " (SELECT COUNT(*) FROM entries),"
                      + " SUM(CASE WHEN consecutive_errors >= ? THEN 1 ELSE 0 END) FROM feeds")) {
            Sql.setInstant(ps, 1, now);
            Sql.setInstant(ps, 2, now);
            Sql.setInstant(ps, 3, now);
            ps.setInt(4, FAILING_AFTER_ERRORS);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return new FeedStatsResponse(
                  feeds,
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(6));
            }
          }
        });
  }
}
