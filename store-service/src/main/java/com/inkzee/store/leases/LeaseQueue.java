package com.inkzee.store.leases;

import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReportResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueResponse;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import com.inkzee.store.feeds.FeedMerger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The fetch queue in the feeds table. A lease is {@code lease_owner} plus {@code lease_expires_at};
 * due feeds are picked with {@code FOR UPDATE SKIP LOCKED}, so any number of fetchers (and store
 * processes, on PostgreSQL) share the queue without handing one feed to two of them. A fetcher that
 * dies leaves its leases to expire; its late report is then refused.
 *
 * <p>Only feeds somebody follows are leased, plus those nobody follows any more that still have a
 * WebSub hub recorded, so that a fetcher can unsubscribe from the hub (it sees {@code subscribers
 * == 0} and reports {@code websubUnsubscribed}, after which the feed is left alone).
 */
public final class LeaseQueue {
  /** Poll interval when the fetcher does not say (a typical feed changes a few times a day). */
  static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  /** First retry after an error; doubles with each consecutive error up to MAX_BACKOFF. */
  static final Duration FIRST_BACKOFF = Duration.ofMinutes(5);

  /**
   * Latest retry after an error, whatever the fetcher asks: a failing feed is never dropped, and a
   * daily retry notices a site that came back within a day.
   */
  static final Duration MAX_BACKOFF = Duration.ofHours(24);

  /**
   * Consecutive reports naming the same permanent redirect before the feed moves: one report can be
   * a misconfigured server for a few minutes; three at the feed's poll interval are a decision.
   */
  public static final int REDIRECTS_BEFORE_MOVE = 3;

  /**
   * Picks due feeds (parameters: now, now, limit); served by the partial index {@code feeds_due}.
   * Public so that QueryPlanIT explains the statement the store runs rather than a copy of it.
   */
  public static final String SELECT_DUE =
      "SELECT f.id, f.url, f.etag, f.last_modified, f.consecutive_errors, f.websub_topic,"
          + " f.websub_hub, f.poll_interval_seconds, f.tls_exempt"
          + " FROM feeds f WHERE "
          + QueueDepth.DUE
          + " ORDER BY f.next_fetch_at LIMIT ? FOR UPDATE SKIP LOCKED";

  private static final String COUNT_SUBSCRIBERS =
      "SELECT feed_id, COUNT(*) FROM subscriptions WHERE feed_id = ANY(?) GROUP BY feed_id";

  private static final String UPDATE_AFTER_REPORT =
      "UPDATE feeds SET lease_owner = NULL, lease_expires_at = NULL, state = ?,"
          + " etag = ?, last_modified = ?, next_fetch_at = ?, consecutive_errors = ?,"
          + " last_error = ?, last_status = ?, last_fetch_at = ?,"
          + " last_fetch_bytes = ?, last_fetch_latency_ms = ?,"
          + " fetch_count = fetch_count + 1,"
          + " not_modified_count = not_modified_count + ?,"
          + " title = COALESCE(?, title), site_url = COALESCE(?, site_url),"
          + " redirect_candidate = ?, redirect_count = ?, poll_interval_seconds = ?,"
          // An icon the report does not mention stays; one reported as "" (none) is forgotten.
          + " icon_url = CASE WHEN ? THEN ? ELSE icon_url END,";

  private static final String KEEP_WEBSUB =
      " websub_hub = COALESCE(?, websub_hub), websub_topic = COALESCE(?, websub_topic)"
          + " WHERE id = ?";

  /** After the fetcher unsubscribed from the hub: forget it, so the feed is no longer leased. */
  private static final String CLEAR_WEBSUB =
      " websub_hub = NULL, websub_topic = NULL, websub_secret = NULL,"
          + " websub_lease_expires_at = NULL WHERE id = ?";

  private final Database db;
  private final Clock clock;

