package com.inkzee.store.feeds;

import static com.inkzee.rpc.api.store.AdminMessages.FAILING_AFTER_ERRORS;

import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.rpc.api.store.FeedUrls;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlOutline;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.rpc.api.store.UserMessages.User;
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
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * Subscriptions, and the feed rows behind them: subscribing to a URL nobody follows yet creates its
 * feed row (due at once); everyone else shares it. A URL whose feed was merged into another (after
 * a permanent redirect) subscribes to that other feed. A new subscription to a GONE feed (a 410)
 * makes it ACTIVE and due now, for one recheck; a DISABLED one stays disabled.
 */
public final class SubscriptionStore {
  private static final String SELECT =
      "SELECT f.id, f.url, COALESCE(s.title, f.title) AS title, f.site_url, s.folder, s.priority,"
          + " f.state, s.created_at, f.consecutive_errors, f.last_error, f.icon_url"
          + " FROM subscriptions s JOIN feeds f ON f.id = s.feed_id ";

  private final Database db;
  private final Clock clock;

  public SubscriptionStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Subscribes, setting title, folder and priority. A subscription that already existed keeps all
   * three with {@code keepExisting}, and its title with {@code keepTitle}. NoSuchElementException
   * when the user does not exist.
   */
  public SubscribeResponse subscribe(
      long userId,
      String normalisedUrl,
      String title,
      String folder,
      int priority,
      boolean keepExisting,
      boolean keepTitle) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          Instant now = clock.instant();
          String hash = FeedUrls.hash(normalisedUrl);
          int created;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO feeds (url, url_hash, state, next_fetch_at, created_at)"
                      + " VALUES (?, ?, 'ACTIVE', ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, normalisedUrl);
            ps.setString(2, hash);
            Sql.setInstant(ps, 3, now);
            Sql.setInstant(ps, 4, now);
            created = ps.executeUpdate();
          }
          long feedId;
          // Locked, as a merge locks it (LeaseQueue.reportFetch): a merge of this feed either
          // committed before merged_into is read below, or waits and moves this subscription with
          // the others. Read unlocked, a subscription made during a merge landed on the old feed
          // after its followers had moved, and stayed on a GONE feed that is never fetched.
          try (PreparedStatement ps =
              c.prepareStatement("SELECT id FROM feeds WHERE url_hash = ? FOR UPDATE")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              feedId = rs.getLong(1);
            }
          }
          // A URL whose feed was merged into another after a permanent redirect: follow it there.
          feedId = FeedMerger.resolve(c, feedId);
          boolean followed;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO subscriptions (user_id, feed_id, priority, created_at)"
                      + " VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, userId);
            ps.setLong(2, feedId);
            Sql.setInstant(ps, 3, now);
            followed = ps.executeUpdate() == 0;
          }
          if (!followed) {
            // A GONE feed is never leased: without this the new subscription, answered OK, would
            // stay silent for ever. The feed's row is locked (resolve): no report races this.
            FeedMerger.reviveIfGone(c, feedId, now);
          }
          if (!(followed && keepExisting)) {
            // keepTitle keeps the stored title of a followed feed; a null title would not do, as
            // null is "the feed's own".
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE subscriptions SET title = CASE WHEN ? THEN title ELSE ? END,"
                        + " folder = ?, priority = ? WHERE user_id = ? AND feed_id = ?")) {
              ps.setBoolean(1, followed && keepTitle);
              ps.setString(2, title);
              ps.setString(3, folder);
              ps.setInt(4, priority);
              ps.setLong(5, userId);
              ps.setLong(6, feedId);
              ps.executeUpdate();
            }
          }
          List<Subscription> one =
              query(c, SELECT + "WHERE s.user_id = ? AND s.feed_id = ?", userId, feedId);
          return new SubscribeResponse(one.get(0), created == 1, followed);
        });
  }

  public boolean unsubscribe(long userId, long feedId) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM subscriptions WHERE user_id = ? AND feed_id = ?")) {
            ps.setLong(1, userId);
            ps.setLong(2, feedId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  public ListSubscriptionsResponse list(long userId) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          List<Subscription> subs = sorted(c, userId);
          TreeSet<String> folders = new TreeSet<>();
          subs.stream().map(Subscription::folder).filter(f -> f != null).forEach(folders::add);
          return new ListSubscriptionsResponse(subs, List.copyOf(folders));
        });
  }

  public OpmlExportResponse exportOpml(long userId) {
    return db.inTransaction(
        c -> {
          User user =
              UserStore.byId(c, userId)
                  .orElseThrow(() -> new NoSuchElementException("no user " + userId));
          List<OpmlOutline> outlines = new ArrayList<>();
          for (Subscription s : sorted(c, userId)) {
            outlines.add(new OpmlOutline(s.folder(), s.title(), s.feedUrl(), s.siteUrl()));
          }
          return new OpmlExportResponse(user.name(), outlines);
        });
  }

  /**
   * Folder (none last), priority (highest first), title (none last), then feed id: what
   * listSubscriptions and the OPML export show. Sorted here rather than by ORDER BY, which compares
   * text in the database's collation: under PostgreSQL's en_US ("apple" before "Banana") the order
   * differed from H2's and from a C-collated database's ("Banana" first). Java's String order is
   * one order everywhere, the one the folder list already used; a user's subscriptions are few.
   */
  private static final Comparator<Subscription> ORDER =
      Comparator.comparing(Subscription::folder, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(Comparator.comparingInt(Subscription::priority).reversed())
          .thenComparing(Subscription::title, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparingLong(Subscription::feedId);

  private static List<Subscription> sorted(Connection c, long userId) throws SQLException {
    List<Subscription> subs = query(c, SELECT + "WHERE s.user_id = ?", userId);
    subs.sort(ORDER);
    return subs;
  }

  static void requireUser(Connection c, long userId) throws SQLException {
    if (!UserStore.exists(c, userId)) {
      throw new NoSuchElementException("no user " + userId);
    }
  }

  private static List<Subscription> query(Connection c, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Subscription> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Subscription(
                  rs.getLong("id"),
                  rs.getString("url"),
                  rs.getString("title"),
                  rs.getString("site_url"),
                  rs.getString("folder"),
                  rs.getInt("priority"),
                  FeedState.valueOf(rs.getString("state")),
                  Sql.getInstant(rs, "created_at"),
                  rs.getInt("consecutive_errors") >= FAILING_AFTER_ERRORS,
                  rs.getString("last_error"),
                  rs.getString("icon_url")));
        }
      }
      return out;
    }
  }
}
