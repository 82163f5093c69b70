package com.inkzee.ranker.rpc;

import static com.inkzee.ranker.rpc.RankerHarness.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.inkzee.ranker.rpc.RankerHarness.Story;
import com.inkzee.rpc.api.ranker.RankerMessages.AlsoIn;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.ScorePart;
import com.inkzee.rpc.api.ranker.RankerMessages.SetStatesResponse;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.ranker.RiverOrder;
import com.inkzee.rpc.api.store.PreferenceKind;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.api.store.RuleMessages.Preference;
import com.inkzee.rpc.api.store.RuleMessages.PreferenceRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ranker end to end over Inkzee RPC: a real store, the real ranker started by its main class,
 * entries reaching it only through the change feed. Rivers, ranking, duplicate stories, marks and
 * the errors callers see. Filters, alerts, restarts and digests have their own classes.
 */
class RankerRpcTest {
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

  private static RankerService ranker() {
    return h.ranker();
  }

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private static Instant hoursAgo(int hours) {
    return NOW.minus(hours, ChronoUnit.HOURS);
  }

  private static RiverResponse river(
      long userId, RiverOrder order, boolean includeRead, Long feedId, String folder, int limit) {
    return ranker()
        .river(new RiverRequest(userId, order, includeRead, feedId, folder, null, limit));
  }

  private static RiverItem item(List<RiverItem> items, long entryId) {
    return items.stream()
        .filter(i -> i.entryId() == entryId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("entry " + entryId + " not in " + ids(items)));
  }

  private static double points(RiverItem item, String factor) {
    return item.why().stream()
        .filter(p -> p.factor().equals(factor))
        .mapToDouble(ScorePart::points)
        .sum();
  }

  @Nested
  class River {
    @Test
    void showsTheReadersUnreadEntriesFromTheirSubscriptionsOnlyWithAScoreBreakdown() {
      long reader = h.newUser("reader");
      long other = h.newUser("other");
      long a = h.follow(reader, RankerHarness.feedName("river-a"));
      long b = h.follow(reader, RankerHarness.feedName("river-b"));
      long c = h.follow(other, RankerHarness.feedName("river-c"));
      Map<String, Long> inA =
          h.ingest(
              a, Story.of("a1").publishedAt(hoursAgo(3)), Story.of("a2").publishedAt(hoursAgo(2)));
      long b1 = h.ingestOne(b, Story.of("b1").publishedAt(hoursAgo(1)));
      long c1 = h.ingestOne(c, Story.of("c1").publishedAt(hoursAgo(1)));
      List<Long> a12 = new ArrayList<>(inA.values());
      h.awaitTailed(reader, a12.get(0), a12.get(1), b1);
      h.awaitTailed(other, c1);

      SetStatesResponse marked =
          ranker()
              .setEntryStates(
                  new SetEntryStatesRequest(reader, List.of(a12.get(0)), true, null, null));
      assertThat(marked.changed()).isEqualTo(1);

      List<RiverItem> items = h.unread(reader, RiverOrder.RANKED);
      assertThat(ids(items)).containsExactlyInAnyOrder(a12.get(1), b1);
      for (RiverItem i : items) {
        assertThat(i.read()).isFalse();
        assertThat(i.why()).extracting(ScorePart::factor).contains("freshness");
        assertThat(i.why()).allSatisfy(p -> assertThat(p.why()).isNotBlank());
        double sum = i.why().stream().mapToDouble(ScorePart::points).sum();
        assertThat(sum).as("the parts add up to the score").isCloseTo(i.score(), within(1e-9));
      }
      assertThat(items.get(0).score()).isGreaterThanOrEqualTo(items.get(1).score());
      assertThat(ids(h.unread(other, RiverOrder.RANKED))).containsExactly(c1);
    }

    @Test
    void ordersNewestAndOldestFirstBySortTime() {
      long reader = h.newUser("orders");
      long a = h.follow(reader, RankerHarness.feedName("orders-a"));
      long b = h.follow(reader, RankerHarness.feedName("orders-b"));
      // Ingested out of time order, across feeds: the ids do not follow the times.
      long mid = h.ingestOne(a, Story.of("mid").publishedAt(hoursAgo(5)));
      long newest = h.ingestOne(b, Story.of("newest").publishedAt(hoursAgo(1)));
      long oldest = h.ingestOne(a, Story.of("oldest").publishedAt(hoursAgo(30)));
      long second = h.ingestOne(b, Story.of("second").publishedAt(hoursAgo(3)));
      h.awaitTailed(reader, mid, newest, oldest, second);

      assertThat(ids(h.unread(reader, RiverOrder.NEWEST)))
          .containsExactly(newest, second, mid, oldest);
      assertThat(ids(h.unread(reader, RiverOrder.OLDEST)))
          .containsExactly(oldest, mid, second, newest);
      assertThat(h.unread(reader, RiverOrder.NEWEST).get(0).sortAt()).isEqualTo(hoursAgo(1));
    }

