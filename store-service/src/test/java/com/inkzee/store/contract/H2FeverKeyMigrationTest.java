package com.inkzee.store.contract;

import java.util.UUID;

/** {@link FeverKeyMigration} on the embedded default, H2 in PostgreSQL mode. */
class H2FeverKeyMigrationTest extends FeverKeyMigration {
  @Override
  String emptyDatabaseUrl() {
    return "jdbc:h2:mem:m"
        + UUID.randomUUID().toString().replace("-", "")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
  }

  @Override
  String user() {
    return "sa";
  }

  @Override
  String password() {
    return "";
  }

  @Override
  String vendor() {
    return "h2";
  }
}
