package com.inkzee.ranker.score;

import static com.inkzee.ranker.testing.TestEntries.NOW;
import static com.inkzee.ranker.testing.TestEntries.entry;
import static com.inkzee.ranker.testing.TestEntries.withAuthor;
import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.score.PreferenceRule.Kind;
import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Preferences#liked} and {@link Scorer#ceiling}: together they let the ranked river skip
 * entries, so each must hold for every entry, not just usually.
 */
class PreferencesLikedTest {
  private static WindowEntry titled(long id, long feed, String title) {
    return entry(id, feed, NOW.minusSeconds(id * 60), title, "https://f.example/" + id, "");
  }

  @Test
  void likedAreTheEntriesWhoseMatchedWeightsSumAboveZero() {
    Preferences prefs =
        Preferences.of(
            List.of(
                PreferenceRule.everywhere(Kind.TITLE, "rust", 2),
                PreferenceRule.everywhere(Kind.TITLE, "crypto", -3),
                PreferenceRule.everywhere(Kind.AUTHOR, "Ada", 1),
                new PreferenceRule(Kind.TITLE, "kernel", 2, null, "Tech")));
    WindowEntry[] feed = {
      titled(1, 5, "Rust 2.0 released"), // +2
      titled(2, 5, "Rust and crypto"), // 2 - 3 < 0
      withAuthor(titled(3, 5, "Weather"), "Ada"), // +1
      titled(4, 5, "Kernel news"), // +2 only in folder Tech
      titled(5, 5, "Trusty tools"), // "rust" inside a word: no match
    };
    assertThat(prefs.liked(5, "Tech", feed)).containsExactly(0, 2, 3);
    assertThat(prefs.liked(5, "News", feed)).containsExactly(0, 2);
  }

  @Test
  void aFeedNoLikingRuleCanReachHasNoLikedEntriesAndIsNotRead() {
    Preferences prefs =
        Preferences.of(
            List.of(
                PreferenceRule.everywhere(Kind.TITLE, "rust", -2),
                new PreferenceRule(Kind.TITLE, "rust", 2, 9L, null),
                PreferenceRule.everywhere(Kind.FEED, "9", 3)));
    assertThat(prefs.maxGain(5, null)).isZero();
    assertThat(prefs.maxGain(9, null)).isEqualTo(5);
    assertThat(prefs.liked(5, null, new WindowEntry[] {titled(1, 5, "Rust")})).isEmpty();
    assertThat(Preferences.NONE.liked(5, null, new WindowEntry[] {titled(1, 5, "x")})).isEmpty();
  }

  @Test
  void aNewArrayOfTheFeedIsCheckedAgainNotServedFromTheCache() {
    Preferences prefs = Preferences.of(List.of(PreferenceRule.everywhere(Kind.TITLE, "rust", 2)));
    WindowEntry[] before = {titled(1, 5, "Go"), titled(2, 5, "Rust")};
    assertThat(prefs.liked(5, null, before)).containsExactly(1);
    assertThat(prefs.liked(5, null, before)).containsExactly(1);
    WindowEntry[] after = {titled(3, 5, "Rust again"), titled(1, 5, "Go"), titled(2, 5, "Rust")};
    assertThat(prefs.liked(5, null, after)).containsExactly(0, 2);
  }

  @Test
  void theCeilingIsNeverBelowTheScoreOfAnEntryNoLikingRuleMatches() {
    Scorer scorer = new Scorer();
    Long2ObjectOpenHashMap<FeedAffinity.Counts> counts = new Long2ObjectOpenHashMap<>();
    counts.put(5, new FeedAffinity.Counts(30, 4, 2, 0, 3));
    FeedAffinity affinity = FeedAffinity.of(counts);
    Preferences prefs =
        Preferences.of(
            List.of(
                PreferenceRule.everywhere(Kind.TITLE, "rust", 2),
                PreferenceRule.everywhere(Kind.TITLE, "storm", -3)));
    for (double rate : new double[] {0.05, 1, 5, 200}) {
      for (int clusterFeeds = 1; clusterFeeds <= 8; clusterFeeds++) {
        Scorer.FeedCeiling ceiling = scorer.ceiling(5, rate, "Tech", 2, 8, affinity, NOW);
        double previous = Double.MAX_VALUE;
        for (long ageSeconds = 0; ageSeconds < 14 * 86_400; ageSeconds += 3_637) {
          Instant at = NOW.minusSeconds(ageSeconds);
          WindowEntry e = entry(ageSeconds + 1, 5, at, "Storm warning", "https://x.example/", "");
          double score =
              scorer.total(new ScoreInput(e, NOW, rate, clusterFeeds, "Tech", 2), affinity, prefs);
          double bound = ceiling.at(at);
          assertThat(bound).isGreaterThanOrEqualTo(score).isLessThanOrEqualTo(previous);
          previous = bound;
        }
      }
    }
  }
}
