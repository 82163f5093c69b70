package com.inkzee.fetcher.discover;

import com.inkzee.fetcher.discover.FeedSniffer.Sniffed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the feeds of a site, as a reader does when a user pastes a site's address.
 *
 * <ol>
 *   <li>If the URL itself is a feed (by its body, not only its {@code Content-Type}), that feed.
 *   <li>Else the page's {@code <link rel="alternate">} elements of type {@code
 *       application/rss+xml}, {@code application/atom+xml}, {@code application/feed+json} or {@code
 *       application/json}, resolved against the page URL and its {@code <base href>}, in document
 *       order. {@code application/json} alternates are fetched and kept only if they are JSON
 *       Feeds: WordPress marks its REST API that way on every page.
 *   <li>Else the common paths {@link #COMMON_PATHS} on the site's origin, kept when they answer 200
 *       with a feed-looking body, under the address they ended at after redirects.
 * </ol>
 *
 * <p>Results are deduplicated by address. Everything is fetched through the {@link PageFetcher}, at
 * most {@code 1 + COMMON_PATHS.size()} or {@code 1 + MAX_JSON_CHECKS} requests per call.
 */
public final class FeedDiscoverer {
  private static final Logger log = LoggerFactory.getLogger(FeedDiscoverer.class);

  /** Where blog engines put their feed when a page does not link it (WordPress, Hugo, Blogger…). */
  public static final List<String> COMMON_PATHS =
      List.of(
          "/feed",
          "/rss",
          "/rss.xml",
          "/atom.xml",
          "/feed.xml",
          "/index.xml",
          "/feeds/posts/default");

  /** Most feeds returned for one page; a page linking more is not a site a user means to follow. */
  public static final int MAX_FEEDS = 50;

  /** Most {@code application/json} alternates fetched to tell JSON Feeds from other JSON. */
  public static final int MAX_JSON_CHECKS = 3;

  private static final Map<String, FeedFormat> LINK_TYPES =
      Map.of(
          "application/rss+xml", FeedFormat.RSS,
          "application/atom+xml", FeedFormat.ATOM,
          "application/feed+json", FeedFormat.JSON_FEED,
          "application/json", FeedFormat.JSON_FEED);

  private final PageFetcher fetcher;
  private final FeedSniffer sniffer = new FeedSniffer();

  public FeedDiscoverer(PageFetcher fetcher) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  /**
   * The feeds of the site at {@code siteUrl}, in document order; empty if none was found.
   *
   * @throws IOException if {@code siteUrl} itself could not be fetched
   */
  public List<DiscoveredFeed> discover(URI siteUrl) throws IOException {
    Objects.requireNonNull(siteUrl, "siteUrl");
    if (!isHttp(siteUrl)) {
      throw new IllegalArgumentException("site URL " + siteUrl + " is not an http or https URL");
    }
    Page page = fetcher.fetch(siteUrl);
    if (page.ok()) {
      Optional<Sniffed> feed = sniffer.sniff(page.body());
      if (feed.isPresent()) {
        return List.of(
            new DiscoveredFeed(page.finalUrl(), feed.get().title(), feed.get().format()));
      }
      List<DiscoveredFeed> linked = alternates(page);
      if (!linked.isEmpty()) {
        return linked;
      }
    }
    return commonPaths(page.ok() ? page.finalUrl() : siteUrl);
  }

  private List<DiscoveredFeed> alternates(Page page) {
    Document doc;
    try {
      doc =
          Jsoup.parse(
              new ByteArrayInputStream(page.body()),
              charset(page.contentType()),
              page.finalUrl().toString());
    } catch (IOException e) {
      log.debug("cannot parse {} as HTML: {}", page.finalUrl(), e.toString());
      return List.of();
    }
    Map<URI, DiscoveredFeed> found = new LinkedHashMap<>();
    int jsonChecks = 0;
    for (Element link : doc.select("link[href][type][rel]")) {
      if (found.size() >= MAX_FEEDS) {
        break;
      }
      if (!hasToken(link.attr("rel"), "alternate")) {
        continue;
      }
      String type = link.attr("type").split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      FeedFormat format = LINK_TYPES.get(type);
      URI url = absolute(link.absUrl("href"));
      if (format == null || url == null || found.containsKey(url)) {
        continue;
      }
      String title = link.attr("title").strip();
      if (type.equals("application/json")) {
        if (jsonChecks++ >= MAX_JSON_CHECKS || !isJsonFeed(url)) {
          continue;
        }
      }
      found.put(url, new DiscoveredFeed(url, title.isEmpty() ? null : title, format));
    }
    return List.copyOf(found.values());
  }

  private boolean isJsonFeed(URI url) {
    try {
      Page candidate = fetcher.fetch(url);
      return candidate.ok()
          && sniffer
              .sniff(candidate.body())
              .map(s -> s.format() == FeedFormat.JSON_FEED)
              .orElse(false);
    } catch (IOException e) {
      log.debug("cannot check JSON alternate {}: {}", url, e.toString());
      return false;
    }
  }

  private List<DiscoveredFeed> commonPaths(URI site) {
    Map<URI, DiscoveredFeed> found = new LinkedHashMap<>();
    for (String path : COMMON_PATHS) {
      URI candidate = site.resolve(path);
      try {
        Page page = fetcher.fetch(candidate);
        if (!page.ok()) {
          continue;
        }
        Optional<Sniffed> feed = sniffer.sniff(page.body());
        URI url = absolute(page.finalUrl().toString());
        if (feed.isPresent() && url != null && !found.containsKey(url)) {
          found.put(url, new DiscoveredFeed(url, feed.get().title(), feed.get().format()));
        }
      } catch (IOException e) {
        log.debug("common feed path {} failed: {}", candidate, e.toString());
      }
    }
    return List.copyOf(found.values());
  }

  /** An http(s) URL without its fragment, normalised so duplicates compare equal; else null. */
  private static URI absolute(String href) {
    if (href == null || href.isEmpty()) {
      return null;
    }
    try {
      URI uri = new URI(href).normalize();
      if (!isHttp(uri)) {
        return null;
      }
      return uri.getRawFragment() == null
          ? uri
          : new URI(uri.getScheme(), uri.getRawSchemeSpecificPart(), null);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean isHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
  }

  private static boolean hasToken(String rel, String token) {
    for (String t : rel.strip().split("\\s+")) {
      if (t.equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** The charset named in a Content-Type, or null to let jsoup detect it (BOM, meta tag). */
  private static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.regionMatches(true, 0, "charset=", 0, 8)) {
        String name = p.substring(8).replace("\"", "").strip();
        try {
          return Charset.forName(name).name();
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          return null;
        }
      }
    }
    return null;
  }
}
