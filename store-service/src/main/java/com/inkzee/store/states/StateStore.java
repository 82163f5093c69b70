package com.inkzee.store.states;

import com.inkzee.rpc.api.store.StateMessages.EntryState;
import com.inkzee.rpc.api.store.StateMessages.FeedMarkCounts;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import com.inkzee.store.users.UserStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Users' marks on entries. Upserts are "insert the default row if missing, then update it": both
 * statements are portable and safe under concurrency, unlike MERGE on PostgreSQL, whose insert
 * branch can still hit the unique key when two sessions race.
 */
public final class StateStore {
  /** Appended to a statement over {@code entries e}; parameter: the user id. */
  private static final String FOLLOWED =
      " AND e.feed_id IN (SELECT feed_id FROM subscriptions WHERE user_id = ?)";

  private final Database db;
  private final Clock clock;

  public StateStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Sets the given marks (null: left as is) on each entry of a feed the user follows; a request
   * that only clears marks (false, liking 0) also clears them on entries of feeds no longer
   * followed. Returns the entries that now carry the marks.
   */
  public int set(long userId, List<Long> entryIds, Boolean read, Boolean starred, Integer liking) {
    List<Long> ids = List.copyOf(new LinkedHashSet<>(entryIds));
    Instant now = clock.instant();
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          if (ids.isEmpty()) {
            return 0;
          }
          // Marks are set only on entries of feeds the user follows: a star on any entry id
          // would exempt it from retention for everyone, and its state would tell the user the
          // feed of an entry they cannot see. Clearing marks stays open to every entry the user
          // has a row for, so marks left on a feed since unfollowed can still be taken off.
          boolean sets =
              Boolean.TRUE.equals(read)
                  || Boolean.TRUE.equals(starred)
                  || (liking != null && liking != 0);
          int present;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO entry_states (user_id, entry_id)"
                      + " SELECT ?, e.id FROM entries e WHERE e.id = ANY(?)"
                      + FOLLOWED
                      + " ON CONFLICT DO NOTHING")) {
            ps.setLong(1, userId);
            ps.setArray(2, Sql.longArray(c, ids));
            ps.setLong(3, userId);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE entry_states SET is_read = COALESCE(?, is_read),"
                      + " read_at = CASE WHEN ? THEN COALESCE(read_at, ?)"
                      + " WHEN ? THEN NULL ELSE read_at END,"
                      + " starred = COALESCE(?, starred), liking = COALESCE(?, liking)"
                      + " WHERE user_id = ? AND entry_id = ANY(?)"
                      + (sets
                          ? " AND entry_id IN (SELECT e.id FROM entries e WHERE e.id = ANY(?)"
                              + FOLLOWED
                              + ")"
                          : ""))) {
            int i = 1;
            setBool(ps, i++, read);
            ps.setBoolean(i++, Boolean.TRUE.equals(read));
            Sql.setInstant(ps, i++, now);
            ps.setBoolean(i++, Boolean.FALSE.equals(read));
            setBool(ps, i++, starred);
            if (liking == null) {
              ps.setNull(i++, java.sql.Types.SMALLINT);
            } else {
              ps.setShort(i++, (short) Integer.signum(liking));
            }
            ps.setLong(i++, userId);
            ps.setArray(i++, Sql.longArray(c, ids));
            if (sets) {
              ps.setArray(i++, Sql.longArray(c, ids));
              ps.setLong(i, userId);
            }
            present = ps.executeUpdate();
          }
          return present;
        });
  }

  /**
   * The user's marks on each entry asked for, with the entry's feed; an entry never marked reads as
   * all-false, one that does not exist also has feed 0.
   */
  public List<EntryState> get(long userId, List<Long> entryIds) {
    List<Long> ids = List.copyOf(new LinkedHashSet<>(entryIds));
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          Map<Long, EntryState> found = new HashMap<>();
          if (!ids.isEmpty()) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT e.id AS entry_id, e.feed_id, s.is_read, s.starred, s.liking,"
                        + " s.read_at FROM entries e LEFT JOIN entry_states s"
                        + " ON s.entry_id = e.id AND s.user_id = ? WHERE e.id = ANY(?)"
                        // An entry of a feed the user neither follows nor marked reads as one
                        // that does not exist: its feed id would tell them where any id is from.
                        + " AND (s.user_id IS NOT NULL OR e.feed_id IN"
                        + " (SELECT feed_id FROM subscriptions WHERE user_id = ?))")) {
              ps.setLong(1, userId);
              ps.setArray(2, Sql.longArray(c, ids));
              ps.setLong(3, userId);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  EntryState state = read(rs);
                  found.put(state.entryId(), state);
                }
              }
            }
          }
          List<EntryState> out = new ArrayList<>();
          for (Long id : ids) {
            out.add(found.getOrDefault(id, new EntryState(id, false, false, 0, null, 0)));
          }
          return out;
        });
  }

  /**
   * The user's entries with any mark (read, starred, liked or disliked) above {@code afterEntryId},
   * by entry id, served by the primary key (user_id, entry_id).
   */
  public List<EntryState> marked(long userId, long afterEntryId, int limit) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          List<EntryState> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT s.entry_id, e.feed_id, s.is_read, s.starred, s.liking, s.read_at"
                      + " FROM entry_states s JOIN entries e ON e.id = s.entry_id"
                      + " WHERE s.user_id = ? AND s.entry_id > ?"
                      + " AND (s.is_read OR s.starred OR s.liking <> 0)"
                      + " ORDER BY s.entry_id LIMIT ?")) {
            ps.setLong(1, userId);
            ps.setLong(2, afterEntryId);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs));
              }
            }
          }
          return out;
        });
  }

  /**
   * The user's marks counted per followed feed, in one GROUP BY over their rows of the primary key
   * (user_id, entry_id), each joined to its entry for the feed: the database sums what the ranker
   * used to read row by row. Feeds no longer followed are left out (the ranker scores only followed
   * feeds), which also bounds the answer by the user's subscriptions.
   */
  public List<FeedMarkCounts> countsByFeed(long userId) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          List<FeedMarkCounts> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT e.feed_id,"
                      + " SUM(CASE WHEN s.is_read THEN 1 ELSE 0 END) AS reads,"
                      + " SUM(CASE WHEN s.starred THEN 1 ELSE 0 END) AS stars,"
                      + " SUM(CASE WHEN s.liking > 0 THEN 1 ELSE 0 END) AS likes,"
                      + " SUM(CASE WHEN s.liking < 0 THEN 1 ELSE 0 END) AS dislikes"
                      + " FROM entry_states s JOIN entries e ON e.id = s.entry_id"
                      + " WHERE s.user_id = ? AND (s.is_read OR s.starred OR s.liking <> 0)"
                      + FOLLOWED
                      + " GROUP BY e.feed_id ORDER BY e.feed_id")) {
            ps.setLong(1, userId);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new FeedMarkCounts(
                        rs.getLong("feed_id"),
                        rs.getLong("reads"),
                        rs.getLong("stars"),
                        rs.getLong("likes"),
                        rs.getLong("dislikes")));
              }
            }
          }
          return out;
        });
  }

  /** A row of entry id, feed id and the state columns (NULL state columns: never marked). */
  private static EntryState read(ResultSet rs) throws SQLException {
    return new EntryState(
        rs.getLong("entry_id"),
        rs.getBoolean("is_read"),
        rs.getBoolean("starred"),
        rs.getInt("liking"),
        Sql.getInstant(rs, "read_at"),
        rs.getLong("feed_id"));
  }

  /**
   * Marks read every entry of the feeds (default: the user's subscriptions; a named feed the user
   * does not follow is left alone) at or before the bound: an entry's position (sort_at, id), or a
   * time; and, with {@code seenBefore}, first seen before it. Returns how many were unread.
   */
  public int markAllRead(MarkAllReadRequest r) {
    Instant now = clock.instant();
    return db.inTransaction(
        c -> {
          requireUser(c, r.userId());
          Instant upTo = r.upTo();
          long upToId = Long.MAX_VALUE;
          if (r.upToEntryId() != null) {
            try (PreparedStatement ps =
                c.prepareStatement("SELECT sort_at FROM entries WHERE id = ?")) {
              ps.setLong(1, r.upToEntryId());
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  throw new NoSuchElementException("no entry " + r.upToEntryId());
                }
                upTo = Sql.getInstant(rs, "sort_at");
                upToId = r.upToEntryId();
              }
            }
          }
          // Only feeds the user follows, even when named: anyone may name any feed id, and
          // marking a stranger's feed would write a state row per entry of it (and show it read
          // should the user subscribe later).
          String feeds =
              "e.feed_id IN (SELECT feed_id FROM subscriptions WHERE user_id = ?)"
                  + (r.feedIds().isEmpty() ? "" : " AND e.feed_id = ANY(?)");
          String match =
              " FROM entries e WHERE "
                  + feeds
                  + (upTo == null ? "" : " AND (e.sort_at < ? OR (e.sort_at = ? AND e.id <= ?))")
                  + (r.seenBefore() == null ? "" : " AND e.first_seen_at < ?");
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO entry_states (user_id, entry_id) SELECT ?, e.id"
                      + match
                      + " ON CONFLICT DO NOTHING")) {
            ps.setLong(1, r.userId());
            bindMatch(c, ps, 2, r, upTo, upToId);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE entry_states SET is_read = TRUE, read_at = ? WHERE user_id = ?"
                      + " AND is_read = FALSE AND entry_id IN (SELECT e.id"
                      + match
                      + ")")) {
            Sql.setInstant(ps, 1, now);
            ps.setLong(2, r.userId());
            bindMatch(c, ps, 3, r, upTo, upToId);
            return ps.executeUpdate();
          }
        });
  }

  private static void bindMatch(
      Connection c, PreparedStatement ps, int i, MarkAllReadRequest r, Instant upTo, long upToId)
      throws SQLException {
    ps.setLong(i++, r.userId());
    if (!r.feedIds().isEmpty()) {
      ps.setArray(i++, Sql.longArray(c, r.feedIds()));
    }
    if (upTo != null) {
      Sql.setInstant(ps, i++, upTo);
      Sql.setInstant(ps, i++, upTo);
      ps.setLong(i++, upToId);
    }
    if (r.seenBefore() != null) {
      Sql.setInstant(ps, i, r.seenBefore());
    }
  }

  private static void setBool(PreparedStatement ps, int i, Boolean v) throws SQLException {
    if (v == null) {
      ps.setNull(i, java.sql.Types.BOOLEAN);
    } else {
      ps.setBoolean(i, v);
    }
  }

  private static void requireUser(Connection c, long userId) throws SQLException {
    if (!UserStore.exists(c, userId)) {
      throw new NoSuchElementException("no user " + userId);
    }
  }
}
