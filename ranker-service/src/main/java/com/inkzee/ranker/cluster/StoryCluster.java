package com.inkzee.ranker.cluster;

import com.inkzee.ranker.window.WindowEntry;
import java.util.List;

/**
 * One story as several feeds carried it: the entries {@link StoryClusters} judged to be copies of
 * each other, so the river shows one item and says where else it appeared.
 *
 * @param id the cluster's id (stable while the cluster exists; not an entry id)
 * @param members the entries, earliest first (by sortAt, then id); at least two
 */
public record StoryCluster(long id, List<WindowEntry> members) {
  public StoryCluster {
    members = List.copyOf(members);
  }

  /** The earliest member: the story's first appearance, standing for the cluster. */
  public WindowEntry representative() {
    return members.get(0);
  }

  /** How many distinct feeds carry the story: what popularity and "also in N feeds" count. */
  public int distinctFeeds() {
    return (int) members.stream().mapToLong(WindowEntry::feedId).distinct().count();
  }
}
