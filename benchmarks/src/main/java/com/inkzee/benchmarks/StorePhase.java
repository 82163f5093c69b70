package com.inkzee.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What every phase of {@link StoreBenchmark} shares: the run's settings, the report rows and notes
 * it adds to, and the helpers that load feeds. Each phase is its own class so that the benchmark
 * reads as its three measurements.
 */
abstract class StorePhase {
  /** Entries per ingest batch, as the issue asks. */
  static final int BATCH = 100;

  /** Entries of each batch already stored before the measured run (20 %). */
  static final int ALREADY_STORED = 20;

  /** Batches per feed: a feed gets several batches, as fetches of a busy feed would. */
  static final int BATCHES_PER_FEED = 5;

  /** Longest any one phase may run before it is cut (and reported as failed). */
  static final Duration PHASE_LIMIT = Duration.ofMinutes(3);

  /** The run's settings and where its results go. */
  record Settings(
      Instant now,
      int sliceRows,
      int callers,
      int leaseFeeds,
      Duration leaseTime,
      List<String[]> rows,
      List<String> notes) {}

  protected final Instant now;
  protected final int sliceRows;
  protected final int callers;
  protected final int leaseFeeds;
  protected final Duration leaseTime;
  protected final List<String[]> rows;
  protected final List<String> notes;

  StorePhase(Settings s) {
    this.now = s.now();
    this.sliceRows = s.sliceRows();
    this.callers = s.callers();
    this.leaseFeeds = s.leaseFeeds();
    this.leaseTime = s.leaseTime();
    this.rows = s.rows();
    this.notes = s.notes();
  }

  /**
   * Inserts {@code n} active feeds in one statement and returns the first id; they are due at
   * {@code due}, or spread over the last hour when it is null.
   */
  long insertFeeds(Connection db, String prefix, int n, Instant due) throws SQLException {
    db.setAutoCommit(true);
    String dueAt =
        due == null ? "now() - (g % 3600) * interval '1 second'" : "'" + due + "'::timestamptz";
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO feeds (url, url_hash, state, next_fetch_at, created_at)"
                + " SELECT 'https://"
                + prefix
                + ".example/feed/' || g, md5('"
                + prefix
                + "' || g) || md5('x' || g), 'ACTIVE', "
                + dueAt
                + ", now() FROM generate_series(1, ?) g RETURNING id")) {
      ps.setInt(1, n);
      long first = Long.MAX_VALUE;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          first = Math.min(first, rs.getLong(1));
        }
      }
      return first;
    }
  }

  static void vacuumAnalyze(Connection db) throws SQLException {
    db.setAutoCommit(true);
    try (Statement s = db.createStatement()) {
      s.execute("VACUUM ANALYZE");
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String[] row(String what, String format, double value, String detail) {
    return new String[] {what, String.format(Locale.ROOT, format, value), detail};
  }
}
