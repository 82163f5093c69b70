package com.inkzee.store.entries;

import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Stores a feed's batch of entries in one transaction, idempotently: an entry is unique per feed
 * and key; a known key with the same content hash is left alone, a changed one is updated and moves
 * in the change feed once; a tombstoned key is refused.
 *
 * <p>Round trips per batch, whatever its size: lock, read existing keys, read tombstones, one
 * batched INSERT (a multi-row INSERT on PostgreSQL via {@code reWriteBatchedInserts}), one batched
 * UPDATE.
 */
public final class EntryIngester {
  private static final String INSERT =
      "INSERT INTO entries (seq, feed_id, entry_key, guid, url, title, author, summary, content,"
          + " categories, enclosures, published_at, updated_at, first_seen_at, sort_at,"
          + " content_hash, fingerprint, language, word_count)"
          + " VALUES (nextval('entry_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";

  private static final String UPDATE =
      "UPDATE entries SET seq = nextval('entry_seq'), guid = ?, url = ?, title = ?, author = ?,"
          + " summary = ?, content = ?, categories = ?, enclosures = ?, published_at = ?,"
          + " updated_at = ?, sort_at = ?, content_hash = ?, fingerprint = ?, language = ?,"
          + " word_count = ? WHERE id = ?";

  /**
   * Gives a row stored before word counts existed (catalogue 1.3) its count when the same entry
   * comes again unchanged. Not a content change: the sequence does not move.
   */
  private static final String BACKFILL_WORDS = "UPDATE entries SET word_count = ? WHERE id = ?";

  /**
   * The batch's known keys (parameters: feed id, keys), served by {@code entries_feed_key}. Public
   * so that QueryPlanIT explains the statement the store runs rather than a copy of it.
   */
  public static final String SELECT_EXISTING =
      "SELECT id, entry_key, content_hash, first_seen_at, updated_at, word_count FROM entries"
          + " WHERE feed_id = ? AND entry_key = ANY(?)";

  private final Database db;
  private final Clock clock;

