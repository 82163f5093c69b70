package com.inkzee.ranker.river;

import com.inkzee.ranker.cluster.StoryCluster;
import com.inkzee.ranker.cluster.StoryClusters;
import com.inkzee.ranker.score.ScoreInput;
import com.inkzee.ranker.score.Scorer;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import it.unimi.dsi.fastutil.ints.IntHeapPriorityQueue;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongArraySet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

  /**
   * A story that made it into the page's heap: the copy shown and its sort key. Built only for
   * candidates that beat the heap's worst, so most candidates allocate nothing.
   */
  private record Story(
      WindowEntry shown,
      Subscription subscription,
      double rate,
      double score,
      boolean read,
      boolean starred,
      int clusterFeeds) {}

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
    Scan scan = new Scan(user, request, cursor, now);
    if (request.order() == RiverOrder.RANKED) {
      scan.rankByCeiling();
    } else {
      scan.mergeByDate();
    }
    List<Story> page = new ArrayList<>(scan.best);
    page.sort(scan::compare);
    boolean more = page.size() > request.limit();
    if (more) {
      page = page.subList(0, request.limit());
    }
    List<RiverItem> items = new ArrayList<>(page.size());
    for (Story story : page) {
      items.add(item(story, user, now, scan.maxId));
    }
    String next = null;
    if (more) {
      Story last = page.get(page.size() - 1);
      next =
          new RiverCursor(
                  request.order(),
                  request.order() == RiverOrder.RANKED ? last.score() : 0,
                  last.shown().sortAt(),
                  last.shown().id(),
                  now,
                  scan.maxId)
              .encode();
    }
    return new RiverPage(items, next, now, scan.entriesRead);
  }

  /**
   * The state of building one page: the requested feeds' entry arrays (shared with the window, not
   * copied), each feed's rate computed once and only when needed, and a bounded heap of the best
   * (limit + 1) stories, worst at the head; the extra one says whether a next page exists.
   */
  private final class Scan {
    private final UserView user;
    private final RiverRequest request;
    private final Instant now;
    private final long maxId;
    private final boolean snapshotIsCurrent;
    private final long[] feedIds;
    private final Subscription[] subscriptions;
    private final WindowEntry[][] entries;
    private final long[] feedMaxIds;
    private final double[] rates;
    private final Long2IntOpenHashMap feedIndex;
    private final int capacity;
    private final PriorityQueue<Story> best;

    /** How many candidate entries the scan looked at. */
    int entriesRead;

    /** Every entry already considered, so no entry shows twice. */
    private final LongOpenHashSet done;

    /** The cursor's last item: only stories strictly after it qualify; null on a first page. */
    private final double afterScore;

    private final Instant afterSortAt;
    private final long afterId;
    private final boolean hasAfter;

    Scan(UserView user, RiverRequest request, RiverCursor cursor, Instant now) {
      this.user = user;
      this.request = request;
      this.now = now;
      LongArrayList ids = new LongArrayList();
      List<Subscription> subs = new ArrayList<>();
      for (Long2ObjectMap.Entry<Subscription> s : user.subscriptions().long2ObjectEntrySet()) {
        boolean feedOk = request.feedId() == null || request.feedId() == s.getLongKey();
        boolean folderOk =
            request.folder() == null || request.folder().equals(s.getValue().folder());
        if (feedOk && folderOk) {
          ids.add(s.getLongKey());
          subs.add(s.getValue());
        }
      }
      feedIds = ids.toLongArray();
      subscriptions = subs.toArray(new Subscription[0]);
      EntryWindow.FeedArrays arrays = window.feedArrays(feedIds);
      entries = arrays.entries();
      feedMaxIds = arrays.maxIds();
      // On a first page every entry taken is in the snapshot (same lock), so no id filter is due.
      snapshotIsCurrent = cursor == null;
      maxId = cursor != null ? cursor.snapshotMaxId() : arrays.maxId();
      rates = new double[feedIds.length];
      feedIndex = new Long2IntOpenHashMap(feedIds.length);
      feedIndex.defaultReturnValue(-1);
      for (int f = 0; f < feedIds.length; f++) {
        feedIndex.put(feedIds[f], f);
      }
      capacity = request.limit() + 1;
      best = new PriorityQueue<>(capacity + 1, (a, b) -> compare(b, a));
      done = new LongOpenHashSet(4 * capacity + 16);
      hasAfter = cursor != null;
      afterScore = cursor != null ? cursor.score() : 0;
      afterSortAt = cursor != null && cursor.sortAt() != null ? cursor.sortAt() : Instant.EPOCH;
      afterId = cursor != null ? cursor.entryId() : 0;
    }

    /**
     * RANKED: first every entry the reader's preference rules like on balance is scored (they are
     * few, and remembered per feed: {@link com.inkzee.ranker.score.Preferences#liked}). Then the
     * feeds are read newest first, always from the feed whose next entry has the highest score
     * ceiling ({@link Scorer.FeedCeiling}, which holds for every entry not liked), and the scan
     * stops as soon as even that ceiling is below the page's worst score: every entry not yet read
     * scores at most its own ceiling, which is at most its feed's current one, so none could enter
     * the page. A story is scored once, at the first of its copies read, with its shown copy's
     * score; that copy was either read or is bounded by its ceiling, so a story none of whose
     * copies was read could not enter the page either. The page is the one scoring every candidate
     * would give; only the work differs.
     */
    void rankByCeiling() {
      int n = entries.length;
      Scorer.FeedCeiling[] ceilings = new Scorer.FeedCeiling[n];
      int[] widest = new int[n];
      clusters.widestStories(feedIds, widest);
      double[] next = new double[n];
      int[] position = new int[n];
      IntHeapPriorityQueue heads =
          new IntHeapPriorityQueue(n, (a, b) -> Double.compare(next[b], next[a]));
      for (int f = 0; f < n; f++) {
        if (entries[f].length == 0) {
          continue;
        }
        Subscription sub = subscriptions[f];
        ceilings[f] =
            scorer.ceiling(
                feedIds[f], rate(f), sub.folder(), sub.priority(), widest[f], user.affinity(), now);
        next[f] = ceilings[f].at(entries[f][0].sortAt());
        heads.enqueue(f);
        for (int p : user.preferences().liked(feedIds[f], sub.folder(), entries[f])) {
          WindowEntry e = entries[f][p];
          if (!done.contains(e.id())) {
            consider(f, e, clusters.clusterId(e.id()));
          }
          entriesRead++;
        }
      }
      while (!heads.isEmpty()) {
        int f = heads.firstInt();
        if (best.size() == capacity && next[f] < best.peek().score()) {
          break;
        }
        WindowEntry e = entries[f][position[f]];
        if (!done.contains(e.id())) {
          consider(f, e, clusters.clusterId(e.id()));
        }
        if (++position[f] < entries[f].length) {
          next[f] = ceilings[f].at(entries[f][position[f]].sortAt());
          heads.changed();
        } else {
          heads.dequeueInt();
        }
      }
      for (int p : position) {
        entriesRead += p;
      }
    }

    /**
     * NEWEST and OLDEST: a k-way merge over the feeds' date-ordered arrays, from the cursor on,
     * stopping as soon as the next entry in date order cannot beat the heap's worst. A story's key
     * is its shown copy's date, and that copy is a candidate not yet visited, so it is never better
     * than the merge's current position: stopping there misses nothing.
     */
    void mergeByDate() {
      int[] position = new int[entries.length];
      IntHeapPriorityQueue heads =
          new IntHeapPriorityQueue(
              entries.length, (a, b) -> compareKeys(0, at(a, position[a]), 0, at(b, position[b])));
      for (int f = 0; f < entries.length; f++) {
        position[f] = hasAfter ? firstAfter(f) : 0;
        if (position[f] < entries[f].length) {
          heads.enqueue(f);
        }
      }
      while (!heads.isEmpty()) {
        int f = heads.firstInt();
        WindowEntry e = at(f, position[f]);
        if (best.size() == capacity && compareKeys(0, e, 0, best.peek().shown()) > 0) {
          break;
        }
        if (!done.contains(e.id())) {
          consider(f, e, clusters.clusterId(e.id()));
        }
        entriesRead++;
        position[f]++;
        if (position[f] < entries[f].length) {
          heads.changed();
        } else {
          heads.dequeueInt();
        }
      }
    }

    /** The feed's k-th entry in the request's date order (its array is newest first). */
    private WindowEntry at(int f, int k) {
      WindowEntry[] feed = entries[f];
      return request.order() == RiverOrder.OLDEST ? feed[feed.length - 1 - k] : feed[k];
    }

    /** How many of the feed's entries, in date order, are at or before the cursor's position. */
    private int firstAfter(int f) {
      int lo = 0;
      int hi = entries[f].length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        WindowEntry e = at(f, mid);
        if (compareKeys(0, e, afterScore, afterSortAt, afterId) > 0) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }

    /**
     * Considers one candidate entry of feed {@code f}: its story goes to the heap if it beats it.
     */
    private void consider(int f, WindowEntry e, long clusterId) {
      if (e.id() > maxId) {
        return;
      }
      GateAction action = user.gate().decide(e, subscriptions[f]);
      if (action == GateAction.HIDE) {
        return;
      }
      if (!done.add(e.id())) {
        return; // already part of a story shown through another copy
      }
      boolean read = action == GateAction.MARK_READ || user.read().contains(e.id());
      if (clusterId == StoryClusters.NO_CLUSTER) {
        if (read && !request.includeRead()) {
          return;
        }
        double score = request.order() == RiverOrder.RANKED ? score(f, e, 1) : 0;
        if (!qualifies(score, e)) {
          return;
        }
        boolean starred = action == GateAction.STAR || user.starred().contains(e.id());
        offer(new Story(e, subscriptions[f], rate(f), score, read, starred, 1));
        return;
      }
      Story story = story(f, e, action, read);
      if (story != null && qualifies(story.score(), story.shown())) {
        offer(story);
      }
    }

    /**
     * The story of clustered candidate {@code e}: the cluster's candidates collapse into one, each
     * marked done; null when the story is read and the request wants unread only.
     */
    private Story story(int f, WindowEntry e, GateAction action, boolean read) {
      StoryCluster cluster = clusters.clusterOf(e.id());
      WindowEntry shown = e;
      int shownFeed = f;
      GateAction shownAction = action;
      int clusterFeeds = 1;
      if (cluster != null) {
        LongSet feeds = new LongArraySet();
        for (WindowEntry member : cluster.members()) {
          if (member.id() > maxId) {
            continue;
          }
          feeds.add(member.feedId());
          if (member.id() == e.id() || !done.add(member.id())) {
            // Already shown with another story: the cluster grew between two lookups (the writer
            // merged clusters meanwhile); never show one entry twice.
            continue;
          }
          read |= user.read().contains(member.id());
          int mf = feedIndex.get(member.feedId());
          if (mf < 0) {
            continue;
          }
          GateAction memberAction = user.gate().decide(member, subscriptions[mf]);
          if (memberAction == GateAction.HIDE) {
            continue;
          }
          read |= memberAction == GateAction.MARK_READ;
          if (betterPlaced(member, subscriptions[mf], shown, subscriptions[shownFeed], user)) {
            shown = member;
            shownFeed = mf;
            shownAction = memberAction;
          }
        }
        clusterFeeds = Math.max(1, feeds.size());
      }
      if (read && !request.includeRead()) {
        return null;
      }
      double score =
          request.order() == RiverOrder.RANKED ? score(shownFeed, shown, clusterFeeds) : 0;
      boolean starred = shownAction == GateAction.STAR || user.starred().contains(shown.id());
      return new Story(
          shown, subscriptions[shownFeed], rate(shownFeed), score, read, starred, clusterFeeds);
    }

    private double score(int f, WindowEntry e, int clusterFeeds) {
      return scorer.total(
          input(e, subscriptions[f], rate(f), now, clusterFeeds),
          user.affinity(),
          user.preferences());
    }

    /**
     * The feed's publishing rate over the snapshot's entries in the span before {@code now},
     * computed once per feed per page.
     */
    private double rate(int f) {
      if (rates[f] == 0) {
        WindowEntry[] feed = entries[f];
        Instant rateFrom = now.minus(window.span());
        // Newest first, so the entries in the span are a prefix; usually all of them, as the
        // window evicts what leaves the span, and one look at the oldest says so.
        int lo = 0;
        int hi = feed.length;
        if (hi > 0 && !feed[hi - 1].sortAt().isBefore(rateFrom)) {
          lo = hi;
        }
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (feed[mid].sortAt().isBefore(rateFrom)) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        int inSpan = lo;
        if (!snapshotIsCurrent && feedMaxIds[f] > maxId) {
          inSpan = 0;
          for (int i = 0; i < lo; i++) {
            if (feed[i].id() <= maxId) {
              inSpan++;
            }
          }
        }
        rates[f] = EntryWindow.ratePerDay(inSpan, window.span());
      }
      return rates[f];
    }

    /** Strictly after the cursor, and better than the heap's worst when the heap is full. */
    private boolean qualifies(double score, WindowEntry shown) {
      if (hasAfter && compareKeys(score, shown, afterScore, afterSortAt, afterId) <= 0) {
        return false;
      }
      if (best.size() < capacity) {
        return true;
      }
      Story worst = best.peek();
      return compareKeys(score, shown, worst.score(), worst.shown()) < 0;
    }

    private void offer(Story story) {
      best.add(story);
      if (best.size() > capacity) {
        best.poll();
      }
    }

    /** Negative when {@code a} comes first in the request's order. */
    int compare(Story a, Story b) {
      return compareKeys(a.score(), a.shown(), b.score(), b.shown());
    }

    private int compareKeys(double scoreA, WindowEntry a, double scoreB, WindowEntry b) {
      return compareKeys(scoreA, a, scoreB, b.sortAt(), b.id());
    }

    /**
     * RANKED: score descending, then id ascending; NEWEST: (sortAt, id) descending; OLDEST:
     * (sortAt, id) ascending. Negative when {@code a} comes first.
     */
    private int compareKeys(
        double scoreA, WindowEntry a, double scoreB, Instant sortAtB, long idB) {
      return switch (request.order()) {
        case RANKED -> {
          int byScore = Double.compare(scoreB, scoreA);
          yield byScore != 0 ? byScore : Long.compare(a.id(), idB);
        }
        case NEWEST -> {
          int bySortAt = sortAtB.compareTo(a.sortAt());
          yield bySortAt != 0 ? bySortAt : Long.compare(idB, a.id());
        }
        case OLDEST -> {
          int bySortAt = a.sortAt().compareTo(sortAtB);
          yield bySortAt != 0 ? bySortAt : Long.compare(a.id(), idB);
        }
      };
    }
  }

  private boolean betterPlaced(
      WindowEntry a, Subscription subA, WindowEntry b, Subscription subB, UserView user) {
    int byPriority = Integer.compare(subA.priority(), subB.priority());
    if (byPriority != 0) {
      return byPriority > 0;
    }
    double prior = scorer.weights().affinityPriorEvents();
    int byAffinity =
        Double.compare(
            user.affinity().value(a.feedId(), prior), user.affinity().value(b.feedId(), prior));
    if (byAffinity != 0) {
      return byAffinity > 0;
    }
    int bySortAt = a.sortAt().compareTo(b.sortAt());
    if (bySortAt != 0) {
      return bySortAt < 0;
    }
    return a.id() < b.id();
  }

  private RiverItem item(Story story, UserView user, Instant now, long maxId) {
    WindowEntry shown = story.shown();
    List<AlsoIn> alsoIn = new ArrayList<>();
    StoryCluster cluster = story.clusterFeeds() > 1 ? clusters.clusterOf(shown.id()) : null;
    if (cluster != null) {
      LongSet feedsListed = new LongArraySet();
      feedsListed.add(shown.feedId());
      for (WindowEntry member : cluster.members()) {
        Subscription sub = user.subscriptions().get(member.feedId());
        if (member.id() <= maxId && sub != null && feedsListed.add(member.feedId())) {
          alsoIn.add(new AlsoIn(member.id(), member.feedId(), sub.title()));
        }
      }
    }
    return new RiverItem(
        shown,
        scorer.score(
            input(shown, story.subscription(), story.rate(), now, story.clusterFeeds()),
            user.affinity(),
            user.preferences()),
        story.read(),
        story.starred(),
        user.liking().get(shown.id()),
        story.subscription().title(),
        alsoIn,
        story.clusterFeeds());
  }

  private static ScoreInput input(
      WindowEntry e, Subscription subscription, double rate, Instant now, int clusterFeeds) {
    return new ScoreInput(
        e, now, rate, clusterFeeds, subscription.folder(), subscription.priority());
  }
}