    @Test
    void includeReadShowsReadEntriesMarkedAsRead() {
      long reader = h.newUser("include-read");
      long a = h.follow(reader, RankerHarness.feedName("include-read"));
      Map<String, Long> in =
          h.ingest(
              a, Story.of("r1").publishedAt(hoursAgo(2)), Story.of("r2").publishedAt(hoursAgo(1)));
      List<Long> ids = new ArrayList<>(in.values());
      h.awaitTailed(reader, ids);
      ranker()
          .setEntryStates(new SetEntryStatesRequest(reader, List.of(ids.get(0)), true, null, null));

      assertThat(ids(river(reader, RiverOrder.NEWEST, false, null, null, 50).items()))
          .containsExactly(ids.get(1));
      List<RiverItem> all = river(reader, RiverOrder.NEWEST, true, null, null, 50).items();
      assertThat(ids(all)).containsExactly(ids.get(1), ids.get(0));
      assertThat(item(all, ids.get(0)).read()).isTrue();
      assertThat(item(all, ids.get(1)).read()).isFalse();
    }

    @Test
    void restrictsToOneFeedOrOneFolder() {
      long reader = h.newUser("scope");
      long tech1 = h.follow(reader, RankerHarness.feedName("tech1"), "Tech", 0);
      long tech2 = h.follow(reader, RankerHarness.feedName("tech2"), "Tech", 0);
      long life = h.follow(reader, RankerHarness.feedName("life"), "Life", 0);
      long t1 = h.ingestOne(tech1, Story.of("t1"));
      long t2 = h.ingestOne(tech2, Story.of("t2"));
      long l1 = h.ingestOne(life, Story.of("l1"));
      h.awaitTailed(reader, t1, t2, l1);

      assertThat(ids(river(reader, RiverOrder.RANKED, false, tech1, null, 50).items()))
          .containsExactly(t1);
      assertThat(ids(river(reader, RiverOrder.RANKED, false, null, "Tech", 50).items()))
          .containsExactlyInAnyOrder(t1, t2);
      assertThat(ids(river(reader, RiverOrder.RANKED, false, null, "Life", 50).items()))
          .containsExactly(l1);
    }

    /**
     * Pages 2 and 3 continue page 1's snapshot: entries arriving in between (newer ones, older ones
     * that sort into later pages, and more posts that change the feeds' rates and so every score)
     * neither repeat nor push items out; they show on a fresh first page.
     */
    @ParameterizedTest
    @EnumSource(RiverOrder.class)
    void pagingNeitherRepeatsNorSkipsWhenEntriesArriveBetweenPages(RiverOrder order) {
      long reader = h.newUser("paging-" + order);
      long a = h.follow(reader, RankerHarness.feedName("paging-a"));
      long b = h.follow(reader, RankerHarness.feedName("paging-b"));
      List<Long> before = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Story s = Story.of("p" + i).publishedAt(hoursAgo(2 + 3 * i));
        before.add(h.ingestOne(i % 3 == 0 ? a : b, s));
      }
      h.awaitTailed(reader, before);

      RiverResponse p1 =
          ranker().river(new RiverRequest(reader, order, false, null, null, null, 5));
      assertThat(p1.items()).hasSize(5);
      assertThat(p1.nextCursor()).isNotNull();

      List<Long> arrived = new ArrayList<>();
      arrived.add(h.ingestOne(a, Story.of("new-newest").publishedAt(hoursAgo(0))));
      arrived.add(h.ingestOne(a, Story.of("new-middle").publishedAt(hoursAgo(9))));
      arrived.add(h.ingestOne(a, Story.of("new-old").publishedAt(hoursAgo(31))));
      arrived.add(h.ingestOne(b, Story.of("new-oldest").publishedAt(hoursAgo(60))));
      h.awaitTailed(reader, arrived);

