package com.inkzee.ranker.cluster;

import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.ranker.window.WindowListener;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongIterator;
import it.unimi.dsi.fastutil.longs.LongLinkedOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;
import java.util.stream.IntStream;

/**
 * Groups the window's entries into stories carried by several feeds, incrementally as entries come
 * and go, so a river shows each story once and popularity can count its feeds.
 *
 * <p>Two entries are the same story when
 *
 * <ul>
 *   <li>their {@link CanonicalUrl canonical URLs} are equal, or
 *   <li>they come from different feeds, both have at least {@link #MIN_TEXT_CHARS} of text, their
 *       SimHash fingerprints differ in at most {@code maxDistanceBits} bits (the fetcher's
 *       documented near-duplicate threshold, 10) and their sortAt are at most {@code maxApart}
 *       apart (3 days by default: a rerun of an old story is a new item). Same-feed near-duplicates
 *       are not merged: templated posts ("Weather for Monday", "Weather for Tuesday") are not one
 *       story.
 * </ul>
 *
 * The relation is closed transitively (union of groups). Each entry joining merges the groups it
 * matches, smaller into larger (each entry is relabelled O(log n) times over its life, and "which
 * cluster" is one hash lookup); there is never a rebuild. Removing an entry takes it out of its
 * cluster; a cluster left with one member dissolves, but a cluster whose removed member was the
 * only link between two halves stays whole (they were judged one story, and it ages out together).
 *
 * <p><b>Finding near-duplicates without comparing all pairs.</b> The 64-bit fingerprint is cut into
 * {@link #BANDS} bands of 16 bits; each band value indexes a bucket of (entry id, fingerprint)
 * pairs. A new entry probes, in each band, its own value and every value within 2 bits of it (1 +
 * 16 + 120 = 137 buckets per band, 548 in all). Two fingerprints within 10 bits differ by at most 2
 * bits in at least one of the 4 bands (otherwise 4 × 3 = 12 bits would differ), so every pair
 * within the threshold is found: recall is exact, not probabilistic, at the cost of about 548 ×
 * (entries / 65,536) candidate pop-counts per insert (about 8,000 at a million entries).
 *
 * <p><b>Threads.</b> Written only through {@link WindowListener} calls, which come from one window
 * writer at a time; read by any thread. A read-write lock guards the maps; {@link #clusterOf}
 * copies a cluster's member ids under the read lock and resolves them outside it.
 *
 * <p><b>Batches on several cores.</b> The probes are nearly all of an insert's cost, and a cold
 * start inserts a million entries. For a batch of new entries ({@link #beforePuts}, at least {@link
 * #PARALLEL_BATCH_MIN}, at most 1,024: the window announces no more at once, and its initial load
 * comes in pages of 1,000) each entry's probes against the index as it was before the batch run in
 * parallel, read-only, before any of the batch is inserted; each {@code onPut} then adds the
 * batch's earlier entries by direct comparison (a pair within the threshold is always found by the
 * probes, so comparing every pair finds the same ones) and joins as before. The clusters come out
 * the same as one entry at a time: {@link #join} does not depend on the order its matches were
 * found in.
 */
public final class StoryClusters implements WindowListener {
  /** The fetcher's documented near-duplicate threshold (SimHash Javadoc: about 10 bits). */
  public static final int DEFAULT_MAX_DISTANCE_BITS = 10;

  /** A story retold more than 3 days later is a new item, not the same news. */
  public static final Duration DEFAULT_MAX_APART = Duration.ofDays(3);

  /**
   * Texts shorter than this (about a dozen words) are not compared by fingerprint: with few
   * shingles one word moves the hash a lot and unrelated blurbs ("Photo of the day") collide.
   */
  public static final int MIN_TEXT_CHARS = 80;

  static final int BANDS = 4;
  static final int BAND_BITS = 16;
  private static final int PROBE_RADIUS_BITS = 2;
  private static final int BUCKETS = 1 << BAND_BITS;
  private static final long NONE = Long.MIN_VALUE;

  private final LongFunction<WindowEntry> lookup;
  private final int maxDistanceBits;
  private final long maxApartSeconds;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** Entry id to cluster id, for entries in a cluster of two or more only. */
  private final Long2LongOpenHashMap clusterOfEntry = new Long2LongOpenHashMap();

