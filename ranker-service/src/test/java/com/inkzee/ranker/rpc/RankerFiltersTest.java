package com.inkzee.ranker.rpc;

import static com.inkzee.ranker.rpc.RankerHarness.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.inkzee.ranker.rpc.RankerHarness.Story;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RiverOrder;
import com.inkzee.rpc.api.store.FilterAction;
import com.inkzee.rpc.api.store.FilterField;
import com.inkzee.rpc.api.store.FilterMatch;
import com.inkzee.rpc.api.store.RuleMessages.Filter;
import com.inkzee.rpc.api.store.RuleMessages.FilterRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters created through the ranker take effect in the very next river: HIDE hides, KEEP makes its
 * scope an allow-list, scopes (feed, folder) hold, and no pattern can stall a river.
 */
class RankerFiltersTest {
  @TempDir static Path dir;
  private static RankerHarness h;

  @BeforeAll
  static void start() {
    h = new RankerHarness(dir);
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static Filter filter(
      long userId,
      FilterField field,
      FilterMatch match,
      String pattern,
      FilterAction action,
      Long feedId,
      String folder) {
    return h.ranker()
        .createFilter(
            new FilterRequest(
                new Filter(
                    0, userId, "test filter", feedId, field, pattern, action, true, folder, match)))
        .filter();
  }

  private static List<Long> unread(long userId) {
    return ids(h.unread(userId, RiverOrder.NEWEST));
  }

  @Test
  void aKeywordFilterHidesMatchingTitlesAtOnce() {
    long reader = h.newUser("keyword");
    long feed = h.follow(reader, RankerHarness.feedName("keyword"));
    long crypto = h.ingestOne(feed, Story.of("k1").title("Crypto exchange collapses overnight"));
    long cryptic = h.ingestOne(feed, Story.of("k2").title("A cryptic message from the mayor"));
    long plain = h.ingestOne(feed, Story.of("k3").title("Council approves new bike lanes"));
    h.awaitTailed(reader, crypto, cryptic, plain);

    filter(reader, FilterField.TITLE, FilterMatch.KEYWORD, "crypto", FilterAction.HIDE, null, null);

    // Whole words only: "cryptic" stays.
    assertThat(unread(reader)).containsExactlyInAnyOrder(cryptic, plain);
  }

  @Test
  void aPhraseFilterHidesOnlyTheWordsInThatOrder() {
    long reader = h.newUser("phrase");
    long feed = h.follow(reader, RankerHarness.feedName("phrase"));
    long phrase = h.ingestOne(feed, Story.of("ph1").title("Press release: Acme ships widget 2"));
    long apart = h.ingestOne(feed, Story.of("ph2").title("Why the press should release the files"));
    h.awaitTailed(reader, phrase, apart);

    filter(
        reader,
        FilterField.TITLE,
        FilterMatch.PHRASE,
        "press release",
        FilterAction.HIDE,
        null,
        null);

    assertThat(unread(reader)).containsExactly(apart);
  }

  @Test
  void aRegexFilterHidesMatchesInItsField() {
    long reader = h.newUser("regex");
    long feed = h.follow(reader, RankerHarness.feedName("regex"));
    long sponsored =
        h.ingestOne(
            feed,
            Story.of("rx1")
                .title("Ten gadgets for summer")
                .url("https://shop.example/sponsored/" + RankerHarness.unique("p")));
    long editorial =
        h.ingestOne(
            feed,
            Story.of("rx2")
                .title("Sponsored content is on the rise")
                .url("https://paper.example/analysis/" + RankerHarness.unique("p")));
    h.awaitTailed(reader, sponsored, editorial);

    filter(
        reader,
        FilterField.URL,
        FilterMatch.REGEX,
        "/sponsored/\\w+",
        FilterAction.HIDE,
        null,
        null);

    assertThat(unread(reader)).containsExactly(editorial);
  }

  @Test
  void aKeepFilterScopedToAFeedShowsOnlyItsMatchesThereAndLeavesOtherFeedsAlone() {
    long reader = h.newUser("keep");
    long lang = h.follow(reader, RankerHarness.feedName("lang-news"));
    long other = h.follow(reader, RankerHarness.feedName("other-news"));
    long rust = h.ingestOne(lang, Story.of("kp1").title("Rust 2.0 roadmap published"));
    long go = h.ingestOne(lang, Story.of("kp2").title("Go generics one year later"));
    long elsewhere = h.ingestOne(other, Story.of("kp3").title("Gardening in small spaces"));
    h.awaitTailed(reader, rust, go, elsewhere);

    filter(reader, FilterField.TITLE, FilterMatch.KEYWORD, "rust", FilterAction.KEEP, lang, null);

    assertThat(unread(reader)).containsExactlyInAnyOrder(rust, elsewhere);
  }

  @Test
  void aFolderScopedFilterLeavesOtherFoldersAlone() {
    long reader = h.newUser("folder-filter");
    long news = h.follow(reader, RankerHarness.feedName("daily"), "News", 0);
    long hobby = h.follow(reader, RankerHarness.feedName("club"), "Hobbies", 0);
    long newsSports = h.ingestOne(news, Story.of("ff1").title("Sports: the derby ends in a draw"));
    long newsPolitics = h.ingestOne(news, Story.of("ff2").title("Parliament debates the budget"));
    long hobbySports = h.ingestOne(hobby, Story.of("ff3").title("Sports climbing for beginners"));
    h.awaitTailed(reader, newsSports, newsPolitics, hobbySports);

    filter(
        reader, FilterField.TITLE, FilterMatch.KEYWORD, "sports", FilterAction.HIDE, null, "News");

    assertThat(unread(reader)).containsExactlyInAnyOrder(newsPolitics, hobbySports);
  }

  /**
   * {@code (a+)+$} against a long run of a's ending in '!' backtracks exponentially in a
   * backtracking engine; the river must answer promptly all the same (RE2/J is linear). The title
   * (1,501 characters) is searched whole, under the 2,000-character cap per field.
   */
  @Test
  void aCatastrophicRegexDoesNotStallTheRiver() {
    long reader = h.newUser("redos");
    long feed = h.follow(reader, RankerHarness.feedName("redos"));
    String evil = "a".repeat(1_500) + "!";
    long entry = h.ingestOne(feed, Story.of("redos").title(evil));
    long matching = h.ingestOne(feed, Story.of("redos-match").title("Say aaaa"));
    h.awaitTailed(reader, entry, matching);

    filter(reader, FilterField.TITLE, FilterMatch.REGEX, "(a+)+$", FilterAction.HIDE, null, null);

    List<RiverItem> items =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                h.ranker()
                    .river(new RiverRequest(reader, RiverOrder.RANKED, false, null, null, null, 50))
                    .items());
    // The long title ends in '!': no run of a's reaches its end, so only the other one is hidden.
    assertThat(ids(items)).containsExactly(entry);
  }

