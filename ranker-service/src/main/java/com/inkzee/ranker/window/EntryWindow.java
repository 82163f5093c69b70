package com.inkzee.ranker.window;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongCollection;
import it.unimi.dsi.fastutil.longs.LongIterator;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The ranker's in-memory window of recent entries, by id and by feed (newest first), so rivers,
 * clusters, filters and digests read entries without a store call, and each feed's publishing rate
 * is known for fair freshness.
 *
 * <p><b>Threads.</b> Writers ({@link #put}, {@link #putAll}, {@link #remove}, {@link
 * #evictExpired}) take turns: the change-feed tailer puts and removes, a timer thread evicts, and
 * each write runs whole, its listener calls included, before the next begins, so listeners see one
 * writer at a time as {@link WindowListener} promises. Any number of readers call the rest. The
 * scheme is a read-write lock around two fastutil maps plus copy-on-write per feed:
 *
 * <ul>
 *   <li>{@link WindowEntry} is immutable, so a reader never sees half of an entry;
 *   <li>each feed's entries are an immutable array, newest first; a change builds a new array and
 *       swaps it in under the write lock (one copy of that feed's few hundred references);
 *   <li>readers hold the read lock only to look an id up or to fetch a feed's array, then work on
 *       the array lock-free, so a river being built never blocks the tailer for long, and the id
 *       map and the feed arrays always agree for a reader holding the lock.
 * </ul>
 *
 * <p><b>Memory.</b> Primitive-keyed fastutil maps (no boxed {@code Long} per entry) and one array
 * slot per entry in its feed: about 40 bytes of index per entry beside the entry itself; see
 * docs/RANKER.md for the measured bytes per entry.
 */
public final class EntryWindow {
  /** Two weeks: long enough for a weekly feed to have a rate and for a digest of "this week". */
  public static final Duration DEFAULT_SPAN = Duration.ofDays(14);

  /**
   * The slowest rate any feed is assumed to post at: one post a month (1/30 ≈ 0.033 per day). Below
   * that the window cannot tell feeds apart, and freshness stops growing more generous.
   */
  public static final double MIN_RATE_PER_DAY = 1.0 / 30;

  /** Newest first; ties by id descending, so the order is total and stable. */
  public static final Comparator<WindowEntry> NEWEST_FIRST =
      Comparator.comparing(WindowEntry::sortAt).thenComparingLong(WindowEntry::id).reversed();

  private static final WindowEntry[] NONE = new WindowEntry[0];

  /** Most changes announced to listeners at once ({@link WindowListener#beforePuts}). */
  static final int ANNOUNCED_CHANGES = 1_024;

  private static final double SECONDS_PER_DAY = 86_400.0;

  private final Duration span;
  private final Clock clock;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /**
   * Held by a write from its first change to its last listener call. The read-write lock alone
   * would let the evictor's removals reach the listeners between a batch's announcement and its
   * puts (StoryClusters probes a batch on several threads against the index as it stood).
   */
  private final ReentrantLock writes = new ReentrantLock();

  private final Long2ObjectOpenHashMap<WindowEntry> byId = new Long2ObjectOpenHashMap<>();
  private final Long2ObjectOpenHashMap<WindowEntry[]> byFeed = new Long2ObjectOpenHashMap<>();

  /** Each feed's highest entry id, kept with its array: see {@link FeedArrays#maxIds}. */
  private final Long2LongOpenHashMap maxIdOfFeed = new Long2LongOpenHashMap();

  private final List<WindowListener> listeners = new CopyOnWriteArrayList<>();
  private long maxId;
  private long maxSequence;

  /**
   * The lowest entry id held (Long.MAX_VALUE when empty), kept under the write lock: written on
   * every put, rescanned only when the entry that held it leaves. Volatile, so the reader cache
   * reads it on every get without taking the lock.
   */
  private volatile long lowestId = Long.MAX_VALUE;

  /** A window of {@link #DEFAULT_SPAN} on the system clock. */
  public EntryWindow() {
    this(DEFAULT_SPAN, Clock.systemUTC());
  }

  /**
   * @param span how far back entries are kept, by {@link WindowEntry#sortAt()}; positive
   * @param clock what "now" is for admission and eviction
   */
  public EntryWindow(Duration span, Clock clock) {
    Objects.requireNonNull(span, "span");
    if (span.isNegative() || span.isZero()) {
      throw new IllegalArgumentException("span must be positive, was " + span);
    }
    this.span = span;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Registers a listener told of every later change (see {@link WindowListener}). */
  public void addListener(WindowListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Adds an entry, or replaces the version with the same id when this one's sequence is higher.
   *
   * @return true when the window changed; false for a stale version (sequence not higher than the
   *     one held) or an entry already older than the span that replaces nothing held (a newer
   *     version older than the span removes the one held, and listeners are told {@code onRemove})
   */
  public boolean put(WindowEntry entry) {
    return putAll(List.of(entry)) == 1;
  }

  /**
   * Adds or replaces many entries at once, copying each touched feed's array once (a change-feed
   * batch, or the initial load of a million entries, would otherwise copy a busy feed per entry).
   *
   * @return how many entries changed the window
   */
  public int putAll(Collection<WindowEntry> entries) {
    writes.lock();
    try {
      return putAllInTurn(entries);
    } finally {
      writes.unlock();
    }
  }

  private int putAllInTurn(Collection<WindowEntry> entries) {
    Instant horizon = clock.instant().minus(span);
    // {entry, previous} for a put, {null, removed} for a held version whose update left the span,
    // in the order they happened.
    List<WindowEntry[]> changes = new ArrayList<>();
    lock.writeLock().lock();
    try {
      Long2ObjectOpenHashMap<List<WindowEntry>> added = new Long2ObjectOpenHashMap<>();
      Long2ObjectOpenHashMap<LongSet> dropped = new Long2ObjectOpenHashMap<>();
      for (WindowEntry entry : entries) {
        Objects.requireNonNull(entry, "entry");
        WindowEntry previous = byId.get(entry.id());
        if (previous != null && previous.sequence() >= entry.sequence()) {
          continue;
        }
        if (entry.sortAt().isBefore(horizon)) {
          if (previous != null) {
            // The entry's date moved out of the span: the old version must go, or it stays shown
            // (and clustered) under a date the entry no longer has.
            byId.remove(entry.id());
            dropped.computeIfAbsent(previous.feedId(), f -> new LongOpenHashSet()).add(entry.id());
            List<WindowEntry> pending = added.get(previous.feedId());
            if (pending != null) {
              pending.removeIf(e -> e.id() == entry.id());
            }
            changes.add(new WindowEntry[] {null, previous});
          }
          continue;
        }
        if (previous != null) {
          dropped.computeIfAbsent(previous.feedId(), f -> new LongOpenHashSet()).add(entry.id());
          List<WindowEntry> pending = added.get(previous.feedId());
          if (pending != null) {
            pending.removeIf(e -> e.id() == entry.id());
          }
        }
        byId.put(entry.id(), entry);
        added.computeIfAbsent(entry.feedId(), f -> new ArrayList<>()).add(entry);
        maxId = Math.max(maxId, entry.id());
        if (entry.id() < lowestId) {
          lowestId = entry.id();
        }
        maxSequence = Math.max(maxSequence, entry.sequence());
        changes.add(new WindowEntry[] {entry, previous});
      }
      LongSet touched = new LongOpenHashSet(added.keySet());
      touched.addAll(dropped.keySet());
      for (LongIterator it = touched.iterator(); it.hasNext(); ) {
        long feedId = it.nextLong();
        WindowEntry[] old = byFeed.getOrDefault(feedId, NONE);
        LongSet drop = dropped.getOrDefault(feedId, LongSet.of());
        List<WindowEntry> add = added.getOrDefault(feedId, List.of());
        List<WindowEntry> merged = new ArrayList<>(old.length + add.size());
        for (WindowEntry e : old) {
          if (!drop.contains(e.id())) {
            merged.add(e);
          }
        }
        merged.addAll(add);
        setFeed(feedId, merged.toArray(NONE));
      }
      rescanLowestIdIfGone();
    } finally {
      lock.writeLock().unlock();
    }
    // In order: each run of puts, then the removal that ended it.
    int run = 0;
    for (int i = 0; i <= changes.size(); i++) {
      if (i < changes.size() && changes.get(i)[0] != null) {
        continue;
      }
      announcePuts(changes.subList(run, i));
      if (i < changes.size()) {
        for (WindowListener listener : listeners) {
          listener.onRemove(changes.get(i)[1]);
        }
      }
      run = i + 1;
    }
    return changes.size();
  }

  private void announcePuts(List<WindowEntry[]> changes) {
    // Announced in chunks: what a listener prepares for a chunk stays small (see beforePuts).
    for (int from = 0; from < changes.size(); from += ANNOUNCED_CHANGES) {
      List<WindowEntry[]> chunk =
          changes.subList(from, Math.min(changes.size(), from + ANNOUNCED_CHANGES));
      if (chunk.size() > 1) {
        for (WindowListener listener : listeners) {
          listener.beforePuts(chunk);
        }
      }
      for (WindowEntry[] change : chunk) {
        for (WindowListener listener : listeners) {
          listener.onPut(change[0], change[1]);
        }
      }
    }
  }

  /** Removes an entry the store deleted; returns it, or null when it was not here. */
  public WindowEntry remove(long id) {
    writes.lock();
    try {
      return removeInTurn(id);
    } finally {
      writes.unlock();
    }
  }

  private WindowEntry removeInTurn(long id) {
    WindowEntry removed;
    lock.writeLock().lock();
    try {
      removed = byId.remove(id);
      if (removed != null) {
        WindowEntry[] old = byFeed.get(removed.feedId());
        WindowEntry[] kept = new WindowEntry[old.length - 1];
        int k = 0;
        for (WindowEntry e : old) {
          if (e.id() != id) {
            kept[k++] = e;
          }
        }
        setFeed(removed.feedId(), kept);
        rescanLowestIdIfGone();
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (removed != null) {
      for (WindowListener listener : listeners) {
        listener.onRemove(removed);
      }
    }
    return removed;
  }

  /**
   * Drops every entry whose {@code sortAt} is older than now minus the span.
   *
   * @return the entries dropped, oldest last within each feed
   */
  public List<WindowEntry> evictExpired() {
    writes.lock();
    try {
      return evictExpiredInTurn();
    } finally {
      writes.unlock();
    }
  }

  private List<WindowEntry> evictExpiredInTurn() {
    Instant horizon = clock.instant().minus(span);
    List<WindowEntry> evicted = new ArrayList<>();
    lock.writeLock().lock();
    try {
      LongSet feeds = new LongOpenHashSet(byFeed.keySet());
      for (LongIterator it = feeds.iterator(); it.hasNext(); ) {
        long feedId = it.nextLong();
        WindowEntry[] entries = byFeed.get(feedId);
        int keep = entries.length;
        while (keep > 0 && entries[keep - 1].sortAt().isBefore(horizon)) {
          keep--;
        }
        if (keep < entries.length) {
          for (int i = keep; i < entries.length; i++) {
            byId.remove(entries[i].id());
            evicted.add(entries[i]);
          }
          setFeed(feedId, Arrays.copyOf(entries, keep));
        }
      }
      rescanLowestIdIfGone();
    } finally {
      lock.writeLock().unlock();
    }
    for (WindowEntry entry : evicted) {
      for (WindowListener listener : listeners) {
        listener.onRemove(entry);
      }
    }
    return evicted;
  }

  /** The entry with this id, or null. */
  public WindowEntry get(long id) {
    lock.readLock().lock();
    try {
      return byId.get(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A feed's entries, newest first ({@link #NEWEST_FIRST}); an immutable snapshot, never null. */
  public List<WindowEntry> feed(long feedId) {
    WindowEntry[] entries;
    lock.readLock().lock();
    try {
      entries = byFeed.getOrDefault(feedId, NONE);
    } finally {
      lock.readLock().unlock();
    }
    return Collections.unmodifiableList(Arrays.asList(entries));
  }

  /**
   * Several feeds' entries taken under one lock acquisition, so they are mutually consistent (an
   * entry replaced in between cannot show up twice or not at all).
   *
   * @return feed id to its entries, newest first; feeds with no entries are absent
   */
  public Long2ObjectMap<List<WindowEntry>> feeds(LongCollection feedIds) {
    Long2ObjectOpenHashMap<List<WindowEntry>> result = new Long2ObjectOpenHashMap<>();
    lock.readLock().lock();
    try {
      for (LongIterator it = feedIds.iterator(); it.hasNext(); ) {
        long feedId = it.nextLong();
        WindowEntry[] entries = byFeed.get(feedId);
        if (entries != null) {
          result.put(feedId, Collections.unmodifiableList(Arrays.asList(entries)));
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return result;
  }

  /**
   * Several feeds' entries and the window's highest id, taken under one lock acquisition, without
   * copying: what a river scans. Every entry in the result has an id at most {@code maxId}.
   *
   * @param entries per requested feed (same index), its entries newest first; empty when none. The
   *     arrays are the window's own immutable snapshots, shared with other readers: never modify
   * @param maxId {@link #maxId()} at the same moment
   * @param maxIds per requested feed, the highest id among its entries (0 when none): a river page
   *     pinned to an older snapshot need only filter the feeds whose entries go past it
   */
  public record FeedArrays(WindowEntry[][] entries, long maxId, long[] maxIds) {}

  /** See {@link FeedArrays}. */
  public FeedArrays feedArrays(long[] feedIds) {
    WindowEntry[][] result = new WindowEntry[feedIds.length][];
    long[] maxIds = new long[feedIds.length];
    lock.readLock().lock();
    try {
      for (int i = 0; i < feedIds.length; i++) {
        result[i] = byFeed.getOrDefault(feedIds[i], NONE);
        maxIds[i] = maxIdOfFeed.get(feedIds[i]);
      }
      return new FeedArrays(result, maxId, maxIds);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The feed's publishing rate in entries per day, from its entries in the window. */
  public double ratePerDay(long feedId) {
    int count;
    lock.readLock().lock();
    try {
      count = byFeed.getOrDefault(feedId, NONE).length;
    } finally {
      lock.readLock().unlock();
    }
    return ratePerDay(count, span);
  }

  /**
   * The publishing rate in entries per day of a feed with {@code entriesInSpan} entries in a window
   * of {@code span}: {@code (n - 0.5) / days}, never below {@link #MIN_RATE_PER_DAY}.
   *
   * <p>The half entry corrects the window's bias for rare feeds: a feed is only seen once it has
   * posted, so a monthly feed that happens to have one post in a 14-day window would read as 1/14 =
   * 0.071 a day; counting the first post as half gives 0.036, close to its true 0.033. For busy
   * feeds the correction is negligible (2,800 posts: 199.96 a day instead of 200).
   */
  public static double ratePerDay(int entriesInSpan, Duration span) {
    double days = span.getSeconds() / SECONDS_PER_DAY;
    return Math.max(MIN_RATE_PER_DAY, (entriesInSpan - 0.5) / days);
  }

  /** Entries held. */
  public int size() {
    lock.readLock().lock();
    try {
      return byId.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Feeds with at least one entry held. */
  public int feedCount() {
    lock.readLock().lock();
    try {
      return byFeed.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The highest entry id ever added. Store ids grow with insertion, so a river snapshot that
   * remembers this can tell entries that arrived after it.
   */
  public long maxId() {
    lock.readLock().lock();
    try {
      return maxId;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The lowest entry id held, or {@link Long#MAX_VALUE} when the window is empty. Unlike {@link
   * #maxId()} it can go down at any time, not only at start: an entry older than every one held
   * re-enters when an update moves its date into the span. The reader cache loads marks from it.
   */
  public long lowestId() {
    return lowestId;
  }

  /** The highest change-feed sequence applied: where the tailer resumes after a restart. */
  public long maxSequence() {
    lock.readLock().lock();
    try {
      return maxSequence;
    } finally {
      lock.readLock().unlock();
    }
  }

  public Duration span() {
    return span;
  }

  public Clock clock() {
    return clock;
  }

  /** Under the write lock: finds the lowest id again if the entry that had it has left. */
  private void rescanLowestIdIfGone() {
    if (lowestId == Long.MAX_VALUE || byId.containsKey(lowestId)) {
      return;
    }
    long lowest = Long.MAX_VALUE;
    for (LongIterator it = byId.keySet().iterator(); it.hasNext(); ) {
      lowest = Math.min(lowest, it.nextLong());
    }
    lowestId = lowest;
  }

  private void setFeed(long feedId, WindowEntry[] entries) {
    if (entries.length == 0) {
      byFeed.remove(feedId);
      maxIdOfFeed.remove(feedId);
    } else {
      Arrays.sort(entries, NEWEST_FIRST);
      byFeed.put(feedId, entries);
      long highest = 0;
      for (WindowEntry e : entries) {
        highest = Math.max(highest, e.id());
      }
      maxIdOfFeed.put(feedId, highest);
    }
  }
}
