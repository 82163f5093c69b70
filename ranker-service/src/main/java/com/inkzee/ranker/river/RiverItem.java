package com.inkzee.ranker.river;

import com.inkzee.ranker.score.Score;
import com.inkzee.ranker.window.WindowEntry;
import java.util.List;

/**
 * One story in a reader's river: the entry shown (the copy from the reader's best-placed feed), its
 * score with the reasons, its state, and the reader's other feeds that carry it.
 *
 * @param entry the entry shown
 * @param score the score at the page's snapshot time, with its breakdown (computed in every order)
 * @param read read by the reader, or marked read by a filter
 * @param starred starred by the reader, or by a filter
 * @param liking the reader's rating of the entry: 1 liked, -1 disliked, 0 neither
 * @param feedTitle the reader's name for the entry's feed
 * @param alsoIn the reader's other feeds carrying the story, one copy each
 * @param clusterFeeds distinct feeds in the whole window carrying the story (1: only this one)
 */
public record RiverItem(
    WindowEntry entry,
    Score score,
    boolean read,
    boolean starred,
    int liking,
    String feedTitle,
    List<AlsoIn> alsoIn,
    int clusterFeeds) {
  public RiverItem {
    alsoIn = List.copyOf(alsoIn);
  }
}
