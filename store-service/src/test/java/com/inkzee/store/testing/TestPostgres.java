package com.inkzee.store.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL every store test shares: the server named by {@code INKZEE_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}), a fresh schema per test
 * class. A test that needs it is skipped with a printed reason when it is not reachable, unless
 * {@code INKZEE_TEST_PG=required} (as in CI), which turns the skip into a failure.
 */
public final class TestPostgres {
  public static final String URL =
      env("INKZEE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String USER = env("INKZEE_TEST_PG_USER", "postgres");
  public static final String PASSWORD = env("INKZEE_TEST_PG_PASSWORD", "");
  public static final boolean REQUIRED = "required".equals(System.getenv("INKZEE_TEST_PG"));

  private TestPostgres() {}

  /** Skips the calling test (or fails it, when required) if PostgreSQL is not reachable. */
  public static void assumeReachable(String test) {
    try (Connection c = connect()) {
      if (c.isValid(2)) {
        return;
      }
      skipOrFail(test, "PostgreSQL at " + URL + " does not answer");
    } catch (SQLException e) {
      skipOrFail(test, "PostgreSQL at " + URL + " is not reachable: " + e.getMessage());
    }
  }

  public static void skipOrFail(String test, String why) {
    if (REQUIRED) {
      Assertions.fail(why + " (INKZEE_TEST_PG=required)");
    }
    System.err.println("SKIPPED " + test + ": " + why);
    Assumptions.abort(why);
  }

  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, USER, PASSWORD);
  }

  public static Connection connect(String schema) throws SQLException {
    return DriverManager.getConnection(inSchema(schema), USER, PASSWORD);
  }

  /** Creates a schema named {@code prefix} plus a random suffix. */
  public static String newSchema(String prefix) throws SQLException {
    String schema = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return schema;
  }

  public static void dropSchema(String schema) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /**
   * Creates a database named {@code prefix} plus a random suffix on the test server, with {@code
   * options} after CREATE DATABASE (a template, a locale); for what a schema cannot vary, such as
   * the collation. Drop it with {@link #dropDatabase}.
   */
  public static String newDatabase(String prefix, String options) throws SQLException {
    String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " " + options);
    }
    return name;
  }

  public static void dropDatabase(String name) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  /** The test URL naming database {@code name} instead, its parameters kept. */
  public static String ofDatabase(String name) {
    int query = URL.indexOf('?');
    String base = query < 0 ? URL : URL.substring(0, query);
    return base.substring(0, base.lastIndexOf('/') + 1)
        + name
        + (query < 0 ? "" : URL.substring(query));
  }

  /** The test URL with {@code currentSchema} set, for the store's own pool. */
  public static String inSchema(String schema) {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /**
   * Waits, at most 20 s, until {@code transactions} of the store's sessions wait on a lock: how a
   * test knows the interleaving it set up has been reached.
   */
  public static void awaitStoreSessionsWaiting(Connection watcher, int transactions)
      throws SQLException, InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (storeSessionsWaitingOnLocks(watcher) < transactions) {
      Assertions.assertTrue(
          System.nanoTime() < giveUp, transactions + " store transactions waiting on a lock");
      Thread.sleep(20);
    }
  }

  /**
   * The store's sessions (its pool's application name) waiting on a lock now, the asker's own
   * session left out: how a test knows the interleaving it set up has been reached. Ends the
   * asker's transaction when it has one, since PostgreSQL keeps one snapshot of the activity view
   * per transaction.
   */
  public static int storeSessionsWaitingOnLocks(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'inkzee-store'"
                    + " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    } finally {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    }
  }
}
