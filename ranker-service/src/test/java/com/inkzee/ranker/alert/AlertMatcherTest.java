package com.inkzee.ranker.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.ranker.window.WindowEntry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlertMatcherTest {
  /** Users 1 and 2 follow feeds 10 (folder "Tech") and 11 (no folder); nobody follows 12. */
  static final FolderLookup FOLDERS =
      new FolderLookup() {
        @Override
        public boolean follows(long userId, long feedId) {
          return feedId == 10 || feedId == 11;
        }

        @Override
        public String folderOf(long userId, long feedId) {
          return feedId == 10 ? "Tech" : null;
        }
      };

  static WindowEntry entry(long id, long feedId, String title, String text, String... categories) {
    return new WindowEntry(
        id, id, feedId, title, null, null, text, List.of(categories), Instant.EPOCH, 0, 0);
  }

  static Set<Long> fired(AlertMatcher m, WindowEntry e) {
    return m.match(e, FOLDERS).stream()
        .map(AlertMatch::alertId)
        .collect(java.util.stream.Collectors.toSet());
  }

  @Nested
  class Words {
    @Test
    void matchesOnWordBoundariesOnly() {
      AlertMatcher m = AlertMatcher.build(List.of(new AlertRule(1, 1, "java", null, null)));
      assertThat(fired(m, entry(1, 10, "Java 21", ""))).containsExactly(1L);
      assertThat(fired(m, entry(2, 10, "JavaScript today", "javas javajava"))).isEmpty();
      assertThat(fired(m, entry(3, 10, "", "we love (java)."))).containsExactly(1L);
    }

    @Test
    void matchesTitleTextAndCategoriesCaseAndAccentInsensitively() {
      AlertMatcher m =
          AlertMatcher.build(
              List.of(
                  new AlertRule(1, 1, "Zürich", null, null),
                  new AlertRule(2, 1, "\"climate change\"", null, null)));
      assertThat(fired(m, entry(1, 10, "ZURICH floods", ""))).containsExactly(1L);
      assertThat(fired(m, entry(2, 10, "", "", "Climate Change"))).containsExactly(2L);
      assertThat(fired(m, entry(3, 10, "climate", "change"))).isEmpty();
      assertThat(fired(m, entry(4, 10, "", "the climate, change"))).containsExactly(2L);
      assertThat(fired(m, entry(5, 10, "", "change climate"))).isEmpty();
    }

    @Test
    void overlappingAndNestedPhrasesAllFire() {
      AlertMatcher m =
          AlertMatcher.build(
              List.of(
                  new AlertRule(1, 1, "\"new york times\"", null, null),
                  new AlertRule(2, 1, "\"york times square\"", null, null),
                  new AlertRule(3, 2, "times", null, null),
                  new AlertRule(4, 2, "\"new york city\"", null, null)));
      assertThat(fired(m, entry(1, 10, "", "the new york times square story")))
          .containsExactlyInAnyOrder(1L, 2L, 3L);
      assertThat(fired(m, entry(2, 10, "", "new new york city"))).containsExactly(4L);
    }

    @Test
    void andOrAndExclusion() {
      AlertMatcher m =
          AlertMatcher.build(
              List.of(new AlertRule(1, 1, "rust async -job, \"zig lang\"", null, null)));
      assertThat(fired(m, entry(1, 10, "Rust", "async traits"))).containsExactly(1L);
      assertThat(fired(m, entry(2, 10, "Rust", "traits"))).isEmpty();
      assertThat(fired(m, entry(3, 10, "Rust async", "job offer"))).isEmpty();
      assertThat(fired(m, entry(4, 10, "", "the zig lang"))).containsExactly(1L);
    }
  }

  @Nested
  class Folding {
    @Test
    void nonAsciiAlertMatchesFoldedText() {
      AlertMatcher m =
          AlertMatcher.build(
              List.of(
                  new AlertRule(1, 1, "Zürich", null, null),
                  new AlertRule(2, 1, "\"Straße Café\"", null, null),
                  new AlertRule(3, 1, "Москва", null, null)));
      assertThat(fired(m, entry(1, 10, "zurich", ""))).containsExactly(1L);
      assertThat(fired(m, entry(2, 10, "", "ZÜRICH’s mayor"))).containsExactly(1L);
      assertThat(fired(m, entry(3, 10, "", "the STRASSE cafe"))).containsExactly(2L);
      assertThat(fired(m, entry(4, 10, "", "Straße—Café"))).containsExactly(2L);
      assertThat(fired(m, entry(5, 10, "", "", "МОСКВА"))).containsExactly(3L);
      assertThat(fired(m, entry(6, 10, "zurichsee", "strasse cafes"))).isEmpty();
    }

    @Test
    void nonAsciiSeparatorsSplitWords() {
      AlertMatcher m = AlertMatcher.build(List.of(new AlertRule(1, 1, "\"don t\"", null, null)));
      assertThat(fired(m, entry(1, 10, "I don’t know", ""))).containsExactly(1L);
      assertThat(fired(m, entry(2, 10, "I dont know", ""))).isEmpty();
    }

    @Test
    void readsAtMostTheWindowsCapOfAField() {
      AlertMatcher m = AlertMatcher.build(List.of(new AlertRule(1, 1, "needle", null, null)));
      String late = "x ".repeat(WindowEntry.MAX_TEXT_CHARS / 2) + "needle";
      assertThat(fired(m, entry(1, 10, late, ""))).isEmpty();
      assertThat(fired(m, entry(2, 10, "needle " + late, ""))).containsExactly(1L);
    }
  }

  @Nested
  class Reuse {
    @Test
    void nothingCarriesOverFromOneEntryToTheNext() {
      AlertMatcher m =
          AlertMatcher.build(
              List.of(
                  new AlertRule(1, 1, "alpha beta", null, null),
                  new AlertRule(2, 1, "gamma -delta", null, null)));
      assertThat(fired(m, entry(1, 10, "alpha", "delta"))).isEmpty();
      assertThat(fired(m, entry(2, 10, "beta", "gamma"))).containsExactly(2L);
      assertThat(fired(m, entry(3, 10, "alpha beta", "gamma delta"))).containsExactly(1L);
      assertThat(fired(m, entry(4, 10, "nothing", ""))).isEmpty();
    }

    @Test
    void alertWithSeveralMatchingClausesFiresOnce() {
      AlertMatcher m =
          AlertMatcher.build(List.of(new AlertRule(1, 1, "rust, zig, \"rust zig\"", null, null)));
      assertThat(m.match(entry(1, 10, "rust zig rust", "zig"), FOLDERS))
          .containsExactly(new AlertMatch(1, 1, 1));
    }

    @Test
    void threadsMatchConcurrently() throws Exception {
      AlertMatcher m = AlertMatcher.build(List.of(new AlertRule(1, 1, "kotlin", null, null)));
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int offset = t;
          results.add(
              pool.submit(
                  () -> {
                    int hits = 0;
                    for (int i = 0; i < 2_000; i++) {
                      String title = (i + offset) % 2 == 0 ? "Kotlin news" : "Java news";
                      hits += m.match(entry(i, 10, title, ""), FOLDERS).size();
                    }
                    return hits;
                  }));
        }
        for (var r : results) {
          assertThat(r.get()).isEqualTo(1_000);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  class UsersAndScope {
    @Test
    void alertsOfTwoUsersBothFireOncePerEntry() {
      AlertMatcher m =
          AlertMatcher.build(
              List.of(
                  new AlertRule(1, 1, "kotlin", null, null),
                  new AlertRule(2, 2, "kotlin, jvm", null, null)));
      List<AlertMatch> matches = m.match(entry(9, 10, "Kotlin on the JVM", "kotlin"), FOLDERS);
      assertThat(matches)
          .containsExactlyInAnyOrder(new AlertMatch(1, 1, 9), new AlertMatch(2, 2, 9));
    }

    @Test
    void scopedAlertFiresOnlyInScope() {
      AlertMatcher m =
          AlertMatcher.build(
              List.of(
                  new AlertRule(1, 1, "launch", 11L, null),
                  new AlertRule(2, 1, "launch", null, "Tech"),
                  new AlertRule(3, 1, "launch", null, null)));
      assertThat(fired(m, entry(1, 10, "launch", ""))).containsExactlyInAnyOrder(2L, 3L);
      assertThat(fired(m, entry(2, 11, "launch", ""))).containsExactlyInAnyOrder(1L, 3L);
    }

    @Test
    void neverFiresOnFeedsTheUserDoesNotFollow() {
      AlertMatcher m = AlertMatcher.build(List.of(new AlertRule(1, 1, "launch", null, null)));
      assertThat(fired(m, entry(1, 12, "launch", ""))).isEmpty();
    }

    @Test
    void badQueryIsLeftOutAndReported() {
      AlertMatcher m =
          AlertMatcher.build(
              List.of(
                  new AlertRule(1, 1, "-only -excluded", null, null),
                  new AlertRule(2, 1, "ok", null, null)));
      assertThat(m.alertCount()).isEqualTo(1);
      assertThat(m.rejected())
          .singleElement()
          .extracting(AlertMatcher.Rejected::alertId)
          .isEqualTo(1L);
      assertThat(fired(m, entry(1, 10, "ok", ""))).containsExactly(2L);
    }
  }

  @Test
  void queryParses() {
    AlertQuery q = AlertQuery.parse(" Rust \"Memory  Safety\" -job -\"hiring now\", e-mail ,");
    assertThat(q.clauses())
        .containsExactly(
            new AlertQuery.Clause(List.of("rust", "memory safety"), List.of("job", "hiring now")),
            new AlertQuery.Clause(List.of("e mail"), List.of()));
    assertThatThrownBy(() -> AlertQuery.parse(" , ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AlertQuery.parse("x".repeat(1_025))).hasMessageContaining("1024");
  }

  @Test
  void registrySwapsTheMatcherWhole() {
    AlertRegistry registry = new AlertRegistry();
    AlertMatcher before = registry.matcher();
    registry.replaceAll(List.of(new AlertRule(1, 1, "alpha", null, null)));
    registry.put(new AlertRule(2, 1, "beta", null, null));
    assertThat(before.alertCount()).isZero();
    assertThat(fired(registry.matcher(), entry(1, 10, "alpha beta", "")))
        .containsExactlyInAnyOrder(1L, 2L);
    registry.remove(1);
    assertThat(fired(registry.matcher(), entry(1, 10, "alpha beta", ""))).containsExactly(2L);
  }
}