  /**
   * Counted repetitions are written out by RE2/J when it compiles, nested ones multiplied: this 23
   * characters used to run the compiler out of memory on a handler thread after some 40 s. Refused
   * before compiling, at once.
   */
  @Test
  void aRegexWhoseCountedRepetitionsMultiplyOutIsRefusedAtOnce() {
    long reader = h.newUser("repeat-bomb");
    RpcException refused =
        assertTimeoutPreemptively(
            Duration.ofSeconds(1),
            () ->
                assertThrows(
                    RpcException.class,
                    () ->
                        filter(
                            reader,
                            FilterField.TITLE,
                            FilterMatch.REGEX,
                            "((a{1000}){1000}){1000}",
                            FilterAction.HIDE,
                            null,
                            null)));
    assertThat(refused.status()).isEqualTo(Status.INVALID_ARGUMENT);
    assertThat(refused.getMessage()).contains("counted repetitions");
    assertThat(h.ranker().listFilters(new ListRulesRequest(reader)).filters()).isEmpty();
  }

  /** 49 alternatives of (.{1000}){100}A compile in seconds and take seconds per field searched. */
  @Test
  void manyAlternativesOfLongCountedRunsAreRefusedAndOrdinaryCountsAccepted() {
    long reader = h.newUser("repeat-alternatives");
    java.util.StringJoiner slow = new java.util.StringJoiner("|");
    for (int i = 0; i < 49; i++) {
      slow.add("(.{1000}){100}" + (char) ('A' + i % 26));
    }
    RpcException refused =
        assertThrows(
            RpcException.class,
            () ->
                filter(
                    reader,
                    FilterField.TITLE,
                    FilterMatch.REGEX,
                    slow.toString(),
                    FilterAction.HIDE,
                    null,
                    null));
    assertThat(refused.status()).isEqualTo(Status.INVALID_ARGUMENT);

    for (String ordinary : List.of("\\bfoo{2}\\b", "[a-z]{3,10}", "\\d{4}-\\d{2}")) {
      assertThat(
              filter(
                      reader,
                      FilterField.TITLE,
                      FilterMatch.REGEX,
                      ordinary,
                      FilterAction.HIDE,
                      null,
                      null)
                  .pattern())
          .isEqualTo(ordinary);
    }
  }

  /**
   * The store accepts any non-blank keyword pattern; one with no words ("!!!") must not take the
   * reader's river down with it: either the filter is refused, or the river still answers.
   */
  @Test
  void aKeywordFilterWithoutWordsDoesNotBreakTheRiver() {
    long reader = h.newUser("no-words");
    long feed = h.follow(reader, RankerHarness.feedName("no-words"));
    long entry = h.ingestOne(feed, Story.of("nw1").title("An ordinary headline"));
    h.awaitTailed(reader, entry);

    try {
      filter(reader, FilterField.TITLE, FilterMatch.KEYWORD, "!!!", FilterAction.HIDE, null, null);
    } catch (RpcException refused) {
      assertThat(refused.status()).isEqualTo(Status.INVALID_ARGUMENT);
      return;
    }
    assertThat(unread(reader)).containsExactly(entry);
  }
}
