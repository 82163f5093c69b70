package com.inkzee.store.entries;

import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceResponse;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.EntryCursor;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.WindowRequest;
import com.inkzee.rpc.api.store.EntryMessages.WindowResponse;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Reads of entries: the change feed, by id, and by feed and time window with keyset paging. */
public final class EntryReader {
  private final Database db;

  public EntryReader(Database db) {
    this.db = db;
  }

  /**
   * Entries with a sequence above {@code after}, in sequence order (index entries_seq): up to
   * {@code limit}, fewer when the page reaches {@link PageBudget#MAX_PAGE_TEXT_BYTES}.
   */
  public EntriesSinceResponse since(long after, int limit, boolean withoutContent) {
    return db.inTransaction(
        c -> {
          List<Entry> out;
          try (PreparedStatement ps = c.prepareStatement(sinceSql(withoutContent))) {
            PageBudget.fetchSize(ps, withoutContent);
            ps.setLong(1, after);
            ps.setInt(2, limit);
            out = readPage(ps).rows();
          }
          // A page cut short by the byte budget ends at its last row: the caller continues there.
          long last = out.isEmpty() ? after : out.get(out.size() - 1).sequence();
          return new EntriesSinceResponse(out, last);
        });
  }

  /**
   * The change-feed statement (parameters: after, limit). Public, like {@link #listSql}, so that
   * QueryPlanIT explains the statements the store runs rather than copies of them.
   */
  public static String sinceSql(boolean withoutContent) {
    return "SELECT "
        + EntryColumns.columns(withoutContent)
        + " FROM entries e WHERE e.seq > ? ORDER BY e.seq LIMIT ?";
  }

