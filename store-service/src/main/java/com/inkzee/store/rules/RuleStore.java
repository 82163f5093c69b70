package com.inkzee.store.rules;

import com.inkzee.rpc.api.store.FilterAction;
import com.inkzee.rpc.api.store.FilterField;
import com.inkzee.rpc.api.store.FilterMatch;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.AlertHit;
import com.inkzee.rpc.api.store.RuleMessages.Filter;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import com.inkzee.store.users.UserStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Filters, alerts and alert hits: plain rows owned by a user; the ranker applies them. Input is
 * checked by the caller (StoreRpcHandler); this class only checks what needs the database.
 */
public final class RuleStore {
  /**
   * The most filters one user may have, enabled or not: each is compiled on every load of the
   * reader and applied to every entry of their river.
   */
  public static final int MAX_FILTERS_PER_USER = 100;

  /**
   * The most alerts one user may have, enabled or not: the ranker matches every new entry against
   * all readers' alerts and rebuilds that matcher on each change.
   */
  public static final int MAX_ALERTS_PER_USER = 100;

  private final Database db;
  private final Clock clock;

  public RuleStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Filter createFilter(Filter f) {
    return db.inTransaction(
        c -> {
          requireRoomFor(c, f.userId(), "filters", MAX_FILTERS_PER_USER);
          requireFeed(c, f.feedId());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO filters (user_id, name, feed_id, match_field, pattern, action,"
                      + " enabled, folder, match_kind, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, f.userId());
            bindFilter(ps, 2, f);
            Sql.setInstant(ps, 10, clock.instant());
            ps.executeUpdate();
            return withId(f, generatedId(ps));
          }
        });
  }

