package com.inkzee.store.contract;

import com.inkzee.store.StoreConfig;
import com.inkzee.store.db.Database;
import com.inkzee.store.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * Databases for the contract suite: a fresh in-memory H2 per test class, or a fresh schema in the
 * test PostgreSQL ({@link TestPostgres}).
 */
final class TestDatabases {
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

  /** The contract store on a fresh schema of the test PostgreSQL. */
  static Database postgres(String schema) {
    return Database.open(
        TestPostgres.inSchema(schema), TestPostgres.USER, TestPostgres.PASSWORD, config(16));
  }
}
