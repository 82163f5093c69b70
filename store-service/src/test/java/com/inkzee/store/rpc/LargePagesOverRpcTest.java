package com.inkzee.store.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceResponse;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesResponse;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.store.testing.EmbeddedStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change feed of large entries over real Inkzee RPC, as the ranker's tailer reads it: 1,000
 * rows with content asked for, entries of ~1 MiB stored. A page by rows alone would pass the 16 MiB
 * frame and be answered RESOURCE_EXHAUSTED, every time, at the same cursor.
 */
class LargePagesOverRpcTest {
  private static final int ENTRIES = 20;
  private static final String CONTENT = "<p>" + "lorem ".repeat(170_000) + "</p>";

  @Test
  void changeFeedOfLargeEntriesComesInShortPagesThatContinue(@TempDir Path dataDir) {
    try (EmbeddedStore store = new EmbeddedStore(dataDir)) {
      ingestLargeEntries(store);

      EntriesSinceResponse first =
          store.store().entriesSince(new EntriesSinceRequest(0, 1000, false));
      assertThat(first.entries()).isNotEmpty().hasSizeLessThan(ENTRIES);
      assertThat(first.entries()).allSatisfy(e -> assertThat(e.content()).isEqualTo(CONTENT));
      List<String> keys = new ArrayList<>();
      first.entries().forEach(e -> keys.add(e.entryKey()));
      long cursor = first.lastSequence();
      while (true) {
        EntriesSinceResponse page =
            store.store().entriesSince(new EntriesSinceRequest(cursor, 1000, false));
        if (page.entries().isEmpty()) {
          break;
        }
        page.entries().forEach(e -> keys.add(e.entryKey()));
        cursor = page.lastSequence();
      }
      assertThat(keys).hasSize(ENTRIES).doesNotHaveDuplicates();
    }
  }

  /**
   * getEntries by ids, as the web reader opens a page of them with content: the answer stops at the
   * page budget and defers the rest, in the order asked, instead of failing RESOURCE_EXHAUSTED.
   */
  @Test
  void entriesByIdWithLargeContentComeInAnswersThatDeferTheRest(@TempDir Path dataDir) {
    try (EmbeddedStore store = new EmbeddedStore(dataDir)) {
      ingestLargeEntries(store);
      List<Long> stored = new ArrayList<>();
      store
          .store()
          .entriesSince(new EntriesSinceRequest(0, 1000, true))
          .entries()
          .forEach(e -> stored.add(e.id()));
      assertThat(stored).hasSize(ENTRIES);
      // Newest first, as a river asks, with an id that does not exist in the middle.
      List<Long> newestFirst = new ArrayList<>(stored);
      Collections.reverse(newestFirst);
      List<Long> asked = new ArrayList<>(newestFirst);
      asked.add(ENTRIES / 2, 999_999L);

      GetEntriesResponse first = store.store().getEntries(new GetEntriesRequest(asked, false));
      assertThat(first.entries()).isNotEmpty().hasSizeLessThan(ENTRIES);
      assertThat(first.deferredIds()).isNotEmpty();
      assertThat(first.entries()).allSatisfy(e -> assertThat(e.content()).isEqualTo(CONTENT));

      List<Long> read = new ArrayList<>();
      first.entries().forEach(e -> read.add(e.id()));
      List<Long> rest = first.deferredIds();
      for (int round = 0; !rest.isEmpty(); round++) {
        assertThat(round).as("rounds").isLessThan(ENTRIES);
        GetEntriesResponse next = store.store().getEntries(new GetEntriesRequest(rest, false));
        next.entries().forEach(e -> read.add(e.id()));
        rest = next.deferredIds();
      }
      assertThat(read).isEqualTo(newestFirst);
    }
  }

  private static void ingestLargeEntries(EmbeddedStore store) {
    long feed = store.subscribe(store.createUser("big"), "https://big.example/feed");
    for (int i = 0; i < ENTRIES; i += 5) {
      List<EntryInput> batch = new ArrayList<>();
      for (int j = i; j < i + 5; j++) {
        String key = "big" + j;
        batch.add(
            new EntryInput(
                key,
                key,
                "https://big.example/" + key,
                "Big " + j,
                "Author",
                null,
                CONTENT,
                List.of(),
                List.of(),
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(j),
                null,
                0L,
                "en"));
      }
      store.store().ingestEntries(new IngestRequest(feed, batch));
    }
  }
}
