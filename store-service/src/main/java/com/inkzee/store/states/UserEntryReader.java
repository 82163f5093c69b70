package com.inkzee.store.states;

import com.inkzee.rpc.api.store.AppReadingMessages.FeedUnread;
import com.inkzee.rpc.api.store.AppReadingMessages.StateFilter;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesRequest;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntriesResponse;
import com.inkzee.rpc.api.store.AppReadingMessages.UserEntry;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Dialect;
import com.inkzee.store.db.Sql;
import com.inkzee.store.entries.EntryColumns;
import com.inkzee.store.entries.PageBudget;
import com.inkzee.store.users.UserStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.postgresql.PGStatement;

/**
 * What reading apps list (catalogue 1.5): a user's entries by id with their marks, and unread
 * counts per followed feed. Only entries of feeds the user follows are ever read (the join on
 * subscriptions), so neither another user's feeds nor an unfollowed one can leak.
 *
 * <p>Entry ids grow in arrival order, so a page is keyset-paged on the id alone: {@code id < ?}
 * newest first, {@code id > ?} oldest first, never OFFSET; an entry stored between two pages has a
 * higher id than any already handed out, so a newest-first walk never sees it and an oldest-first
 * walk sees it at its end. That holds because ids also commit in the order they are drawn: ingest,
 * the only writer of new entries, inserts under the change-feed lock. Marks come from {@code
 * entry_states} by its primary key (user_id, entry_id); an entry without a row there is unread,
 * unstarred.
 */
public final class UserEntryReader {
  private final Database db;

  public UserEntryReader(Database db) {
    this.db = db;
  }

  /**
   * The userEntries statement for the shape of {@code r} (its nullness and flags, not its values).
   * Public so that QueryPlanIT explains the statement the store runs. Parameters in order: user id,
   * user id, then when present feed ids (bigint[]), folder, entry ids (bigint[]), afterId,
   * beforeId, seenFrom, seenUntil, and last the limit (page size plus one, to learn {@code more}).
   */
  public static String sql(UserEntriesRequest r) {
    StateFilter state = r.state() == null ? StateFilter.ALL : r.state();
    StringBuilder sql = new StringBuilder("SELECT ");
    if (r.idsOnly()) {
      sql.append("e.id, e.feed_id, e.first_seen_at, e.sort_at");
    } else {
      sql.append(EntryColumns.columns(!r.withContent()));
    }
    sql.append(", st.is_read AS mark_read, st.starred AS mark_starred")
        .append(" FROM entries e JOIN subscriptions s ON s.feed_id = e.feed_id");
    // READ and STARRED need a state row: an inner join lets the planner start from the user's
    // states (primary key) instead of from every entry of every followed feed.
    boolean needsState = state == StateFilter.READ || state == StateFilter.STARRED;
    sql.append(needsState ? " JOIN" : " LEFT JOIN")
        .append(" entry_states st ON st.entry_id = e.id AND st.user_id = ?")
        .append(" WHERE s.user_id = ?");
    switch (state) {
      case UNREAD -> sql.append(" AND (st.is_read IS NULL OR st.is_read = FALSE)");
      case READ -> sql.append(" AND st.is_read = TRUE");
      case STARRED -> sql.append(" AND st.starred = TRUE");
      case ALL -> {}
    }
    if (!feedIds(r).isEmpty()) {
      sql.append(" AND e.feed_id = ANY(?)");
    }
    if (folder(r) != null) {
      sql.append(" AND s.folder = ?");
    }
    if (!entryIds(r).isEmpty()) {
      sql.append(" AND e.id = ANY(?)");
    }
    if (r.afterId() != null) {
      sql.append(" AND e.id > ?");
    }
    if (r.beforeId() != null) {
      sql.append(" AND e.id < ?");
    }
    if (r.seenFrom() != null) {
      sql.append(" AND e.first_seen_at >= ?");
    }
    if (r.seenUntil() != null) {
      sql.append(" AND e.first_seen_at < ?");
    }
    return sql.append(" ORDER BY e.id ")
        .append(r.oldestFirst() ? "ASC" : "DESC")
        .append(" LIMIT ?")
        .toString();
  }

