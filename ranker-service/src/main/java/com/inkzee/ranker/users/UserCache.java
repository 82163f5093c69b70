package com.inkzee.ranker.users;

import com.inkzee.ranker.filter.FilterRule;
import com.inkzee.ranker.filter.FilterSet;
import com.inkzee.ranker.river.Subscription;
import com.inkzee.ranker.score.FeedAffinity;
import com.inkzee.ranker.score.PreferenceRule;
import com.inkzee.ranker.store.RuleMapping;
import com.inkzee.rpc.api.store.RuleMessages.Filter;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.api.store.RuleMessages.Preference;
import com.inkzee.rpc.api.store.StateMessages.FeedMarkCounts;
import com.inkzee.rpc.api.store.StateMessages.MarkCountsRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readers' contexts, loaded from the store on first use and reloaded after {@code maxAge} (so a
 * subscription made elsewhere, an OPML import say, shows within that time) or at once after a
 * change made through the ranker. Bounded: the least recently used reader is dropped first.
 *
 * <p>A load reads only the marks of entries the window can hold: those with an id at or above the
 * window's lowest ({@code windowFloor}), which is every entry the ranker can show, count or mark by
 * its window. Affinity, learned from every mark the reader ever made, comes counted per feed from
 * the store ({@code markCountsByFeed}). A context loaded from a floor the window has since gone
 * below (an old entry re-entered it, its date moved by an update) is stale and reloaded. A store
 * older than catalogue 1.11, which cannot count, gets the load of before: every mark read and
 * counted here.
 */
public final class UserCache {
  private static final Logger log = LoggerFactory.getLogger(UserCache.class);

  /** The floor of a cache without a window: every mark is loaded. */
  private static final LongSupplier EVERY_MARK = () -> 0;

  private final StoreService store;
  private final MarksReader marks;
  private final Clock clock;
  private final Duration maxAge;
  private final int maxUsers;
  private final LongSupplier windowFloor;
  private final Map<Long, UserContext> contexts;
  private final AtomicBoolean olderStoreLogged = new AtomicBoolean();

  /**
   * Reader id to the load under way (guarded by {@code contexts}): the newest load, until it ends
   * or the reader is invalidated. Concurrent gets of the reader share it (a load reads every mark
   * the reader has on the window's entries: one at a time is enough); a load installs its context
   * only if it is still here when it ends, and a get after an invalidation starts a new one.
   */
  private final Map<Long, CompletableFuture<UserContext>> loading = new HashMap<>();

  /** A cache that loads every mark of a reader, as for a ranker without a window. */
  public UserCache(StoreService store, Clock clock, Duration maxAge, int maxUsers) {
    this(store, clock, maxAge, maxUsers, EVERY_MARK);
  }

