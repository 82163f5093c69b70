package com.inkzee.store.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceResponse;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.client.RpcFuture;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.ServiceProcess;
import com.inkzee.store.StoreServiceMain;
import com.inkzee.store.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the store process while a client streams ingest batches to it, then a restart
 * and a resend: nothing acknowledged is lost, nothing is stored twice, and no batch is ever half
 * stored, not even in the window between the kill and the resend.
 */
class KillDashNineIT {
  private static final int BATCHES = 50;
  private static final int BATCH_SIZE = 100;
  private static final int FEEDS = 3;

  /** Batches in flight at once, so that the kill lands while the store is inside a transaction. */
  private static final int IN_FLIGHT = 4;

  /** The kill comes after this many answers: mid-stream, with earlier batches acknowledged. */
  private static final int KILL_AFTER_ANSWERS = 15;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private String schema;

  @BeforeEach
  void freshSchema() throws Exception {
    TestPostgres.assumeReachable("KillDashNineIT");
    schema = TestPostgres.newSchema("r_");
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      TestPostgres.dropSchema(schema);
    }
  }

  @Test
  void killDuringIngestThenResendStoresEveryEntryExactlyOnce() throws Exception {
    Map<String, String> env = ResiliencePostgres.storeEnv(schema, Map.of());
    long[] feeds = new long[FEEDS];
    Set<Integer> sent = new HashSet<>();
    Set<Integer> answered = ConcurrentHashMap.newKeySet();
    Map<Integer, Status> failed = new ConcurrentHashMap<>();
    int exit;

    try (ServiceProcess store = ServiceProcess.start(StoreServiceMain.class, env, START_TIMEOUT);
        RpcClient<StoreService> client = connect(store)) {
      long user = client.stub().createUser(new CreateUserRequest("kill9", null)).user().id();
      for (int f = 0; f < FEEDS; f++) {
        feeds[f] =
            client
                .stub()
                .subscribe(
                    new SubscribeRequest(user, "https://kill9.example/feed" + f, null, null, 0))
                .subscription()
                .feedId();
      }

      Semaphore window = new Semaphore(IN_FLIGHT);
      List<RpcFuture<IngestResponse>> calls = new ArrayList<>();
      exit = -1;
      for (int b = 0; b < BATCHES && exit < 0; b++) {
        if (!window.tryAcquire(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("no ingest answer within " + CALL_TIMEOUT);
        }
        int batch = b;
        IngestRequest request =
            new IngestRequest(feeds[b % FEEDS], ResiliencePostgres.batch(b, BATCH_SIZE));
        RpcFuture<IngestResponse> call = client.async().call(s -> s.ingestEntries(request));
        sent.add(b);
        calls.add(call);
        call.whenComplete(
            (r, e) -> {
              if (e == null) {
                answered.add(batch);
              } else {
                failed.put(batch, e instanceof RpcException x ? x.status() : Status.UNKNOWN);
              }
              window.release();
            });
        if (answered.size() >= KILL_AFTER_ANSWERS) {
          // Right after a send, with up to IN_FLIGHT batches on the wire or in a transaction.
          exit = store.kill(Duration.ofSeconds(30));
        }
      }
      assertThat(exit).as("the store was killed mid-stream").isEqualTo(137);
      for (RpcFuture<IngestResponse> call : calls) {
        try {
          call.get(CALL_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          // Recorded in failed: the kill cut the connection.
        } catch (TimeoutException e) {
          throw new AssertionError("an ingest call neither answered nor failed", e);
        }
      }
    }

    Set<Integer> unanswered = new HashSet<>(sent);
    unanswered.removeAll(answered);
    assertThat(unanswered).as("batches in flight when the kill came").isNotEmpty();
    assertThat(failed.keySet()).isEqualTo(unanswered);
    assertThat(new HashSet<>(failed.values())).containsOnly(Status.UNAVAILABLE);

    // With the store dead, the database shows what survived: whole batches only, every
    // acknowledged one among them.
    Map<Integer, Integer> before = ResiliencePostgres.rowsPerBatch(schema);
    assertThat(new HashSet<>(before.values())).as("rows per stored batch").containsOnly(BATCH_SIZE);
    assertThat(before.keySet()).containsAll(answered);
    assertThat(sent).containsAll(before.keySet());
    Set<Integer> committedUnanswered = new HashSet<>(before.keySet());
    committedUnanswered.removeAll(answered);
    System.out.printf(
        "kill -9 after %d answers: %d sent, %d unanswered (%d of those committed before the"
            + " kill), %d batches stored%n",
        answered.size(), sent.size(), unanswered.size(), committedUnanswered.size(), before.size());

    try (ServiceProcess store = ServiceProcess.start(StoreServiceMain.class, env, START_TIMEOUT);
        RpcClient<StoreService> client = connect(store)) {
      // Resend everything, as a fetcher that lost its answers would: stored batches come back
      // unchanged, the rest are inserted whole.
      for (int b = 0; b < BATCHES; b++) {
        IngestResponse r =
            client
                .stub()
                .ingestEntries(
                    new IngestRequest(feeds[b % FEEDS], ResiliencePostgres.batch(b, BATCH_SIZE)));
        int had = before.getOrDefault(b, 0);
        assertThat(r.inserted()).as("batch %d inserted", b).isEqualTo(BATCH_SIZE - had);
        assertThat(r.unchanged()).as("batch %d unchanged", b).isEqualTo(had);
        assertThat(r.updated()).isZero();
      }

      long[] counts = ResiliencePostgres.entryCounts(schema);
      assertThat(counts)
          .containsExactly(BATCHES * BATCH_SIZE, BATCHES * BATCH_SIZE, BATCHES * BATCH_SIZE);
      assertThat(ResiliencePostgres.rowsPerBatch(schema))
          .hasSize(BATCHES)
          .allSatisfy((b, rows) -> assertThat(rows).isEqualTo(BATCH_SIZE));

      // The change feed, as the ranker tails it, carries each entry exactly once.
      Set<String> seen = new HashSet<>();
      long cursor = 0;
      int pages = 0;
      for (; pages < BATCHES * BATCH_SIZE / 500 + 2; pages++) {
        EntriesSinceResponse page =
            client.stub().entriesSince(new EntriesSinceRequest(cursor, 500, true));
        if (page.entries().isEmpty()) {
          break;
        }
        for (Entry e : page.entries()) {
          assertThat(seen.add(e.feedId() + "/" + e.entryKey()))
              .as("once: " + e.entryKey())
              .isTrue();
        }
        cursor = page.lastSequence();
      }
      assertThat(seen).hasSize(BATCHES * BATCH_SIZE);
    }
  }

  private static RpcClient<StoreService> connect(ServiceProcess store) {
    // One attempt per call: the test decides what to resend, not the client's retry.
    ClientConfig config =
        ClientConfig.defaults(new Endpoint("127.0.0.1", store.port())).toBuilder()
            .callTimeout(CALL_TIMEOUT)
            .maxAttempts(1)
            .build();
    return RpcClient.connect(InkzeeCatalogue.get(), StoreService.class, config);
  }
}