  private final Long2ObjectOpenHashMap<LongArrayList> membersOfCluster =
      new Long2ObjectOpenHashMap<>();

  /** Entry id to its feed, for entries in a cluster only: lets {@link #members} skip lookups. */
  private final Long2LongOpenHashMap feedOfEntry = new Long2LongOpenHashMap();

  /**
   * 64-bit hash of a canonical URL to one entry with that URL (the others with it are in the same
   * cluster). A hash, not the string, saves ~100 bytes per entry; two different URLs collide with
   * probability 2^-64 per pair, about 3·10^-8 over a million entries.
   */
  private final Long2LongOpenHashMap urlAnchor = new Long2LongOpenHashMap();

  /**
   * Per band, per 16-bit band value: {@code [count, fp0, id0, fp1, id1, ...]}, or null when empty.
   * One array per bucket with its count inline (not a list object around an array): a probe is one
   * dependent load fewer, and the 548 probes of an insert are mostly cache misses.
   */
  private final long[][][] buckets = new long[BANDS][BUCKETS][];

  private long nextClusterId = 1;

  /** Batches of at least this many new entries are probed in parallel ({@link #beforePuts}). */
  static final int PARALLEL_BATCH_MIN = 64;

  private static final long[] NO_MATCHES = new long[0];

  /**
   * The announced batch's entries not yet put: entry id to its text matches among the entries
   * indexed before the batch. Touched only by the window's current writer.
   */
  private final Long2ObjectOpenHashMap<long[]> prematched = new Long2ObjectOpenHashMap<>();

  /** The batch's entries indexed by text so far, in order: the ones the probes could not see. */
  private final List<WindowEntry> batchIndexed = new ArrayList<>();

  /** Their fingerprints, in the same order: the scan over them reads one array. */
  private final LongArrayList batchFingerprints = new LongArrayList();

  private long batchProbed;

  /**
   * Feed id to the most feeds any story with an entry of that feed has had: an upper bound the
   * ranked river uses to skip entries that cannot reach a page. Raised as clusters grow, never
   * lowered on the spot (a shrinking cluster would need every feed's clusters rescanned); instead
   * {@link #recountWidestStories} recomputes it exactly once enough clustered entries have left
   * that the work is paid for, so it stays an upper bound and is rarely loose for long.
   */
  private final Long2IntOpenHashMap widestStoryOfFeed = new Long2IntOpenHashMap();

  private long clusteredRemovalsSinceRecount;

  /** Clusters with the default thresholds; {@code lookup} resolves an entry id (the window). */
  public StoryClusters(LongFunction<WindowEntry> lookup) {
    this(lookup, DEFAULT_MAX_DISTANCE_BITS, DEFAULT_MAX_APART);
  }

