package com.inkzee.store.contract;

import com.inkzee.store.db.Database;

/** The storage contract on the embedded default: H2 in PostgreSQL mode, in memory. */
class H2StoreContractTest extends StoreContract {
  @Override
  protected Database openDatabase() {
    return TestDatabases.h2();
  }
}
