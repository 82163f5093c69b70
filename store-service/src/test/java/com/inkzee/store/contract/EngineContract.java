package com.inkzee.store.contract;

import com.inkzee.store.db.Database;
import com.inkzee.store.rpc.StoreRpcHandler;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What every storage contract runs on, whatever the engine: a fresh, migrated database per test
 * class (a subclass per engine opens it), the store's RPC handler over it on a clock the test
 * moves, and a counter for names no other test uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EngineContract {
  protected Database db;
  protected MutableClock clock;
  protected StoreRpcHandler store;
  protected final AtomicInteger unique = new AtomicInteger();

  /** Opens a fresh, migrated database for this class. */
  protected abstract Database openDatabase() throws Exception;

  protected void closeDatabase() throws Exception {}

  /** Where the clock starts. */
  protected abstract Instant start();

  @BeforeAll
  void open() throws Exception {
    db = openDatabase();
    clock = new MutableClock(start());
    store = new StoreRpcHandler(db, clock);
  }

  @AfterAll
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
    closeDatabase();
  }
}
