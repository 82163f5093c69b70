package com.inkzee.ranker.cluster;

import static com.inkzee.ranker.testing.TestEntries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.testing.TestEntries.MutableClock;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Batches probed in parallel ({@link StoryClusters#beforePuts}) end in exactly the clusters one
 * entry at a time makes: same members, same order, same cluster ids.
 */
class StoryClustersBatchTest {
  private static final String[] WORDS = {
    "council", "budget", "storm", "harbor", "ferry", "election", "library", "market", "bridge",
    "festival", "school", "railway", "museum", "airport", "hospital", "stadium", "river", "forest"
  };

  /** A window and its clusters, side by side. */
  private record Indexed(EntryWindow window, StoryClusters clusters) {
    static Indexed create() {
      EntryWindow window = new EntryWindow(Duration.ofDays(14), new MutableClock(NOW));
      StoryClusters clusters = new StoryClusters(window::get);
      window.addListener(clusters);
      return new Indexed(window, clusters);
    }
  }

  /**
   * Stories copied by several feeds: fingerprints 0-12 bits apart, headlines that share words or
   * not, copies up to 5 days apart, some under one URL, some too short to compare, some from the
   * same feed.
   */
  private static List<WindowEntry> corpus(long seed, int stories, long firstId) {
    Random random = new Random(seed);
    String text = "x".repeat(StoryClusters.MIN_TEXT_CHARS);
    List<WindowEntry> entries = new ArrayList<>();
    long id = firstId;
    for (int s = 0; s < stories; s++) {
      long fp = random.nextLong();
      String headline =
          WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
      int copies = 1 + random.nextInt(6);
      for (int c = 0; c < copies; c++) {
        long copyFp = fp;
        int bits = random.nextInt(13);
        while (Long.bitCount(fp ^ copyFp) < bits) {
          copyFp ^= 1L << random.nextInt(64);
        }
        String title =
            random.nextInt(4) == 0
                ? WORDS[random.nextInt(WORDS.length)] + " news"
                : headline + " " + WORDS[random.nextInt(WORDS.length)];
        String url =
            random.nextInt(5) == 0
                ? "https://story.example/" + s
                : "https://feed" + c + ".example/" + id;
        long feed = random.nextInt(8) == 0 ? 1 : 1 + random.nextInt(40);
        entries.add(
            new WindowEntry(
                id,
                id,
                feed,
                title,
                url,
                null,
                random.nextInt(10) == 0 ? "short" : text,
                List.of(),
                NOW.minusSeconds(random.nextInt(5 * 86_400)),
                copyFp,
                0));
        id++;
      }
    }
    // Copies of one story arrive far apart, as across a real load's pages.
    Collections.shuffle(entries, random);
    return entries;
  }

  private static void assertSameClusters(Indexed batched, Indexed single, List<WindowEntry> all) {
    for (WindowEntry e : all) {
      long id = e.id();
      assertThat(batched.clusters().clusterId(id))
          .as("cluster of %d", id)
          .isEqualTo(single.clusters().clusterId(id));
      assertThat(batched.clusters().members(id))
          .as("members of %d", id)
          .isEqualTo(single.clusters().members(id));
    }
    assertThat(batched.clusters().clusterCount()).isEqualTo(single.clusters().clusterCount());
  }

  @Test
  void aLoadInPagesClustersAsOneEntryAtATime() {
    List<WindowEntry> all = corpus(20_240_601L, 1_500, 1);
    Indexed batched = Indexed.create();
    Indexed single = Indexed.create();
    for (int from = 0; from < all.size(); from += 500) {
      batched.window().putAll(all.subList(from, Math.min(all.size(), from + 500)));
    }
    for (WindowEntry e : all) {
      single.window().put(e);
    }
    assertThat(batched.clusters().batchProbed()).isEqualTo(all.size());
    assertThat(single.clusters().batchProbed()).isZero();
    assertThat(single.clusters().clusterCount())
        .as("the corpus has stories to find")
        .isGreaterThan(100);
    assertSameClusters(batched, single, all);
  }

  @Test
  void aBatchThatReplacesEntriesGoesOneAtATimeAndAgreesToo() {
    List<WindowEntry> first = corpus(7, 400, 1);
    List<WindowEntry> second = new ArrayList<>(corpus(8, 200, 10_000));
    // Newer versions of some loaded entries: moved a few bits, so their clusters change.
    for (int i = 0; i < first.size(); i += 9) {
      WindowEntry e = first.get(i);
      second.add(
          new WindowEntry(
              e.id(),
              e.sequence() + 100_000,
              e.feedId(),
              e.title(),
              e.url(),
              null,
              e.text(),
              List.of(),
              e.sortAt(),
              e.fingerprint() ^ 0b1011L,
              0));
    }
    Indexed batched = Indexed.create();
    Indexed single = Indexed.create();
    batched.window().putAll(first);
    batched.window().putAll(second);
    for (WindowEntry e : first) {
      single.window().put(e);
    }
    for (WindowEntry e : second) {
      single.window().put(e);
    }
    assertThat(batched.clusters().batchProbed()).as("only the first batch").isEqualTo(first.size());
    List<WindowEntry> all = new ArrayList<>(first);
    all.addAll(second);
    assertSameClusters(batched, single, all);
  }

  @Test
  void smallBatchesAreNotWorthTheThreads() {
    Indexed indexed = Indexed.create();
    List<WindowEntry> few = corpus(3, 60, 1).subList(0, StoryClusters.PARALLEL_BATCH_MIN - 1);
    indexed.window().putAll(few);
    assertThat(indexed.clusters().batchProbed()).isZero();
  }
}
