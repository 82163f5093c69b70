package com.inkzee.store.search;

import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Dialect;
import com.inkzee.store.entries.EntryColumns;
import com.inkzee.store.entries.EntryReader;
import com.inkzee.store.entries.PageBudget;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search over the entries of a user's subscriptions. On PostgreSQL: the generated {@code
 * search_vector} column, its GIN index and {@code websearch_to_tsquery}, ranked by {@code ts_rank}.
 * On H2: LIKE over lower-cased title, author, summary and content, newest first; it reads every
 * entry of the user's feeds, which is fine for a one-person embedded store.
 */
public final class EntrySearcher {
  private static final String TEXT =
      "LOWER(COALESCE(e.title, '') || ' ' || COALESCE(e.author, '') || ' '"
          + " || COALESCE(e.summary, '') || ' ' || COALESCE(e.content, ''))";

  private static final String SUBSCRIBED =
      "e.feed_id IN (SELECT feed_id FROM subscriptions WHERE user_id = ?)";

  private final Database db;

  public EntrySearcher(Database db) {
    this.db = db;
  }

  /**
   * The PostgreSQL search statement (parameters: query, user id, limit). Public so that QueryPlanIT
   * explains the statement the store runs rather than a copy of it.
   *
   * <p>The user's feeds are an array computed once ({@code = ANY(ARRAY(SELECT ...))}), not an
   * {@code IN (subquery)}: with the subquery the planner may hash-join the subscriptions to a
   * sequential scan of every entry when a word is in most of them (a stop word), reading the whole
   * table; with the array it reads only the user's feeds through {@code entries_window}, ANDed with
   * the GIN index when the word is rare (QueryPlanIT).
   */
  public static String postgresSql(boolean withoutContent) {
    return "SELECT "
        + EntryColumns.columns(withoutContent)
        + " FROM entries e, websearch_to_tsquery('simple', ?) q"
        + " WHERE e.feed_id = ANY(ARRAY(SELECT feed_id FROM subscriptions WHERE user_id = ?))"
        + " AND e.search_vector @@ q ORDER BY ts_rank(e.search_vector, q) DESC, e.id DESC"
        + " LIMIT ?";
  }

  public List<Entry> search(long userId, String query, int limit, boolean withoutContent) {
    WebSearchQuery q = WebSearchQuery.parse(query);
    if (!q.hasWordToFind() && !q.excluded().isEmpty()) {
      // Only -words: PostgreSQL's websearch_to_tsquery makes "-spam" into !'spam', every entry
      // without spam, while LIKE has nothing to look for. Refused on both, so they agree, and
      // the reader is not handed their whole archive as a search result.
      throw new IllegalArgumentException(
          "query \"" + query + "\" has only -words: a search needs a word to find");
    }
    String columns = EntryColumns.columns(withoutContent);
    List<Object> args = new ArrayList<>();
    String sql;
    if (db.dialect() == Dialect.POSTGRESQL) {
      sql = postgresSql(withoutContent);
      args.add(query);
      args.add(userId);
    } else {
      if (q.required().isEmpty()) {
        return List.of();
      }
      StringBuilder b =
          new StringBuilder("SELECT " + columns + " FROM entries e WHERE " + SUBSCRIBED);
      args.add(userId);
      for (String word : q.required()) {
        b.append(" AND ").append(TEXT).append(" LIKE ? ESCAPE '\\'");
        args.add(WebSearchQuery.contains(word));
      }
      for (String word : q.excluded()) {
        b.append(" AND ").append(TEXT).append(" NOT LIKE ? ESCAPE '\\'");
        args.add(WebSearchQuery.contains(word));
      }
      sql = b.append(" ORDER BY e.sort_at DESC, e.id DESC LIMIT ?").toString();
    }
    args.add(limit);
    String statement = sql;
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            PageBudget.fetchSize(ps, withoutContent);
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            // A search has no cursor: past the byte budget the caller gets the best matches that
            // fit one answer rather than RESOURCE_EXHAUSTED.
            return EntryReader.readPage(ps).rows();
          }
        });
  }
}
