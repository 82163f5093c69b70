package com.inkzee.store.rules;

import com.inkzee.rpc.api.store.PreferenceKind;
import com.inkzee.rpc.api.store.RuleMessages.Preference;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trainer's likes and dislikes: one row per user, kind, normalised value and scope, so saying
 * the same thing twice changes the weight rather than adding a row. Upserts are "insert the row if
 * missing, then update it", like entry states (portable, and safe when two calls race).
 */
public final class PreferenceStore {
  private static final String COLUMNS =
      "SELECT id, user_id, kind, pref_value, weight, feed_id, folder FROM preferences";

  private final Database db;
  private final Clock clock;

  public PreferenceStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * A value as it is matched and kept unique: surrounding space trimmed, inner runs of white space
   * made one space, lower case; a FEED preference's value is the feed id in decimal (an
   * IllegalArgumentException naming {@code field} if it is not a positive number).
   */
  public static String normalise(String field, PreferenceKind kind, String value) {
    String v = value.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    if (kind == PreferenceKind.FEED) {
      try {
        long id = Long.parseLong(v);
        if (id > 0) {
          return Long.toString(id);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          field + " of a FEED preference must be a feed id, not \"" + value + "\"");
    }
    return v;
  }

  /** Upserts {@code p} (already checked and normalised) and returns it as stored. */
  public Preference set(Preference p) {
    Instant now = clock.instant();
    String scope = scopeKey(p.feedId(), p.folder());
    return db.inTransaction(
        c -> {
          RuleStore.requireUser(c, p.userId());
          RuleStore.requireFeed(c, p.feedId());
          if (p.kind() == PreferenceKind.FEED) {
            RuleStore.requireFeed(c, Long.parseLong(p.value()));
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO preferences (user_id, kind, pref_value, weight, feed_id, folder,"
                      + " scope_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
            int i = 1;
            ps.setLong(i++, p.userId());
            ps.setString(i++, p.kind().name());
            ps.setString(i++, p.value());
            ps.setShort(i++, (short) p.weight());
            Sql.setNullableLong(ps, i++, p.feedId());
            ps.setString(i++, p.folder());
            ps.setString(i++, scope);
            Sql.setInstant(ps, i++, now);
            Sql.setInstant(ps, i, now);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE preferences SET weight = ?, updated_at = ? WHERE user_id = ?"
                      + " AND kind = ? AND pref_value = ? AND scope_key = ?")) {
            ps.setShort(1, (short) p.weight());
            Sql.setInstant(ps, 2, now);
            bindKey(ps, 3, p, scope);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  COLUMNS
                      + " WHERE user_id = ? AND kind = ? AND pref_value = ? AND scope_key = ?")) {
            bindKey(ps, 1, p, scope);
            return read(ps).get(0);
          }
        });
  }

  /** The user's preferences by id. */
  public List<Preference> list(long userId) {
    return db.inTransaction(
        c -> {
          RuleStore.requireUser(c, userId);
          try (PreparedStatement ps =
              c.prepareStatement(COLUMNS + " WHERE user_id = ? ORDER BY id")) {
            ps.setLong(1, userId);
            return read(ps);
          }
        });
  }

  /**
   * Points the preferences of a merged feed at the feed that took it over (FeedMerger): both the
   * ones scoped to it and FEED preferences naming it. One the user already has for the new feed
   * wins, and the old one is dropped.
   */
  public static void moveFeed(Connection c, long from, long to) throws SQLException {
    String fromKey = scopeKey(from, null);
    String toKey = scopeKey(to, null);
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM preferences p WHERE (p.scope_key = ? AND EXISTS (SELECT 1 FROM"
                + " preferences q WHERE q.user_id = p.user_id AND q.kind = p.kind"
                + " AND q.pref_value = p.pref_value AND q.scope_key = ?))"
                + " OR (p.kind = 'FEED' AND p.pref_value = ? AND EXISTS (SELECT 1 FROM"
                + " preferences q WHERE q.user_id = p.user_id AND q.kind = 'FEED'"
                + " AND q.pref_value = ? AND q.scope_key = p.scope_key))")) {
      ps.setString(1, fromKey);
      ps.setString(2, toKey);
      ps.setString(3, Long.toString(from));
      ps.setString(4, Long.toString(to));
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE preferences SET feed_id = ?, scope_key = ? WHERE scope_key = ?")) {
      ps.setLong(1, to);
      ps.setString(2, toKey);
      ps.setString(3, fromKey);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE preferences SET pref_value = ? WHERE kind = 'FEED' AND pref_value = ?")) {
      ps.setString(1, Long.toString(to));
      ps.setString(2, Long.toString(from));
      ps.executeUpdate();
    }
  }

  /** '' everywhere, 'f:' + feed id, or 'd:' + folder: the scope as part of the unique key. */
  static String scopeKey(Long feedId, String folder) {
    if (feedId != null) {
      return "f:" + feedId;
    }
    return folder != null ? "d:" + folder : "";
  }

  private static void bindKey(PreparedStatement ps, int i, Preference p, String scope)
      throws SQLException {
    ps.setLong(i++, p.userId());
    ps.setString(i++, p.kind().name());
    ps.setString(i++, p.value());
    ps.setString(i, scope);
  }

  private static List<Preference> read(PreparedStatement ps) throws SQLException {
    List<Preference> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Preference(
                rs.getLong("id"),
                rs.getLong("user_id"),
                PreferenceKind.valueOf(rs.getString("kind")),
                rs.getString("pref_value"),
                rs.getInt("weight"),
                Sql.getNullableLong(rs, "feed_id"),
                rs.getString("folder")));
      }
    }
    return out;
  }
}
