package com.inkzee.e2e.stack;

import com.inkzee.e2e.compose.LocalDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the local PostgreSQL for one run ({@code inkzee_e2e_<random>}), created
 * at start and dropped at the end, so the store's migrations run on an empty database and nothing
 * touches the shared {@code test} database. The server and credentials are the tests' usual ones:
 * {@code INKZEE_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code
 * INKZEE_TEST_PG_USER} ({@code postgres}), {@code INKZEE_TEST_PG_PASSWORD} (empty). Without a
 * reachable server the test is skipped with the reason, unless {@code INKZEE_TEST_PG=required}.
 */
public final class ThrowawayDatabase implements AutoCloseable {
  private final String adminUrl;
  private final String user;
  private final String password;
  private final LocalDatabase local;
  private boolean dropped;

  private ThrowawayDatabase(String adminUrl, String user, String password, LocalDatabase local) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    this.local = local;
  }

  /** Creates the database, or skips (fails, when required) the calling test. */
  public static ThrowawayDatabase create() throws SQLException {
    String url = env("INKZEE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    String user = env("INKZEE_TEST_PG_USER", "postgres");
    String password = env("INKZEE_TEST_PG_PASSWORD", "");
    URI uri = URI.create(url.substring("jdbc:".length()));
    String name = "inkzee_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      // The name is ours (letters, digits, underscore): no quoting or injection to worry about.
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      String why = "PostgreSQL at " + url + " is not usable: " + e.getMessage();
      if ("required".equals(System.getenv("INKZEE_TEST_PG"))) {
        Assertions.fail(why + " (INKZEE_TEST_PG=required)");
      }
      System.err.println("SKIPPED end-to-end tests: " + why);
      Assumptions.abort(why);
    }
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    return new ThrowawayDatabase(
        url, user, password, new LocalDatabase(uri.getHost(), port, name, user, password));
  }

  public LocalDatabase local() {
    return local;
  }

  /** Drops the database, disconnecting whatever still uses it (a store killed mid-run). */
  @Override
  public synchronized void close() throws SQLException {
    if (dropped) {
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + local.database() + " WITH (FORCE)");
    }
    dropped = true;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
