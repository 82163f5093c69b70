package com.inkzee.store.feeds;

import com.inkzee.rpc.api.store.FeedUrls;
import com.inkzee.store.db.Sql;
import com.inkzee.store.rules.PreferenceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Moves a feed to the URL it permanently redirects to. When no other feed has that URL the row just
 * takes it; when one has, the two are merged: subscriptions (without duplicates), the marks users
 * put on entries both feeds carry (same entry key), and feed-scoped filters, alerts and preferences
 * (and preferences for the feed itself) move to the existing feed, and the redirected row becomes
 * GONE with {@code merged_into} pointing at it. The old row and its entries are kept: entry ids
 * handed out stay valid.
 */
public final class FeedMerger {
  /** Hops followed through {@code merged_into}; a longer chain means a loop. */
  private static final int MAX_MERGE_HOPS = 16;

  /** {@code feeds.last_error}'s width (V1__schema.sql). */
  static final int LAST_ERROR_CHARS = 2048;

  private FeedMerger() {}

  /** Where a feed went: its URL now, and the feed it was merged into (null when it moved). */
  public record Moved(String url, Long mergedInto) {}

  /**
   * Follows the redirect of {@code feedId} (whose row the caller has locked) to {@code targetUrl},
   * a normalised URL, in the caller's transaction, at {@code now}.
   */
  public static Moved follow(Connection c, long feedId, String targetUrl, Instant now)
      throws SQLException {
    String hash = FeedUrls.hash(targetUrl);
    Long existing = null;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM feeds WHERE url_hash = ? FOR UPDATE")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          existing = rs.getLong(1);
        }
      }
    }
    if (existing == null) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE feeds SET url = ?, url_hash = ?, redirect_candidate = NULL,"
                  + " redirect_count = 0 WHERE id = ?")) {
        ps.setString(1, targetUrl);
        ps.setString(2, hash);
        ps.setLong(3, feedId);
        ps.executeUpdate();
      }
      return new Moved(targetUrl, null);
    }
    long target = resolve(c, existing);
    if (target == feedId) {
      // The target was merged into this very feed earlier (a redirect loop): nothing to move.
      clearCandidate(c, feedId);
      return new Moved(urlOf(c, feedId), null);
    }
    moveFollowers(c, feedId, target);
    reviveIfGone(c, target, now);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE feeds SET state = 'GONE', merged_into = ?, last_error = ?,"
                + " redirect_candidate = NULL, redirect_count = 0 WHERE id = ?")) {
      ps.setLong(1, target);
      ps.setString(2, mergeNote(target, targetUrl));
      ps.setLong(3, feedId);
      ps.executeUpdate();
    }
    return new Moved(urlOf(c, feedId), target);
  }

  /**
   * What {@code last_error} says of a merged feed. The target's URL may take 8 KiB and the column
   * 2,048 characters, so a long one is cut (at a whole character, with an ellipsis): a note too
   * long for its column would fail the whole report, and the feed would never be merged.
   */
  static String mergeNote(long target, String targetUrl) {
    String head = "merged into feed " + target + " (permanent redirect to ";
    int room = LAST_ERROR_CHARS - head.length() - 1; // the closing parenthesis
    String url = targetUrl;
    if (url.length() > room) {
      int cut = room - 1; // the ellipsis
      if (Character.isHighSurrogate(url.charAt(cut - 1))) {
        cut--;
      }
      url = url.substring(0, cut) + "\u2026";
    }
    return head + url + ")";
  }

  /**
   * The feed that {@code feedId} ends up as, following merges, locking each feed on the way (the
   * one it ends at included) so that none of them is merged away before the caller's transaction
   * ends. A merge locks the old feed, then the target: this takes them in the same order.
   */
  public static long resolve(Connection c, long feedId) throws SQLException {
    long id = feedId;
    for (int hop = 0; hop < MAX_MERGE_HOPS; hop++) {
      Long next;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT merged_into FROM feeds WHERE id = ? FOR UPDATE")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          next = rs.next() ? Sql.getNullableLong(rs, "merged_into") : null;
        }
      }
      if (next == null) {
        return id;
      }
      id = next;
    }
    throw new IllegalStateException(
        "feed " + feedId + " is merged through more than " + MAX_MERGE_HOPS + " feeds");
  }

  private static void moveFollowers(Connection c, long from, long to) throws SQLException {
    // A user who follows both keeps the subscription (title, folder) they had on the target.
    update(
        c,
        "INSERT INTO subscriptions (user_id, feed_id, title, folder, priority, created_at)"
            + " SELECT user_id, ?, title, folder, priority, created_at FROM subscriptions"
            + " WHERE feed_id = ? ON CONFLICT DO NOTHING",
        to,
        from);
    update(c, "DELETE FROM subscriptions WHERE feed_id = ?", from);
    combineStates(c, from, to);
    update(
        c,
        "INSERT INTO entry_states (user_id, entry_id, is_read, starred, liking, read_at)"
            + " SELECT s.user_id, t.id, s.is_read, s.starred, s.liking, s.read_at"
            + " FROM entry_states s JOIN entries o ON o.id = s.entry_id"
            + " JOIN entries t ON t.feed_id = ? AND t.entry_key = o.entry_key"
            + " WHERE o.feed_id = ? ON CONFLICT DO NOTHING",
        to,
        from);
    update(c, "UPDATE filters SET feed_id = ? WHERE feed_id = ?", to, from);
    update(c, "UPDATE alerts SET feed_id = ? WHERE feed_id = ?", to, from);
    PreferenceStore.moveFeed(c, from, to);
  }

  /**
   * Makes a GONE feed (a 410 some time ago) that was not merged away ACTIVE and due now, for one
   * more fetch: a new 410 makes it GONE again. For a merge target, the redirect that brought the
   * followers here says its URL answers again; for a new subscription (SubscriptionStore), a reader
   * wants it now. Left GONE it would never be leased, and those subscriptions would go silent for
   * ever. A DISABLED feed stays so: that is an operator's decision, which neither overrules.
   */
  static void reviveIfGone(Connection c, long target, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE feeds SET state = 'ACTIVE', next_fetch_at = ?, consecutive_errors = 0,"
                + " last_error = NULL WHERE id = ? AND state = 'GONE' AND merged_into IS NULL")) {
      Sql.setInstant(ps, 1, now);
      ps.setLong(2, target);
      ps.executeUpdate();
    }
  }

  /**
   * Where a user has marks on both copies of an entry, folds the old copy's into the target's: read
   * or starred on either stays so, a liking on the target wins over the old one's, and the earlier
   * read time is kept. (The INSERT after it only adds rows the target lacks; on its own it dropped
   * a star or a read mark whenever the user had any row on the target's copy.) Row by row, as
   * neither engine takes the other's UPDATE … FROM and H2 has no ON CONFLICT DO UPDATE; merges are
   * rare and touch one feed's marks.
   */
  private static void combineStates(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement select =
            c.prepareStatement(
                "SELECT s.user_id, t.id AS entry_id, s.is_read, s.starred, s.liking, s.read_at"
                    + " FROM entry_states s JOIN entries o ON o.id = s.entry_id"
                    + " JOIN entries t ON t.feed_id = ? AND t.entry_key = o.entry_key"
                    + " JOIN entry_states ts ON ts.user_id = s.user_id AND ts.entry_id = t.id"
                    + " WHERE o.feed_id = ?");
        PreparedStatement combine =
            c.prepareStatement(
                "UPDATE entry_states SET is_read = (is_read OR ?), starred = (starred OR ?),"
                    + " liking = CASE WHEN liking = 0 THEN ? ELSE liking END,"
                    + " read_at = CASE WHEN CAST(? AS TIMESTAMP WITH TIME ZONE) IS NULL"
                    + " THEN read_at WHEN read_at IS NULL"
                    + " OR CAST(? AS TIMESTAMP WITH TIME ZONE) < read_at"
                    + " THEN CAST(? AS TIMESTAMP WITH TIME ZONE) ELSE read_at END"
                    + " WHERE user_id = ? AND entry_id = ?")) {
      select.setLong(1, to);
      select.setLong(2, from);
      int rows = 0;
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Instant readAt = Sql.getInstant(rs, "read_at");
          combine.setBoolean(1, rs.getBoolean("is_read"));
          combine.setBoolean(2, rs.getBoolean("starred"));
          combine.setShort(3, rs.getShort("liking"));
          Sql.setInstant(combine, 4, readAt);
          Sql.setInstant(combine, 5, readAt);
          Sql.setInstant(combine, 6, readAt);
          combine.setLong(7, rs.getLong("user_id"));
          combine.setLong(8, rs.getLong("entry_id"));
          combine.addBatch();
          rows++;
        }
      }
      if (rows > 0) {
        combine.executeBatch();
      }
    }
  }

  private static void clearCandidate(Connection c, long feedId) throws SQLException {
    update(
        c, "UPDATE feeds SET redirect_candidate = NULL, redirect_count = 0 WHERE id = ?", feedId);
  }

  private static String urlOf(Connection c, long feedId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT url FROM feeds WHERE id = ?")) {
      ps.setLong(1, feedId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void update(Connection c, String sql, long... ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < ids.length; i++) {
        ps.setLong(i + 1, ids[i]);
      }
      ps.executeUpdate();
    }
  }
}
