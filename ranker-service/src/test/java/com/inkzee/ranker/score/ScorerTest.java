package com.inkzee.ranker.score;

import static com.inkzee.ranker.testing.TestEntries.NOW;
import static com.inkzee.ranker.testing.TestEntries.entry;
import static com.inkzee.ranker.testing.TestEntries.withAuthor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.inkzee.ranker.score.PreferenceRule.Kind;
import com.inkzee.ranker.testing.TestEntries.MutableClock;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScorerTest {
  private final Scorer scorer = new Scorer();

  private Score score(WindowEntry e, double rate, Preferences preferences) {
    return scorer.score(new ScoreInput(e, NOW, rate, 1, null, 0), FeedAffinity.NONE, preferences);
  }

  @Nested
  class Freshness {
    @Test
    void aLowVolumeFeedsPostOutranksTheTwoHundredthPostOfAHighVolumeFeedOfTheSameAge() {
      EntryWindow window = new EntryWindow(Duration.ofDays(14), new MutableClock(NOW));
      List<WindowEntry> busy = new ArrayList<>();
      for (int i = 0; i < 2800; i++) { // 200 a day for two weeks, one every 7.2 minutes
        busy.add(entry(1000 + i, 1, NOW.minusSeconds(432L * i)));
      }
      window.putAll(busy);
      WindowEntry twoHundredth = window.feed(1).get(199);
      Instant age = twoHundredth.sortAt();
      WindowEntry monthly = entry(1, 2, age);
      window.put(monthly);

      Score slow = score(monthly, window.ratePerDay(2), Preferences.NONE);
      Score fast = score(twoHundredth, window.ratePerDay(1), Preferences.NONE);
      assertThat(slow.total()).isGreaterThan(fast.total() + 2);
      assertThat(slow.parts().get(0).why()).startsWith("fresh: 24 h old, a slow feed");
      assertThat(fast.parts().get(0).why())
          .isEqualTo("fresh: 24 h old, a fast feed (200/day), " + "half-life 4 h");
    }

    @Test
    void freshnessHalvesEveryHalfLife() {
      Duration halfLife = scorer.halfLife(ScoreWeights.DEFAULT.referenceRatePerDay());
      assertThat(halfLife).isEqualTo(Duration.ofHours(24));
      double atZero = score(entry(1, 1, NOW), 5, Preferences.NONE).total();
      double atOne = score(entry(1, 1, NOW.minus(halfLife)), 5, Preferences.NONE).total();
      assertThat(atZero).isEqualTo(4.0);
      assertThat(atOne).isCloseTo(2.0, within(1e-9));
      assertThat(scorer.halfLife(10_000)).isEqualTo(Duration.ofHours(2));
      assertThat(scorer.halfLife(0.01)).isEqualTo(Duration.ofDays(7));
    }
  }

  @Nested
  class TrainedPreferences {
    private final WindowEntry byJane = withAuthor(entry(1, 1, NOW.minusSeconds(3600)), "Jane Doe");

    @Test
    void aDislikedAuthorSinksAndALikedOneRisesBothExplained() {
      double neutral = score(byJane, 5, Preferences.NONE).total();
      Score liked =
          score(
              byJane,
              5,
              Preferences.of(List.of(PreferenceRule.everywhere(Kind.AUTHOR, "jane doe", 2))));
      Score disliked =
          score(
              byJane,
              5,
              Preferences.of(List.of(PreferenceRule.everywhere(Kind.AUTHOR, "Jane Doe", -2))));
      assertThat(liked.total()).isGreaterThan(neutral + 1.5);
      assertThat(disliked.total()).isLessThan(neutral - 1.5);
      assertThat(liked.parts())
          .anySatisfy(
              p -> {
                assertThat(p.factor()).isEqualTo("preference");
                assertThat(p.why()).startsWith("liked author jane doe (+2)");
              });
      assertThat(disliked.parts())
          .anySatisfy(
              p -> {
                assertThat(p.factor()).isEqualTo("preference");
                assertThat(p.points()).isNegative();
                assertThat(p.why()).startsWith("disliked author Jane Doe (-2)");
              });
    }

    @Test
    void aLikedAuthorAndADislikedTitleWordLandInBetween() {
      WindowEntry e =
          new WindowEntry(
              1,
              1,
              1,
              "Crypto winter is here",
              null,
              "Jane Doe",
              "",
              List.of(),
              NOW.minusSeconds(3600),
              0,
              0);
      PreferenceRule likeJane = PreferenceRule.everywhere(Kind.AUTHOR, "Jane Doe", 2);
      PreferenceRule dislikeCrypto = PreferenceRule.everywhere(Kind.TITLE, "crypto", -1.5);
      double onlyLiked = score(e, 5, Preferences.of(List.of(likeJane))).total();
      double onlyDisliked = score(e, 5, Preferences.of(List.of(dislikeCrypto))).total();
      Score both = score(e, 5, Preferences.of(List.of(likeJane, dislikeCrypto)));
      assertThat(both.total()).isStrictlyBetween(onlyDisliked, onlyLiked);
      assertThat(both.total()).isGreaterThan(score(e, 5, Preferences.NONE).total());
      assertThat(both.parts()).filteredOn(p -> p.factor().equals("preference")).hasSize(2);
    }

    @Test
    void rulesHaveDiminishingReturnsAndThePartsAddUpToTheTotal() {
      WindowEntry e =
          new WindowEntry(
              1,
              1,
              7,
              "Rust and Go",
              "https://blog.example/rust/1",
              "Jane Doe",
              "",
              List.of("Programming"),
              NOW.minusSeconds(3600),
              0,
              0);
      Preferences many =
          Preferences.of(
              List.of(
                  PreferenceRule.everywhere(Kind.AUTHOR, "Jane Doe", 3),
                  PreferenceRule.everywhere(Kind.TITLE, "rust", 3),
                  PreferenceRule.everywhere(Kind.CATEGORY, "programming", 3),
                  PreferenceRule.everywhere(Kind.URL, "blog.example/*/1", 3),
                  PreferenceRule.everywhere(Kind.FEED, "7", 3)));
      Score s = score(e, 5, many);
      double preference =
          s.parts().stream()
              .filter(p -> p.factor().equals("preference"))
              .mapToDouble(ScorePart::points)
              .sum();
      assertThat(s.parts()).filteredOn(p -> p.factor().equals("preference")).hasSize(5);
      assertThat(preference)
          .isLessThan(ScoreWeights.DEFAULT.preferenceSaturation())
          .isGreaterThan(5);
      assertThat(s.parts().stream().mapToDouble(ScorePart::points).sum())
          .isCloseTo(s.total(), within(1e-9));
      assertThat(scorer.total(new ScoreInput(e, NOW, 5, 1, null, 0), FeedAffinity.NONE, many))
          .isEqualTo(s.total());
    }

    @Test
    void titleRulesMatchWholeWordsAndScopesLimitWhereRulesApply() {
      WindowEntry e =
          new WindowEntry(1, 1, 7, "In trust we rust", null, null, "", List.of(), NOW, 0, 0);
      PreferenceRule trustInFolder = new PreferenceRule(Kind.TITLE, "trust", 2, null, "News");
      PreferenceRule rustInOtherFeed = new PreferenceRule(Kind.TITLE, "rust", 2, 8L, null);
      PreferenceRule ust = PreferenceRule.everywhere(Kind.TITLE, "ust", 2);
      Preferences p = Preferences.of(List.of(trustInFolder, rustInOtherFeed, ust));
      assertThat(p.matching(e, "News")).containsExactly(trustInFolder);
      assertThat(p.matching(e, "Tech")).isEmpty();
    }

    @Test
    void rejectsRulesOutOfRange() {
      assertThatThrownBy(() -> PreferenceRule.everywhere(Kind.AUTHOR, "x", 4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("weight");
      assertThatThrownBy(() -> new PreferenceRule(Kind.AUTHOR, "x", 1, 1L, "News"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not both");
      assertThatThrownBy(() -> PreferenceRule.everywhere(Kind.FEED, "abc", 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("feed id");
    }
  }

  @Nested
  class OtherFactors {
    @Test
    void affinityIsNeutralForANewFeedAndExplainsReads() {
      Long2ObjectOpenHashMap<FeedAffinity.Counts> counts = new Long2ObjectOpenHashMap<>();
      counts.put(1, new FeedAffinity.Counts(40, 2, 1, 0, 10));
      counts.put(2, new FeedAffinity.Counts(0, 0, 0, 3, 30));
      FeedAffinity affinity = FeedAffinity.of(counts);
      assertThat(affinity.value(3, 10)).isZero();
      assertThat(affinity.value(1, 10)).isPositive();
      assertThat(affinity.value(2, 10)).isLessThan(-0.5);
      Score s =
          scorer.score(
              new ScoreInput(entry(1, 1, NOW), NOW, 5, 1, null, 0), affinity, Preferences.NONE);
      assertThat(s.parts())
          .anySatisfy(
              p -> {
                assertThat(p.factor()).isEqualTo("affinity");
                assertThat(p.why())
                    .isEqualTo("you read 80 % of this feed (40 of 50), starred 2, liked 1");
              });
    }

    @Test
    void popularityGrowsWithTheLogOfFeedsAndPriorityAddsSteps() {
      WindowEntry e = entry(1, 1, NOW);
      double alone =
          scorer.total(new ScoreInput(e, NOW, 5, 1, null, 0), FeedAffinity.NONE, Preferences.NONE);
      Score inFour =
          scorer.score(new ScoreInput(e, NOW, 5, 4, null, 2), FeedAffinity.NONE, Preferences.NONE);
      assertThat(inFour.total()).isCloseTo(alone + 2 + 2, within(1e-9));
      assertThat(inFour.parts())
          .extracting(ScorePart::why)
          .contains("carried by 4 feeds", "you gave this feed priority +2");
    }
  }
}