  /**
   * The window statement; parameters in order: feed ids, then from, until and the cursor's
   * (sort_at, sort_at, id) when present, then the limit.
   */
  public static String listSql(boolean withoutContent, boolean from, boolean until, boolean after) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(EntryColumns.columns(withoutContent))
            .append(" FROM entries e WHERE e.feed_id = ANY(?)");
    if (from) {
      sql.append(" AND e.sort_at >= ?");
    }
    if (until) {
      sql.append(" AND e.sort_at < ?");
    }
    if (after) {
      sql.append(" AND (e.sort_at < ? OR (e.sort_at = ? AND e.id < ?))");
    }
    return sql.append(" ORDER BY e.sort_at DESC, e.id DESC LIMIT ?").toString();
  }

  /**
   * The change feed's head: the highest sequence committed (0 when empty), read through {@code
   * entries_seq}. Sequences commit in the order they are drawn (the change-feed lock), so whatever
   * commits after this read has a higher sequence.
   */
  public static final String HEAD_SEQUENCE_SQL = "SELECT COALESCE(MAX(seq), 0) FROM entries";

  /**
   * The window-load statement over every feed; parameters: since, then the cursor's (sort_at, id)
   * when present, then the limit. It names {@code window_sort_at}, the generated copy of sort_at,
   * so that it is served by {@code entries_window_load} (window_sort_at, id), an index the per-user
   * listing cannot be drawn to (V5 migrations).
   */
  public static String windowSql(boolean withoutContent, boolean after) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(EntryColumns.columns(withoutContent))
            .append(" FROM entries e WHERE e.window_sort_at >= ?");
    if (after) {
      // A row-value comparison, unlike the OR form, is an index condition: a deep page starts at
      // the cursor instead of re-reading every newer entry (PostgreSQL; H2 accepts it too).
      sql.append(" AND (e.window_sort_at, e.id) < (?, ?)");
    }
    return sql.append(" ORDER BY e.window_sort_at DESC, e.id DESC LIMIT ?").toString();
  }

  /**
   * A page of every feed's entries since {@code r.since()}, newest first after the cursor, with the
   * change feed's head read first: a caller that tails {@code since} from the first page's head
   * misses nothing stored while it pages (it may see an entry twice).
   */
  public WindowResponse window(WindowRequest r) {
    String sql = windowSql(r.withoutContent(), r.after() != null);
    return db.inTransaction(
        c -> {
          long head;
          try (PreparedStatement ps = c.prepareStatement(HEAD_SEQUENCE_SQL);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            head = rs.getLong(1);
          }
          Page out;
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            PageBudget.fetchSize(ps, r.withoutContent());
            int i = 1;
            Sql.setInstant(ps, i++, r.since());
            if (r.after() != null) {
              Sql.setInstant(ps, i++, r.after().sortAt());
              ps.setLong(i++, r.after().entryId());
            }
            ps.setInt(i, r.limit());
            out = readPage(ps);
          }
          return new WindowResponse(out.rows(), nextCursor(out, r.limit()), head);
        });
  }

  /**
   * The entries that exist, in the order of {@code ids}, up to the {@link PageBudget}: once the
   * answer holds 8 MiB of entry text the ids not yet reached are deferred, for the caller to ask
   * for again. With content the rows are read {@value PageBudget#FETCH_ROWS_WITH_CONTENT} ids at a
   * time, so an answer cut short never reads (nor holds in memory) the rows after the cut.
   */
  public GetEntriesResponse get(List<Long> ids, boolean withoutContent) {
    if (ids.isEmpty()) {
      return new GetEntriesResponse(List.of());
    }
    List<Long> unique = List.copyOf(new LinkedHashSet<>(ids));
    int chunk = withoutContent ? unique.size() : PageBudget.FETCH_ROWS_WITH_CONTENT;
    String sql =
        "SELECT " + EntryColumns.columns(withoutContent) + " FROM entries e WHERE e.id = ANY(?)";
    return db.inTransaction(
        c -> {
          List<Entry> out = new ArrayList<>();
          PageBudget budget = new PageBudget();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int from = 0; from < unique.size(); from += chunk) {
              List<Long> part = unique.subList(from, Math.min(from + chunk, unique.size()));
              Map<Long, Entry> byId = new HashMap<>();
              ps.setArray(1, Sql.longArray(c, part));
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  Entry e = EntryColumns.read(rs);
                  byId.put(e.id(), e);
                }
              }
              for (int i = 0; i < part.size(); i++) {
                Entry e = byId.get(part.get(i));
                if (e != null) {
                  out.add(e);
                  if (budget.addAndCheckFull(e)) {
                    List<Long> deferred = unique.subList(from + i + 1, unique.size());
                    return new GetEntriesResponse(List.copyOf(out), List.copyOf(deferred));
                  }
                }
              }
            }
          }
          return new GetEntriesResponse(List.copyOf(out));
        });
  }

  /**
   * A page of entries of the feeds, newest first, strictly after the cursor: keyset paging on
   * (sort_at, id), served by the index (feed_id, sort_at, id); never OFFSET.
   */
  public ListEntriesResponse list(ListEntriesRequest r) {
    if (r.feedIds().isEmpty()) {
      return new ListEntriesResponse(List.of(), null);
    }
    String sql =
        listSql(r.withoutContent(), r.from() != null, r.until() != null, r.after() != null);
    return db.inTransaction(
        c -> {
          Page out;
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            PageBudget.fetchSize(ps, r.withoutContent());
            int i = 1;
            ps.setArray(i++, Sql.longArray(c, r.feedIds()));
            if (r.from() != null) {
              Sql.setInstant(ps, i++, r.from());
            }
            if (r.until() != null) {
              Sql.setInstant(ps, i++, r.until());
            }
            if (r.after() != null) {
              Sql.setInstant(ps, i++, r.after().sortAt());
              Sql.setInstant(ps, i++, r.after().sortAt());
              ps.setLong(i++, r.after().entryId());
            }
            ps.setInt(i, r.limit());
            out = readPage(ps);
          }
          return new ListEntriesResponse(out.rows(), nextCursor(out, r.limit()));
        });
  }

  /**
   * The rows of a paged statement, stopping once they reach the {@link PageBudget}: a page may be
   * shorter than its limit with more rows to come.
   */
  public static Page readPage(PreparedStatement ps) throws SQLException {
    List<Entry> out = new ArrayList<>();
    PageBudget budget = new PageBudget();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Entry e = EntryColumns.read(rs);
        out.add(e);
        if (budget.addAndCheckFull(e)) {
          return new Page(out, true);
        }
      }
    }
    return new Page(out, false);
  }

  /** A page's rows; {@code cut}: the byte budget ended it, whatever its limit. */
  public record Page(List<Entry> rows, boolean cut) {}

  /**
   * Where a newest-first page continues: after its last row when it is full or was cut short by the
   * byte budget (the next page may then be empty), null when the rows ran out before either.
   */
  private static EntryCursor nextCursor(Page page, int limit) {
    List<Entry> out = page.rows();
    if (out.isEmpty() || (out.size() < limit && !page.cut())) {
      return null;
    }
    Entry last = out.get(out.size() - 1);
    return new EntryCursor(last.sortAt(), last.id());
  }
}
