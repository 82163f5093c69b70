package com.inkzee.web.greader;

import com.inkzee.rpc.api.store.AppReadingMessages.UserEntry;
import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.web.apps.ItemHtml;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An item as FreshRSS ({@code entriesToArray} in greader.php) and Miniflux (its README's {@code
 * stream/items/contents} example) shape it: the long id, crawl time in ms and µs (as strings),
 * published and updated in seconds, title, canonical and alternate links, {@code summary.content},
 * author, origin and categories (reading list, the feed's folder as a label, read and starred).
 *
 * <p>{@code summary.content} is the entry's content, else its summary: HTML the fetcher's
 * allow-list sanitiser cleaned when it stored it, cleaned again here ({@link ItemHtml}) because the
 * store keeps whatever an ingest call sends; titles and authors are plain text.
 */
final class ItemJson {
  private ItemJson() {}

  static Map<String, Object> item(UserEntry ue, SubscriptionIndex subs) {
    Entry e = ue.entry();
    Subscription sub = subs.byFeedId(ue.feedId());
    Instant crawled = ue.firstSeenAt() != null ? ue.firstSeenAt() : e.firstSeenAt();
    Instant published = e.publishedAt() != null ? e.publishedAt() : e.sortAt();
    Instant updated = e.updatedAt() != null ? e.updatedAt() : published;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", ItemIds.longForm(ue.id()));
    m.put("crawlTimeMsec", Long.toString(crawled.toEpochMilli()));
    m.put("timestampUsec", Long.toString(micros(crawled)));
    m.put("published", published == null ? 0 : published.getEpochSecond());
    m.put("updated", updated == null ? 0 : updated.getEpochSecond());
    m.put("title", e.title() == null ? "" : e.title());
    if (e.url() != null) {
      m.put("canonical", List.of(Map.of("href", e.url())));
      m.put("alternate", List.of(Map.of("href", e.url(), "type", "text/html")));
    }
    String html =
        e.content() != null && !e.content().isBlank()
            ? e.content()
            : e.summary() == null ? "" : e.summary();
    m.put("summary", Map.of("direction", "ltr", "content", ItemHtml.clean(html)));
    if (e.author() != null && !e.author().isBlank()) {
      m.put("author", e.author());
    }
    Map<String, Object> origin = new LinkedHashMap<>();
    origin.put("streamId", StreamId.feedId(ue.feedId()));
    origin.put("title", sub == null || sub.title() == null ? "" : sub.title());
    origin.put("htmlUrl", sub == null || sub.siteUrl() == null ? "" : sub.siteUrl());
    m.put("origin", origin);
    m.put("categories", categories(ue, sub));
    List<Map<String, Object>> enclosures = enclosures(e.enclosures());
    if (!enclosures.isEmpty()) {
      m.put("enclosure", enclosures);
    }
    return m;
  }

  static List<String> categories(UserEntry ue, Subscription sub) {
    List<String> c = new ArrayList<>();
    c.add(StreamId.READING_LIST);
    if (sub != null && sub.folder() != null) {
      c.add(StreamId.labelId(sub.folder()));
    }
    if (ue.read()) {
      c.add(StreamId.READ);
    }
    if (ue.starred()) {
      c.add(StreamId.STARRED);
    }
    return c;
  }

  private static List<Map<String, Object>> enclosures(List<Enclosure> list) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    for (Enclosure en : list) {
      if (en.url() == null || en.mimeType() == null) {
        continue; // FreshRSS lists only enclosures with both
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("href", en.url());
      m.put("type", en.mimeType());
      if (en.lengthBytes() > 0) {
        m.put("length", en.lengthBytes());
      }
      out.add(m);
    }
    return out;
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
