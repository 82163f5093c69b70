package com.inkzee.store.contract;

import com.inkzee.store.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link FeverKeyMigration} on PostgreSQL, in a fresh schema dropped afterwards. Skipped with a
 * printed reason when PostgreSQL is not reachable, unless {@code INKZEE_TEST_PG=required}.
 */
class PostgresFeverKeyMigrationIT extends FeverKeyMigration {
  private String schema;

  @Override
  String emptyDatabaseUrl() throws Exception {
    TestPostgres.assumeReachable("PostgresFeverKeyMigrationIT");
    schema = TestPostgres.newSchema("m_");
    return TestPostgres.inSchema(schema);
  }

  @Override
  String user() {
    return TestPostgres.USER;
  }

  @Override
  String password() {
    return TestPostgres.PASSWORD;
  }

  @Override
  String vendor() {
    return "postgresql";
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      TestPostgres.dropSchema(schema);
    }
  }
}
