package com.inkzee.ranker.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.store.testing.EmbeddedStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tailer against a real store over RPC. */
class ChangeFeedTailerTest {
  @TempDir Path dir;

  /**
   * The store ends a page of big entries early, at its byte budget, with more behind it: the tailer
   * reads on at once instead of taking the short page for "caught up" and waiting its idle pause
   * between pages (a full-text burst then reached the ranker one page a pause).
   */
  @Test
  void readsOnAtOnceAfterAPageTheStoreCutShort() {
    try (EmbeddedStore store = new EmbeddedStore(dir.resolve("store"))) {
      long user = store.createUser("tailer");
      long feed = store.subscribe(user, "https://big.example/feed");
      String megabyte = "x".repeat(1024 * 1024 - 64);
      List<EntryInput> big = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        big.add(
            new EntryInput(
                "k" + i,
                "k" + i,
                "https://big.example/" + i,
                "Long read " + i,
                null,
                null,
                i + megabyte,
                List.of(),
                List.of(),
                Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i),
                null,
                i,
                "en"));
      }
      for (int from = 0; from < big.size(); from += 4) {
        store.store().ingestEntries(new IngestRequest(feed, big.subList(from, from + 4)));
      }

      Set<String> seen = ConcurrentHashMap.newKeySet();
      List<Integer> pages = new ArrayList<>();
      try (ChangeFeedTailer tailer =
          new ChangeFeedTailer(
                  store.store(),
                  0,
                  entries -> {
                    synchronized (pages) {
                      pages.add(entries.size());
                    }
                    entries.stream().map(Entry::entryKey).forEach(seen::add);
                  },
                  null,
                  Duration.ofMinutes(2)) // a pause no test waits out
              .start()) {
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() == big.size());
        synchronized (pages) {
          assertThat(pages).as("the store cut the pages short").hasSizeGreaterThan(1);
        }
      }
    }
  }
}
