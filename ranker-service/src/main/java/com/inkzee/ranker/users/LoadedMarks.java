package com.inkzee.ranker.users;

import com.inkzee.ranker.score.FeedAffinity;
import com.inkzee.rpc.api.store.StateMessages.EntryState;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.function.Consumer;

/**
 * The marks one reader load read, as the reader's context keeps them; and, when the store cannot
 * count them itself (a store older than catalogue 1.11, which answers {@code markCountsByFeed}
 * UNIMPLEMENTED), the per-feed counts affinity is learned from, counted here from every mark.
 */
final class LoadedMarks implements Consumer<EntryState> {
  final LongOpenHashSet read = new LongOpenHashSet();
  final LongOpenHashSet starred = new LongOpenHashSet();
  final Long2IntOpenHashMap liking = new Long2IntOpenHashMap();
  final Long2LongOpenHashMap readAtMillis = new Long2LongOpenHashMap();

  /** Feed id to {reads, stars, likes, dislikes}; null when the store counts them. */
  private final Long2ObjectOpenHashMap<long[]> counts;

  /**
   * @param counting whether to count marks per feed (only right when every mark is read)
   */
  LoadedMarks(boolean counting) {
    this.counts = counting ? new Long2ObjectOpenHashMap<>() : null;
  }

  @Override
  public void accept(EntryState s) {
    long[] c = counts == null ? null : counts.computeIfAbsent(s.feedId(), f -> new long[4]);
    if (s.read()) {
      read.add(s.entryId());
      if (s.readAt() != null) {
        readAtMillis.put(s.entryId(), s.readAt().toEpochMilli());
      }
      count(c, 0);
    }
    if (s.starred()) {
      starred.add(s.entryId());
      count(c, 1);
    }
    if (s.liking() != 0) {
      liking.put(s.entryId(), s.liking());
      count(c, s.liking() > 0 ? 2 : 3);
    }
  }

  private static void count(long[] c, int kind) {
    if (c != null) {
      c[kind]++;
    }
  }

  /** The affinity learned from the counted marks; only for a load that counted them. */
  FeedAffinity countedAffinity() {
    if (counts == null) {
      throw new IllegalStateException("these marks were not counted: the store counts them");
    }
    Long2ObjectOpenHashMap<FeedAffinity.Counts> byFeed = new Long2ObjectOpenHashMap<>();
    // Skips (entries left unread until they aged out) are not recorded by the store yet: 0.
    counts.forEach(
        (feed, c) -> byFeed.put(feed, new FeedAffinity.Counts(c[0], c[1], c[2], c[3], 0)));
    return FeedAffinity.of(byFeed);
  }
}
