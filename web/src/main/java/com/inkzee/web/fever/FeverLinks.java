package com.inkzee.web.fever;

import com.inkzee.rpc.api.ranker.RankerMessages;
import com.inkzee.rpc.api.ranker.RankerMessages.AlsoIn;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RiverOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fever's Hot links are links many feeds carry; Inkzee's equivalent is the ranker's duplicate
 * clusters, the stories several feeds ran, best first. Each link is a river item with copies in
 * other feeds ({@code alsoIn}): the item is the link ({@code is_item} 1, {@code item_id} its
 * entry), its copies and it are {@code item_ids}, and its ranked score is the {@code temperature}
 * (at least 0). The spec's {@code range} and {@code offset} (days, default 7 and 0) bound the
 * items' time, {@code page} (from 1) takes 50 links at a time. Only the top {@link #SCANNED} ranked
 * entries (read or not) are looked at: a hot view, not an archive.
 */
final class FeverLinks {
  static final int PAGE = 50;
  static final int SCANNED = RankerMessages.MAX_RIVER_ITEMS;
  static final int MAX_DAYS = 365;

  private FeverLinks() {}

  static List<Map<String, Object>> links(FeverCall c, Instant now) {
    FeverParams p = c.params();
    long offset = optional(p, "offset", 0, 0, MAX_DAYS);
    long range = optional(p, "range", 7, 1, MAX_DAYS);
    long page = optional(p, "page", 1, 1, SCANNED / PAGE);
    Instant until = now.minus(Duration.ofDays(offset));
    Instant from = until.minus(Duration.ofDays(range));
    List<RiverItem> river =
        c.ranker()
            .river(new RiverRequest(c.userId(), RiverOrder.RANKED, true, null, null, null, SCANNED))
            .items();
    List<Map<String, Object>> hot = new ArrayList<>();
    long skip = (page - 1) * PAGE;
    for (RiverItem i : river) {
      if (i.alsoIn().isEmpty() || i.sortAt() == null) {
        continue;
      }
      if (i.sortAt().isBefore(from) || !i.sortAt().isBefore(until)) {
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      hot.add(link(i));
      if (hot.size() == PAGE) {
        break;
      }
    }
    return hot;
  }

  static Map<String, Object> link(RiverItem i) {
    List<Long> ids = new ArrayList<>();
    ids.add(i.entryId());
    for (AlsoIn a : i.alsoIn()) {
      ids.add(a.entryId());
    }
    return FeverJson.object(
        "id", i.entryId(),
        "feed_id", i.feedId(),
        "item_id", i.entryId(),
        "temperature", Math.max(0, Math.round(i.score() * 10) / 10.0),
        "is_item", 1,
        "is_local", 1,
        "is_saved", FeverJson.bool(i.starred()),
        "title", FeverJson.text(i.title()),
        "url", FeverJson.text(i.url()),
        "item_ids", FeverJson.idList(ids));
  }

  private static long optional(FeverParams p, String name, long dflt, long min, long max) {
    String v = p.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    long n = p.number(name, min);
    if (n > max) {
      throw com.inkzee.web.api.ApiException.badRequest(
          name + " must be at most " + max + ", not " + n);
    }
    return n;
  }
}
