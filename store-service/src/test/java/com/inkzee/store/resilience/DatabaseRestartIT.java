package com.inkzee.store.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.status.Status;
import com.inkzee.store.testing.TestPostgres;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stopped ({@code pg_ctlcluster … stop -m fast}) and started again under a running store
 * that keeps ingesting: while it is down every call fails UNAVAILABLE within the configured connect
 * and socket timeouts (none hangs), once it is back ingest succeeds again within 30 s with no
 * restart of the store, and no batch is ever half stored.
 *
 * <p>This stops the machine's shared cluster, so it restarts it in {@link #restartPostgres()} and
 * waits until it accepts connections whatever happened. Needs root and {@code pg_ctlcluster};
 * skipped with a printed reason otherwise, unless {@code INKZEE_TEST_PG=required}.
 */
class DatabaseRestartIT {
  private static boolean controlsCluster;

  @BeforeAll
  static void needsClusterControl() throws Exception {
    TestPostgres.assumeReachable("DatabaseRestartIT");
    String why = ResiliencePostgres.whyNoClusterControl();
    if (why != null) {
      if (TestPostgres.REQUIRED && !why.contains("not installed")) {
        throw new AssertionError(why + " (INKZEE_TEST_PG=required)");
      }
      System.err.println("SKIPPED DatabaseRestartIT: " + why);
      org.junit.jupiter.api.Assumptions.abort(why);
    }
    controlsCluster = true;
  }

  @AfterAll
  static void restartPostgres() throws Exception {
    if (controlsCluster) {
      ResiliencePostgres.startClusterAndWait(); // other tests need it, whatever happened here
    }
  }

  @Test
  void stopAndStartDuringIngest() throws Exception {
    String schema = TestPostgres.newSchema("r_");
    try (StoreUnderTest store = StoreUnderTest.start(schema);
        Ingester ingester = new Ingester(store.client(), store.feed(), 100)) {
      ingester.start();
      ingester.awaitOk(10, Duration.ofSeconds(30));

      long stopping = System.nanoTime();
      ResiliencePostgres.stopCluster();
      long stopped = System.nanoTime();
      ingester.awaitFailuresStartedAfter(stopped, 3, Duration.ofSeconds(60));

      ResiliencePostgres.startClusterAndWait();
      long ready = System.nanoTime();
      Ingester.Outcome firstOk = ingester.awaitOkStartedAfter(ready, 1, Duration.ofSeconds(45));
      ingester.awaitOkStartedAfter(ready, 5, Duration.ofSeconds(30));
      List<Ingester.Outcome> outcomes = ingester.stop();

      Ingester.Outcome firstFailure =
          outcomes.stream().filter(o -> !o.ok()).findFirst().orElseThrow();
      double toUnavailable = (firstFailure.endNanos() - stopping) / 1e9;
      double recovery = (firstOk.endNanos() - ready) / 1e9;
      System.out.printf(
          "DatabaseRestartIT: %d calls; first UNAVAILABLE %.2f s after the stop began; slowest"
              + " failed call %.2f s; first success %.2f s after PostgreSQL accepted connections%n",
          outcomes.size(), toUnavailable, Ingester.slowestFailure(outcomes) / 1e9, recovery);

      Set<Status> statuses = new HashSet<>();
      outcomes.stream().filter(o -> !o.ok()).forEach(o -> statuses.add(o.status()));
      assertThat(statuses).containsOnly(Status.UNAVAILABLE);
      // A call while the database is down costs at most a connect attempt (the pool's wait) or a
      // statement on a dying socket, plus slack for a busy machine: never a hang.
      assertThat(Ingester.slowestCall(outcomes))
          .isLessThanOrEqualTo(StoreUnderTest.FAILURE_BOUND.toNanos());
      assertThat(recovery).isLessThanOrEqualTo(30.0);

      ingester.assertWholeBatchesThenResend(schema, outcomes);
    } finally {
      ResiliencePostgres.startClusterAndWait();
      TestPostgres.dropSchema(schema);
    }
  }
}
