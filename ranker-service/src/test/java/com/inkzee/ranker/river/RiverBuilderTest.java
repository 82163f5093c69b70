package com.inkzee.ranker.river;

import static com.inkzee.ranker.testing.TestEntries.NOW;
import static com.inkzee.ranker.testing.TestEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.ranker.cluster.StoryClusters;
import com.inkzee.ranker.score.FeedAffinity;
import com.inkzee.ranker.score.Preferences;
import com.inkzee.ranker.score.Scorer;
import com.inkzee.ranker.testing.TestEntries.MutableClock;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RiverBuilderTest {
  static final String STORY =
      "The city council approved the new budget on Tuesday after a long debate about funding for"
          + " public transport, school repairs and the renovation of the central library, which"
          + " had been closed for two years because of water damage.";

  private final MutableClock clock = new MutableClock(NOW);
  private EntryWindow window;
  private RiverBuilder river;
  private final Long2ObjectOpenHashMap<Subscription> subscriptions = new Long2ObjectOpenHashMap<>();
  private final LongSet read = new LongOpenHashSet();
  private final LongSet starred = new LongOpenHashSet();
  private EntryGate gate = EntryGate.SHOW_ALL;

  @BeforeEach
  void setUp() {
    window = new EntryWindow(Duration.ofDays(14), clock);
    StoryClusters clusters = new StoryClusters(window::get);
    window.addListener(clusters);
    river = new RiverBuilder(window, clusters, new Scorer(), clock);
    for (long f = 1; f <= 5; f++) {
      subscriptions.put(f, new Subscription(f <= 3 ? "News" : "Tech", 0, "Feed " + f));
    }
  }

  private UserView user() {
    return new UserView(
        7,
        subscriptions,
        read,
        starred,
        new Long2IntOpenHashMap(),
        FeedAffinity.NONE,
        Preferences.NONE,
        gate);
  }

  private List<Long> ids(RiverPage page) {
    return page.items().stream().map(i -> i.entry().id()).toList();
  }

  @Test
  void duplicatesAcrossThreeFeedsCollapseIntoOneItemAlsoInTwoMoreFeeds() {
    window.put(
        entry(
            1, 1, NOW.minusSeconds(3600), "Budget approved", "https://news.example/budget", STORY));
    window.put(
        entry(
            2,
            2,
            NOW.minusSeconds(1800),
            "Council passes budget",
            "https://www.news.example/budget?utm_source=rss&fbclid=x",
            "A teaser."));
    window.put(
        entry(
            3,
            3,
            NOW.minusSeconds(600),
            "Budget vote",
            "https://other.example/vote",
            STORY.replace("Tuesday", "Wednesday") + " Updated."));
    window.put(entry(4, 4, NOW.minusSeconds(900)));
    subscriptions.put(3, new Subscription("News", 2, "Best feed"));

    RiverPage page = river.page(user(), RiverRequest.unread(RiverOrder.RANKED, 10));
    assertThat(page.items()).hasSize(2);
    RiverItem story =
        page.items().stream().filter(i -> i.entry().id() != 4).findFirst().orElseThrow();
    assertThat(story.entry().id()).isEqualTo(3); // from the reader's best-placed feed
    assertThat(story.alsoIn()).extracting(AlsoIn::feedId).containsExactlyInAnyOrder(1L, 2L);
    assertThat(story.clusterFeeds()).isEqualTo(3);
    assertThat(story.score().parts())
        .anySatisfy(p -> assertThat(p.why()).isEqualTo("carried by 3 feeds"));
  }

  @Test
  void aStoryReadInOneFeedIsReadInAll() {
    window.put(entry(1, 1, NOW, "a", "https://x.example/s", ""));
    window.put(entry(2, 2, NOW, "b", "https://x.example/s?ref=rss", ""));
    read.add(1);
    assertThat(river.page(user(), RiverRequest.unread(RiverOrder.NEWEST, 10)).items()).isEmpty();
  }

  @Nested
  class Paging {
    @Test
    void newArrivalsBetweenPagesNeitherRepeatNorSkip() {
      for (RiverOrder order : RiverOrder.values()) {
        setUp();
        Random random = new Random(3);
        List<WindowEntry> corpus = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
          corpus.add(
              entry(
                  i,
                  1 + random.nextInt(5),
                  clock.instant().minusSeconds(random.nextInt(5 * 86_400))));
        }
        window.putAll(corpus);
        List<Long> all = ids(river.page(user(), RiverRequest.unread(order, 500)));
        assertThat(all).hasSize(120).doesNotHaveDuplicates();

        List<Long> paged = new ArrayList<>();
        RiverRequest request = RiverRequest.unread(order, 25);
        RiverPage page = river.page(user(), request);
        long nextId = 1000;
        while (true) {
          paged.addAll(ids(page));
          // Arrivals between calls: a fresh one, a late one dated yesterday, and a burst in one
          // feed (which raises that feed's rate, and would move its scores if it were counted).
          clock.advance(Duration.ofMinutes(5));
          window.put(entry(nextId++, 1, clock.instant()));
          window.put(entry(nextId++, 2, clock.instant().minusSeconds(86_400)));
          for (int k = 0; k < 5; k++) {
            window.put(entry(nextId++, 4, clock.instant().minusSeconds(60L * k)));
          }
          if (page.nextCursor() == null) {
            break;
          }
          page = river.page(user(), request.after(page));
        }
        assertThat(paged).as(order.name()).containsExactlyElementsOf(all);
        List<Long> fresh = ids(river.page(user(), RiverRequest.unread(order, 500)));
        assertThat(fresh).as(order.name()).hasSize(120 + (int) (nextId - 1000));
      }
    }

    @Test
    void newestAndOldestOrderBySortAtWithIdTieBreak() {
      window.put(entry(1, 1, NOW.minusSeconds(300)));
      window.put(entry(2, 2, NOW.minusSeconds(100)));
      window.put(entry(3, 3, NOW.minusSeconds(100)));
      window.put(entry(4, 4, NOW.minusSeconds(900)));
      assertThat(ids(river.page(user(), RiverRequest.unread(RiverOrder.NEWEST, 10))))
          .containsExactly(3L, 2L, 1L, 4L);
      assertThat(ids(river.page(user(), RiverRequest.unread(RiverOrder.OLDEST, 10))))
          .containsExactly(4L, 1L, 2L, 3L);
    }

    @Test
    void rejectsAMalformedCursorNamingIt() {
      window.put(entry(1, 1, NOW));
      for (String bad :
          List.of(
              "garbage!",
              Base64.getUrlEncoder().encodeToString("r1:R:zz:1:2:3".getBytes()),
              Base64.getUrlEncoder().encodeToString("r9".getBytes()))) {
        assertThatThrownBy(
                () ->
                    river.page(user(), RiverRequest.unread(RiverOrder.RANKED, 10).withCursor(bad)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Malformed river cursor")
            .hasMessageContaining(bad);
      }
    }

    @Test
    void rejectsACursorOfAnotherOrder() {
      for (int i = 1; i <= 3; i++) {
        window.put(entry(i, 1, NOW.minusSeconds(i)));
      }
      RiverPage page = river.page(user(), RiverRequest.unread(RiverOrder.NEWEST, 1));
      assertThatThrownBy(
              () ->
                  river.page(
                      user(),
                      RiverRequest.unread(RiverOrder.RANKED, 1).withCursor(page.nextCursor())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("belongs to order NEWEST");
    }
  }

  @Nested
  class ReadersState {
    @Test
    void readEntriesAreLeftOutUnlessIncludeRead() {
      window.put(entry(1, 1, NOW.minusSeconds(10)));
      window.put(entry(2, 1, NOW.minusSeconds(20)));
      read.add(1);
      assertThat(ids(river.page(user(), RiverRequest.unread(RiverOrder.NEWEST, 10))))
          .containsExactly(2L);
      RiverPage all =
          river.page(user(), new RiverRequest(RiverOrder.NEWEST, true, null, null, 10, null));
      assertThat(ids(all)).containsExactly(1L, 2L);
      assertThat(all.items().get(0).read()).isTrue();
      assertThat(all.items().get(1).read()).isFalse();
    }

    @Test
    void theGateHidesMarksReadAndStars() {
      window.put(entry(1, 1, NOW.minusSeconds(10)));
      window.put(entry(2, 1, NOW.minusSeconds(20)));
      window.put(entry(3, 1, NOW.minusSeconds(30)));
      window.put(entry(4, 1, NOW.minusSeconds(40)));
      gate =
          (e, s) ->
              switch ((int) e.id()) {
                case 1 -> GateAction.HIDE;
                case 2 -> GateAction.MARK_READ;
                case 3 -> GateAction.STAR;
                default -> GateAction.SHOW;
              };
      RiverPage unread = river.page(user(), RiverRequest.unread(RiverOrder.NEWEST, 10));
      assertThat(ids(unread)).containsExactly(3L, 4L);
      assertThat(unread.items().get(0).starred()).isTrue();
      RiverPage all =
          river.page(user(), new RiverRequest(RiverOrder.NEWEST, true, null, null, 10, null));
      assertThat(ids(all)).containsExactly(2L, 3L, 4L);
      assertThat(all.items().get(0).read()).isTrue();
    }

    @Test
    void aRiverCanBeOneFeedOrOneFolder() {
      for (long f = 1; f <= 5; f++) {
        window.put(entry(f, f, NOW.minusSeconds(f)));
      }
      window.put(entry(99, 99, NOW)); // not subscribed
      assertThat(
              ids(
                  river.page(
                      user(), new RiverRequest(RiverOrder.NEWEST, false, 2L, null, 10, null))))
          .containsExactly(2L);
      assertThat(
              ids(
                  river.page(
                      user(), new RiverRequest(RiverOrder.NEWEST, false, null, "Tech", 10, null))))
          .containsExactly(4L, 5L);
      assertThat(ids(river.page(user(), RiverRequest.unread(RiverOrder.NEWEST, 10))))
          .containsExactly(1L, 2L, 3L, 4L, 5L);
    }
  }
}