  /**
   * @param lookup resolves an entry id to the window's current version, or null
   * @param maxDistanceBits near-duplicate threshold in bits, 0..11 (the probing covers up to 11)
   * @param maxApart the longest time between two copies of one story by text
   */
  public StoryClusters(LongFunction<WindowEntry> lookup, int maxDistanceBits, Duration maxApart) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    int covered = BANDS * (PROBE_RADIUS_BITS + 1) - 1;
    if (maxDistanceBits < 0 || maxDistanceBits > covered) {
      throw new IllegalArgumentException(
          "maxDistanceBits must be 0.." + covered + ", was " + maxDistanceBits);
    }
    this.maxDistanceBits = maxDistanceBits;
    this.maxApartSeconds = Objects.requireNonNull(maxApart, "maxApart").getSeconds();
    clusterOfEntry.defaultReturnValue(NONE);
    feedOfEntry.defaultReturnValue(NONE);
    urlAnchor.defaultReturnValue(NONE);
  }

  @Override
  public void onPut(WindowEntry entry, WindowEntry previous) {
    lock.writeLock().lock();
    try {
      if (previous != null) {
        removeLocked(previous);
      }
      addLocked(entry);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Probes a batch of new entries against the index in parallel; see the class comment. A batch
   * that replaces an entry, or a small one, goes one entry at a time.
   */
  @Override
  public void beforePuts(List<WindowEntry[]> changes) {
    endBatch();
    if (changes.size() < PARALLEL_BATCH_MIN) {
      return;
    }
    WindowEntry[] entries = new WindowEntry[changes.size()];
    for (int i = 0; i < entries.length; i++) {
      if (changes.get(i)[1] != null) {
        return; // a replacement takes its old version out of the index: the probes would be stale
      }
      entries[i] = changes.get(i)[0];
    }
    long[][] found = new long[entries.length][];
    // Read-only: the index changes only in listener calls, and the one writer making them waits
    // here (the window lets no other write, the evictor's included, begin until this one ends).
    IntStream.range(0, entries.length).parallel().forEach(i -> found[i] = textMatches(entries[i]));
    for (int i = 0; i < entries.length; i++) {
      prematched.put(entries[i].id(), found[i]);
    }
    batchProbed += entries.length;
  }

  /** Entries whose probes ran in a parallel batch so far (for tests and diagnostics). */
  long batchProbed() {
    return batchProbed;
  }

  /** Forgets an announced batch; what is left of it is then inserted one probe at a time. */
  private void endBatch() {
    prematched.clear();
    batchIndexed.clear();
    batchFingerprints.clear();
  }

  @Override
  public void onRemove(WindowEntry entry) {
    lock.writeLock().lock();
    try {
      removeLocked(entry);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The story this entry belongs to, or null when no other entry in the window is the same story.
   */
  public StoryCluster clusterOf(long entryId) {
    long clusterId;
    long[] ids;
    lock.readLock().lock();
    try {
      clusterId = clusterOfEntry.get(entryId);
      if (clusterId == NONE) {
        return null;
      }
      ids = membersOfCluster.get(clusterId).toLongArray();
    } finally {
      lock.readLock().unlock();
    }
    List<WindowEntry> members = new ArrayList<>(ids.length);
    for (long id : ids) {
      WindowEntry member = lookup.apply(id);
      if (member != null) {
        members.add(member);
      }
    }
    if (members.size() < 2) {
      return null;
    }
    members.sort(Comparator.comparing(WindowEntry::sortAt).thenComparingLong(WindowEntry::id));
    return new StoryCluster(clusterId, members);
  }

  /** What {@link #clusterIds} reports for an entry in no cluster. */
  public static final long NO_CLUSTER = Long.MIN_VALUE;

  /** The entry's cluster id, or {@link #NO_CLUSTER}: one hash lookup, no allocation. */
  public long clusterId(long entryId) {
    lock.readLock().lock();
    try {
      return clusterOfEntry.get(entryId);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Each entry's cluster id, or {@link #NO_CLUSTER}, under one read-lock acquisition and without
   * allocating: the river asks this for every candidate of a feed and materialises members (with
   * {@link #clusterOf}) only for the few that are in a cluster.
   *
   * @param out receives entries[i]'s cluster id at index i; at least as long as {@code entries}
   */
  public void clusterIds(WindowEntry[] entries, long[] out) {
    lock.readLock().lock();
    try {
      for (int i = 0; i < entries.length; i++) {
        out[i] = clusterOfEntry.get(entries[i].id());
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The members of the entry's cluster as flat (entry id, feed id) pairs, in no particular order,
   * or null when it is in none: what the river needs to collapse a story and count its feeds,
   * without resolving, sorting or wrapping the members ({@link #clusterOf} does that).
   */
  public long[] members(long entryId) {
    lock.readLock().lock();
    try {
      long clusterId = clusterOfEntry.get(entryId);
      if (clusterId == NONE) {
        return null;
      }
      LongArrayList ids = membersOfCluster.get(clusterId);
      long[] pairs = new long[2 * ids.size()];
      for (int i = 0; i < ids.size(); i++) {
        long id = ids.getLong(i);
        pairs[2 * i] = id;
        pairs[2 * i + 1] = feedOfEntry.get(id);
      }
      return pairs;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * For each feed, an upper bound on the number of feeds carrying any story that has an entry of
   * that feed (1 for a feed in no story), under one read lock: the river's popularity ceiling. It
   * is never below the true count, though it may be above it until the next recount.
   *
   * @param out receives feedIds[i]'s bound at index i; at least as long as {@code feedIds}
   */
  public void widestStories(long[] feedIds, int[] out) {
    lock.readLock().lock();
    try {
      for (int i = 0; i < feedIds.length; i++) {
        out[i] = Math.max(1, widestStoryOfFeed.get(feedIds[i]));
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Clusters of two or more entries. */
  public int clusterCount() {
    lock.readLock().lock();
    try {
      return membersOfCluster.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void addLocked(WindowEntry entry) {
    LongOpenHashSet matches = new LongOpenHashSet();
    String canonical = CanonicalUrl.of(entry.url());
    if (canonical != null) {
      long urlHash = hash64(canonical);
      long anchorId = urlAnchor.get(urlHash);
      WindowEntry anchor =
          anchorId == NONE || anchorId == entry.id() ? null : lookup.apply(anchorId);
      if (anchor == null) {
        urlAnchor.put(urlHash, entry.id());
      } else if (storyHasFeed(anchor, entry.feedId())) {
        // One feed pointing many items at one page (a podcast's or a comic's home page) tells
        // many stories, not one: joined, reading the oldest would read them all. So a URL joins
        // the anchor's story only if no copy of it comes from this entry's feed yet.
      } else if (!withinDays(anchor, entry)) {
        urlAnchor.put(urlHash, entry.id()); // the page came round again: later copies join this
      } else {
        matches.add(anchorId);
      }
    }
    long[] pre = prematched.isEmpty() ? null : prematched.remove(entry.id());
    if (indexedByText(entry)) {
      long fp = entry.fingerprint();
      if (pre != null) {
        for (long id : pre) {
          matches.add(id);
        }
        long[] fps = batchFingerprints.elements();
        for (int k = 0, n = batchFingerprints.size(); k < n; k++) {
          int distance = Long.bitCount(fps[k] ^ fp);
          if (distance <= maxDistanceBits) {
            WindowEntry earlier = batchIndexed.get(k);
            if (!matches.contains(earlier.id()) && sameStory(earlier, entry, distance)) {
              matches.add(earlier.id());
            }
          }
        }
        batchIndexed.add(entry);
        batchFingerprints.add(fp);
      } else {
        probeAll(entry, matches);
      }
      for (int band = 0; band < BANDS; band++) {
        int value = bandValue(fp, band);
        long[] bucket = buckets[band][value];
        if (bucket == null) {
          bucket = buckets[band][value] = new long[5];
        }
        int count = (int) bucket[0];
        if (2 * count + 3 > bucket.length) {
          bucket = buckets[band][value] = Arrays.copyOf(bucket, 2 * bucket.length + 1);
        }
        bucket[2 * count + 1] = fp;
        bucket[2 * count + 2] = entry.id();
        bucket[0] = count + 1;
      }
    }
    if (prematched.isEmpty()) {
      batchIndexed.clear();
      batchFingerprints.clear();
    }
    if (!matches.isEmpty()) {
      join(entry, matches);
    }
  }

  /** The entry's text matches among the entries indexed now, in the order the probes meet them. */
  private long[] textMatches(WindowEntry entry) {
    if (!indexedByText(entry)) {
      return NO_MATCHES;
    }
    LongLinkedOpenHashSet matches = new LongLinkedOpenHashSet();
    probeAll(entry, matches);
    return matches.toLongArray();
  }

  /** Probes every bucket within {@link #PROBE_RADIUS_BITS} of the entry's band values. */
  private void probeAll(WindowEntry entry, LongSet matches) {
    long fp = entry.fingerprint();
    for (int band = 0; band < BANDS; band++) {
      int value = bandValue(fp, band);
      probe(band, value, entry, matches);
      for (int i = 0; i < BAND_BITS; i++) {
        probe(band, value ^ (1 << i), entry, matches);
        for (int j = i + 1; j < BAND_BITS; j++) {
          probe(band, value ^ (1 << i) ^ (1 << j), entry, matches);
        }
      }
    }
  }

  private void probe(int band, int value, WindowEntry entry, LongSet matches) {
    long[] bucket = buckets[band][value];
    if (bucket == null) {
      return;
    }
    long fp = entry.fingerprint();
    for (int k = 1, end = 2 * (int) bucket[0]; k < end; k += 2) {
      int distance = Long.bitCount(bucket[k] ^ fp);
      if (distance > maxDistanceBits) {
        continue;
      }
      long candidateId = bucket[k + 1];
      if (candidateId == entry.id() || matches.contains(candidateId)) {
        continue;
      }
      WindowEntry candidate = lookup.apply(candidateId);
      if (candidate != null && sameStory(candidate, entry, distance)) {
        matches.add(candidateId);
      }
    }
  }

  /** Whether two entries whose fingerprints are {@code distance} bits apart tell one story. */
  private boolean sameStory(WindowEntry candidate, WindowEntry entry, int distance) {
    return candidate.feedId() != entry.feedId()
        && withinDays(candidate, entry)
        && titlesAgree(candidate.title(), entry.title(), distance);
  }

  /** Whether {@code anchor}, or the story it is in, already has an entry of {@code feedId}. */
  private boolean storyHasFeed(WindowEntry anchor, long feedId) {
    if (anchor.feedId() == feedId) {
      return true;
    }
    long clusterId = clusterOfEntry.get(anchor.id());
    LongArrayList members = clusterId == NONE ? null : membersOfCluster.get(clusterId);
    for (int i = 0; members != null && i < members.size(); i++) {
      if (feedOfEntry.get(members.getLong(i)) == feedId) {
        return true;
      }
    }
    return false;
  }

  /** Whether two entries' sort times are close enough for them to tell one story. */
  private boolean withinDays(WindowEntry a, WindowEntry b) {
    return Math.abs(a.sortAt().getEpochSecond() - b.sortAt().getEpochSecond()) <= maxApartSeconds;
  }

  /**
   * Puts {@code entryId} and every matched entry's cluster into one cluster, smaller into larger.
   * Clusters and loners are taken in id order, so the outcome (which cluster survives, its members'
   * order) depends on which entries matched, not on the order they were found in.
   */
  private void join(WindowEntry entry, LongOpenHashSet matches) {
    long entryId = entry.id();
    LongOpenHashSet clusterSet = new LongOpenHashSet();
    LongArrayList lonerList = new LongArrayList();
    for (LongIterator it = matches.iterator(); it.hasNext(); ) {
      long match = it.nextLong();
      long clusterId = clusterOfEntry.get(match);
      if (clusterId == NONE) {
        lonerList.add(match);
      } else {
        clusterSet.add(clusterId);
      }
    }
    long[] clusters = clusterSet.toLongArray();
    Arrays.sort(clusters);
    long[] loners = lonerList.toLongArray();
    Arrays.sort(loners);
    long target = NONE;
    for (long clusterId : clusters) {
      if (target == NONE
          || membersOfCluster.get(clusterId).size() > membersOfCluster.get(target).size()) {
        target = clusterId;
      }
    }
    if (target == NONE) {
      target = nextClusterId++;
      membersOfCluster.put(target, new LongArrayList());
    }
    LongArrayList targetMembers = membersOfCluster.get(target);
    for (long clusterId : clusters) {
      if (clusterId != target) {
        LongArrayList moved = membersOfCluster.remove(clusterId);
        for (int i = 0; i < moved.size(); i++) {
          clusterOfEntry.put(moved.getLong(i), target);
        }
        targetMembers.addAll(moved);
      }
    }
    for (long loner : loners) {
      WindowEntry matched = lookup.apply(loner);
      clusterOfEntry.put(loner, target);
      feedOfEntry.put(loner, matched == null ? NONE : matched.feedId());
      targetMembers.add(loner);
    }
    clusterOfEntry.put(entryId, target);
    feedOfEntry.put(entryId, entry.feedId());
    targetMembers.add(entryId);
    raiseWidestStory(targetMembers);
  }

  /** Raises each member feed's widest-story bound to this cluster's feed count. */
  private void raiseWidestStory(LongArrayList members) {
    LongOpenHashSet feeds = new LongOpenHashSet();
    for (int i = 0; i < members.size(); i++) {
      long feed = feedOfEntry.get(members.getLong(i));
      if (feed != NONE) {
        feeds.add(feed);
      }
    }
    int count = feeds.size();
    for (LongIterator it = feeds.iterator(); it.hasNext(); ) {
      long feed = it.nextLong();
      if (widestStoryOfFeed.get(feed) < count) {
        widestStoryOfFeed.put(feed, count);
      }
    }
  }

  /**
   * Recomputes every feed's widest-story bound from the clusters as they are now. Called once the
   * clustered entries removed since the last recount outnumber the clustered entries left (and at
   * least 1,024), so its linear cost is amortised over those removals.
   */
  private void recountWidestStories() {
    widestStoryOfFeed.clear();
    for (LongArrayList members : membersOfCluster.values()) {
      raiseWidestStory(members);
    }
    clusteredRemovalsSinceRecount = 0;
  }

  private void removeLocked(WindowEntry entry) {
    endBatch(); // not part of an announced batch: its probes would no longer hold
    long id = entry.id();
    long clusterId = clusterOfEntry.remove(id);
    feedOfEntry.remove(id);
    LongArrayList members = clusterId == NONE ? null : membersOfCluster.get(clusterId);
    if (members != null) {
      members.rem(id);
    }
    String canonical = CanonicalUrl.of(entry.url());
    if (canonical != null) {
      long urlHash = hash64(canonical);
      if (urlAnchor.get(urlHash) == id) {
        urlAnchor.remove(urlHash);
        // Another member with the same URL takes over as the anchor, so later copies still match.
        for (int i = 0; members != null && i < members.size(); i++) {
          WindowEntry other = lookup.apply(members.getLong(i));
          if (other != null && canonical.equals(CanonicalUrl.of(other.url()))) {
            urlAnchor.put(urlHash, other.id());
            break;
          }
        }
      }
    }
    if (indexedByText(entry)) {
      for (int band = 0; band < BANDS; band++) {
        int value = bandValue(entry.fingerprint(), band);
        long[] bucket = buckets[band][value];
        if (bucket == null) {
          continue;
        }
        int count = (int) bucket[0];
        for (int k = 1; k < 2 * count; k += 2) {
          if (bucket[k + 1] == id) {
            // Order within a bucket does not matter: the last pair fills the hole.
            bucket[k] = bucket[2 * count - 1];
            bucket[k + 1] = bucket[2 * count];
            bucket[0] = --count;
            break;
          }
        }
        if (count == 0) {
          buckets[band][value] = null;
        }
      }
    }
    if (members != null && members.size() < 2) {
      membersOfCluster.remove(clusterId);
      for (int i = 0; i < members.size(); i++) {
        clusterOfEntry.remove(members.getLong(i));
        feedOfEntry.remove(members.getLong(i));
      }
    }
    if (clusterId != NONE
        && ++clusteredRemovalsSinceRecount > Math.max(1_024, clusterOfEntry.size())) {
      recountWidestStories();
    }
  }

  /**
   * The second signal a text match needs. Over a million entries, unrelated texts land within 10
   * bits of each other by chance tens of thousands of times (about 1.5e-7 per pair); copies of one
   * story also share their headline's words. So fingerprints within the threshold count only if the
   * titles share at least half the words of the shorter one, or, when a title has no words to
   * compare, if the fingerprints are within {@link #UNTITLED_MAX_BITS}.
   */
  static boolean titlesAgree(String a, String b, int distanceBits) {
    Set<String> wa = titleWords(a);
    Set<String> wb = titleWords(b);
    if (wa.isEmpty() || wb.isEmpty()) {
      return distanceBits <= UNTITLED_MAX_BITS;
    }
    Set<String> small = wa.size() <= wb.size() ? wa : wb;
    Set<String> large = small == wa ? wb : wa;
    int shared = 0;
    for (String w : small) {
      if (large.contains(w)) {
        shared++;
      }
    }
    return 2 * shared >= small.size();
  }

  /** Near-duplicate threshold for entries without a comparable title: nearly identical texts. */
  static final int UNTITLED_MAX_BITS = 3;

  private static Set<String> titleWords(String title) {
    Set<String> words = new HashSet<>();
    if (title == null) {
      return words;
    }
    for (String w : title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() >= 3) {
        words.add(w);
      }
    }
    return words;
  }

  private static boolean indexedByText(WindowEntry entry) {
    return entry.fingerprint() != 0 && entry.text().length() >= MIN_TEXT_CHARS;
  }

  private static int bandValue(long fingerprint, int band) {
    return (int) (fingerprint >>> (band * BAND_BITS)) & (BUCKETS - 1);
  }

  /** FNV-1a over UTF-16 code units with the SplitMix64 finaliser (as the fetcher's SimHash). */
  static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
