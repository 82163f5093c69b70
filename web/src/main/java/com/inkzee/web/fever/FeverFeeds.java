package com.inkzee.web.fever;

import com.inkzee.rpc.api.store.AppReadingMessages.FeedUnread;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code feeds} and {@code favicons}. Inkzee keeps no favicons, so there is one icon, Inkzee's own
 * (a 16x16 PNG), and every feed points at it: apps that draw a feed's icon draw that one rather
 * than a broken image.
 */
final class FeverFeeds {
  /** The one favicon's id. */
  static final long ICON_ID = 1;

  /** A white "i" on the reader page's blue, 16x16 PNG. */
  static final String ICON_DATA =
      "image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAH0lEQVR42mOQ96skCTEMkIb/YE"
          + "BLDYPQSSNSw4AmPgCRKguus05plgAAAABJRU5ErkJggg==";

  private FeverFeeds() {}

  /**
   * Fever {@code feed} objects. {@code last_updated_on_time} is when the feed's newest entry
   * arrived (0: none yet); {@code is_spark} is always 0: Inkzee has no Sparks.
   */
  static List<Map<String, Object>> feeds(List<Subscription> subs, Map<Long, FeedUnread> unread) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Subscription s : subs) {
      FeedUnread u = unread.get(s.feedId());
      Instant newest = u == null ? null : u.newestAt();
      out.add(
          FeverJson.object(
              "id", s.feedId(),
              "favicon_id", ICON_ID,
              "title", s.title() == null || s.title().isEmpty() ? s.feedUrl() : s.title(),
              "url", FeverJson.text(s.feedUrl()),
              "site_url", FeverJson.text(s.siteUrl()),
              "is_spark", 0,
              "last_updated_on_time", FeverJson.seconds(newest)));
    }
    return out;
  }

  static List<Map<String, Object>> favicons() {
    return List.of(FeverJson.object("id", ICON_ID, "data", ICON_DATA));
  }
}
