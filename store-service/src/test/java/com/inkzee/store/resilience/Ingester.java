package com.inkzee.store.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Ingests batch after batch (batch {@code b} holds keys {@code b<b>-*}) on a thread of its own, one
 * call at a time with a short pause, recording each call's outcome and duration. Bounded: at most
 * {@link #MAX_BATCHES} batches and {@link #MAX_RUN} of running.
 */
final class Ingester implements AutoCloseable {
  static final int MAX_BATCHES = 5_000;
  static final Duration MAX_RUN = Duration.ofMinutes(4);
  private static final long PAUSE_MILLIS = 50;

  /** One call: its batch, when it started and ended, and its status (null when it succeeded). */
  record Outcome(int batch, long startNanos, long endNanos, Status status) {
    boolean ok() {
      return status == null;
    }

    long nanos() {
      return endNanos - startNanos;
    }
  }

  private final RpcClient<StoreService> client;
  private final long feed;
  private final int batchSize;
  private final List<Outcome> outcomes = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;

  Ingester(RpcClient<StoreService> client, long feed, int batchSize) {
    this.client = client;
    this.feed = feed;
    this.batchSize = batchSize;
    this.thread = new Thread(this::run, "ingester");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long deadline = System.nanoTime() + MAX_RUN.toNanos();
    for (int b = 0; b < MAX_BATCHES && !stopping && System.nanoTime() < deadline; b++) {
      long start = System.nanoTime();
      Status status = null;
      try {
        IngestResponse r =
            client
                .stub()
                .ingestEntries(new IngestRequest(feed, ResiliencePostgres.batch(b, batchSize)));
        if (r.inserted() != batchSize) {
          status = Status.INTERNAL; // a fresh batch must be inserted whole
        }
      } catch (RpcException e) {
        status = e.status();
      }
      synchronized (outcomes) {
        outcomes.add(new Outcome(b, start, System.nanoTime(), status));
        outcomes.notifyAll();
      }
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void awaitOk(int count, Duration timeout) throws InterruptedException {
    await(Outcome::ok, count, timeout, "successful ingests");
  }

  Outcome awaitOkStartedAfter(long nanos, int count, Duration timeout) throws InterruptedException {
    return await(o -> o.ok() && o.startNanos() >= nanos, count, timeout, "ingests succeeding");
  }

  Outcome awaitFailuresStartedAfter(long nanos, int count, Duration timeout)
      throws InterruptedException {
    return await(o -> !o.ok() && o.startNanos() >= nanos, count, timeout, "ingests failing");
  }

  /** Waits for the {@code count}-th outcome matching {@code which} and returns the first one. */
  private Outcome await(Predicate<Outcome> which, int count, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (outcomes) {
      while (true) {
        List<Outcome> matching = outcomes.stream().filter(which).toList();
        if (matching.size() >= count) {
          return matching.get(0);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !thread.isAlive()) {
          throw new AssertionError(
              "not " + count + " " + what + " within " + timeout + "; outcomes: " + outcomes);
        }
        outcomes.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Stops after the call in progress and returns every outcome, in order. */
  List<Outcome> stop() throws InterruptedException {
    stopping = true;
    thread.join(StoreUnderTest.CALL_TIMEOUT.toMillis() + 5_000);
    if (thread.isAlive()) {
      throw new AssertionError("the ingester did not stop: a call hangs");
    }
    synchronized (outcomes) {
      return List.copyOf(outcomes);
    }
  }

  static long slowestCall(List<Outcome> outcomes) {
    return outcomes.stream().mapToLong(Outcome::nanos).max().orElse(0);
  }

  static long slowestFailure(List<Outcome> outcomes) {
    return outcomes.stream().filter(o -> !o.ok()).mapToLong(Outcome::nanos).max().orElse(0);
  }

  /**
   * Checks the entries table holds whole batches only, every acknowledged one among them; then
   * resends the failed batches (as a fetcher would) and checks every batch is stored exactly once.
   */
  void assertWholeBatchesThenResend(String schema, List<Outcome> outcomes) throws Exception {
    Map<Integer, Integer> rows = ResiliencePostgres.rowsPerBatch(schema);
    assertThat(new HashSet<>(rows.values())).as("rows per stored batch").containsOnly(batchSize);
    Set<Integer> acknowledged = new HashSet<>();
    outcomes.stream().filter(Outcome::ok).forEach(o -> acknowledged.add(o.batch()));
    assertThat(rows.keySet()).containsAll(acknowledged);
    for (Outcome o : outcomes) {
      if (!o.ok()) {
        IngestResponse r =
            client
                .stub()
                .ingestEntries(
                    new IngestRequest(feed, ResiliencePostgres.batch(o.batch(), batchSize)));
        int had = rows.getOrDefault(o.batch(), 0);
        assertThat(r.inserted()).as("resent batch %d", o.batch()).isEqualTo(batchSize - had);
        assertThat(r.unchanged()).isEqualTo(had);
      }
    }
    long total = (long) outcomes.size() * batchSize;
    assertThat(ResiliencePostgres.entryCounts(schema)).containsExactly(total, total, total);
  }

  @Override
  public void close() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(StoreUnderTest.CALL_TIMEOUT.toMillis() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
