package com.inkzee.ranker.river;

import static com.inkzee.ranker.testing.TestEntries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.cluster.StoryClusters;
import com.inkzee.ranker.score.FeedAffinity;
import com.inkzee.ranker.score.PreferenceRule;
import com.inkzee.ranker.score.Preferences;
import com.inkzee.ranker.score.Scorer;
import com.inkzee.ranker.testing.TestEntries.MutableClock;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ranked river stops reading once no unread entry can reach the page (the score ceilings):
 * these tests hold it to the page that scoring every candidate gives. The reference is the same
 * builder asked for one page larger than all candidates, where the page never fills and so nothing
 * is skipped; small pages, followed by cursor, must list exactly that ranking.
 */
class RankedCeilingTest {
  private static final String[] WORDS = {
    "council", "budget", "storm", "election", "market", "kernel", "climate", "energy", "school"
  };

  private record World(RiverBuilder river, UserView user, int candidates) {}

  /**
   * Busy and quiet feeds over 14 days; one story in eight copied to up to three other feeds (same
   * canonical URL), some read; preferences of every kind and scope, affinity and priority per feed,
   * and a gate that hides, marks read and stars a few entries.
   */
  private static World world(long seed) {
    Random random = new Random(seed);
    MutableClock clock = new MutableClock(NOW);
    EntryWindow window = new EntryWindow(Duration.ofDays(14), clock);
    StoryClusters clusters = new StoryClusters(window::get);
    window.addListener(clusters);
    int feeds = 40;
    long id = 0;
    List<WindowEntry> all = new ArrayList<>();
    for (long feed = 1; feed <= feeds; feed++) {
      int count = feed <= 4 ? 100 + random.nextInt(60) : 1 + random.nextInt(15);
      for (int i = 0; i < count; i++) {
        id++;
        Instant at = NOW.minusSeconds(random.nextInt(13 * 86_400));
        String word = WORDS[random.nextInt(WORDS.length)];
        String url = "https://feed" + feed + ".example/" + id;
        all.add(entry(id, feed, at, word + " news " + id, url, "Author " + random.nextInt(6)));
        if (random.nextInt(8) == 0) {
          int copies = 1 + random.nextInt(3);
          for (int c = 0; c < copies; c++) {
            id++;
            long other = 1 + random.nextInt(feeds);
            all.add(
                entry(
                    id,
                    other,
                    at.plusSeconds(random.nextInt(7_200)),
                    word + " story " + id,
                    url + "?utm_source=rss",
                    "Author " + random.nextInt(6)));
          }
        }
      }
    }
    window.putAll(all);

    Long2ObjectOpenHashMap<Subscription> subscriptions = new Long2ObjectOpenHashMap<>();
    Long2ObjectOpenHashMap<FeedAffinity.Counts> counts = new Long2ObjectOpenHashMap<>();
    for (long feed = 1; feed <= feeds; feed++) {
      if (feed == 7) {
        continue; // a feed the reader does not follow, which still carries copies of stories
      }
      subscriptions.put(
          feed, new Subscription("folder" + feed % 3, random.nextInt(5) - 2, "Feed " + feed));
      if (random.nextBoolean()) {
        counts.put(
            feed,
            new FeedAffinity.Counts(
                random.nextInt(40),
                random.nextInt(4),
                random.nextInt(3),
                random.nextInt(3),
                random.nextInt(40)));
      }
    }
    List<PreferenceRule> rules =
        List.of(
            PreferenceRule.everywhere(PreferenceRule.Kind.TITLE, "budget", 2),
            PreferenceRule.everywhere(PreferenceRule.Kind.TITLE, "storm", -3),
            PreferenceRule.everywhere(PreferenceRule.Kind.AUTHOR, "Author 2", 3),
            new PreferenceRule(PreferenceRule.Kind.TITLE, "kernel", 3, 2L, null),
            new PreferenceRule(PreferenceRule.Kind.CATEGORY, "none", 1, null, "folder1"),
            new PreferenceRule(PreferenceRule.Kind.AUTHOR, "Author 4", 2.5, null, "folder2"),
            PreferenceRule.everywhere(PreferenceRule.Kind.FEED, "3", 3),
            PreferenceRule.everywhere(PreferenceRule.Kind.URL, "*feed5.example*", 1.5));
    LongOpenHashSet read = new LongOpenHashSet();
    for (long e = 1; e <= id; e++) {
      if (random.nextInt(10) == 0) {
        read.add(e);
      }
    }
    EntryGate gate =
        (entry, sub) ->
            switch ((int) (entry.id() % 29)) {
              case 0 -> GateAction.HIDE;
              case 1 -> GateAction.MARK_READ;
              case 2 -> GateAction.STAR;
              default -> GateAction.SHOW;
            };
    UserView user =
        new UserView(
            9,
            subscriptions,
            read,
            new LongOpenHashSet(),
            new Long2IntOpenHashMap(),
            FeedAffinity.of(counts),
            Preferences.of(rules),
            gate);
    RiverBuilder river = new RiverBuilder(window, clusters, new Scorer(), clock);
    return new World(river, user, (int) id);
  }

