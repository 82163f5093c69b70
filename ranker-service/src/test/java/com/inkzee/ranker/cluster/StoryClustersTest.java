package com.inkzee.ranker.cluster;

import static com.inkzee.ranker.testing.TestEntries.NOW;
import static com.inkzee.ranker.testing.TestEntries.entry;
import static com.inkzee.ranker.testing.TestEntries.simHash;
import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.testing.TestEntries.MutableClock;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoryClustersTest {
  static final String STORY =
      "The city council approved the new budget on Tuesday after a long debate about funding for"
          + " public transport, school repairs and the renovation of the central library, which"
          + " had been closed for two years because of water damage.";
  static final String STORY_EDITED = STORY.replace("Tuesday", "Wednesday") + " Updated at 10:00.";
  static final String SIMILAR_OTHER_STORY =
      "The city council rejected the new stadium plan on Friday after a short debate about"
          + " parking for the arena, traffic on the ring road and the cost of moving the old"
          + " market, which had been on the square for forty years before the war.";

  private EntryWindow window;
  private StoryClusters clusters;

  @BeforeEach
  void setUp() {
    window = new EntryWindow(Duration.ofDays(14), new MutableClock(NOW));
    clusters = new StoryClusters(window::get);
    window.addListener(clusters);
  }

  @Test
  void threeFeedsCarryingOneStoryCollapseByUrlAndByText() {
    window.put(
        entry(
            1,
            10,
            NOW.minusSeconds(3600),
            "Budget approved",
            "https://news.example/budget",
            STORY));
    window.put(
        entry(
            2,
            20,
            NOW.minusSeconds(1800),
            "Council passes budget",
            "http://www.news.example/budget/?utm_source=rss&fbclid=abc#top",
            "Short teaser."));
    window.put(
        entry(
            3,
            30,
            NOW.minusSeconds(600),
            "Budget: the vote",
            "https://other.example/vote",
            STORY_EDITED));

    StoryCluster cluster = clusters.clusterOf(3);
    assertThat(cluster).isNotNull();
    assertThat(cluster.members()).extracting(WindowEntry::id).containsExactly(1L, 2L, 3L);
    assertThat(cluster.distinctFeeds()).isEqualTo(3);
    assertThat(cluster.representative().id()).isEqualTo(1);
    assertThat(clusters.clusterOf(1).id()).isEqualTo(cluster.id());
    assertThat(clusters.clusterCount()).isEqualTo(1);
  }

  /**
   * An update that moves an entry's date out of the window removes the version held: it used to be
   * dropped at the horizon check before the held version was looked at, so the old version stayed
   * in the window, shown and clustered under a date the entry no longer had.
   */
  @Test
  void anUpdateDatedOutsideTheWindowRemovesTheHeldVersionAndItsClustering() {
    window.put(entry(1, 10, NOW.minus(Duration.ofDays(1)), "Budget", "https://n.example/b", STORY));
    window.put(entry(2, 20, NOW.minus(Duration.ofDays(1)), "Budget", "https://n.example/b", STORY));
    assertThat(clusters.clusterOf(1)).isNotNull();
    WindowEntry held = window.get(1);
    WindowEntry redated =
        new WindowEntry(
            1,
            held.sequence() + 10,
            10,
            held.title(),
            held.url(),
            null,
            held.text(),
            List.of(),
            NOW.minus(Duration.ofDays(20)),
            held.fingerprint(),
            100);

    assertThat(window.put(redated)).as("the window changed").isTrue();

    assertThat(window.get(1)).isNull();
    assertThat(window.feed(10)).isEmpty();
    assertThat(clusters.clusterOf(1)).isNull();
    assertThat(clusters.clusterOf(2)).as("alone now").isNull();
  }

  @Test
  void twoDifferentStoriesWithSimilarTextDoNotCollapse() {
    assertThat(Long.bitCount(simHash(STORY) ^ simHash(SIMILAR_OTHER_STORY))).isGreaterThan(10);
    window.put(entry(1, 10, NOW, "Budget", "https://a.example/1", STORY));
    window.put(entry(2, 20, NOW, "Stadium", "https://b.example/2", SIMILAR_OTHER_STORY));
    assertThat(clusters.clusterOf(1)).isNull();
    assertThat(clusters.clusterOf(2)).isNull();
  }

  @Test
  void nearDuplicatesInOneFeedOrDaysApartAreNotOneStory() {
    window.put(entry(1, 10, NOW, "Budget", "https://a.example/1", STORY));
    window.put(entry(2, 10, NOW, "Budget again", "https://a.example/2", STORY_EDITED));
    window.put(
        entry(3, 20, NOW.minus(Duration.ofDays(4)), "Old", "https://b.example/3", STORY_EDITED));
    assertThat(clusters.clusterOf(1)).isNull();
    assertThat(clusters.clusterOf(3)).isNull();
  }

  /**
   * A URL joins copies from different feeds published close together. One feed pointing every item
   * at its home page (a podcast, a comic) tells many stories, and a page linked again weeks later
   * is news again: its new copies join each other, not the old one.
   */
  @Test
  void aSharedUrlJoinsOnlyOtherFeedsCopiesFromTheSameDays() {
    String home = "https://podcast.example/";
    window.put(entry(1, 10, NOW.minus(Duration.ofDays(7)), "Episode 1", home, ""));
    window.put(entry(2, 10, NOW.minus(Duration.ofDays(1)), "Episode 2", home, ""));
    window.put(entry(3, 10, NOW, "Episode 3", home, ""));
    assertThat(clusters.clusterOf(1)).isNull();
    assertThat(clusters.clusterOf(2)).isNull();
    assertThat(clusters.clusterOf(3)).isNull();

    window.put(entry(4, 20, NOW.minus(Duration.ofDays(6)), "Old notes", home, ""));
    assertThat(clusters.clusterOf(4).members()).extracting(WindowEntry::id).containsExactly(1L, 4L);
    window.put(entry(5, 30, NOW, "This week's show", home + "?utm_source=rss", ""));
    window.put(entry(6, 40, NOW.minusSeconds(600), "Listen now", home, ""));
    assertThat(clusters.clusterOf(5).members())
        .as("days after the first copies: a new story, anchored by the newer copy")
        .extracting(WindowEntry::id)
        .containsExactlyInAnyOrder(5L, 6L);
    assertThat(clusters.clusterOf(1).members()).extracting(WindowEntry::id).containsExactly(1L, 4L);
  }

  /**
   * Two feeds pointing every item at one home page (a show and its mirror): the mirror's first item
   * joins the show's, but its next items are other stories, not more copies of that one.
   */
  @Test
  void aSharedUrlJoinsOneCopyPerFeed() {
    String home = "https://show.example/";
    window.put(entry(1, 10, NOW.minusSeconds(7200), "Episode 1", home, ""));
    window.put(entry(2, 20, NOW.minusSeconds(3600), "Episode 1 (mirror)", home, ""));
    window.put(entry(3, 20, NOW.minusSeconds(1800), "Episode 2 (mirror)", home, ""));
    window.put(entry(4, 20, NOW, "Episode 3 (mirror)", home, ""));

    assertThat(clusters.clusterOf(1).members()).extracting(WindowEntry::id).containsExactly(1L, 2L);
    assertThat(clusters.clusterOf(3)).isNull();
    assertThat(clusters.clusterOf(4)).isNull();
  }

  @Test
  void removingAMemberShrinksAndFinallyDissolvesTheCluster() {
    window.put(entry(1, 10, NOW, "a", "https://x.example/s", ""));
    window.put(entry(2, 20, NOW, "b", "https://x.example/s?utm_medium=email", ""));
    window.put(entry(3, 30, NOW, "c", "https://www.x.example/s", ""));
    assertThat(clusters.clusterOf(2).members()).hasSize(3);
    window.remove(1); // the URL's anchor: another member must take over
    assertThat(clusters.clusterOf(2).members()).extracting(WindowEntry::id).containsExactly(2L, 3L);
    window.put(entry(4, 40, NOW, "d", "https://x.example/s/", ""));
    assertThat(clusters.clusterOf(4).members()).hasSize(3);
    window.remove(2);
    window.remove(3);
    assertThat(clusters.clusterOf(4)).isNull();
    assertThat(clusters.clusterCount()).isZero();
  }

  private int[] widest(long... feeds) {
    int[] out = new int[feeds.length];
    clusters.widestStories(feeds, out);
    return out;
  }

  @Test
  void eachFeedsWidestStoryBoundsItsStoriesAndIsRecountedAfterManyRemovals() {
    window.put(entry(1, 10, NOW, "a", "https://x.example/s", ""));
    window.put(entry(2, 20, NOW, "b", "https://x.example/s?utm_medium=email", ""));
    window.put(entry(3, 30, NOW, "c", "https://www.x.example/s", ""));
    window.put(entry(4, 10, NOW, "d", "https://y.example/t", ""));
    window.put(entry(5, 40, NOW, "e", "https://y.example/t", ""));
    assertThat(widest(10, 20, 30, 40, 99)).containsExactly(3, 3, 3, 2, 1);

    window.remove(3); // the bound may stay loose for a while, never below the truth
    assertThat(widest(10, 20, 30)).satisfies(w -> assertThat(w[0]).isGreaterThanOrEqualTo(2));

    // Enough clustered removals since the last recount (1,024; each round dissolves one pair,
    // which counts once) make it exact again.
    long id = 100;
    for (int round = 0; round < 1_100; round++) {
      window.put(entry(id, 50, NOW, "p", "https://z.example/" + round, ""));
      window.put(entry(id + 1, 60, NOW, "q", "https://z.example/" + round, ""));
      window.remove(id);
      window.remove(id + 1);
      id += 2;
    }
    assertThat(widest(10, 20, 30, 40)).containsExactly(2, 2, 1, 2);
    assertThat(widest(50, 60)).containsOnly(2); // raised again by the pairs after the recount
  }

  @Test
  void aReplacedEntryIsReclusteredByItsNewContent() {
    window.put(entry(1, 10, NOW, "a", "https://x.example/s", ""));
    window.put(entry(2, 20, NOW, "b", "https://x.example/s", ""));
    assertThat(clusters.clusterOf(1)).isNotNull();
    window.put(
        new WindowEntry(2, 99, 20, "b", "https://y.example/other", null, "", List.of(), NOW, 0, 0));
    assertThat(clusters.clusterOf(1)).isNull();
    assertThat(clusters.clusterOf(2)).isNull();
  }

  @Test
  void findsEveryPairWithinTenBitsWithoutComparingAllPairs() {
    // Exact recall of the banded multi-probe index: 2,000 random pairs, each at 0..10 bits.
    Random random = new Random(7);
    String text = "x".repeat(StoryClusters.MIN_TEXT_CHARS);
    for (int i = 0; i < 2_000; i++) {
      long fp = random.nextLong();
      long flipped = fp;
      int bits = i % 11;
      while (Long.bitCount(fp ^ flipped) < bits) {
        flipped ^= 1L << random.nextInt(64);
      }
      long a = 2L * i + 1;
      // Same headline, so the title check agrees: this test is about the index finding the pair.
      String title = "Council approves the budget";
      window.put(new WindowEntry(a, a, 1, title, null, null, text, List.of(), NOW, fp, 0));
      window.put(
          new WindowEntry(a + 1, a + 1, 2, title, null, null, text, List.of(), NOW, flipped, 0));
      StoryCluster cluster = clusters.clusterOf(a + 1);
      assertThat(cluster).as("pair %d at %d bits", i, bits).isNotNull();
      assertThat(cluster.members()).extracting(WindowEntry::id).contains(a, a + 1);
      window.remove(a);
      window.remove(a + 1);
    }
  }

  @Test
  void closeFingerprintsWithUnrelatedHeadlinesAreNotOneStory() {
    // Chance alone puts unrelated texts within 10 bits thousands of times in a million entries.
    String text = "x".repeat(StoryClusters.MIN_TEXT_CHARS);
    long fp = 0x5DEECE66DL;
    long fiveBitsAway = fp ^ 0b11111L;
    window.put(
        new WindowEntry(
            1, 1, 1, "Council approves the budget", null, null, text, List.of(), NOW, fp, 0));
    window.put(
        new WindowEntry(
            2,
            2,
            2,
            "Storm closes mountain passes",
            null,
            null,
            text,
            List.of(),
            NOW,
            fiveBitsAway,
            0));
    window.put(
        new WindowEntry(
            3,
            3,
            3,
            "City council approves budget",
            null,
            null,
            text,
            List.of(),
            NOW,
            fiveBitsAway,
            0));
    assertThat(clusters.clusterOf(2)).isNull();
    assertThat(clusters.clusterOf(3).members()).extracting(WindowEntry::id).containsExactly(1L, 3L);
  }

  @Test
  void untitledEntriesJoinOnlyWhenTheirTextsAreNearlyIdentical() {
    String text = "x".repeat(StoryClusters.MIN_TEXT_CHARS);
    long fp = 0x5DEECE66DL;
    window.put(new WindowEntry(1, 1, 1, "", null, null, text, List.of(), NOW, fp, 0));
    window.put(new WindowEntry(2, 2, 2, "", null, null, text, List.of(), NOW, fp ^ 0b111L, 0));
    window.put(new WindowEntry(3, 3, 3, "", null, null, text, List.of(), NOW, fp ^ 0xF0000L, 0));
    assertThat(clusters.clusterOf(2).members()).extracting(WindowEntry::id).containsExactly(1L, 2L);
    assertThat(clusters.clusterOf(3)).isNull();
  }

  @Test
  void doesNotJoinFingerprintsElevenOrMoreBitsApart() {
    Random random = new Random(11);
    String text = "x".repeat(StoryClusters.MIN_TEXT_CHARS);
    for (int i = 0; i < 500; i++) {
      long fp = random.nextLong();
      long far = fp;
      while (Long.bitCount(fp ^ far) < 11) {
        far ^= 1L << random.nextInt(64);
      }
      window.put(new WindowEntry(1, 2L * i, 1, "", null, null, text, List.of(), NOW, fp, 0));
      window.put(new WindowEntry(2, 2L * i, 2, "", null, null, text, List.of(), NOW, far, 0));
      assertThat(clusters.clusterOf(1)).isNull();
      window.remove(1);
      window.remove(2);
    }
  }
}