      RiverResponse p2 =
          ranker().river(new RiverRequest(reader, order, false, null, null, p1.nextCursor(), 5));
      assertThat(p2.nextCursor()).isNotNull();
      RiverResponse p3 =
          ranker().river(new RiverRequest(reader, order, false, null, null, p2.nextCursor(), 5));
      assertThat(p3.nextCursor()).as("12 entries in pages of 5: three pages").isNull();

      List<Long> paged = new ArrayList<>();
      paged.addAll(ids(p1.items()));
      paged.addAll(ids(p2.items()));
      paged.addAll(ids(p3.items()));
      assertThat(paged).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(before);
      if (order == RiverOrder.NEWEST) {
        List<Long> expected = new ArrayList<>(before); // published 2, 5, 8, ... hours ago
        assertThat(paged).containsExactlyElementsOf(expected);
      } else if (order == RiverOrder.OLDEST) {
        List<Long> expected = new ArrayList<>(before);
        java.util.Collections.reverse(expected);
        assertThat(paged).containsExactlyElementsOf(expected);
      }

      List<Long> fresh =
          ids(
              ranker()
                  .river(new RiverRequest(reader, order, false, null, null, null, 100))
                  .items());
      assertThat(fresh).containsAll(arrived).hasSize(16);
    }

    @Test
    void markAllReadEmptiesTheUnreadRiver() {
      long reader = h.newUser("mark-all");
      long a = h.follow(reader, RankerHarness.feedName("mark-all-a"));
      long b = h.follow(reader, RankerHarness.feedName("mark-all-b"));
      long a1 = h.ingestOne(a, Story.of("ma1").publishedAt(hoursAgo(3)));
      long b1 = h.ingestOne(b, Story.of("mb1").publishedAt(hoursAgo(2)));
      h.awaitTailed(reader, a1, b1);
      assertThat(h.unread(reader, RiverOrder.RANKED)).hasSize(2);

      int marked =
          ranker()
              .markAllRead(new MarkAllReadRequest(reader, List.of(), null, Instant.now(), null))
              .marked();

      assertThat(marked).isEqualTo(2);
      assertThat(h.unread(reader, RiverOrder.RANKED)).isEmpty();
      assertThat(river(reader, RiverOrder.NEWEST, true, null, null, 50).items())
          .extracting(RiverItem::read)
          .containsExactly(true, true);
    }

