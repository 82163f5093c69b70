package com.inkzee.ranker.window;

import static com.inkzee.ranker.testing.TestEntries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.cluster.StoryClusters;
import com.inkzee.ranker.testing.TestEntries;
import com.inkzee.ranker.testing.TestEntries.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Measures the heap the window (and the clusters beside it) take per entry of realistic size, to
 * check the budget: a million entries with ~300 characters of text in under 2 GiB.
 */
class WindowMemoryTest {
  /** 2 GiB over a million entries. */
  private static final long BUDGET_BYTES_PER_ENTRY = (2L << 30) / 1_000_000;

  /** Enough entries that per-object noise averages out; small enough for a default test heap. */
  private static final int ENTRIES = 200_000;

  @Test
  void aWindowEntryWithThreeHundredCharactersOfTextFitsTheBudget() {
    Random random = new Random(42);
    long before = usedHeapAfterGc();
    EntryWindow window = new EntryWindow(EntryWindow.DEFAULT_SPAN, new MutableClock(NOW));
    StoryClusters clusters = new StoryClusters(window::get);
    window.addListener(clusters);
    List<WindowEntry> batch = new ArrayList<>(10_000);
    long putNanos = 0;
    for (int i = 1; i <= ENTRIES; i++) {
      batch.add(realistic(i, random));
      if (batch.size() == 10_000 || i == ENTRIES) {
        long start = System.nanoTime();
        window.putAll(batch);
        putNanos += System.nanoTime() - start;
        batch.clear();
      }
    }
    // Informational only (performance is measured by the benchmarks, never asserted here).
    System.out.printf("putAll with clusters: %.1f µs per entry%n", putNanos / 1000.0 / ENTRIES);
    long after = usedHeapAfterGc();
    long perEntry = (after - before) / ENTRIES;
    System.out.printf(
        "window + clusters: %d entries, %d clusters, %d bytes/entry, %.0f MiB per million%n",
        window.size(), clusters.clusterCount(), perEntry, perEntry * 1_000_000 / 1048576.0);
    assertThat(window.size()).isEqualTo(ENTRIES);
    assertThat(perEntry).isLessThan(BUDGET_BYTES_PER_ENTRY);
  }

  private static WindowEntry realistic(long id, Random random) {
    StringBuilder text = new StringBuilder(300);
    while (text.length() < 300) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    String body = text.substring(0, 300);
    long feedId = 1 + random.nextInt(20_000);
    return new WindowEntry(
        id,
        id,
        feedId,
        "A title of about sixty characters, number " + id + " of the feed",
        "https://news.example"
            + feedId
            + ".com/2024/05/01/some-story-slug-"
            + id
            + "?utm_source=rss",
        new String("Jane Doe " + (id % 1000)),
        body,
        List.of(new String("Technology"), new String("Europe")),
        NOW.minusSeconds(random.nextInt(13 * 86_400)),
        TestEntries.simHash(body),
        500);
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  private static final String[] WORDS = {
    "the",
    "council",
    "approved",
    "budget",
    "after",
    "debate",
    "about",
    "funding",
    "transport",
    "school",
    "library",
    "water",
    "damage",
    "river",
    "city",
    "minister",
    "said",
    "report",
    "market",
    "energy",
    "prices",
    "rose",
    "week",
    "government",
    "plan",
    "new",
    "data",
    "shows"
  };
}
