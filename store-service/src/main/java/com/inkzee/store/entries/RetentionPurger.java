package com.inkzee.store.entries;

import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Purges old entries, leaving a tombstone for each so that a feed still carrying them does not
 * bring them back. An entry is old when both its date (sort_at) and its arrival (first_seen_at) are
 * past the cutoff. Starred entries (by anyone) and the newest K of each feed are kept. Works in
 * chunks, one transaction each, so a large purge neither holds locks long nor needs to finish to
 * have done something.
 */
public final class RetentionPurger {
  /** Entries purged per transaction. */
  public static final int CHUNK = 5000;

  /** Appended to a statement over {@code entries}: leaves out entries anyone has starred. */
  private static final String NOT_STARRED =
      " AND NOT EXISTS (SELECT 1 FROM entry_states s WHERE s.entry_id = entries.id AND s.starred)";

  private final Database db;
  private final Clock clock;

  public RetentionPurger(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public long purge(int olderThanDays, int keepNewestPerFeed) {
    Instant now = clock.instant();
    Instant cutoff = now.minus(Duration.ofDays(olderThanDays));
    long total = 0;
    while (true) {
      Chunk chunk = purgeChunk(cutoff, keepNewestPerFeed, now);
      total += chunk.deleted();
      // A full chunk chosen means there may be more, however many of it were deleted: an entry
      // starred meanwhile is kept, and stopping on "fewer deleted" left the rest for the next run.
      // It ends: a chosen entry is deleted or starred, and a starred one is not chosen again.
      if (chunk.selected() < CHUNK) {
        return total;
      }
    }
  }

  /** One transaction's work: entries chosen, and of those deleted (the rest were starred). */
  private record Chunk(int selected, int deleted) {}

  private Chunk purgeChunk(Instant cutoff, int keep, Instant now) {
    return db.inTransaction(
        c -> {
          List<Long> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT r.id FROM (SELECT e.id, e.sort_at, e.first_seen_at, ROW_NUMBER() OVER"
                      + " (PARTITION BY e.feed_id ORDER BY e.sort_at DESC, e.id DESC) AS rn"
                      + " FROM entries e) r WHERE r.rn > ? AND r.sort_at < ?"
                      + " AND r.first_seen_at < ?"
                      + " AND NOT EXISTS (SELECT 1 FROM entry_states s"
                      + " WHERE s.entry_id = r.id AND s.starred) LIMIT ?")) {
            ps.setInt(1, keep);
            Sql.setInstant(ps, 2, cutoff);
            // Old by its date is not enough: a back catalogue just subscribed to, or a feed that
            // dates its entries long ago, arrives with publish dates past the cutoff, and would be
            // purged unread at the next run. An entry must also have been here that long.
            Sql.setInstant(ps, 3, cutoff);
            ps.setInt(4, CHUNK);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getLong(1));
              }
            }
          }
          if (ids.isEmpty()) {
            return new Chunk(0, 0);
          }
          // The choice above can take seconds on a big store, and a reader may star one of the
          // chosen entries meanwhile: each write checks the star again, as it stands when that
          // statement starts.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tombstones (feed_id, entry_key, removed_at)"
                      + " SELECT feed_id, entry_key, ? FROM entries WHERE id = ANY(?)"
                      + NOT_STARRED
                      + " ON CONFLICT DO NOTHING")) {
            Sql.setInstant(ps, 1, now);
            ps.setArray(2, Sql.longArray(c, ids));
            ps.executeUpdate();
          }
          int deleted;
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM entries WHERE id = ANY(?)" + NOT_STARRED)) {
            ps.setArray(1, Sql.longArray(c, ids));
            deleted = ps.executeUpdate();
          }
          if (deleted < ids.size()) {
            // Starred between the two writes: kept, so it must not keep a tombstone either.
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM tombstones t WHERE EXISTS (SELECT 1 FROM entries e"
                        + " WHERE e.id = ANY(?) AND e.feed_id = t.feed_id"
                        + " AND e.entry_key = t.entry_key)")) {
              ps.setArray(1, Sql.longArray(c, ids));
              ps.executeUpdate();
            }
          }
          return new Chunk(ids.size(), deleted);
        });
  }
}