  /**
   * @param windowFloor the lowest entry id the ranker's window holds ({@link
   *     com.inkzee.ranker.window.EntryWindow#lowestId()}, {@link Long#MAX_VALUE} when it is empty):
   *     marks of entries below it are not loaded
   */
  public UserCache(
      StoreService store, Clock clock, Duration maxAge, int maxUsers, LongSupplier windowFloor) {
    this.store = store;
    this.marks = new MarksReader(store);
    this.clock = clock;
    this.maxAge = maxAge;
    this.maxUsers = maxUsers;
    this.windowFloor = Objects.requireNonNull(windowFloor, "windowFloor");
    this.contexts =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, UserContext> eldest) {
            return size() > UserCache.this.maxUsers;
          }
        };
  }

  /**
   * The reader's context, loading it if absent or stale.
   *
   * @throws com.inkzee.rpc.status.RpcException NOT_FOUND for an unknown user, UNAVAILABLE when the
   *     store cannot be reached
   */
  public UserContext get(long userId) {
    CompletableFuture<UserContext> load;
    boolean mine = false;
    synchronized (contexts) {
      UserContext c = contexts.get(userId);
      if (c != null
          && c.loadedAt().plus(maxAge).isAfter(clock.instant())
          && c.marksFrom() <= windowFloor.getAsLong()) {
        return c;
      }
      load = loading.get(userId);
      if (load == null) {
        load = new CompletableFuture<>();
        loading.put(userId, load);
        mine = true;
      }
    }
    if (!mine) {
      return joined(load);
    }
    try {
      UserContext loaded = load(userId);
      synchronized (contexts) {
        // Kept only if nothing changed the reader while it loaded: a change made then (marks, a
        // subscription) may be missing from what was read, and would stay missing for maxAge.
        if (loading.get(userId) == load) {
          contexts.put(userId, loaded);
        }
        loading.remove(userId, load);
      }
      load.complete(loaded);
      return loaded;
    } catch (RuntimeException | Error e) {
      synchronized (contexts) {
        loading.remove(userId, load);
      }
      load.completeExceptionally(e);
      throw e;
    }
  }

  /** The shared load's context, or its failure as the loading thread saw it. */
  private static UserContext joined(CompletableFuture<UserContext> load) {
    try {
      return load.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** The context if it is loaded, else null (no store call): for the alert path. */
  public UserContext peek(long userId) {
    synchronized (contexts) {
      return contexts.get(userId);
    }
  }

  /**
   * Applies a change the ranker has just written to the store to the reader's context as cached now
   * (which may not be the one the caller got, if it was reloaded meanwhile), and keeps a load under
   * way, which may have read the store before the write, from being kept.
   */
  public void changed(long userId, Consumer<UserContext> apply) {
    synchronized (contexts) {
      loading.remove(userId);
      UserContext current = contexts.get(userId);
      if (current != null) {
        apply.accept(current);
      }
    }
  }

  /**
   * Forgets the reader; the next call reloads everything from the store. A load already under way
   * is not kept either: it may have read the store before the change.
   */
  public void invalidate(long userId) {
    synchronized (contexts) {
      contexts.remove(userId);
      loading.remove(userId);
    }
  }

  /**
   * The reader's filters, leaving out any the engine cannot compile (a rule stored before the
   * ranker checked it, say) so that one bad rule never takes the reader's whole river down.
   */
  private static FilterSet compileUsable(long userId, List<FilterRule> rules) {
    try {
      return FilterSet.compile(rules);
    } catch (IllegalArgumentException whole) {
      List<FilterRule> usable = new ArrayList<>();
      for (FilterRule r : rules) {
        try {
          FilterSet.compile(List.of(r));
          usable.add(r);
        } catch (IllegalArgumentException e) {
          log.warn("reader {}: filter {} left out: {}", userId, r.id(), e.getMessage());
        }
      }
      return FilterSet.compile(usable);
    }
  }

  private UserContext load(long userId) {
    Instant now = clock.instant();
    Long2ObjectMap<Subscription> subscriptions = new Long2ObjectOpenHashMap<>();
    for (var s : store.listSubscriptions(new ListSubscriptionsRequest(userId)).subscriptions()) {
      subscriptions.put(s.feedId(), new Subscription(s.folder(), s.priority(), s.title()));
    }
    FeedAffinity affinity = affinityCountedByStore(userId);
    // Without the store's counts (an older store), every mark is read, to count them here.
    long from = affinity == null ? 0 : windowFloor.getAsLong();
    LoadedMarks loaded = new LoadedMarks(affinity == null);
    marks.read(userId, from, Long.MAX_VALUE, loaded);
    // An entry below the floor that entered the window while the marks were read: its marks are
    // read too, or this load would show it unread.
    for (long lower = windowFloor.getAsLong(); lower < from; lower = windowFloor.getAsLong()) {
      marks.read(userId, lower, from, loaded);
      from = lower;
    }
    if (affinity == null) {
      affinity = loaded.countedAffinity();
    }
    List<PreferenceRule> preferences = new ArrayList<>();
    for (Preference p : store.listPreferences(new ListRulesRequest(userId)).preferences()) {
      try {
        preferences.add(RuleMapping.preference(p));
      } catch (IllegalArgumentException e) {
        // A rule stored before the ranker checked it (a value of control characters only, say):
        // left out, as an unusable filter is, or every load of the reader would fail and with it
        // their river, and the alert path's lookups of them.
        log.warn("reader {}: preference {} left out: {}", userId, p.id(), e.getMessage());
      }
    }
    List<FilterRule> filters = new ArrayList<>();
    for (Filter f : store.listFilters(new ListRulesRequest(userId)).filters()) {
      if (f.enabled()) {
        filters.add(RuleMapping.filter(f));
      }
    }
    return new UserContext(
        userId,
        subscriptions,
        loaded.read,
        loaded.starred,
        loaded.liking,
        loaded.readAtMillis,
        from,
        affinity,
        preferences,
        compileUsable(userId, filters),
        now);
  }

  /**
   * The reader's affinity from the store's counts of every mark they made, or null when the store
   * predates catalogue 1.11 and answers UNIMPLEMENTED.
   */
  private FeedAffinity affinityCountedByStore(long userId) {
    List<FeedMarkCounts> counted;
    try {
      counted = store.markCountsByFeed(new MarkCountsRequest(userId)).feeds();
    } catch (RpcException e) {
      if (e.status() != Status.UNIMPLEMENTED) {
        throw e;
      }
      if (olderStoreLogged.compareAndSet(false, true)) {
        log.info(
            "the store predates catalogue 1.11 (markCountsByFeed: {}): readers load every mark",
            e.getMessage());
      }
      return null;
    }
    Long2ObjectOpenHashMap<FeedAffinity.Counts> byFeed = new Long2ObjectOpenHashMap<>();
    for (FeedMarkCounts c : counted) {
      // Skips (entries left unread until they aged out) are not recorded by the store yet: 0.
      byFeed.put(
          c.feedId(), new FeedAffinity.Counts(c.reads(), c.stars(), c.likes(), c.dislikes(), 0));
    }
    return FeedAffinity.of(byFeed);
  }

  /**
   * The entries the reader marked read at or after {@code since}, the most recently read first
   * (ties by id, newest first), at most {@code limit} (the rest are not kept in memory). Read from
   * every mark in the store, not the cached context: that holds only the marks of the window's
   * entries, and a mark-all-read, say, also reads entries far older. Entries read before the store
   * kept read times have none and are never among them.
   *
   * @throws com.inkzee.rpc.status.RpcException NOT_FOUND for an unknown user, UNAVAILABLE when the
   *     store cannot be reached
   */
  public List<Long> readSince(long userId, Instant since, int limit) {
    long from = since.toEpochMilli();
    // The newest `limit` reads: a heap whose head is the oldest kept, ordered as the answer is.
    Comparator<long[]> newestFirst =
        Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]).reversed();
    PriorityQueue<long[]> kept = new PriorityQueue<>(newestFirst.reversed());
    marks.read(
        userId,
        0,
        Long.MAX_VALUE,
        s -> {
          if (s.read() && s.readAt() != null && s.readAt().toEpochMilli() >= from) {
            kept.add(new long[] {s.readAt().toEpochMilli(), s.entryId()});
            if (kept.size() > limit) {
              kept.poll();
            }
          }
        });
    List<long[]> found = new ArrayList<>(kept);
    found.sort(newestFirst);
    List<Long> ids = new ArrayList<>(found.size());
    for (long[] f : found) {
      ids.add(f[1]);
    }
    return ids;
  }
}
