package com.inkzee.web.fever;

import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Fever's groups are the reader's folders. A folder is known by its name, a group by a positive
 * integer the app caches (and later sends back to mark the group read), so each folder's id is
 * derived from its name alone: the first 31 bits of its SHA-256, never 0 (Fever's "Kindling", every
 * feed) and positive in a 32-bit integer as older apps parse it. The same folder keeps its id
 * across calls, renames of other folders and web instances. Should two names of one reader collide
 * (about one chance in 10^5 for 200 folders), the later name in sort order takes the next free id.
 */
final class FeverGroups {
  private final Map<Long, String> byId = new LinkedHashMap<>();
  private final Map<String, Long> byName = new LinkedHashMap<>();
  private final List<Subscription> subscriptions;

  FeverGroups(List<String> folders, List<Subscription> subscriptions) {
    this.subscriptions = subscriptions;
    TreeSet<String> names = new TreeSet<>(folders);
    for (Subscription s : subscriptions) {
      if (s.folder() != null && !s.folder().isEmpty()) {
        names.add(s.folder());
      }
    }
    for (String name : names) {
      long id = idOf(name);
      while (byId.containsKey(id)) {
        id = id == Integer.MAX_VALUE ? 1 : id + 1;
      }
      byId.put(id, name);
      byName.put(name, id);
    }
  }

  /** The id a folder name gets when nothing collides with it. */
  static long idOf(String folder) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(folder.getBytes(StandardCharsets.UTF_8));
      long id =
          ((d[0] & 0x7fL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
      return id == 0 ? 1 : id;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** The folder of a group id, or null when the reader has none with that id. */
  String folder(long groupId) {
    return byId.get(groupId);
  }

  /** The feeds in a folder. */
  List<Long> feedIds(String folder) {
    List<Long> ids = new ArrayList<>();
    for (Subscription s : subscriptions) {
      if (folder.equals(s.folder())) {
        ids.add(s.feedId());
      }
    }
    return ids;
  }

  /** Fever {@code group} objects: id and title, by title. */
  List<Map<String, Object>> groups() {
    List<Map<String, Object>> out = new ArrayList<>();
    byName.forEach((name, id) -> out.add(FeverJson.object("id", id, "title", name)));
    return out;
  }

  /**
   * Fever {@code feeds_group} objects: each group's feed ids, comma-separated. Feeds outside any
   * folder are in no group (the app shows them under Kindling, all feeds).
   */
  List<Map<String, Object>> feedsGroups() {
    List<Map<String, Object>> out = new ArrayList<>();
    byName.forEach(
        (name, id) -> {
          List<Long> feeds = feedIds(name);
          if (!feeds.isEmpty()) {
            out.add(FeverJson.object("group_id", id, "feed_ids", FeverJson.idList(feeds)));
          }
        });
    return out;
  }
}
