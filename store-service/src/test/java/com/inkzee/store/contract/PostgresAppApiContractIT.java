package com.inkzee.store.contract;

import com.inkzee.store.db.Database;
import com.inkzee.store.testing.TestPostgres;

/**
 * Catalogue 1.5's storage contract on PostgreSQL, in a fresh schema dropped afterwards. Skipped
 * with a printed reason when PostgreSQL is not reachable, unless {@code INKZEE_TEST_PG=required}.
 */
class PostgresAppApiContractIT extends AppApiContract {
  private String schema;

  @Override
  protected Database openDatabase() throws Exception {
    TestPostgres.assumeReachable("PostgresAppApiContractIT");
    schema = TestPostgres.newSchema("t_");
    return TestDatabases.postgres(schema);
  }

  @Override
  protected void closeDatabase() throws Exception {
    if (schema != null) {
      TestPostgres.dropSchema(schema);
    }
  }
}