  private static WindowEntry entry(
      long id, long feed, Instant at, String title, String url, String author) {
    return new WindowEntry(id, id, feed, title, url, author, "", List.of(), at, 0, 150);
  }

  private static List<String> keys(List<RiverItem> items) {
    return items.stream()
        .map(i -> i.entry().id() + "@" + i.score().total() + "x" + i.clusterFeeds())
        .toList();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void pagesFollowedByCursorListExactlyTheFullRanking(long seed) {
    World w = world(seed);
    for (boolean includeRead : new boolean[] {false, true}) {
      RiverRequest everything =
          new RiverRequest(
              RiverOrder.RANKED, includeRead, null, null, RiverRequest.MAX_LIMIT, null);
      RiverPage full = w.river().page(w.user(), everything);
      assertThat(full.nextCursor()).as("the reference page holds every story").isNull();
      assertThat(full.items()).hasSizeGreaterThan(100);

      List<RiverItem> paged = new ArrayList<>();
      RiverRequest request = new RiverRequest(RiverOrder.RANKED, includeRead, null, null, 9, null);
      for (int pages = 0; pages < 200; pages++) {
        RiverPage page = w.river().page(w.user(), request);
        paged.addAll(page.items());
        if (page.nextCursor() == null) {
          break;
        }
        request = request.after(page);
      }
      assertThat(keys(paged)).containsExactlyElementsOf(keys(full.items()));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void aFolderOrFeedRiverIsTheFullRankingOfThatPart(long seed) {
    World w = world(seed);
    for (RiverRequest scope :
        List.of(
            new RiverRequest(
                RiverOrder.RANKED, false, null, "folder1", RiverRequest.MAX_LIMIT, null),
            new RiverRequest(RiverOrder.RANKED, false, 2L, null, RiverRequest.MAX_LIMIT, null))) {
      List<RiverItem> full = w.river().page(w.user(), scope).items();
      RiverRequest small =
          new RiverRequest(RiverOrder.RANKED, false, scope.feedId(), scope.folder(), 5, null);
      assertThat(keys(w.river().page(w.user(), small).items()))
          .containsExactlyElementsOf(keys(full.subList(0, Math.min(5, full.size()))));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void aFirstPageReadsFewOfTheCandidates(long seed) {
    World w = world(seed);
    RiverPage page = w.river().page(w.user(), RiverRequest.unread(RiverOrder.RANKED, 10));
    assertThat(page.items()).hasSize(10);
    // The busy feeds' older entries sit far below the page: their ceilings stop the scan early.
    assertThat(page.entriesRead()).isLessThan(w.candidates() / 2);
  }
}
