package com.inkzee.ranker.users;

import com.inkzee.ranker.filter.FilterSet;
import com.inkzee.ranker.filter.Verdict;
import com.inkzee.ranker.river.EntryGate;
import com.inkzee.ranker.river.GateAction;
import com.inkzee.ranker.river.Subscription;
import com.inkzee.ranker.river.UserView;
import com.inkzee.ranker.score.FeedAffinity;
import com.inkzee.ranker.score.PreferenceRule;
import com.inkzee.ranker.score.Preferences;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntMaps;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongMaps;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import it.unimi.dsi.fastutil.longs.LongSets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the ranker knows of one reader: subscriptions, marks (of the entries its window can hold,
 * see {@link #marksFrom()}), learned affinity, trained preferences and compiled filters, loaded
 * from the store and kept current by the ranker's own calls (a mark set through the ranker shows in
 * the very next river). Rebuildable: dropped and reloaded at will.
 *
 * <p>Marks are synchronized sets, since rivers read them while a mark call writes them; the filter
 * verdict of each entry is computed once and remembered, as a reader's filters change far less
 * often than their river is read.
 */
public final class UserContext {
  private final long userId;
  private final Long2ObjectMap<Subscription> subscriptions;
  private final LongSet read;
  private final LongSet starred;
  private final Long2IntMap liking;
  private final Long2LongMap readAtMillis;
  private final long marksFrom;
  private final FeedAffinity affinity;
  private final Preferences preferences;
  private final List<PreferenceRule> preferenceRules;
  private final FilterSet filters;
  private final Instant loadedAt;
  private final ConcurrentHashMap<Long, Verdict> verdicts = new ConcurrentHashMap<>();

  UserContext(
      long userId,
      Long2ObjectMap<Subscription> subscriptions,
      LongOpenHashSet read,
      LongOpenHashSet starred,
      Long2IntOpenHashMap liking,
      Long2LongOpenHashMap readAtMillis,
      long marksFrom,
      FeedAffinity affinity,
      List<PreferenceRule> preferenceRules,
      FilterSet filters,
      Instant loadedAt) {
    this.userId = userId;
    this.subscriptions = subscriptions;
    this.read = LongSets.synchronize(read);
    this.starred = LongSets.synchronize(starred);
    this.liking = Long2IntMaps.synchronize(liking);
    this.readAtMillis = Long2LongMaps.synchronize(readAtMillis);
    this.marksFrom = marksFrom;
    this.affinity = affinity;
    this.preferenceRules = List.copyOf(preferenceRules);
    this.preferences = Preferences.of(this.preferenceRules);
    this.filters = filters;
    this.loadedAt = loadedAt;
  }

  public long userId() {
    return userId;
  }

  public Long2ObjectMap<Subscription> subscriptions() {
    return subscriptions;
  }

  public Subscription subscription(long feedId) {
    return subscriptions.get(feedId);
  }

  public List<PreferenceRule> preferenceRules() {
    return preferenceRules;
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  /**
   * The lowest entry id whose marks were loaded (0: every mark): the marks of entries below it are
   * not here, and such an entry reads as unmarked. The cache reloads a context whose floor the
   * window has gone below.
   */
  public long marksFrom() {
    return marksFrom;
  }

  /** When the reader marked {@code entryId} read, or null if it is unread. */
  public Instant readAt(long entryId) {
    long millis = readAtMillis.getOrDefault(entryId, Long.MIN_VALUE);
    return millis == Long.MIN_VALUE
        ? (read.contains(entryId) ? Instant.EPOCH : null)
        : Instant.ofEpochMilli(millis);
  }

  /** Applies marks the ranker has just stored, so the next river shows them. */
  public void marked(long entryId, Boolean isRead, Boolean isStarred, Integer liked, Instant now) {
    if (isRead != null) {
      if (isRead) {
        // The first time counts, as the store keeps it: marking read again is not reading again.
        if (read.add(entryId)) {
          readAtMillis.put(entryId, now.toEpochMilli());
        }
      } else {
        read.remove(entryId);
        readAtMillis.remove(entryId);
      }
    }
    if (isStarred != null) {
      if (isStarred) {
        starred.add(entryId);
      } else {
        starred.remove(entryId);
      }
    }
    if (liked != null) {
      if (liked == 0) {
        liking.remove(entryId);
      } else {
        liking.put(entryId, liked.intValue());
      }
    }
  }

  /** The reader as the river builder takes it. */
  public UserView view() {
    EntryGate gate =
        filters.size() == 0
            ? EntryGate.SHOW_ALL
            : (entry, subscription) ->
                toGate(
                    verdicts.computeIfAbsent(
                        entry.id(), id -> filters.apply(entry, subscription.folder())));
    return new UserView(userId, subscriptions, read, starred, liking, affinity, preferences, gate);
  }

  private static GateAction toGate(Verdict v) {
    return switch (v) {
      case SHOW -> GateAction.SHOW;
      case HIDE -> GateAction.HIDE;
      case MARK_READ -> GateAction.MARK_READ;
      case STAR -> GateAction.STAR;
    };
  }
}
