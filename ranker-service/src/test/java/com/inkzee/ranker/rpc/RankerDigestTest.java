package com.inkzee.ranker.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.rpc.RankerHarness.Story;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestItem;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestResponse;
import com.inkzee.rpc.api.store.FilterAction;
import com.inkzee.rpc.api.store.FilterField;
import com.inkzee.rpc.api.store.FilterMatch;
import com.inkzee.rpc.api.store.RuleMessages.Filter;
import com.inkzee.rpc.api.store.RuleMessages.FilterRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "I have N minutes" through the ranker: the digest fits its budget, shows a story once however
 * many feeds carry it, and a larger budget asked as of the first answer's time extends it.
 */
class RankerDigestTest {
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

  private static final String SENTENCE =
      "The committee reviewed the proposal in detail and agreed on the next steps today. ";

  /** An article body of about {@code words} words (14 per sentence). */
  private static String body(int words) {
    return SENTENCE.repeat(Math.max(1, words / 14));
  }

  private static DigestResponse digest(long userId, int minutes, Instant asOf) {
    return h.ranker().digest(new DigestRequest(userId, minutes, asOf));
  }

  private static List<Long> ids(DigestResponse d) {
    List<Long> ids = new ArrayList<>();
    for (DigestItem i : d.items()) {
      ids.add(i.item().entryId());
    }
    return ids;
  }

  /** A reader with ten articles of 1 to 10 minutes' reading, and one story carried by 2 feeds. */
  private record Corpus(long reader, long feedA, List<Long> articles, long copyA, long copyB) {}

