package com.inkzee.fetcher.discover;

import java.net.URI;
import java.util.Objects;

/**
 * A feed found for a site.
 *
 * @param url the feed's absolute address
 * @param title the link's {@code title}, or the feed's own title when the feed was fetched; null if
 *     neither gave one
 * @param format what the link's type or the feed's body says it is
 */
public record DiscoveredFeed(URI url, String title, FeedFormat format) {
  public DiscoveredFeed {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(format, "format");
  }
}
