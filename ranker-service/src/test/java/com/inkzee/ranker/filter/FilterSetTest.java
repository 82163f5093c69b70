package com.inkzee.ranker.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.inkzee.ranker.filter.FilterRule.Action;
import com.inkzee.ranker.filter.FilterRule.Field;
import com.inkzee.ranker.filter.FilterRule.Match;
import com.inkzee.ranker.window.WindowEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FilterSetTest {
  static WindowEntry entry(long feedId, String title, String text) {
    return entry(feedId, title, text, null, null, List.of());
  }

  static WindowEntry entry(
      long feedId, String title, String text, String author, String url, List<String> categories) {
    return new WindowEntry(1, 1, feedId, title, url, author, text, categories, Instant.EPOCH, 0, 0);
  }

  static FilterRule rule(Field field, Match match, String pattern, Action action) {
    return new FilterRule(7, field, match, pattern, action, null, null);
  }

  static Verdict verdict(FilterRule rule, WindowEntry e) {
    return FilterSet.compile(List.of(rule)).apply(e, null);
  }

  @Nested
  class Keywords {
    @Test
    void matchesWholeWordsNotSubstrings() {
      FilterRule r = rule(Field.TITLE, Match.KEYWORD, "java", Action.HIDE);
      assertThat(verdict(r, entry(1, "Java 21 is out", ""))).isEqualTo(Verdict.HIDE);
      assertThat(verdict(r, entry(1, "New in JavaScript", ""))).isEqualTo(Verdict.SHOW);
      assertThat(verdict(r, entry(1, "(java)", ""))).isEqualTo(Verdict.HIDE);
    }

    @Test
    void ignoresCaseAndAccents() {
      FilterRule r = rule(Field.CONTENT, Match.KEYWORD, "Cafe", Action.HIDE);
      assertThat(verdict(r, entry(1, "", "Le CAFÉ du coin"))).isEqualTo(Verdict.HIDE);
      FilterRule accented = rule(Field.CONTENT, Match.KEYWORD, "résumé", Action.HIDE);
      assertThat(verdict(accented, entry(1, "", "my RESUME tips"))).isEqualTo(Verdict.HIDE);
      assertThat(verdict(accented, entry(1, "", "resumed work"))).isEqualTo(Verdict.SHOW);
    }

    @Test
    void anyOfSeveralWords() {
      FilterRule r = rule(Field.TITLE, Match.KEYWORD, "crypto, nft", Action.HIDE);
      assertThat(verdict(r, entry(1, "An NFT drop", ""))).isEqualTo(Verdict.HIDE);
      assertThat(verdict(r, entry(1, "Crypto winter", ""))).isEqualTo(Verdict.HIDE);
      assertThat(verdict(r, entry(1, "Cryptography basics", ""))).isEqualTo(Verdict.SHOW);
    }

    @Test
    void titleRuleDoesNotReadContent() {
      FilterRule r = rule(Field.TITLE, Match.KEYWORD, "sponsored", Action.HIDE);
      assertThat(verdict(r, entry(1, "A post", "sponsored"))).isEqualTo(Verdict.SHOW);
    }
  }

  @Nested
  class Phrases {
    @Test
    void matchesConsecutiveWordsOnly() {
      FilterRule r = rule(Field.ANY, Match.PHRASE, "machine learning", Action.HIDE);
      assertThat(verdict(r, entry(1, "", "Machine-learning at scale"))).isEqualTo(Verdict.HIDE);
      assertThat(verdict(r, entry(1, "", "a learning machine"))).isEqualTo(Verdict.SHOW);
      assertThat(verdict(r, entry(1, "", "machine, learning"))).isEqualTo(Verdict.HIDE);
      assertThat(verdict(r, entry(1, "", "machine tool learning"))).isEqualTo(Verdict.SHOW);
    }

    @Test
    void findsAPhraseAfterAFalseStartOnItsFirstWord() {
      FilterRule r = rule(Field.CONTENT, Match.PHRASE, "new york times", Action.HIDE);
      assertThat(verdict(r, entry(1, "", "new new york new york times"))).isEqualTo(Verdict.HIDE);
      assertThat(verdict(r, entry(1, "", "new york, new times"))).isEqualTo(Verdict.SHOW);
      assertThat(verdict(r, entry(1, "", "new york"))).isEqualTo(Verdict.SHOW);
    }

    @Test
    void oneFoldedEntryServesManyUsersRules() {
      WindowEntry e = entry(1, "Rust release", "the Café opens", "Jane", null, List.of("Food"));
      FoldedEntry folded = new FoldedEntry(e);
      FilterSet a = FilterSet.compile(List.of(rule(Field.ANY, Match.KEYWORD, "cafe", Action.STAR)));
      FilterSet b =
          FilterSet.compile(List.of(rule(Field.TITLE, Match.KEYWORD, "cafe", Action.HIDE)));
      FilterSet c =
          FilterSet.compile(List.of(rule(Field.ANY, Match.PHRASE, "release the", Action.HIDE)));
      assertThat(a.apply(folded, null)).isEqualTo(Verdict.STAR);
      assertThat(b.apply(folded, null)).isEqualTo(Verdict.SHOW);
      assertThat(c.apply(folded, null)).isEqualTo(Verdict.SHOW);
      assertThat(a.apply(folded.foldAll(), null)).isEqualTo(Verdict.STAR);
    }

    @Test
    void doNotSpanTwoFieldsOrCategories() {
      FilterRule r = rule(Field.ANY, Match.PHRASE, "rust news", Action.HIDE);
      assertThat(verdict(r, entry(1, "About rust", "news today"))).isEqualTo(Verdict.SHOW);
      FilterRule c = rule(Field.CATEGORY, Match.PHRASE, "rust news", Action.HIDE);
      WindowEntry two = entry(1, "t", "x", null, null, List.of("rust", "news"));
      assertThat(verdict(c, two)).isEqualTo(Verdict.SHOW);
      WindowEntry one = entry(1, "t", "x", null, null, List.of("Rust News"));
      assertThat(verdict(c, one)).isEqualTo(Verdict.HIDE);
    }
  }

  @Nested
  class Fields {
    @Test
    void author() {
      FilterRule r = rule(Field.AUTHOR, Match.PHRASE, "Jane Doe", Action.HIDE);
      assertThat(verdict(r, entry(1, "Jane Doe", "", "John Roe", null, List.of())))
          .isEqualTo(Verdict.SHOW);
      assertThat(verdict(r, entry(1, "", "", "jane doe", null, List.of()))).isEqualTo(Verdict.HIDE);
      assertThat(verdict(r, entry(1, "", "", null, null, List.of()))).isEqualTo(Verdict.SHOW);
    }

    @Test
    void category() {
      FilterRule r = rule(Field.CATEGORY, Match.KEYWORD, "politics", Action.HIDE);
      assertThat(verdict(r, entry(1, "politics", "", null, null, List.of("Tech"))))
          .isEqualTo(Verdict.SHOW);
      assertThat(verdict(r, entry(1, "", "", null, null, List.of("Tech", "Politics"))))
          .isEqualTo(Verdict.HIDE);
    }

    @Test
    void url() {
      FilterRule words = rule(Field.URL, Match.PHRASE, "example.com/ads", Action.HIDE);
      assertThat(verdict(words, entry(1, "", "", null, "https://www.example.com/ads/1", List.of())))
          .isEqualTo(Verdict.HIDE);
      assertThat(verdict(words, entry(1, "", "", null, "https://example.com/blog", List.of())))
          .isEqualTo(Verdict.SHOW);
      FilterRule regex =
          rule(Field.URL, Match.REGEX, "^https://[^/]*\\.example\\.com/", Action.HIDE);
      assertThat(verdict(regex, entry(1, "", "", null, "https://ads.example.com/x", List.of())))
          .isEqualTo(Verdict.HIDE);
      assertThat(verdict(regex, entry(1, "", "", null, "https://example.org/x", List.of())))
          .isEqualTo(Verdict.SHOW);
    }
  }

  @Nested
  class Regex {
    @Test
    void searchesTheRawFieldCaseInsensitively() {
      FilterRule r = rule(Field.TITLE, Match.REGEX, "\\bv\\d+\\.\\d+ released", Action.STAR);
      assertThat(verdict(r, entry(1, "Tool V2.1 Released", ""))).isEqualTo(Verdict.STAR);
      assertThat(verdict(r, entry(1, "Tool 2.1 released", ""))).isEqualTo(Verdict.SHOW);
      FilterRule caseSensitive = rule(Field.TITLE, Match.REGEX, "(?-i)NASA", Action.STAR);
      assertThat(verdict(caseSensitive, entry(1, "nasa news", ""))).isEqualTo(Verdict.SHOW);
      assertThat(verdict(caseSensitive, entry(1, "NASA news", ""))).isEqualTo(Verdict.STAR);
    }

    @Test
    void catastrophicPatternRunsInLinearTime() {
      // (a+)+$ on "aaa…!" backtracks 2^n times in java.util.regex: hours at n = 60.
      FilterRule r = rule(Field.ANY, Match.REGEX, "(a+)+$", Action.HIDE);
      WindowEntry e = entry(1, "a".repeat(1_000) + "!", "a".repeat(1_999) + "!");
      FilterSet set = FilterSet.compile(List.of(r));
      Verdict v = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> set.apply(e, null));
      assertThat(v).isEqualTo(Verdict.SHOW);
    }

    @Test
    void invalidPatternIsRejectedNamingTheRule() {
      FilterRule r =
          new FilterRule(42, Field.TITLE, Match.REGEX, "(unclosed", Action.HIDE, null, null);
      assertThatThrownBy(() -> FilterSet.compile(List.of(r)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("filter 42")
          .hasMessageContaining("missing closing )");
      FilterRule backref =
          new FilterRule(43, Field.TITLE, Match.REGEX, "(a)\\1", Action.HIDE, null, null);
      assertThatThrownBy(() -> FilterSet.compile(List.of(backref)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("filter 43");
    }

    @Test
    void longPatternIsRejected() {
      assertThatThrownBy(
              () ->
                  new FilterRule(
                      5, Field.TITLE, Match.REGEX, "a".repeat(1_025), Action.HIDE, null, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("filter 5")
          .hasMessageContaining("1024");
    }

    @Test
    void readsAtMostTheCappedPrefixOfAField() {
      FilterRule r = rule(Field.TITLE, Match.REGEX, "needle", Action.HIDE);
      String late = "x".repeat(FilterSet.MAX_REGEX_INPUT_CHARS) + " needle";
      assertThat(verdict(r, entry(1, late, ""))).isEqualTo(Verdict.SHOW);
      assertThat(verdict(r, entry(1, "needle " + late, ""))).isEqualTo(Verdict.HIDE);
    }
  }

  @Nested
  class ScopeAndPrecedence {
    @Test
    void feedFolderAndEverywhere() {
      FilterRule feed = new FilterRule(1, Field.TITLE, Match.KEYWORD, "x", Action.HIDE, 10L, null);
      FilterRule folder =
          new FilterRule(2, Field.TITLE, Match.KEYWORD, "y", Action.HIDE, null, "News");
      FilterRule everywhere = rule(Field.TITLE, Match.KEYWORD, "z", Action.HIDE);
      FilterSet set = FilterSet.compile(List.of(feed, folder, everywhere));
      assertThat(set.apply(entry(10, "x", ""), null)).isEqualTo(Verdict.HIDE);
      assertThat(set.apply(entry(11, "x", ""), null)).isEqualTo(Verdict.SHOW);
      assertThat(set.apply(entry(11, "y", ""), "News")).isEqualTo(Verdict.HIDE);
      assertThat(set.apply(entry(11, "y", ""), "Tech")).isEqualTo(Verdict.SHOW);
      assertThat(set.apply(entry(12, "z", ""), null)).isEqualTo(Verdict.HIDE);
    }

    @Test
    void keepShowsOnlyMatchingEntriesOfItsScope() {
      FilterRule keep =
          new FilterRule(1, Field.ANY, Match.KEYWORD, "rust", Action.KEEP, null, "Programming");
      FilterSet set = FilterSet.compile(List.of(keep));
      assertThat(set.apply(entry(1, "Rust 2024", ""), "Programming")).isEqualTo(Verdict.SHOW);
      assertThat(set.apply(entry(1, "Go 1.23", ""), "Programming")).isEqualTo(Verdict.HIDE);
      assertThat(set.apply(entry(2, "Go 1.23", ""), "Cooking")).isEqualTo(Verdict.SHOW);
    }

    @Test
    void keepRulesInScopeCombineWithOr() {
      FilterRule rust = rule(Field.TITLE, Match.KEYWORD, "rust", Action.KEEP);
      FilterRule zig = new FilterRule(2, Field.TITLE, Match.KEYWORD, "zig", Action.KEEP, 1L, null);
      FilterSet set = FilterSet.compile(List.of(rust, zig));
      assertThat(set.apply(entry(1, "Zig news", ""), null)).isEqualTo(Verdict.SHOW);
      assertThat(set.apply(entry(2, "Zig news", ""), null)).isEqualTo(Verdict.HIDE);
      assertThat(set.apply(entry(2, "Rust news", ""), null)).isEqualTo(Verdict.SHOW);
    }

    @Test
    void hideBeatsKeepAndStarAndStarBeatsMarkRead() {
      FilterRule keep = rule(Field.TITLE, Match.KEYWORD, "rust", Action.KEEP);
      FilterRule hide = rule(Field.TITLE, Match.KEYWORD, "jobs", Action.HIDE);
      FilterRule star = rule(Field.TITLE, Match.KEYWORD, "release", Action.STAR);
      FilterRule read = rule(Field.TITLE, Match.KEYWORD, "weekly", Action.MARK_READ);
      FilterSet set = FilterSet.compile(List.of(keep, hide, star, read));
      assertThat(set.apply(entry(1, "Rust release jobs", ""), null)).isEqualTo(Verdict.HIDE);
      assertThat(set.apply(entry(1, "Rust weekly release", ""), null)).isEqualTo(Verdict.STAR);
      assertThat(set.apply(entry(1, "Rust weekly", ""), null)).isEqualTo(Verdict.MARK_READ);
      assertThat(set.apply(entry(1, "Rust", ""), null)).isEqualTo(Verdict.SHOW);
      assertThat(set.apply(entry(1, "Go weekly", ""), null)).isEqualTo(Verdict.HIDE);
    }

    @Test
    void ruleNamingFeedAndFolderIsRejected() {
      assertThatThrownBy(
              () -> new FilterRule(9, Field.TITLE, Match.KEYWORD, "x", Action.HIDE, 1L, "News"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("filter 9");
    }

    @Test
    void patternWithoutWordsIsRejected() {
      assertThatThrownBy(
              () ->
                  FilterSet.compile(List.of(rule(Field.TITLE, Match.KEYWORD, "!!!", Action.HIDE))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("filter 7");
    }
  }
}