  private static Corpus corpus(String name) {
    long reader = h.newUser(name);
    long a = h.follow(reader, RankerHarness.feedName(name + "-a"));
    long b = h.follow(reader, RankerHarness.feedName(name + "-b"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Long> articles = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // 238 words a minute: i+1 minutes; ages 1..10 hours give distinct scores.
      Story s =
          Story.of(name + i)
              .content(body(238 * (i + 1)))
              .publishedAt(now.minus(1 + (i * 7) % 10, ChronoUnit.HOURS));
      articles.add(h.ingestOne(i % 2 == 0 ? a : b, s));
    }
    Story shared =
        Story.of(name + "-shared")
            .url("https://" + RankerHarness.unique("digest") + ".example/shared?utm_source=a")
            .content(body(100))
            .publishedAt(now.minus(30, ChronoUnit.MINUTES));
    long copyA = h.ingestOne(a, shared);
    long copyB = h.ingestOne(b, shared.copy(RankerHarness.unique(name + "-shared-b")));
    List<Long> all = new ArrayList<>(articles);
    all.add(copyA);
    all.add(copyB);
    h.awaitTailed(reader, all);
    return new Corpus(reader, a, articles, copyA, copyB);
  }

  @Test
  void neverExceedsItsBudgetAndShowsAStoryOnce() {
    Corpus c = corpus("budget");
    for (int minutes : new int[] {1, 2, 3, 5, 8, 13, 21, 34, 60}) {
      DigestResponse d = digest(c.reader(), minutes, null);
      int sum = d.items().stream().mapToInt(DigestItem::readingSeconds).sum();
      assertThat(d.budgetSeconds()).isEqualTo(minutes * 60);
      assertThat(sum).as("%d minutes", minutes).isEqualTo(d.totalSeconds());
      assertThat(sum).as("%d minutes", minutes).isLessThanOrEqualTo(minutes * 60);
      assertThat(ids(d)).doesNotHaveDuplicates();
      assertThat(ids(d).stream().filter(id -> id == c.copyA() || id == c.copyB()).count())
          .as("one copy of the shared story")
          .isLessThanOrEqualTo(1);
      assertThat(d.items()).allSatisfy(i -> assertThat(i.summary()).isNotBlank());
    }
    // 55 minutes of articles plus the shared story: an hour holds them all, the story once.
    DigestResponse hour = digest(c.reader(), 60, null);
    assertThat(ids(hour)).containsAll(c.articles()).hasSize(11);
    assertThat(ids(hour)).containsAnyOf(c.copyA(), c.copyB());
    // And a short budget leaves something out: the budget is what limits it.
    assertThat(digest(c.reader(), 5, null).items()).hasSizeLessThan(11);
  }

  @Test
  void aLargerBudgetAsOfTheFirstAnswerExtendsIt() {
    Corpus c = corpus("extend");
    DigestResponse first = digest(c.reader(), 4, null);
    assertThat(first.items()).isNotEmpty();

    DigestResponse second = digest(c.reader(), 20, first.asOf());

    assertThat(second.asOf()).isEqualTo(first.asOf());
    assertThat(ids(second)).startsWith(ids(first).toArray(Long[]::new));
    assertThat(ids(second)).hasSizeGreaterThan(ids(first).size());
  }

  /**
   * Feeds report their publication time, which is earlier than when the entry reaches the ranker:
   * an entry stored after the first digest, though published before its {@code asOf}, must not
   * change the digest that the second call extends.
   */
  @Test
  void extendsTheFirstAnswerEvenWhenEntriesArriveBetweenTheCalls() {
    Corpus c = corpus("arrivals");
    DigestResponse first = digest(c.reader(), 4, null);
    assertThat(first.items()).isNotEmpty();

    long late =
        h.ingestOne(
            c.feedA(),
            Story.of("late")
                .title("Breaking: a short, fresh and very relevant update")
                .publishedAt(first.asOf().minusSeconds(30)));
    h.awaitTailed(c.reader(), late);

    DigestResponse second = digest(c.reader(), 20, first.asOf());

    assertThat(ids(second)).startsWith(ids(first).toArray(Long[]::new));
    assertThat(Set.copyOf(ids(second))).doesNotContain(late);
  }

  /**
   * A digest offers unread stories only. A story read through one copy before another copy arrived
   * shows through the new copy, which has no read mark of its own; an entry a MARK_READ filter
   * reads has no read mark at all. Neither is news to the reader.
   */
  @Test
  void leavesOutStoriesReadThroughAnotherCopyOrByAFilter() {
    long reader = h.newUser("digest-read");
    long a = h.follow(reader, RankerHarness.feedName("digest-read-a"));
    long b = h.follow(reader, RankerHarness.feedName("digest-read-b"), null, 5);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Story shared =
        Story.of("digest-read-shared")
            .title("Night trains return between three capitals")
            .url("https://" + RankerHarness.unique("digest-read") + ".example/night-trains")
            .content(body(300))
            .publishedAt(now.minus(20, ChronoUnit.MINUTES));
    long readCopy = h.ingestOne(a, shared);
    long unreadOne =
        h.ingestOne(a, Story.of("digest-read-plain").content(body(300)).publishedAt(now));
    long sponsored =
        h.ingestOne(
            a,
            Story.of("digest-read-ad")
                .title("Sponsored: the mattress everyone talks about")
                .content(body(300))
                .publishedAt(now));
    h.awaitTailed(reader, readCopy, unreadOne, sponsored);
    h.ranker()
        .setEntryStates(new SetEntryStatesRequest(reader, List.of(readCopy), true, null, null));
    h.ranker()
        .createFilter(
            new FilterRequest(
                new Filter(
                    0,
                    reader,
                    "ads",
                    null,
                    FilterField.TITLE,
                    "sponsored",
                    FilterAction.MARK_READ,
                    true,
                    null,
                    FilterMatch.KEYWORD)));
    // The same story reaches a feed the reader placed higher, after it was read.
    long laterCopy = h.ingestOne(b, shared.copy(RankerHarness.unique("digest-read-shared-b")));
    h.awaitTailed(reader, laterCopy);

    DigestResponse d = digest(reader, 60, null);

    assertThat(ids(d)).containsExactly(unreadOne);
  }

  /**
   * The candidates are the best unread stories, not the unread part of the best overall: a reader
   * who read the top of the river still gets a digest of what is left.
   */
  @Test
  void choosesAmongUnreadStoriesWhenTheBestAreAllRead() {
    long reader = h.newUser("digest-deep");
    long feed = h.follow(reader, RankerHarness.feedName("digest-deep"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    int read = RankerRpcHandler.DIGEST_CANDIDATES + 20;
    Story[] stories = new Story[read + 3];
    for (int i = 0; i < stories.length; i++) {
      // Newest first in rank: the three oldest are the ones left unread.
      stories[i] = Story.of("deep" + i).content(body(100)).publishedAt(now.minusSeconds(60L * i));
    }
    List<Long> ids = new ArrayList<>(h.ingest(feed, stories).values());
    h.awaitTailed(reader, ids);
    List<Long> newest = ids.subList(0, read);
    for (int from = 0; from < newest.size(); from += 500) {
      h.ranker()
          .setEntryStates(
              new SetEntryStatesRequest(
                  reader,
                  newest.subList(from, Math.min(newest.size(), from + 500)),
                  true,
                  null,
                  null));
    }

    DigestResponse d = digest(reader, 60, null);

    assertThat(ids(d)).hasSize(3).doesNotContainAnyElementsOf(newest);
    assertThat(digest(reader, 60, d.asOf()).items())
        .as("extended as of the first: the same three")
        .hasSize(3);
  }
}
