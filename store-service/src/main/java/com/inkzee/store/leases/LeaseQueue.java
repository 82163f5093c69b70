package com.inkzee.store.leases;

import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReportResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The fetch queue in the feeds table. A lease is {@code lease_owner} plus {@code lease_expires_at};
 * due feeds are picked with {@code FOR UPDATE SKIP LOCKED}, so any number of fetchers (and store
 * processes, on PostgreSQL) share the queue without handing one feed to two of them. A fetcher that
 * dies leaves its leases to expire; its late report is then refused.
 */
public final class LeaseQueue {
  /** Poll interval when the fetcher does not say (a typical feed changes a few times a day). */
  static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  /** First retry after an error; doubles with each consecutive error up to MAX_BACKOFF. */
  static final Duration FIRST_BACKOFF = Duration.ofMinutes(5);

  static final Duration MAX_BACKOFF = Duration.ofHours(24);

  /**
   * Picks due feeds (parameters: now, now, limit); served by the partial index {@code feeds_due}.
   * Public so that QueryPlanIT explains the statement the store runs rather than a copy of it.
   */
  public static final String SELECT_DUE =
      "SELECT id, url, etag, last_modified, consecutive_errors, websub_topic"
          + " FROM feeds WHERE state = 'ACTIVE' AND next_fetch_at <= ?"
          + " AND (lease_expires_at IS NULL OR lease_expires_at <= ?)"
          + " ORDER BY next_fetch_at LIMIT ? FOR UPDATE SKIP LOCKED";

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
          List<LeasedFeed> feeds = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(SELECT_DUE)) {
            Sql.setInstant(ps, 1, now);
            Sql.setInstant(ps, 2, now);
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                feeds.add(
                    new LeasedFeed(
                        rs.getLong("id"),
                        rs.getString("url"),
                        rs.getString("etag"),
                        rs.getString("last_modified"),
                        rs.getInt("consecutive_errors"),
                        rs.getString("websub_topic")));
              }
            }
          }
          if (!feeds.isEmpty()) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE feeds SET lease_owner = ?, lease_expires_at = ? WHERE id = ANY(?)")) {
              ps.setString(1, owner);
              Sql.setInstant(ps, 2, expires);
              ps.setArray(3, Sql.longArray(c, feeds.stream().map(LeasedFeed::feedId).toList()));
              ps.executeUpdate();
            }
          }
          return new LeaseResponse(feeds, expires);
        });
  }

  /**
   * Records a fetch and releases the lease. NoSuchElementException for an unknown feed, {@link
   * LeaseLostException} when the reporter does not hold a live lease.
   */
  public FetchReportResponse report(FetchReport r) {
    Instant now = clock.instant();
    return db.inTransaction(
        c -> {
          String holder;
          Instant leaseExpires;
          int errors;
          String etag;
          String lastModified;
          String state;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT lease_owner, lease_expires_at, consecutive_errors, etag, last_modified,"
                      + " state FROM feeds WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, r.feedId());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new NoSuchElementException("no feed " + r.feedId());
              }
              holder = rs.getString("lease_owner");
              leaseExpires = Sql.getInstant(rs, "lease_expires_at");
              errors = rs.getInt("consecutive_errors");
              etag = rs.getString("etag");
              lastModified = rs.getString("last_modified");
              state = rs.getString("state");
            }
          }
          boolean held =
              r.owner().equals(holder) && leaseExpires != null && leaseExpires.isAfter(now);
          if (!held) {
            throw new LeaseLostException(
                r.feedId(),
                r.owner(),
                leaseExpires != null && leaseExpires.isAfter(now) ? holder : null);
          }
          FetchOutcome outcome = r.outcome() == null ? FetchOutcome.ERROR : r.outcome();
          boolean failed = outcome == FetchOutcome.ERROR;
          int newErrors = failed ? errors + 1 : 0;
          if (outcome == FetchOutcome.GONE) {
            state = FeedState.GONE.name();
          }
          if (outcome == FetchOutcome.OK) {
            etag = r.etag();
            lastModified = r.lastModified();
          } else if (outcome == FetchOutcome.NOT_MODIFIED) {
            etag = r.etag() != null ? r.etag() : etag;
            lastModified = r.lastModified() != null ? r.lastModified() : lastModified;
          }
          Instant next = r.nextFetchAt() != null ? r.nextFetchAt() : now.plus(interval(newErrors));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE feeds SET lease_owner = NULL, lease_expires_at = NULL, state = ?,"
                      + " etag = ?, last_modified = ?, next_fetch_at = ?, consecutive_errors = ?,"
                      + " last_error = ?, last_status = ?, last_fetch_at = ?,"
                      + " last_fetch_bytes = ?, last_fetch_latency_ms = ?,"
                      + " fetch_count = fetch_count + 1,"
                      + " not_modified_count = not_modified_count + ?,"
                      + " title = COALESCE(?, title), site_url = COALESCE(?, site_url),"
                      + " redirect_candidate = COALESCE(?, redirect_candidate),"
                      + " websub_hub = COALESCE(?, websub_hub),"
                      + " websub_topic = COALESCE(?, websub_topic) WHERE id = ?")) {
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
            ps.setString(i++, outcome == FetchOutcome.REDIRECTED ? r.redirectUrl() : null);
            ps.setString(i++, r.websubHub());
            ps.setString(i++, r.websubTopic());
            ps.setLong(i, r.feedId());
            ps.executeUpdate();
          }
          return new FetchReportResponse(FeedState.valueOf(state), Sql.micros(next), newErrors);
        });
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
