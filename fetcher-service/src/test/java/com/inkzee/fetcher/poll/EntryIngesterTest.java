package com.inkzee.fetcher.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.AdminMessages.FeedStatsRequest;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.store.testing.EmbeddedStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches to a real store over RPC on loopback, bounded by count and by size. */
class EntryIngesterTest {
  @TempDir Path dataDir;

  /**
   * 1,000 entries of 25 KiB each (25 MB) went in one request: the client refused it as over the 16
   * MiB frame limit on every poll, and none of them was ever stored.
   */
  @Test
  void sendsLargeEntriesInSeveralBatchesUnderTheFrameLimitAndStoresThemAll() {
    try (EmbeddedStore store = new EmbeddedStore(dataDir)) {
      long user = store.createUser("reader");
      long feed = store.subscribe(user, "https://big.example/feed");
      List<Integer> sent = Collections.synchronizedList(new ArrayList<>());
      StoreService counting = counting(store.store(), sent);
      List<EntryInput> entries = new ArrayList<>();
      for (int i = 0; i < StoreLimits.MAX_BATCH_ENTRIES; i++) {
        entries.add(entry(i, 20 * 1024, 5 * 1024));
      }

      IngestResponse r = new EntryIngester(counting).ingest(feed, entries);

      assertThat(r.inserted()).isEqualTo(1000);
      assertThat(sent).hasSizeGreaterThanOrEqualTo(3); // 25 MB in batches of 8 MiB at most
      assertThat(sent.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
      // Counted by the store (a listing page is cut by size too).
      long stored =
          store.store().feedStats(new FeedStatsRequest(List.of(feed), 0)).feeds().get(0).entries();
      assertThat(stored).isEqualTo(1000);
    }
  }

  /**
   * A feed of more than one batch that lists an entry twice, once in each batch: both copies were
   * written on every poll (the store keeps one copy per key within a batch only), so a feed that
   * had not changed made an update, and a change-feed event, each time.
   */
  @Test
  void aKeyListedInTwoBatchesIsSentOnceAndARepeatedPollChangesNothing() {
    try (EmbeddedStore store = new EmbeddedStore(dataDir)) {
      long user = store.createUser("reader");
      long feed = store.subscribe(user, "https://twice.example/feed");
      List<EntryInput> entries = new ArrayList<>();
      for (int i = 0; i < 1_500; i++) {
        entries.add(entry(i, 100, 0));
      }
      entries.set(5, retitled(entries.get(5), "An older copy"));
      entries.set(1_200, retitled(entries.get(5), "The copy listed last"));
      EntryIngester ingester = new EntryIngester(store.store());

      IngestResponse first = ingester.ingest(feed, entries);
      IngestResponse again = ingester.ingest(feed, entries);

      assertThat(first.inserted()).isEqualTo(1_499);
      assertThat(again.updated()).as("a repeated poll of the same feed").isZero();
      assertThat(again.unchanged()).isEqualTo(1_499);
      assertThat(EntryIngester.batches(entries).stream().mapToInt(List::size).sum())
          .isEqualTo(1_499);
      assertThat(
              EntryIngester.oneCopyPerKey(entries).stream()
                  .filter(e -> e.entryKey().equals("k5"))
                  .map(EntryInput::title))
          .containsExactly("The copy listed last");
    }
  }

  private static EntryInput retitled(EntryInput e, String title) {
    return new EntryInput(
        e.entryKey(),
        e.guid(),
        e.url(),
        title,
        e.author(),
        e.summary(),
        e.content(),
        e.categories(),
        e.enclosures(),
        e.publishedAt(),
        e.updatedAt(),
        e.fingerprint(),
        e.language());
  }

  @Test
  void keepsEveryBatchWithinTheByteBoundAndPutsAnEntryOfTheLargestSizeInOne() {
    List<EntryInput> entries = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      // Over the limits on purpose: fitting comes first, so each is at most 1 MiB + 64 KiB.
      entries.add(entry(i, 2 * StoreLimits.MAX_SUMMARY_BYTES, 2 * StoreLimits.MAX_CONTENT_BYTES));
    }
    List<List<EntryInput>> batches = EntryIngester.batches(entries);
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(30);
    for (List<EntryInput> b : batches) {
      long bytes = b.stream().mapToLong(EntryLimits::estimatedBytes).sum();
      assertThat(bytes).isLessThanOrEqualTo(EntryIngester.MAX_BATCH_BYTES);
      assertThat(b.get(0).content().length()).isEqualTo(StoreLimits.MAX_CONTENT_BYTES);
    }
    assertThat(batches).hasSizeGreaterThan(1);
    // Small entries still go 1,000 to a batch.
    List<EntryInput> small = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      small.add(entry(i, 100, 0));
    }
    assertThat(EntryIngester.batches(small))
        .extracting(List::size)
        .containsExactly(1000, 1000, 500);
  }

  private static EntryInput entry(int i, int summaryChars, int contentChars) {
    return new EntryInput(
        "k" + i,
        "k" + i,
        "https://big.example/" + i,
        "Entry " + i,
        null,
        "<p>" + Integer.toString(i).repeat(summaryChars / Integer.toString(i).length()) + "</p>",
        contentChars == 0 ? null : "x".repeat(contentChars),
        List.of(),
        List.of(),
        Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i),
        null,
        i,
        null);
  }

  /** {@code store} as is, noting the number of entries of every ingestEntries call. */
  private static StoreService counting(StoreService store, List<Integer> sent) {
    return (StoreService)
        Proxy.newProxyInstance(
            StoreService.class.getClassLoader(),
            new Class<?>[] {StoreService.class},
            (proxy, method, args) -> {
              if (method.getName().equals("ingestEntries")) {
                sent.add(((IngestRequest) args[0]).entries().size());
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