    @Test
    void subscribingThroughTheRankerShowsTheNewFeedsEntriesAtOnce() {
      long reader = h.newUser("subscriber");
      long other = h.newUser("early-bird");
      String newFeed = RankerHarness.feedName("discovered");
      long own = h.follow(reader, RankerHarness.feedName("own"));
      long discovered = h.follow(other, newFeed);
      long o1 = h.ingestOne(own, Story.of("own1"));
      long d1 = h.ingestOne(discovered, Story.of("disc1"));
      h.awaitTailed(reader, o1);
      h.awaitTailed(other, d1);
      assertThat(ids(h.unread(reader, RiverOrder.RANKED))).containsExactly(o1);

      long feedId = h.follow(reader, newFeed); // the same URL: the same shared feed

      assertThat(feedId).isEqualTo(discovered);
      assertThat(ids(h.unread(reader, RiverOrder.RANKED))).containsExactlyInAnyOrder(o1, d1);
    }
  }

  @Nested
  class Ranking {
    /**
     * A feed posting 200 times in the window and one posting once: their posts of the same age do
     * not score alike, since a high-volume feed's posts fade faster (RANKER.md, the score).
     */
    @Test
    void theLowVolumePostOutranksTheHighVolumeFeedsPostOfTheSameAge() {
      long reader = h.newUser("volume");
      long busy = h.follow(reader, RankerHarness.feedName("busy"));
      long quiet = h.follow(reader, RankerHarness.feedName("quiet"));
      Instant sameAge = hoursAgo(2);
      Story[] posts = new Story[200];
      for (int i = 0; i < 200; i++) {
        // The 200th (last, newest) post has the compared age; the others are an hour apart.
        posts[i] = Story.of("busy" + i).publishedAt(sameAge.minus(199 - i, ChronoUnit.HOURS));
      }
      Map<String, Long> busyIds = h.ingest(busy, posts);
      long busy200 = busyIds.get(posts[199].key());
      long lone = h.ingestOne(quiet, Story.of("lone").publishedAt(sameAge));
      h.awaitTailed(reader, busy200, lone);

      List<RiverItem> items = h.unread(reader, RiverOrder.RANKED);
      assertThat(items).hasSize(201);
      RiverItem quietItem = item(items, lone);
      RiverItem busyItem = item(items, busy200);
      assertThat(quietItem.sortAt()).isEqualTo(busyItem.sortAt());
      assertThat(ids(items).indexOf(lone)).isLessThan(ids(items).indexOf(busy200));
      assertThat(quietItem.score()).isGreaterThan(busyItem.score());
      assertThat(points(quietItem, "freshness")).isGreaterThan(points(busyItem, "freshness"));
      assertThat(ids(items).get(0)).isEqualTo(lone);
    }

    @Test
    void aDislikedAuthorSinksAndALikedOneRises() {
      long reader = h.newUser("authors");
      long feed = h.follow(reader, RankerHarness.feedName("authors"));
      String liked = "Alice " + RankerHarness.unique("Liked");
      String disliked = "Carol " + RankerHarness.unique("Disliked");
      // Without preferences the disliked author's post is the freshest, the liked one's the oldest.
      long alice = h.ingestOne(feed, Story.of("alice").author(liked).publishedAt(hoursAgo(6)));
      long bob = h.ingestOne(feed, Story.of("bob").author("Bob Neutral").publishedAt(hoursAgo(3)));
      long carol = h.ingestOne(feed, Story.of("carol").author(disliked).publishedAt(hoursAgo(1)));
      h.awaitTailed(reader, alice, bob, carol);
      assertThat(ids(h.unread(reader, RiverOrder.RANKED))).containsExactly(carol, bob, alice);

      ranker()
          .setPreference(
              new PreferenceRequest(
                  new Preference(0, reader, PreferenceKind.AUTHOR, liked, 3, null, null)));
      ranker()
          .setPreference(
              new PreferenceRequest(
                  new Preference(0, reader, PreferenceKind.AUTHOR, disliked, -3, null, null)));

      List<RiverItem> items = h.unread(reader, RiverOrder.RANKED);
      assertThat(ids(items)).containsExactly(alice, bob, carol);
      assertThat(points(item(items, alice), "preference")).isPositive();
      assertThat(points(item(items, carol), "preference")).isNegative();
      assertThat(points(item(items, bob), "preference")).isZero();
    }

    @Test
    void likingAnEntryTeachesTheRankerItsAuthor() {
      long reader = h.newUser("learner");
      long feed = h.follow(reader, RankerHarness.feedName("learner"));
      String author = "Dana " + RankerHarness.unique("Learned");
      long liked = h.ingestOne(feed, Story.of("liked").author(author).publishedAt(hoursAgo(4)));
      long later =
          h.ingestOne(feed, Story.of("same-author").author(author).publishedAt(hoursAgo(2)));
      long stranger =
          h.ingestOne(feed, Story.of("stranger").author("Someone Else").publishedAt(hoursAgo(1)));
      h.awaitTailed(reader, liked, later, stranger);
      assertThat(ids(h.unread(reader, RiverOrder.RANKED)).get(0)).isEqualTo(stranger);

      ranker().setEntryStates(new SetEntryStatesRequest(reader, List.of(liked), null, null, 1));

      List<Preference> prefs = ranker().listPreferences(new ListRulesRequest(reader)).preferences();
      assertThat(prefs)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.kind()).isEqualTo(PreferenceKind.AUTHOR);
                assertThat(p.value()).isEqualToIgnoringCase(author);
                assertThat(p.weight()).isPositive();
              });
      List<RiverItem> items = h.unread(reader, RiverOrder.RANKED);
      assertThat(item(items, liked).liking()).isEqualTo(1);
      assertThat(points(item(items, later), "preference")).isPositive();
      assertThat(points(item(items, stranger), "preference")).isZero();
    }

    /** A rule the reader gave an author in one feed is their word on them: nothing is learned. */
    @Test
    void likingAnAuthorTheReaderRuledInOneFeedLearnsNothing() {
      long reader = h.newUser("scoped-learner");
      long feed = h.follow(reader, RankerHarness.feedName("scoped-learner"));
      String author = "Eli " + RankerHarness.unique("Scoped");
      long liked = h.ingestOne(feed, Story.of("scoped-liked").author(author));
      h.awaitTailed(reader, liked);
      ranker()
          .setPreference(
              new PreferenceRequest(
                  new Preference(0, reader, PreferenceKind.AUTHOR, author, -3, feed, null)));

      ranker().setEntryStates(new SetEntryStatesRequest(reader, List.of(liked), null, null, 1));

      assertThat(ranker().listPreferences(new ListRulesRequest(reader)).preferences())
          .singleElement()
          .satisfies(p -> assertThat(p.feedId()).isEqualTo(feed));
    }

    /**
     * An author of control characters only (a JSON Feed's junk) is no one to learn: stored as a
     * rule, it failed every load of the reader, and their river answered INTERNAL from then on.
     */
    @Test
    void likingAnEntryWhoseAuthorIsOnlyControlCharactersLearnsNothing() {
      long reader = h.newUser("junk-author");
      long feed = h.follow(reader, RankerHarness.feedName("junk-author"));
      long liked = h.ingestOne(feed, Story.of("junk-author").author("\u0001\u0002"));
      h.awaitTailed(reader, liked);

      ranker().setEntryStates(new SetEntryStatesRequest(reader, List.of(liked), null, null, 1));

      assertThat(ranker().listPreferences(new ListRulesRequest(reader)).preferences()).isEmpty();
      assertThat(ids(h.unread(reader, RiverOrder.RANKED))).containsExactly(liked);
    }

    @Test
    void aPreferenceValueOfControlCharactersOnlyIsInvalidAndNotStored() {
      long reader = h.newUser("junk-preference");
      assertThatThrownBy(
              () ->
                  ranker()
                      .setPreference(
                          new PreferenceRequest(
                              new Preference(
                                  0,
                                  reader,
                                  PreferenceKind.AUTHOR,
                                  "\u0001 \u0007",
                                  2,
                                  null,
                                  null))))
          .isInstanceOfSatisfying(
              RpcException.class,
              e -> {
                assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("preference.value");
              });
      assertThat(ranker().listPreferences(new ListRulesRequest(reader)).preferences()).isEmpty();
    }
  }

  @Nested
  class Duplicates {
    /**
     * One story in three feeds: two copies share a canonical URL once tracking parameters are
     * dropped, the third has another URL and a fingerprint 3 bits away.
     */
    @Test
    void aStoryInThreeFeedsIsOneItemAndReadingItReadsEveryCopy() {
      long reader = h.newUser("dupes");
      long a = h.follow(reader, RankerHarness.feedName("wire-a"));
      long b = h.follow(reader, RankerHarness.feedName("wire-b"));
      long c = h.follow(reader, RankerHarness.feedName("wire-c"));
      String host = RankerHarness.unique("news") + ".example";
      Story story =
          Story.of("dup")
              .title("Harbour bridge reopens after two years of repairs")
              .url("https://" + host + "/2024/bridge?utm_source=rss&utm_medium=feed")
              .publishedAt(hoursAgo(2));
      long inA = h.ingestOne(a, story);
      long inB =
          h.ingestOne(
              b,
              story
                  .copy(RankerHarness.unique("dup-b"))
                  .url("http://www." + host + "/2024/bridge/?fbclid=IwAR0xyz"));
      long inC =
          h.ingestOne(
              c,
              story
                  .copy(RankerHarness.unique("dup-c"))
                  .url("https://mirror-" + host + "/syndicated/bridge-reopens")
                  .fingerprint(RankerHarness.nearBy(story.input().fingerprint(), 3)));
      long unrelated = h.ingestOne(a, Story.of("unrelated").publishedAt(hoursAgo(1)));
      h.awaitTailed(reader, inA, inB, inC, unrelated);

      List<RiverItem> items = h.unread(reader, RiverOrder.RANKED);
      assertThat(items).hasSize(2);
      RiverItem shown =
          items.stream().filter(i -> i.entryId() != unrelated).findFirst().orElseThrow();
      Set<Long> copies = Set.of(inA, inB, inC);
      assertThat(copies).contains(shown.entryId());
      assertThat(shown.alsoIn()).hasSize(2);
      Set<Long> all = new HashSet<>(shown.alsoIn().stream().map(AlsoIn::entryId).toList());
      all.add(shown.entryId());
      assertThat(all).isEqualTo(copies);
      assertThat(shown.alsoIn())
          .extracting(AlsoIn::feedId)
          .doesNotContain(shown.feedId())
          .doesNotHaveDuplicates();
      assertThat(points(shown, "popularity")).isPositive();

      SetStatesResponse read =
          ranker()
              .setEntryStates(
                  new SetEntryStatesRequest(reader, List.of(shown.entryId()), true, null, null));

      Set<Long> others = new HashSet<>(copies);
      others.remove(shown.entryId());
      assertThat(read.alsoMarked()).containsExactlyInAnyOrderElementsOf(others);
      assertThat(read.changed()).isEqualTo(3);
      assertThat(ids(h.unread(reader, RiverOrder.RANKED))).containsExactly(unrelated);
      for (long feed : List.of(a, b, c)) {
        assertThat(ids(river(reader, RiverOrder.NEWEST, false, feed, null, 50).items()))
            .doesNotContainAnyElementsOf(copies);
      }
    }
  }

  @Nested
  class UnreadAgain {
    /**
     * Marking a story unread unmarks its copies as reading it marked them: the river takes a story
     * as read if any copy is, so the copies left read kept it out of the unread river.
     */
    @Test
    void markingOneCopyUnreadBringsTheStoryBackAndUnmarksTheOtherCopy() {
      long reader = h.newUser("unread-again");
      long a = h.follow(reader, RankerHarness.feedName("again-a"));
      long b = h.follow(reader, RankerHarness.feedName("again-b"));
      String host = RankerHarness.unique("again") + ".example";
      Story story =
          Story.of("again")
              .title("Tram line extension opens to passengers")
              .url("https://" + host + "/tram")
              .publishedAt(hoursAgo(2));
      long inA = h.ingestOne(a, story);
      long inB = h.ingestOne(b, story.copy(RankerHarness.unique("again-b")));
      h.awaitTailed(reader, inA, inB);
      assertThat(ids(h.unread(reader, RiverOrder.NEWEST))).hasSize(1).containsAnyOf(inA, inB);

      SetStatesResponse read =
          ranker()
              .setEntryStates(new SetEntryStatesRequest(reader, List.of(inA), true, null, null));
      assertThat(read.alsoMarked()).containsExactly(inB);
      assertThat(h.unread(reader, RiverOrder.NEWEST)).isEmpty();

      SetStatesResponse unread =
          ranker()
              .setEntryStates(new SetEntryStatesRequest(reader, List.of(inA), false, null, null));

      assertThat(unread.alsoMarked()).containsExactly(inB);
      assertThat(unread.changed()).isEqualTo(2);
      assertThat(ids(h.unread(reader, RiverOrder.NEWEST))).hasSize(1).containsAnyOf(inA, inB);
      assertThat(
              h.store
                  .store()
                  .getEntryStates(
                      new com.inkzee.rpc.api.store.StateMessages.GetEntryStatesRequest(
                          reader, List.of(inA, inB)))
                  .states())
          .hasSize(2)
          .allSatisfy(s -> assertThat(s.read()).as("entry %d read", s.entryId()).isFalse());
    }
  }

  @Nested
  class ManyCopies {
    /**
     * 1,000 entries, the most one call may carry, each with a copy in another followed feed: with
     * the copies added the ranker's store call carried 2,000 ids, over the store's limit, and the
     * valid request failed INVALID_ARGUMENT.
     */
    @Test
    void readingTheMostEntriesACallMayCarryReadsTheirCopiesToo() {
      long reader = h.newUser("many-copies");
      long a = h.follow(reader, RankerHarness.feedName("many-a"));
      long b = h.follow(reader, RankerHarness.feedName("many-b"));
      Story[] stories = new Story[1_000];
      Story[] copies = new Story[stories.length];
      for (int i = 0; i < stories.length; i++) {
        stories[i] = Story.of("many" + i).publishedAt(hoursAgo(1));
        copies[i] = stories[i].copy(RankerHarness.unique("many-copy" + i));
      }
      List<Long> inA = List.copyOf(h.ingest(a, stories).values());
      List<Long> inB = List.copyOf(h.ingest(b, copies).values());
      List<Long> all = new ArrayList<>(inA);
      all.addAll(inB);
      h.awaitTailed(reader, all);

      SetStatesResponse read =
          ranker().setEntryStates(new SetEntryStatesRequest(reader, inA, true, null, null));

      assertThat(read.changed()).isEqualTo(2_000);
      assertThat(read.alsoMarked()).containsExactlyInAnyOrderElementsOf(inB);
      assertThat(h.unread(reader, RiverOrder.NEWEST)).isEmpty();
    }

    @Test
    void moreEntriesThanACallMayCarryAreInvalid() {
      long reader = h.newUser("too-many");
      List<Long> ids = new ArrayList<>();
      for (long i = 1; i <= 1_001; i++) {
        ids.add(i);
      }
      assertThatThrownBy(
              () ->
                  ranker().setEntryStates(new SetEntryStatesRequest(reader, ids, true, null, null)))
          .isInstanceOfSatisfying(
              RpcException.class,
              e -> {
                assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("entryIds", "1000");
              });
    }
  }

  @Nested
  class Errors {
    @Test
    void anUnknownUserIsNotFound() {
      long unknown = 987_654_321L;
      assertThatThrownBy(() -> river(unknown, RiverOrder.RANKED, false, null, null, 10))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.NOT_FOUND));
    }

    @Test
    void aLimitOfZeroIsInvalid() {
      long reader = h.newUser("limit");
      assertThatThrownBy(() -> river(reader, RiverOrder.RANKED, false, null, null, 0))
          .isInstanceOfSatisfying(
              RpcException.class,
              e -> {
                assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("limit");
              });
    }

    /** RankerService: INVALID_ARGUMENT only for a limit outside 1..MAX_RIVER_ITEMS (1000). */
    @Test
    void acceptsTheLargestPageTheProtocolAllows() {
      long reader = h.newUser("big-page");
      h.follow(reader, RankerHarness.feedName("big-page"));
      assertThat(
              river(
                      reader,
                      RiverOrder.RANKED,
                      false,
                      null,
                      null,
                      com.inkzee.rpc.api.ranker.RankerMessages.MAX_RIVER_ITEMS)
                  .items())
          .isEmpty();
    }

    @Test
    void aMalformedCursorIsInvalid() {
      long reader = h.newUser("cursor");
      h.follow(reader, RankerHarness.feedName("cursor"));
      String wellFormedBase64Garbage =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString("r1:R:zz:1:2".getBytes(StandardCharsets.UTF_8));
      for (String cursor : List.of("not a cursor!", wellFormedBase64Garbage, "")) {
        assertThatThrownBy(
                () ->
                    ranker()
                        .river(
                            new RiverRequest(
                                reader, RiverOrder.RANKED, false, null, null, cursor, 10)))
            .as("cursor %s", cursor)
            .isInstanceOfSatisfying(
                RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT));
      }
    }

    @Test
    void aCursorOfAnotherOrderIsInvalid() {
      long reader = h.newUser("cursor-order");
      long feed = h.follow(reader, RankerHarness.feedName("cursor-order"));
      long e1 = h.ingestOne(feed, Story.of("co1").publishedAt(hoursAgo(2)));
      long e2 = h.ingestOne(feed, Story.of("co2").publishedAt(hoursAgo(1)));
      h.awaitTailed(reader, e1, e2);
      String newestCursor =
          ranker()
              .river(new RiverRequest(reader, RiverOrder.NEWEST, false, null, null, null, 1))
              .nextCursor();
      assertThat(newestCursor).isNotNull();
      assertThatThrownBy(
              () ->
                  ranker()
                      .river(
                          new RiverRequest(
                              reader, RiverOrder.OLDEST, false, null, null, newestCursor, 1)))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT));
    }

    /** RankerService.river: NOT_FOUND for a feed or folder the user does not follow. */
    @Test
    void aFeedOrFolderTheReaderDoesNotFollowIsNotFound() {
      long reader = h.newUser("not-following");
      long other = h.newUser("follower");
      h.follow(reader, RankerHarness.feedName("followed"), "Mine", 0);
      long notMine = h.follow(other, RankerHarness.feedName("not-mine"));
      assertThatThrownBy(() -> river(reader, RiverOrder.RANKED, false, notMine, null, 10))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.NOT_FOUND));
      assertThatThrownBy(() -> river(reader, RiverOrder.RANKED, false, null, "Not A Folder", 10))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.NOT_FOUND));
    }

    /** RankerService.river: INVALID_ARGUMENT for both feedId and folder. */
    @Test
    void bothAFeedAndAFolderIsInvalid() {
      long reader = h.newUser("both-scopes");
      long feed = h.follow(reader, RankerHarness.feedName("both-scopes"), "Mine", 0);
      assertThatThrownBy(() -> river(reader, RiverOrder.RANKED, false, feed, "Mine", 10))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT));
    }
  }
}
