package com.inkzee.store.contract;

import com.inkzee.store.db.Database;

/** Catalogue 1.5's storage contract on the embedded default: H2 in PostgreSQL mode, in memory. */
class H2AppApiContractTest extends AppApiContract {
  @Override
  protected Database openDatabase() {
    return TestDatabases.h2();
  }
}
