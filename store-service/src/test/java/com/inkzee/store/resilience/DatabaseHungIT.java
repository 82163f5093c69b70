package com.inkzee.store.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.store.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database that stops answering without going away: another session holds an exclusive lock on
 * the entries table, so every ingest and change-feed read waits in PostgreSQL. Calls must fail
 * UNAVAILABLE within the socket timeout rather than block forever, must not leave sessions behind
 * in the database, and must succeed again once the lock goes, with no batch half stored.
 */
class DatabaseHungIT {
  private static final int BATCH_SIZE = 100;
  private static final int HUNG_CALLS = 4;

  private String schema;

  @BeforeEach
  void freshSchema() throws Exception {
    TestPostgres.assumeReachable("DatabaseHungIT");
    schema = TestPostgres.newSchema("r_");
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      TestPostgres.dropSchema(schema);
    }
  }

  @Test
  void callsFailUnavailableWithinTheSocketTimeoutWhileTheDatabaseHangs() throws Exception {
    try (StoreUnderTest store = StoreUnderTest.start(schema)) {
      assertThat(ingest(store, 0).inserted()).isEqualTo(BATCH_SIZE);

      long slowest = 0;
      int waitingBackends;
      try (Connection holder = TestPostgres.connect(schema)) {
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
          s.execute("LOCK TABLE entries IN ACCESS EXCLUSIVE MODE");
        }
        for (int b = 1; b <= HUNG_CALLS; b++) {
          int batch = b;
          long start = System.nanoTime();
          Status status =
              failure(
                  () -> {
                    ingest(store, batch);
                  });
          long nanos = System.nanoTime() - start;
          slowest = Math.max(slowest, nanos);
          System.out.printf(
              "DatabaseHungIT: ingest %d failed %s after %.2f s%n", batch, status, nanos / 1e9);
          assertThat(status).isEqualTo(Status.UNAVAILABLE);
        }
        long start = System.nanoTime();
        Status read =
            failure(
                () -> {
                  store.client().stub().entriesSince(new EntriesSinceRequest(0, 10, true));
                });
        long readNanos = System.nanoTime() - start;
        slowest = Math.max(slowest, readNanos);
        System.out.printf(
            "DatabaseHungIT: entriesSince failed %s after %.2f s%n", read, readNanos / 1e9);
        assertThat(read).isEqualTo(Status.UNAVAILABLE);
        waitingBackends = storeSessionsWaitingOnLocks(holder);
        holder.rollback();
      }
      System.out.printf(
          "DatabaseHungIT: slowest failed call %.2f s (socket timeout %d s); store sessions left"
              + " waiting in PostgreSQL: %d%n",
          slowest / 1e9, StoreUnderTest.SOCKET_TIMEOUT_SECONDS, waitingBackends);
      assertThat(slowest).isLessThanOrEqualTo(StoreUnderTest.FAILURE_BOUND.toNanos());
      // A call given up on must not leave its statement running in PostgreSQL, holding the
      // change-feed lock and a connection slot until the hang ends.
      assertThat(waitingBackends)
          .as("store sessions still waiting after their calls failed")
          .isZero();

      // The lock is gone: ingest works again without a restart, and the failed batches left
      // nothing behind (or everything, if a commit raced the timeout).
      long released = System.nanoTime();
      IngestResponse again = null;
      for (int attempt = 0; attempt < 100 && again == null; attempt++) {
        try {
          again = ingest(store, HUNG_CALLS + 1);
        } catch (RpcException e) {
          assertThat(e.status()).isEqualTo(Status.UNAVAILABLE);
          Thread.sleep(100);
        }
      }
      assertThat(again).isNotNull();
      System.out.printf(
          "DatabaseHungIT: ingest succeeded %.2f s after the lock was released%n",
          (System.nanoTime() - released) / 1e9);
      Map<Integer, Integer> rows = ResiliencePostgres.rowsPerBatch(schema);
      assertThat(new HashSet<>(rows.values())).containsOnly(BATCH_SIZE);
      assertThat(rows).containsKeys(0, HUNG_CALLS + 1);
    }
  }

  /**
   * A backend that stops answering in the middle of a statement (SIGSTOP, as a server stalled on
   * I/O or swapped out looks from outside): the database cannot cancel anything, so the pgjdbc
   * socket timeout is what ends the call. Needs root, to signal PostgreSQL's processes.
   */
  @Test
  void aFrozenBackendFailsTheCallWithinTheSocketTimeout() throws Exception {
    String why = ResiliencePostgres.whyNoClusterControl();
    if (why != null) {
      if (TestPostgres.REQUIRED && !why.contains("not installed")) {
        throw new AssertionError(why + " (INKZEE_TEST_PG=required)");
      }
      System.err.println("SKIPPED DatabaseHungIT frozen backend: " + why);
      org.junit.jupiter.api.Assumptions.abort(why);
    }
    try (StoreUnderTest store = StoreUnderTest.start(schema);
        Connection holder = TestPostgres.connect(schema)) {
      assertThat(ingest(store, 0).inserted()).isEqualTo(BATCH_SIZE);
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute("LOCK TABLE entries IN ACCESS EXCLUSIVE MODE");
      }
      long start = System.nanoTime();
      var call =
          store
              .client()
              .async()
              .call(
                  svc ->
                      svc.ingestEntries(
                          new IngestRequest(
                              store.feed(), ResiliencePostgres.batch(1, BATCH_SIZE))));
      int pid = waitingStorePid(holder);
      ResiliencePostgres.run(Duration.ofSeconds(5), "kill", "-STOP", Integer.toString(pid));
      Status status;
      long nanos;
      try {
        status =
            failure(
                () -> {
                  call.await();
                });
        nanos = System.nanoTime() - start;
      } finally {
        ResiliencePostgres.run(Duration.ofSeconds(5), "kill", "-CONT", Integer.toString(pid));
        holder.rollback();
      }
      System.out.printf(
          "DatabaseHungIT: ingest on a frozen backend failed %s after %.2f s (socket timeout %d"
              + " s)%n",
          status, nanos / 1e9, StoreUnderTest.SOCKET_TIMEOUT_SECONDS);
      assertThat(status).isEqualTo(Status.UNAVAILABLE);
      assertThat(nanos).isLessThanOrEqualTo(StoreUnderTest.FAILURE_BOUND.toNanos());
      assertThat(storeSessionsWaitingOnLocks(holder)).isZero();

      IngestResponse again = null;
      for (int attempt = 0; attempt < 100 && again == null; attempt++) {
        try {
          again = ingest(store, 2);
        } catch (RpcException e) {
          assertThat(e.status()).isEqualTo(Status.UNAVAILABLE);
          Thread.sleep(100);
        }
      }
      assertThat(again).isNotNull();
      Map<Integer, Integer> rows = ResiliencePostgres.rowsPerBatch(schema);
      assertThat(new HashSet<>(rows.values())).containsOnly(BATCH_SIZE);
      assertThat(rows).containsKeys(0, 2);
    }
  }

  /** The pid of the store session waiting on the holder's lock (polled for at most 5 s). */
  private static int waitingStorePid(Connection c) throws Exception {
    for (int i = 0; i < 50; i++) {
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT pid FROM pg_stat_activity WHERE application_name = 'inkzee-store'"
                      + " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()");
          ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getInt(1);
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the store's ingest never waited on the lock");
  }

  private static IngestResponse ingest(StoreUnderTest store, int batch) {
    return store
        .client()
        .stub()
        .ingestEntries(
            new IngestRequest(store.feed(), ResiliencePostgres.batch(batch, BATCH_SIZE)));
  }

  private static Status failure(Runnable call) {
    try {
      call.run();
      return null;
    } catch (RpcException e) {
      return e.status();
    }
  }

  /** The store's sessions in this database waiting on a lock (the holder's own is not one). */
  private static int storeSessionsWaitingOnLocks(Connection c) throws Exception {
    // The count can lag a statement's cancellation by a moment: poll briefly.
    int waiting = -1;
    for (int i = 0; i < 20; i++) {
      waiting = TestPostgres.storeSessionsWaitingOnLocks(c);
      if (waiting == 0) {
        return 0;
      }
      Thread.sleep(Duration.ofMillis(100).toMillis());
    }
    return waiting;
  }
}
