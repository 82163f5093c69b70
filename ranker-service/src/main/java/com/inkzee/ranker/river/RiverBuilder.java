package com.inkzee.ranker.river;

import com.inkzee.ranker.cluster.StoryCluster;
import com.inkzee.ranker.cluster.StoryClusters;
import com.inkzee.ranker.score.ScoreInput;
import com.inkzee.ranker.score.Scorer;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArraySet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Builds a page of one reader's river from the window: their subscribed feeds' entries, filtered by
 * their gate, one item per story, in ranked, newest or oldest order, with a cursor for the next
 * page.
 *
 * <p><b>One item per story.</b> Entries of one {@link StoryCluster} among the requested feeds give
 * one item: the copy from the reader's best-placed feed (highest priority, then highest affinity,
 * then earliest, then lowest id) is shown; the reader's other feeds with a copy are listed in
 * {@link RiverItem#alsoIn()}. A story counts as read when the reader read any copy of it.
 *
 * <p><b>Stable paging.</b> The first page fixes a snapshot: the scoring time (now, to the
 * millisecond) and the window's highest entry id. Later pages, given the cursor, reuse both: they
 * score with the same time, leave out entries with higher ids (arrived since; they show on a fresh
 * first page), and count each feed's publishing rate and each story's feeds only over the
 * snapshot's entries, so every item keeps its score and position, and resuming strictly after the
 * last (key, entry id) neither repeats nor skips. What a snapshot cannot pin: the reader's own
 * changes (reads, affinity, rules) and entries leaving the window between pages; these move items
 * as they should. See {@link RiverCursor} for the cursor's format.
 *
 * <p>Thread-safe: it keeps no state between calls; any number of readers build rivers at once.
 */
public final class RiverBuilder {
  private final EntryWindow window;
  private final StoryClusters clusters;
  private final Scorer scorer;
  private final Clock clock;

  public RiverBuilder(EntryWindow window, StoryClusters clusters, Scorer scorer, Clock clock) {
    this.window = Objects.requireNonNull(window, "window");
    this.clusters = Objects.requireNonNull(clusters, "clusters");
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The same builder scoring as of {@code fixedClock}'s time: what a digest extended later uses, so
   * that it ranks its candidates as the first call did.
   */
  public RiverBuilder at(Clock fixedClock) {
    return new RiverBuilder(window, clusters, scorer, fixedClock);
  }

  /** A candidate entry: in a requested feed, in the snapshot, not hidden by the gate. */
  private record Candidate(
      WindowEntry entry, Subscription subscription, double rate, boolean read, boolean starred) {}

  /** A story ready to order: the copy shown and its sort key. */
  private record Ranked(
      Candidate shown, double score, boolean read, StoryCluster cluster, int clusterFeeds) {}

  /**
   * One page of the reader's river.
   *
   * @throws IllegalArgumentException when the request's cursor is malformed or belongs to another
   *     order
   */
  public RiverPage page(UserView user, RiverRequest request) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(request, "request");
    RiverCursor cursor = request.cursor() == null ? null : RiverCursor.parse(request.cursor());
    if (cursor != null && cursor.order() != request.order()) {
      throw new IllegalArgumentException(
          "River cursor \""
              + request.cursor()
              + "\" belongs to order "
              + cursor.order()
              + ", not "
              + request.order());
    }
    Instant now =
        cursor != null ? cursor.snapshotAt() : clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long maxId = cursor != null ? cursor.snapshotMaxId() : window.maxId();

    List<Candidate> candidates = candidates(user, request, now, maxId);
    Long2ObjectOpenHashMap<Candidate> byId = new Long2ObjectOpenHashMap<>(candidates.size());
    for (Candidate c : candidates) {
      byId.put(c.entry().id(), c);
    }

    Comparator<Ranked> order = comparator(request.order());
    Ranked after = cursor == null ? null : position(cursor);
    // The worst of the best (limit + 1) at the head; the extra one says whether a next page exists.
    PriorityQueue<Ranked> best = new PriorityQueue<>(request.limit() + 2, order.reversed());
    LongSet done = new LongOpenHashSet();
    for (Candidate c : candidates) {
      if (done.contains(c.entry().id())) {
        continue;
      }
      Ranked ranked = story(c, byId, done, user, request, now, maxId);
      if (ranked == null || (after != null && order.compare(ranked, after) <= 0)) {
        continue;
      }
      best.add(ranked);
      if (best.size() > request.limit() + 1) {
        best.poll();
      }
    }
    List<Ranked> page = new ArrayList<>(best);
    page.sort(order);
    boolean more = page.size() > request.limit();
    if (more) {
      page = page.subList(0, request.limit());
    }
    List<RiverItem> items = new ArrayList<>(page.size());
    for (Ranked r : page) {
      items.add(item(r, user, now, maxId));
    }
    String next = null;
    if (more) {
      Ranked last = page.get(page.size() - 1);
      next =
          new RiverCursor(
                  request.order(),
                  request.order() == RiverOrder.RANKED ? last.score() : 0,
                  last.shown().entry().sortAt(),
                  last.shown().entry().id(),
                  now,
                  maxId)
              .encode();
    }
    return new RiverPage(items, next, now);
  }

  private List<Candidate> candidates(UserView user, RiverRequest request, Instant now, long maxId) {
    LongSet feedIds = new LongOpenHashSet();
    for (Long2ObjectMap.Entry<Subscription> s : user.subscriptions().long2ObjectEntrySet()) {
      boolean feedOk = request.feedId() == null || request.feedId() == s.getLongKey();
      boolean folderOk = request.folder() == null || request.folder().equals(s.getValue().folder());
      if (feedOk && folderOk) {
        feedIds.add(s.getLongKey());
      }
    }
    Instant rateFrom = now.minus(window.span());
    List<Candidate> candidates = new ArrayList<>();
    for (Long2ObjectMap.Entry<List<WindowEntry>> feed :
        window.feeds(feedIds).long2ObjectEntrySet()) {
      Subscription subscription = user.subscriptions().get(feed.getLongKey());
      int inSpan = 0;
      for (WindowEntry e : feed.getValue()) {
        if (e.id() <= maxId && !e.sortAt().isBefore(rateFrom)) {
          inSpan++;
        }
      }
      double rate = EntryWindow.ratePerDay(inSpan, window.span());
      for (WindowEntry e : feed.getValue()) {
        if (e.id() > maxId) {
          continue;
        }
        GateAction action = user.gate().decide(e, subscription);
        if (action == GateAction.HIDE) {
          continue;
        }
        boolean read = action == GateAction.MARK_READ || user.read().contains(e.id());
        boolean starred = action == GateAction.STAR || user.starred().contains(e.id());
        candidates.add(new Candidate(e, subscription, rate, read, starred));
      }
    }
    return candidates;
  }

  /**
   * The story of candidate {@code c}: its cluster's candidates collapse into one, marked done; null
   * when the story is read and the request wants unread only.
   */
  private Ranked story(
      Candidate c,
      Long2ObjectOpenHashMap<Candidate> byId,
      LongSet done,
      UserView user,
      RiverRequest request,
      Instant now,
      long maxId) {
    done.add(c.entry().id());
    StoryCluster cluster = clusters.clusterOf(c.entry().id());
    Candidate shown = c;
    boolean read = c.read();
    int clusterFeeds = 1;
    if (cluster != null) {
      LongSet feeds = new LongArraySet();
      for (WindowEntry member : cluster.members()) {
        if (member.id() > maxId) {
          continue;
        }
        feeds.add(member.feedId());
        if (member.id() != c.entry().id() && !done.add(member.id())) {
          // Already shown with another story: the cluster grew between two lookups (the writer
          // merged clusters meanwhile); never show one entry twice.
          continue;
        }
        read |= user.read().contains(member.id());
        Candidate other = byId.get(member.id());
        if (other != null) {
          read |= other.read();
          if (betterPlaced(other, shown, user)) {
            shown = other;
          }
        }
      }
      clusterFeeds = Math.max(1, feeds.size());
    }
    if (read && !request.includeRead()) {
      return null;
    }
    double score =
        request.order() == RiverOrder.RANKED
            ? scorer.total(input(shown, now, clusterFeeds), user.affinity(), user.preferences())
            : 0;
    return new Ranked(shown, score, read, cluster, clusterFeeds);
  }

  private boolean betterPlaced(Candidate a, Candidate b, UserView user) {
    int byPriority = Integer.compare(a.subscription().priority(), b.subscription().priority());
    if (byPriority != 0) {
      return byPriority > 0;
    }
    double prior = scorer.weights().affinityPriorEvents();
    int byAffinity =
        Double.compare(
            user.affinity().value(a.entry().feedId(), prior),
            user.affinity().value(b.entry().feedId(), prior));
    if (byAffinity != 0) {
      return byAffinity > 0;
    }
    int bySortAt = a.entry().sortAt().compareTo(b.entry().sortAt());
    if (bySortAt != 0) {
      return bySortAt < 0;
    }
    return a.entry().id() < b.entry().id();
  }

  private RiverItem item(Ranked r, UserView user, Instant now, long maxId) {
    Candidate shown = r.shown();
    List<AlsoIn> alsoIn = new ArrayList<>();
    if (r.cluster() != null) {
      LongSet feedsListed = new LongArraySet();
      feedsListed.add(shown.entry().feedId());
      for (WindowEntry member : r.cluster().members()) {
        Subscription sub = user.subscriptions().get(member.feedId());
        if (member.id() <= maxId && sub != null && feedsListed.add(member.feedId())) {
          alsoIn.add(new AlsoIn(member.id(), member.feedId(), sub.title()));
        }
      }
    }
    return new RiverItem(
        shown.entry(),
        scorer.score(input(shown, now, r.clusterFeeds()), user.affinity(), user.preferences()),
        r.read(),
        shown.starred(),
        user.liking().get(shown.entry().id()),
        shown.subscription().title(),
        alsoIn,
        r.clusterFeeds());
  }

  private static ScoreInput input(Candidate c, Instant now, int clusterFeeds) {
    return new ScoreInput(
        c.entry(),
        now,
        c.rate(),
        clusterFeeds,
        c.subscription().folder(),
        c.subscription().priority());
  }

  private static Comparator<Ranked> comparator(RiverOrder order) {
    Comparator<Ranked> byId = Comparator.comparingLong(r -> r.shown().entry().id());
    return switch (order) {
      case RANKED -> Comparator.comparingDouble(Ranked::score).reversed().thenComparing(byId);
      case NEWEST ->
          Comparator.<Ranked, Instant>comparing(r -> r.shown().entry().sortAt())
              .thenComparing(byId)
              .reversed();
      case OLDEST ->
          Comparator.<Ranked, Instant>comparing(r -> r.shown().entry().sortAt())
              .thenComparing(byId);
    };
  }

  /** A stand-in for the cursor's last item, compared with the same comparator. */
  private static Ranked position(RiverCursor cursor) {
    WindowEntry stub =
        new WindowEntry(
            cursor.entryId(),
            0,
            0,
            "",
            null,
            null,
            "",
            List.of(),
            cursor.sortAt() != null ? cursor.sortAt() : Instant.EPOCH,
            0,
            0);
    Candidate c = new Candidate(stub, new Subscription(null, 0, ""), 1, false, false);
    return new Ranked(c, cursor.score(), false, null, 1);
  }
}
