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
import com.inkzee.rpc.api.store.StateMessages.EntryState;
import com.inkzee.rpc.api.store.StateMessages.UserStatesRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readers' contexts, loaded from the store on first use and reloaded after {@code maxAge} (so a
 * subscription made elsewhere, an OPML import say, shows within that time) or at once after a
 * change made through the ranker. Bounded: the least recently used reader is dropped first.
 */
public final class UserCache {
  private static final Logger log = LoggerFactory.getLogger(UserCache.class);

  /** Marks read per page of the load: the store's page limit. */
  private static final int STATES_PAGE = StoreLimits.MAX_PAGE_ROWS;

  private final StoreService store;
  private final Clock clock;
  private final Duration maxAge;
  private final int maxUsers;
  private final Map<Long, UserContext> contexts;

  /**
   * Reader id to the load under way (guarded by {@code contexts}): the newest load, until it ends
   * or the reader is invalidated. Concurrent gets of the reader share it (a load reads every mark
   * the reader ever made: one at a time is enough); a load installs its context only if it is still
   * here when it ends, and a get after an invalidation starts a new one.
   */
  private final Map<Long, CompletableFuture<UserContext>> loading = new HashMap<>();

  public UserCache(StoreService store, Clock clock, Duration maxAge, int maxUsers) {
    this.store = store;
    this.clock = clock;
    this.maxAge = maxAge;
    this.maxUsers = maxUsers;
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
      if (c != null && c.loadedAt().plus(maxAge).isAfter(clock.instant())) {
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
    LongOpenHashSet read = new LongOpenHashSet();
    LongOpenHashSet starred = new LongOpenHashSet();
    Long2IntOpenHashMap liking = new Long2IntOpenHashMap();
    Long2LongOpenHashMap readAt = new Long2LongOpenHashMap();
    Long2ObjectOpenHashMap<long[]> counts = new Long2ObjectOpenHashMap<>();
    long after = 0;
    while (true) {
      List<EntryState> page =
          store.listUserStates(new UserStatesRequest(userId, after, STATES_PAGE)).states();
      for (EntryState s : page) {
        long[] c = counts.computeIfAbsent(s.feedId(), f -> new long[4]);
        if (s.read()) {
          read.add(s.entryId());
          if (s.readAt() != null) {
            readAt.put(s.entryId(), s.readAt().toEpochMilli());
          }
          c[0]++;
        }
        if (s.starred()) {
          starred.add(s.entryId());
          c[1]++;
        }
        if (s.liking() != 0) {
          liking.put(s.entryId(), s.liking());
          c[s.liking() > 0 ? 2 : 3]++;
        }
        after = Math.max(after, s.entryId());
      }
      if (page.size() < STATES_PAGE) {
        break;
      }
    }
    Long2ObjectOpenHashMap<FeedAffinity.Counts> byFeed = new Long2ObjectOpenHashMap<>();
    // Skips (entries left unread until they aged out) are not recorded by the store yet: 0.
    counts.forEach(
        (feed, c) -> byFeed.put(feed, new FeedAffinity.Counts(c[0], c[1], c[2], c[3], 0)));
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
        read,
        starred,
        liking,
        readAt,
        FeedAffinity.of(byFeed),
        preferences,
        compileUsable(userId, filters),
        now);
  }
}
