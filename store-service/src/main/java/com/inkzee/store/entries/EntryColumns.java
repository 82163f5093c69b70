package com.inkzee.store.entries;

import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.store.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How an entry maps to its row. Categories are stored one per line; enclosures one per line as
 * {@code length<TAB>mime type<TAB>url}, followed by {@code <TAB>duration seconds} when the duration
 * is known (URLs and mime types hold no tabs or line breaks once cleaned). Both are only ever read
 * whole, so a text column serves both engines alike. Leaving out an unknown duration keeps the
 * text, and so the content hash, of every entry stored before durations existed: a re-fetch of an
 * unchanged podcast does not count as a change.
 */
public final class EntryColumns {
  public static final String ALL =
      "e.id, e.seq, e.feed_id, e.entry_key, e.guid, e.url, e.title, e.author, e.summary,"
          + " e.content, e.categories, e.enclosures, e.published_at, e.updated_at,"
          + " e.first_seen_at, e.sort_at, e.content_hash, e.fingerprint, e.language, e.word_count";

  /** The same columns with content left out (as NULL) for callers that do not need it. */
  public static final String WITHOUT_CONTENT = ALL.replace("e.content,", "NULL AS content,");

  private EntryColumns() {}

  public static String columns(boolean withoutContent) {
    return withoutContent ? WITHOUT_CONTENT : ALL;
  }

  public static Entry read(ResultSet rs) throws SQLException {
    return new Entry(
        rs.getLong("id"),
        rs.getLong("seq"),
        rs.getLong("feed_id"),
        rs.getString("entry_key"),
        rs.getString("guid"),
        rs.getString("url"),
        rs.getString("title"),
        rs.getString("author"),
        rs.getString("summary"),
        rs.getString("content"),
        decodeCategories(rs.getString("categories")),
        decodeEnclosures(rs.getString("enclosures")),
        Sql.getInstant(rs, "published_at"),
        Sql.getInstant(rs, "updated_at"),
        Sql.getInstant(rs, "first_seen_at"),
        Sql.getInstant(rs, "sort_at"),
        rs.getString("content_hash").strip(),
        rs.getLong("fingerprint"),
        rs.getString("language"),
        rs.getInt("word_count"));
  }

  static String encodeCategories(List<String> categories) {
    return categories.isEmpty() ? null : String.join("\n", categories);
  }

  static List<String> decodeCategories(String text) {
    return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
  }

  static String encodeEnclosures(List<Enclosure> enclosures) {
    if (enclosures.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (Enclosure e : enclosures) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(e.lengthBytes())
          .append('\t')
          .append(flat(e.mimeType()))
          .append('\t')
          .append(flat(e.url()));
      if (e.durationSeconds() > 0) {
        out.append('\t').append(e.durationSeconds());
      }
    }
    return out.toString();
  }

  static List<Enclosure> decodeEnclosures(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<Enclosure> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] p = line.split("\t", 4);
      long duration = p.length > 3 ? Long.parseLong(p[3]) : 0;
      out.add(new Enclosure(p[2], p[1].isEmpty() ? null : p[1], Long.parseLong(p[0]), duration));
    }
    return out;
  }

  private static String flat(String s) {
    return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