  /** A page of the user's entries (the request checked by the caller); NoSuchElement: user. */
  public UserEntriesResponse entries(UserEntriesRequest r) {
    String sql = sql(r);
    return db.inTransaction(
        c -> {
          requireUser(c, r.userId());
          List<UserEntry> out = new ArrayList<>();
          boolean cut = false;
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            planPerCall(ps);
            int i = 1;
            ps.setLong(i++, r.userId());
            ps.setLong(i++, r.userId());
            if (!feedIds(r).isEmpty()) {
              ps.setArray(i++, Sql.longArray(c, feedIds(r)));
            }
            if (folder(r) != null) {
              ps.setString(i++, folder(r));
            }
            if (!entryIds(r).isEmpty()) {
              ps.setArray(i++, Sql.longArray(c, entryIds(r)));
            }
            if (r.afterId() != null) {
              ps.setLong(i++, r.afterId());
            }
            if (r.beforeId() != null) {
              ps.setLong(i++, r.beforeId());
            }
            if (r.seenFrom() != null) {
              Sql.setInstant(ps, i++, r.seenFrom());
            }
            if (r.seenUntil() != null) {
              Sql.setInstant(ps, i++, r.seenUntil());
            }
            // One row more than the page: whether there is one is "more", without a COUNT.
            ps.setInt(i, r.limit() + 1);
            PageBudget.fetchSize(ps, r.idsOnly() || !r.withContent());
            PageBudget budget = new PageBudget();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                UserEntry u = read(rs, r);
                out.add(u);
                // A page past the byte budget ends here with "more": the caller continues after
                // its last id, as after a full page.
                if (u.entry() != null
                    && out.size() <= r.limit()
                    && budget.addAndCheckFull(u.entry())) {
                  cut = true;
                  break;
                }
              }
            }
          }
          boolean more = cut || out.size() > r.limit();
          if (out.size() > r.limit()) {
            out.remove(out.size() - 1);
          }
          return new UserEntriesResponse(out, more);
        });
  }

  /**
   * Has PostgreSQL plan this statement with its values on every call, never from its plan cache.
   * The best plan depends on the user's share of entries: for a reader of many busy feeds, walking
   * the primary key in id order and keeping their feeds' rows; for a reader of a few quiet feeds,
   * reading their feeds through entries_window and sorting. A generic plan (what the plan cache
   * switches to once pgjdbc prepares a statement on the server, after 5 uses) cannot tell them
   * apart and favours the walk, which for a light reader reads the whole index (QueryPlanIT saw
   * it). Planning costs well under a millisecond; pgjdbc then uses its unnamed statement.
   */
  private void planPerCall(PreparedStatement ps) throws SQLException {
    if (db.dialect() == Dialect.POSTGRESQL) {
      ps.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
  }

  /**
   * Every feed the user follows with its unread entries and the newest one's first-seen time, by
   * feed id. Counts every entry of every followed feed (no stored counters): a read of the user's
   * feeds through entries_window and of their states through the primary key.
   */
  public static final String UNREAD_COUNTS_SQL =
      "SELECT s.feed_id,"
          + " SUM(CASE WHEN e.id IS NOT NULL AND (st.is_read IS NULL OR st.is_read = FALSE)"
          + " THEN 1 ELSE 0 END) AS unread,"
          + " MAX(CASE WHEN e.id IS NOT NULL AND (st.is_read IS NULL OR st.is_read = FALSE)"
          + " THEN e.first_seen_at END) AS newest_at"
          + " FROM subscriptions s LEFT JOIN entries e ON e.feed_id = s.feed_id"
          + " LEFT JOIN entry_states st ON st.entry_id = e.id AND st.user_id = s.user_id"
          + " WHERE s.user_id = ? GROUP BY s.feed_id ORDER BY s.feed_id";

  /** Unread counts per followed feed; NoSuchElementException for an unknown user. */
  public List<FeedUnread> unreadCounts(long userId) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          List<FeedUnread> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(UNREAD_COUNTS_SQL)) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new FeedUnread(
                        rs.getLong("feed_id"),
                        rs.getInt("unread"),
                        Sql.getInstant(rs, "newest_at")));
              }
            }
          }
          return out;
        });
  }

  private static UserEntry read(ResultSet rs, UserEntriesRequest r) throws SQLException {
    return new UserEntry(
        rs.getLong("id"),
        rs.getLong("feed_id"),
        Sql.getInstant(rs, "first_seen_at"),
        Sql.getInstant(rs, "sort_at"),
        rs.getBoolean("mark_read"),
        rs.getBoolean("mark_starred"),
        r.idsOnly() ? null : EntryColumns.read(rs));
  }

  static List<Long> feedIds(UserEntriesRequest r) {
    return r.feedIds() == null ? List.of() : r.feedIds();
  }

  static List<Long> entryIds(UserEntriesRequest r) {
    return r.entryIds() == null ? List.of() : r.entryIds();
  }

  /** The folder filter; blank is none, as for rule scopes. */
  static String folder(UserEntriesRequest r) {
    return r.folder() == null || r.folder().isBlank() ? null : r.folder();
  }

  private static void requireUser(Connection c, long userId) throws SQLException {
    if (!UserStore.exists(c, userId)) {
      throw new NoSuchElementException("no user " + userId);
    }
  }
}