  public Filter updateFilter(Filter f) {
    return db.inTransaction(
        c -> {
          requireFeed(c, f.feedId());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE filters SET name = ?, feed_id = ?, match_field = ?, pattern = ?,"
                      + " action = ?, enabled = ?, folder = ?, match_kind = ?"
                      + " WHERE id = ? AND user_id = ?")) {
            bindFilter(ps, 1, f);
            ps.setLong(9, f.id());
            ps.setLong(10, f.userId());
            if (ps.executeUpdate() == 0) {
              throw new NoSuchElementException("no filter " + f.id() + " of user " + f.userId());
            }
          }
          return withId(f, f.id());
        });
  }

  public List<Filter> listFilters(long userId) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          List<Filter> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, user_id, name, feed_id, match_field, pattern, action, enabled,"
                      + " folder, match_kind FROM filters WHERE user_id = ? ORDER BY id")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Filter(
                        rs.getLong("id"),
                        rs.getLong("user_id"),
                        rs.getString("name"),
                        Sql.getNullableLong(rs, "feed_id"),
                        FilterField.valueOf(rs.getString("match_field")),
                        rs.getString("pattern"),
                        FilterAction.valueOf(rs.getString("action")),
                        rs.getBoolean("enabled"),
                        rs.getString("folder"),
                        FilterMatch.valueOf(rs.getString("match_kind"))));
              }
            }
          }
          return out;
        });
  }

  public Alert createAlert(Alert a) {
    return db.inTransaction(
        c -> {
          requireRoomFor(c, a.userId(), "alerts", MAX_ALERTS_PER_USER);
          requireFeed(c, a.feedId());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO alerts (user_id, name, query, feed_id, enabled, folder, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, a.userId());
            bindAlert(ps, 2, a);
            Sql.setInstant(ps, 7, clock.instant());
            ps.executeUpdate();
            long id = generatedId(ps);
            return new Alert(
                id, a.userId(), a.name(), a.query(), a.feedId(), a.enabled(), a.folder());
          }
        });
  }

  public Alert updateAlert(Alert a) {
    return db.inTransaction(
        c -> {
          requireFeed(c, a.feedId());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE alerts SET name = ?, query = ?, feed_id = ?, enabled = ?, folder = ?"
                      + " WHERE id = ? AND user_id = ?")) {
            bindAlert(ps, 1, a);
            ps.setLong(6, a.id());
            ps.setLong(7, a.userId());
            if (ps.executeUpdate() == 0) {
              throw new NoSuchElementException("no alert " + a.id() + " of user " + a.userId());
            }
          }
          return a;
        });
  }

  public List<Alert> listAlerts(long userId) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          try (PreparedStatement ps =
              c.prepareStatement(ALERT_COLUMNS + " WHERE user_id = ? ORDER BY id")) {
            ps.setLong(1, userId);
            return readAlerts(ps);
          }
        });
  }

  /** Every enabled alert of every user above {@code afterId}, by id (the primary key). */
  public List<Alert> allEnabledAlerts(long afterId, int limit) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(ALERT_COLUMNS + " WHERE enabled AND id > ? ORDER BY id LIMIT ?")) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            return readAlerts(ps);
          }
        });
  }

  private static final String ALERT_COLUMNS =
      "SELECT id, user_id, name, query, feed_id, enabled, folder FROM alerts";

  private static List<Alert> readAlerts(PreparedStatement ps) throws SQLException {
    List<Alert> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Alert(
                rs.getLong("id"),
                rs.getLong("user_id"),
                rs.getString("name"),
                rs.getString("query"),
                Sql.getNullableLong(rs, "feed_id"),
                rs.getBoolean("enabled"),
                rs.getString("folder")));
      }
    }
    return out;
  }

  /**
   * Deletes a filter, an alert or a preference ({@code table} is one of the three, never caller
   * input).
   */
  public boolean delete(String table, long userId, long id) {
    if (!table.equals("filters") && !table.equals("alerts") && !table.equals("preferences")) {
      throw new IllegalStateException("not a rule table: " + table);
    }
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM " + table + " WHERE id = ? AND user_id = ?")) {
            ps.setLong(1, id);
            ps.setLong(2, userId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Records hits once per alert and entry; hits of unknown alerts or entries are skipped. */
  public int recordHits(List<AlertHit> hits) {
    return db.inTransaction(
        c -> {
          int recorded = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO alert_hits (alert_id, entry_id, hit_at)"
                      + " SELECT a.id, e.id, ? FROM alerts a, entries e"
                      + " WHERE a.id = ? AND e.id = ? ON CONFLICT DO NOTHING")) {
            for (AlertHit h : hits) {
              Sql.setInstant(ps, 1, h.hitAt() != null ? h.hitAt() : clock.instant());
              ps.setLong(2, h.alertId());
              ps.setLong(3, h.entryId());
              ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
              recorded += Math.max(n, 0);
            }
          }
          return recorded;
        });
  }

  public List<AlertHit> listHits(long userId, Long alertId, long beforeId, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT h.id, h.alert_id, h.entry_id, h.hit_at, h.acknowledged_at FROM alert_hits h"
                + " JOIN alerts a ON a.id = h.alert_id WHERE a.user_id = ?");
    if (alertId != null) {
      sql.append(" AND h.alert_id = ?");
    }
    if (beforeId > 0) {
      sql.append(" AND h.id < ?");
    }
    sql.append(" ORDER BY h.id DESC LIMIT ?");
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          List<AlertHit> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, userId);
            if (alertId != null) {
              ps.setLong(i++, alertId);
            }
            if (beforeId > 0) {
              ps.setLong(i++, beforeId);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new AlertHit(
                        rs.getLong("id"),
                        rs.getLong("alert_id"),
                        rs.getLong("entry_id"),
                        Sql.getInstant(rs, "hit_at"),
                        Sql.getInstant(rs, "acknowledged_at")));
              }
            }
          }
          return out;
        });
  }

  /**
   * Acknowledges the user's hits among {@code hitIds}; others' hits, unknown ids and hits
   * acknowledged before are left as they are. Returns how many were newly acknowledged.
   */
  public int acknowledgeHits(long userId, List<Long> hitIds) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          if (hitIds.isEmpty()) {
            return 0;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE alert_hits SET acknowledged_at = ? WHERE id = ANY(?)"
                      + " AND acknowledged_at IS NULL"
                      + " AND alert_id IN (SELECT id FROM alerts WHERE user_id = ?)")) {
            Sql.setInstant(ps, 1, clock.instant());
            ps.setArray(2, Sql.longArray(c, hitIds));
            ps.setLong(3, userId);
            return ps.executeUpdate();
          }
        });
  }

  private static void bindFilter(PreparedStatement ps, int i, Filter f) throws SQLException {
    ps.setString(i++, f.name());
    Sql.setNullableLong(ps, i++, f.feedId());
    ps.setString(i++, (f.field() == null ? FilterField.ANY : f.field()).name());
    ps.setString(i++, f.pattern());
    ps.setString(i++, (f.action() == null ? FilterAction.HIDE : f.action()).name());
    ps.setBoolean(i++, f.enabled());
    ps.setString(i++, f.folder());
    ps.setString(i, (f.match() == null ? FilterMatch.KEYWORD : f.match()).name());
  }

  private static void bindAlert(PreparedStatement ps, int i, Alert a) throws SQLException {
    ps.setString(i++, a.name());
    ps.setString(i++, a.query());
    Sql.setNullableLong(ps, i++, a.feedId());
    ps.setBoolean(i++, a.enabled());
    ps.setString(i, a.folder());
  }

  private static Filter withId(Filter f, long id) {
    return new Filter(
        id,
        f.userId(),
        f.name(),
        f.feedId(),
        f.field() == null ? FilterField.ANY : f.field(),
        f.pattern(),
        f.action() == null ? FilterAction.HIDE : f.action(),
        f.enabled(),
        f.folder(),
        f.match() == null ? FilterMatch.KEYWORD : f.match());
  }

  private static long generatedId(PreparedStatement ps) throws SQLException {
    try (ResultSet keys = ps.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  /**
   * NoSuchElementException for an unknown user; IllegalArgumentException (INVALID_ARGUMENT, so the
   * web gateway shows the reader the message; it answers RESOURCE_EXHAUSTED as "busy, retry") when
   * the user has {@code limit} rows in {@code table} already. Locks the user's row, so concurrent
   * creates of one user are serialised and cannot both pass the count (both engines take FOR
   * UPDATE).
   */
  private static void requireRoomFor(Connection c, long userId, String table, int limit)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NoSuchElementException("no user " + userId);
        }
      }
    }
    // table is one of two constants above, never input.
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getLong(1) >= limit) {
          throw new IllegalArgumentException(
              "user "
                  + userId
                  + " already has "
                  + limit
                  + " "
                  + table
                  + ", the most allowed; delete one first");
        }
      }
    }
  }

  static void requireUser(Connection c, long userId) throws SQLException {
    if (!UserStore.exists(c, userId)) {
      throw new NoSuchElementException("no user " + userId);
    }
  }

  /** A rule scoped to a feed that does not exist is NOT_FOUND (rather than a key violation). */
  static void requireFeed(Connection c, Long feedId) throws SQLException {
    if (feedId == null) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM feeds WHERE id = ?")) {
      ps.setLong(1, feedId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NoSuchElementException("no feed " + feedId);
        }
      }
    }
  }
}
