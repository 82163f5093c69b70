package com.inkzee.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.AdminMessages.RetentionRequest;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import com.inkzee.store.entries.RetentionPurger;
import com.inkzee.store.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Retention goes on past a full chunk in which an entry was starred while it ran: it once stopped
 * when fewer than a chunk were deleted, leaving old entries until the next run. PostgreSQL only, in
 * a schema of its own, since the test needs exactly one chunk of entries to purge and holds
 * retention between its choice and its delete (as PostgresStoreContractIT$RetentionRace does).
 */
class RetentionChunkIT extends EngineContract {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private String schema;

  @Override
  protected Database openDatabase() throws Exception {
    TestPostgres.assumeReachable("RetentionChunkIT");
    schema = TestPostgres.newSchema("t_chunk_");
    return TestDatabases.postgres(schema);
  }

  @Override
  protected void closeDatabase() throws Exception {
    if (schema != null) {
      TestPostgres.dropSchema(schema);
    }
  }

  @Override
  protected Instant start() {
    return T0;
  }

  @Test
  void anEntryStarredInAFullChunkDoesNotEndTheRunEarly() throws Exception {
    long user = store.createUser(new CreateUserRequest("keeper", null)).user().id();
    long feed =
        store
            .subscribe(new SubscribeRequest(user, "https://chunk.example/feed", null, null, 0))
            .subscription()
            .feedId();
    // A full chunk to purge, and one more entry starred for now: the first chunk chooses exactly
    // the unstarred ones.
    int total = RetentionPurger.CHUNK + 1;
    for (int from = 0; from < total; from += 1000) {
      List<EntryInput> batch = new ArrayList<>();
      for (int i = from; i < Math.min(total, from + 1000); i++) {
        batch.add(StoreContract.entry("e" + i, "t" + i, "x", T0.plusSeconds(i)));
      }
      store.ingestEntries(new IngestRequest(feed, batch));
    }
    List<Entry> all = entries(feed);
    assertThat(all).hasSize(total);
    long starredBefore = idOf(all, "e0"); // unstarred while retention runs
    long starredDuring = idOf(all, "e1"); // chosen, then starred before the delete
    star(user, starredBefore, true);
    clock.advance(Duration.ofDays(40));

    ExecutorService pool = Executors.newSingleThreadExecutor();
    long purged;
    try (Connection held = TestPostgres.connect(schema);
        Connection watcher = TestPostgres.connect(schema)) {
      held.setAutoCommit(false);
      watcher.setAutoCommit(false);
      try (PreparedStatement ps =
          held.prepareStatement(
              "INSERT INTO tombstones (feed_id, entry_key, removed_at) VALUES (?, 'e1', ?)")) {
        ps.setLong(1, feed);
        Sql.setInstant(ps, 2, T0);
        ps.executeUpdate(); // not committed: retention's tombstone of e1 waits for it
      }
      Future<Long> run =
          pool.submit(() -> store.runRetention(new RetentionRequest(30, 0)).purged());
      TestPostgres.awaitStoreSessionsWaiting(watcher, 1); // chosen, not yet deleted
      star(user, starredDuring, true);
      star(user, starredBefore, false);
      held.rollback();
      purged = run.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(entries(feed))
        .as("the entry starred during the run is kept; the one unstarred is purged in the same run")
        .extracting(Entry::entryKey)
        .containsExactly("e1");
    assertThat(purged).isEqualTo(total - 1);
  }

  private void star(long user, long entryId, boolean starred) {
    store.setEntryStates(new SetEntryStatesRequest(user, List.of(entryId), null, starred, null));
  }

  private List<Entry> entries(long feed) {
    List<Entry> out = new ArrayList<>();
    ListEntriesRequest page = new ListEntriesRequest(List.of(feed), null, null, 1000, null, true);
    while (true) {
      var r = store.listEntries(page);
      out.addAll(r.entries());
      if (r.next() == null) {
        return out;
      }
      page = new ListEntriesRequest(List.of(feed), null, null, 1000, r.next(), true);
    }
  }

  private static long idOf(List<Entry> entries, String key) {
    return entries.stream().filter(e -> e.entryKey().equals(key)).findFirst().orElseThrow().id();
  }
}