  public LeaseQueue(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public LeaseResponse lease(String owner, int max, int leaseSeconds) {
    Instant now = clock.instant();
    Instant expires = Sql.micros(now.plusSeconds(leaseSeconds));
    return db.inTransaction(
        c -> {
          List<DueFeed> due = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(SELECT_DUE)) {
            Sql.setInstant(ps, 1, now);
            Sql.setInstant(ps, 2, now);
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                due.add(
                    new DueFeed(
                        rs.getLong("id"),
                        rs.getString("url"),
                        rs.getString("etag"),
                        rs.getString("last_modified"),
                        rs.getInt("consecutive_errors"),
                        rs.getString("websub_topic"),
                        rs.getInt("poll_interval_seconds"),
                        rs.getBoolean("tls_exempt"),
                        rs.getString("websub_hub")));
              }
            }
          }
          if (due.isEmpty()) {
            return new LeaseResponse(List.of(), expires);
          }
          List<Long> ids = due.stream().map(DueFeed::id).toList();
          Map<Long, Integer> subscribers = new HashMap<>();
          try (PreparedStatement ps = c.prepareStatement(COUNT_SUBSCRIBERS)) {
            ps.setArray(1, Sql.longArray(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                subscribers.put(rs.getLong(1), rs.getInt(2));
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE feeds SET lease_owner = ?, lease_expires_at = ? WHERE id = ANY(?)")) {
            ps.setString(1, owner);
            Sql.setInstant(ps, 2, expires);
            ps.setArray(3, Sql.longArray(c, ids));
            ps.executeUpdate();
          }
          List<LeasedFeed> feeds = new ArrayList<>(due.size());
          for (DueFeed d : due) {
            feeds.add(d.leased(subscribers.getOrDefault(d.id(), 0)));
          }
          return new LeaseResponse(feeds, expires);
        });
  }

  /** A due feed's row, before its subscribers are counted. */
  private record DueFeed(
      long id,
      String url,
      String etag,
      String lastModified,
      int consecutiveErrors,
      String websubTopic,
      int pollIntervalSeconds,
      boolean tlsExempt,
      String websubHub) {
    LeasedFeed leased(int subscribers) {
      return new LeasedFeed(
          id,
          url,
          etag,
          lastModified,
          consecutiveErrors,
          websubTopic,
          pollIntervalSeconds,
          subscribers,
          tlsExempt,
          websubHub);
    }
  }

