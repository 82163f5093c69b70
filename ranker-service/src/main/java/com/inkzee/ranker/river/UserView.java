package com.inkzee.ranker.river;

import com.inkzee.ranker.score.FeedAffinity;
import com.inkzee.ranker.score.Preferences;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.LongSet;
import java.util.Objects;

/**
 * Everything about one reader a river needs, assembled by the wiring from the store, so building a
 * river is pure computation. The collections are used as given, not copied: they must not change
 * while a river is being built.
 *
 * @param userId the reader
 * @param subscriptions feed id to how the reader follows it
 * @param read ids of entries the reader has read
 * @param starred ids of entries the reader has starred
 * @param liking entry id to 1 (liked) or -1 (disliked); absent: neither
 * @param affinity the reader's engagement per feed
 * @param preferences the reader's trained likes and dislikes
 * @param gate the reader's filters ({@link EntryGate#SHOW_ALL} for none)
 */
public record UserView(
    long userId,
    Long2ObjectMap<Subscription> subscriptions,
    LongSet read,
    LongSet starred,
    Long2IntMap liking,
    FeedAffinity affinity,
    Preferences preferences,
    EntryGate gate) {
  public UserView {
    Objects.requireNonNull(subscriptions, "subscriptions");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(starred, "starred");
    Objects.requireNonNull(liking, "liking");
    Objects.requireNonNull(affinity, "affinity");
    Objects.requireNonNull(preferences, "preferences");
    Objects.requireNonNull(gate, "gate");
  }
}