  public EntryIngester(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public IngestResponse ingest(long feedId, List<EntryInput> batch) {
    EntryPreparer.Prepared prepared = EntryPreparer.prepare(batch);
    List<CleanEntry> entries = prepared.entries();
    Instant now = Sql.micros(clock.instant());
    return db.inTransaction(
        c -> {
          lockChangeFeed(c, feedId);
          if (entries.isEmpty()) {
            return new IngestResponse(0, 0, 0, 0, prepared.cleanedFields());
          }
          List<String> keys = entries.stream().map(CleanEntry::entryKey).toList();
          Map<String, Existing> existing = existing(c, feedId, keys);
          Set<String> tombstoned = tombstoned(c, feedId, keys);
          List<CleanEntry> inserts = new ArrayList<>();
          List<Map.Entry<Existing, CleanEntry>> updates = new ArrayList<>();
          List<Map.Entry<Existing, CleanEntry>> backfills = new ArrayList<>();
          int unchanged = 0;
          int refused = 0;
          for (CleanEntry e : entries) {
            Existing old = existing.get(e.entryKey());
            if (old == null) {
              if (tombstoned.contains(e.entryKey())) {
                refused++;
              } else {
                inserts.add(e);
              }
            } else if (old.hash().equals(e.contentHash()) || olderThanStored(old, e)) {
              unchanged++;
              if (old.wordCount() == 0 && e.wordCount() > 0) {
                backfills.add(Map.entry(old, e));
              }
            } else {
              updates.add(Map.entry(old, e));
            }
          }
          int inserted = insert(c, feedId, inserts, now);
          update(c, updates);
          backfillWordCounts(c, backfills);
          return new IngestResponse(
              inserted,
              updates.size(),
              unchanged + inserts.size() - inserted,
              refused,
              prepared.cleanedFields());
        });
  }

  /**
   * Checks the feed exists, then takes the change-feed lock before any sequence is drawn, so that
   * sequences commit in the order they are drawn. It also serialises ingests, which is what makes
   * concurrent copies of one batch store each entry once.
   */
  private static void lockChangeFeed(Connection c, long feedId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM feeds WHERE id = ?")) {
      ps.setLong(1, feedId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NoSuchElementException("no feed " + feedId);
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM change_feed_lock WHERE id = 1 FOR UPDATE")) {
      ps.executeQuery().close();
    }
  }

  private record Existing(
      long id, String hash, Instant firstSeen, Instant updatedAt, int wordCount) {}

  /**
   * Whether {@code incoming} is an older version of what is stored: both say when they were last
   * updated, and the stored one later. A feed that still serves an old copy (a mirror, a cache, a
   * newest-first page with a stale duplicate) must not overwrite the newer text.
   */
  private static boolean olderThanStored(Existing old, CleanEntry incoming) {
    return old.updatedAt() != null
        && incoming.updatedAt() != null
        && old.updatedAt().isAfter(incoming.updatedAt());
  }

  private static Map<String, Existing> existing(Connection c, long feedId, List<String> keys)
      throws SQLException {
    Map<String, Existing> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_EXISTING)) {
      ps.setLong(1, feedId);
      ps.setArray(2, Sql.textArray(c, keys));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(
              rs.getString("entry_key"),
              new Existing(
                  rs.getLong("id"),
                  rs.getString("content_hash").strip(),
                  Sql.getInstant(rs, "first_seen_at"),
                  Sql.getInstant(rs, "updated_at"),
                  rs.getInt("word_count")));
        }
      }
    }
    return out;
  }

  private static Set<String> tombstoned(Connection c, long feedId, List<String> keys)
      throws SQLException {
    Set<String> out = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT entry_key FROM tombstones WHERE feed_id = ? AND entry_key = ANY(?)")) {
      ps.setLong(1, feedId);
      ps.setArray(2, Sql.textArray(c, keys));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static int insert(Connection c, long feedId, List<CleanEntry> entries, Instant now)
      throws SQLException {
    if (entries.isEmpty()) {
      return 0;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (CleanEntry e : entries) {
        int i = 1;
        ps.setLong(i++, feedId);
        ps.setString(i++, e.entryKey());
        i = setContent(ps, i, e);
        Sql.setInstant(ps, i++, now);
        Sql.setInstant(ps, i++, e.publishedAt() != null ? e.publishedAt() : now);
        ps.setString(i++, e.contentHash());
        ps.setLong(i++, e.fingerprint());
        ps.setString(i++, e.language());
        ps.setInt(i, e.wordCount());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    // The change-feed lock serialises ingests, so no other transaction inserted these keys
    // meanwhile: every row was inserted (batched update counts are not reliable across drivers).
    return entries.size();
  }

  private static void update(Connection c, List<Map.Entry<Existing, CleanEntry>> updates)
      throws SQLException {
    if (updates.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      for (Map.Entry<Existing, CleanEntry> u : updates) {
        CleanEntry e = u.getValue();
        int i = setContent(ps, 1, e);
        Instant sortAt = e.publishedAt() != null ? e.publishedAt() : u.getKey().firstSeen();
        Sql.setInstant(ps, i++, sortAt);
        ps.setString(i++, e.contentHash());
        ps.setLong(i++, e.fingerprint());
        ps.setString(i++, e.language());
        ps.setInt(i++, e.wordCount());
        ps.setLong(i, u.getKey().id());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void backfillWordCounts(
      Connection c, List<Map.Entry<Existing, CleanEntry>> backfills) throws SQLException {
    if (backfills.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(BACKFILL_WORDS)) {
      for (Map.Entry<Existing, CleanEntry> b : backfills) {
        ps.setInt(1, b.getValue().wordCount());
        ps.setLong(2, b.getKey().id());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** guid .. updated_at, in column order; returns the next parameter index. */
  private static int setContent(PreparedStatement ps, int i, CleanEntry e) throws SQLException {
    ps.setString(i++, e.guid());
    ps.setString(i++, e.url());
    ps.setString(i++, e.title());
    ps.setString(i++, e.author());
    ps.setString(i++, e.summary());
    ps.setString(i++, e.content());
    ps.setString(i++, EntryColumns.encodeCategories(e.categories()));
    ps.setString(i++, EntryColumns.encodeEnclosures(e.enclosures()));
    Sql.setInstant(ps, i++, e.publishedAt());
    Sql.setInstant(ps, i++, e.updatedAt());
    return i;
  }
}
