package com.inkzee.store.contract;

import com.inkzee.store.StoreConfig;
import com.inkzee.store.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Databases for the contract suite: a fresh in-memory H2 per test class, or a fresh schema in the
 * PostgreSQL named by {@code INKZEE_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}).
 */
final class TestDatabases {
  static final String PG_URL = env("INKZEE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = env("INKZEE_TEST_PG_USER", "postgres");
  static final String PG_PASSWORD = env("INKZEE_TEST_PG_PASSWORD", "");

  private TestDatabases() {}

  static StoreConfig config(int pool) {
    return new StoreConfig(
        null,
        "sa",
        "",
        Path.of("target/data"),
        pool,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30));
  }

  static Database h2() {
    String name = "t" + UUID.randomUUID().toString().replace("-", "");
    return Database.open(
        "jdbc:h2:mem:"
            + name
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
            + "DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "sa",
        "",
        config(10));
  }

  /** Null (with the reason in {@code why[0]}) when PostgreSQL cannot be reached. */
  static String reachablePostgres(String[] why) {
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
      return c.isValid(2) ? PG_URL : null;
    } catch (SQLException e) {
      why[0] = "PostgreSQL at " + PG_URL + " is not reachable: " + e.getMessage();
      return null;
    }
  }

  static String newSchema() throws SQLException {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema.toLowerCase(Locale.ROOT));
    }
    return schema;
  }

  static Database postgres(String schema) {
    String sep = PG_URL.contains("?") ? "&" : "?";
    return Database.open(
        PG_URL + sep + "currentSchema=" + schema, PG_USER, PG_PASSWORD, config(16));
  }

  static void dropSchema(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