  /**
   * Makes a feed due now, unless it already is (its place in the queue is kept). A leased feed is
   * fetched by its lease holder, whose report then sets the next time. NoSuchElementException for
   * an unknown feed.
   */
  public MakeDueResponse makeDue(long feedId) {
    Instant now = Sql.micros(clock.instant());
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE feeds SET next_fetch_at = ? WHERE id = ? AND next_fetch_at > ?")) {
            Sql.setInstant(ps, 1, now);
            ps.setLong(2, feedId);
            Sql.setInstant(ps, 3, now);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT state, next_fetch_at FROM feeds WHERE id = ?")) {
            ps.setLong(1, feedId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new NoSuchElementException("no feed " + feedId);
              }
              return new MakeDueResponse(
                  FeedState.valueOf(rs.getString("state")), Sql.getInstant(rs, "next_fetch_at"));
            }
          }
        });
  }

  /**
   * Records a fetch and releases the lease. {@code r.redirectUrl()} must be normalised. {@link
   * NoSuchElementException} for an unknown feed, {@link LeaseLostException} when the reporter does
   * not hold a live lease.
   */
  public FetchReportResponse report(FetchReport r) {
    Instant now = clock.instant();
    return db.inTransaction(
        c -> {
          Row row = lockRow(c, r.feedId());
          boolean held =
              r.owner().equals(row.holder())
                  && row.leaseExpires() != null
                  && row.leaseExpires().isAfter(now);
          if (!held) {
            throw new LeaseLostException(
                r.feedId(),
                r.owner(),
                row.leaseExpires() != null && row.leaseExpires().isAfter(now)
                    ? row.holder()
                    : null);
          }
          FetchOutcome outcome = r.outcome() == null ? FetchOutcome.ERROR : r.outcome();
          boolean failed = outcome == FetchOutcome.ERROR;
          int newErrors = failed ? row.errors() + 1 : 0;
          String state = outcome == FetchOutcome.GONE ? FeedState.GONE.name() : row.state();
          String etag = row.etag();
          String lastModified = row.lastModified();
          if (outcome == FetchOutcome.OK) {
            etag = r.etag();
            lastModified = r.lastModified();
          } else if (outcome == FetchOutcome.NOT_MODIFIED) {
            etag = r.etag() != null ? r.etag() : etag;
            lastModified = r.lastModified() != null ? r.lastModified() : lastModified;
          }
          String redirect =
              r.redirectUrl() == null || r.redirectUrl().equals(row.url()) ? null : r.redirectUrl();
          String candidate = row.redirectCandidate();
          int redirects = row.redirectCount();
          if (redirect != null) {
            redirects = redirect.equals(candidate) ? redirects + 1 : 1;
            candidate = redirect;
          } else if (outcome == FetchOutcome.OK || outcome == FetchOutcome.NOT_MODIFIED) {
            // Served from its own URL again: the redirect was not permanent after all.
            redirects = 0;
            candidate = null;
          }
          int poll = r.pollIntervalSeconds() > 0 ? r.pollIntervalSeconds() : row.pollInterval();
          Instant next = nextFetch(r, now, failed, newErrors, poll);
          try (PreparedStatement ps =
              c.prepareStatement(
                  UPDATE_AFTER_REPORT + (r.websubUnsubscribed() ? CLEAR_WEBSUB : KEEP_WEBSUB))) {
            int i = 1;
            ps.setString(i++, state);
            ps.setString(i++, etag);
            ps.setString(i++, lastModified);
            Sql.setInstant(ps, i++, next);
            ps.setInt(i++, newErrors);
            ps.setString(i++, failed ? r.error() : null);
            ps.setInt(i++, r.httpStatus());
            Sql.setInstant(ps, i++, now);
            ps.setLong(i++, r.bytes());
            ps.setLong(i++, r.latencyMillis());
            ps.setInt(i++, outcome == FetchOutcome.NOT_MODIFIED ? 1 : 0);
            ps.setString(i++, r.title());
            ps.setString(i++, r.siteUrl());
            ps.setString(i++, candidate);
            ps.setInt(i++, redirects);
            ps.setInt(i++, poll);
            ps.setBoolean(i++, r.iconUrl() != null);
            ps.setString(i++, r.iconUrl() == null || r.iconUrl().isEmpty() ? null : r.iconUrl());
            if (!r.websubUnsubscribed()) {
              ps.setString(i++, r.websubHub());
              ps.setString(i++, r.websubTopic());
            }
            ps.setLong(i, r.feedId());
            ps.executeUpdate();
          }
          String url = row.url();
          Long mergedInto = null;
          if (candidate != null
              && redirects >= REDIRECTS_BEFORE_MOVE
              && !state.equals(FeedState.GONE.name())) {
            FeedMerger.Moved moved = FeedMerger.follow(c, r.feedId(), candidate, now);
            url = moved.url();
            mergedInto = moved.mergedInto();
            if (mergedInto != null) {
              state = FeedState.GONE.name();
            }
          }
          return new FetchReportResponse(
              FeedState.valueOf(state), Sql.micros(next), newErrors, url, mergedInto);
        });
  }

  /**
   * When to fetch next: what the fetcher asked, else its poll interval, else the default or the
   * error backoff; after an error never more than {@link #MAX_BACKOFF} ahead.
   */
  private static Instant nextFetch(
      FetchReport r, Instant now, boolean failed, int errors, int pollSeconds) {
    Instant next;
    if (r.nextFetchAt() != null) {
      next = r.nextFetchAt();
    } else if (!failed && pollSeconds > 0) {
      next = now.plusSeconds(pollSeconds);
    } else {
      next = now.plus(interval(errors));
    }
    Instant latest = now.plus(MAX_BACKOFF);
    return failed && next.isAfter(latest) ? latest : next;
  }

  /** The feed's row as the report needs it. */
  private record Row(
      String url,
      String holder,
      Instant leaseExpires,
      int errors,
      String etag,
      String lastModified,
      String state,
      String redirectCandidate,
      int redirectCount,
      int pollInterval) {}

  private static Row lockRow(Connection c, long feedId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT url, lease_owner, lease_expires_at, consecutive_errors, etag, last_modified,"
                + " state, redirect_candidate, redirect_count, poll_interval_seconds"
                + " FROM feeds WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, feedId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NoSuchElementException("no feed " + feedId);
        }
        return new Row(
            rs.getString("url"),
            rs.getString("lease_owner"),
            Sql.getInstant(rs, "lease_expires_at"),
            rs.getInt("consecutive_errors"),
            rs.getString("etag"),
            rs.getString("last_modified"),
            rs.getString("state"),
            rs.getString("redirect_candidate"),
            rs.getInt("redirect_count"),
            rs.getInt("poll_interval_seconds"));
      }
    }
  }

  /** Backoff after {@code errors} consecutive errors: 5 min, 10, 20, ... capped at a day. */
  static Duration interval(int errors) {
    if (errors == 0) {
      return DEFAULT_INTERVAL;
    }
    Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(errors - 1, 20));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
