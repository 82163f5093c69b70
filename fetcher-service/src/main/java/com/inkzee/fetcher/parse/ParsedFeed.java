package com.inkzee.fetcher.parse;

import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import java.time.Duration;
import java.util.List;

/**
 * A feed as parsed, normalised and sanitised by {@link FeedParser}: what the poll loop hands to the
 * store (the entries) and to the scheduler (the publisher's interval, the WebSub hubs).
 *
 * @param format "rss0.90", "rss0.91N", "rss0.91U", "rss0.92" … "rss2.0", "rss1.0", "atom0.3",
 *     "atom1.0", "json1.0", "json1.1"
 * @param title plain text, or null
 * @param siteUrl the feed's web page (RSS channel link, Atom alternate link, JSON home_page_url),
 *     absolute, or null
 * @param iconUrl the icon the feed declares (Atom icon, else logo; RSS channel image; JSON Feed
 *     favicon, else icon), absolute http(s), or null ({@link FeedIconReader})
 * @param selfUrl the URL the feed says it lives at (Atom rel="self", atom:link in RSS, JSON
 *     feed_url), or null
 * @param hubs the first {@link #MAX_HUBS} distinct rel="hub" links (WebSub), absolute, in document
 *     order
 * @param publisherInterval the shortest poll interval the publisher asks for (RSS ttl,
 *     sy:updatePeriod/sy:updateFrequency), or null if it asks for none
 * @param entries in document order
 * @param recoveries what the encoding rules and the lenient retry had to fix, empty if nothing
 */
public record ParsedFeed(
    String format,
    String title,
    String siteUrl,
    String iconUrl,
    String selfUrl,
    List<String> hubs,
    Duration publisherInterval,
    List<EntryInput> entries,
    List<String> recoveries) {
  /**
   * Hubs kept from one feed (3). A feed names one or two in practice (the seed feed names two);
   * every hub kept may cost a POST from the poll thread, so a feed naming thousands would hold a
   * worker for hours and make the fetcher post to any address the feed lists.
   */
  public static final int MAX_HUBS = 3;

  public ParsedFeed {
    hubs = List.copyOf(hubs);
    entries = List.copyOf(entries);
    recoveries = List.copyOf(recoveries);
  }
}
