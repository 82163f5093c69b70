package com.inkzee.fetcher.parse;

import com.inkzee.rpc.api.store.StoreLimits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * The icon a feed declares, taken from the document only: no request is made for it (no
 * /favicon.ico guess, no page scraping), so a poll costs what it cost before and the fetcher never
 * contacts an address the feed merely names.
 *
 * <ul>
 *   <li>Atom: {@code <icon>} (square, meant for this), else {@code <logo>}.
 *   <li>RSS 2.0 and 0.9x: {@code <channel><image><url>}.
 *   <li>RSS 1.0 and 0.90: the {@code <image>} beside the channel, its {@code <url>}, else its
 *       {@code rdf:about}.
 *   <li>JSON Feed: {@code favicon} (small, meant for lists), else {@code icon}.
 * </ul>
 *
 * <p>Each candidate is resolved like the feed's site link (against the feed's base: its URL and
 * xml:base) and kept only as an absolute http(s) URL of at most {@link StoreLimits#MAX_URL_BYTES}
 * UTF-8 bytes; the first usable one wins. Anything else (data:, javascript:, a relative reference
 * with no base, an over-long URL) is no icon: readers put this URL in an {@code <img src>}.
 */
final class FeedIconReader {
  private static final String ATOM10 = "http://www.w3.org/2005/Atom";
  private static final String ATOM03 = "http://purl.org/atom/ns#";
  private static final String RSS10 = "http://purl.org/rss/1.0/";
  private static final String RSS090 = "http://my.netscape.com/rdf/simple/0.9/";
  private static final Namespace RDF =
      Namespace.getNamespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#");

  private FeedIconReader() {}

  /**
   * The icon of an XML feed ({@code root} the document element, {@code feedElement} the Atom feed
   * or the RSS channel), or null. Bases are taken from {@code feedUrl} down through every xml:base
   * on the way to the element that names the icon.
   */
  static String iconUrl(Element root, Element feedElement, URI feedUrl) {
    if (root.getName().equals("feed")) {
      String icon = atomChild(feedElement, "icon", feedUrl);
      return icon != null ? icon : atomChild(feedElement, "logo", feedUrl);
    }
    if (root.getName().equals("RDF")) {
      // RSS 1.0 and 0.90 put the image beside the channel; the channel only points at it.
      for (Element image : root.getChildren()) {
        if (isRssElement(image, "image")) {
          String url = usable(feedUrl, image, image.getChildText("url", image.getNamespace()));
          return url != null ? url : usable(feedUrl, image, image.getAttributeValue("about", RDF));
        }
      }
      return null;
    }
    for (Element image : feedElement.getChildren()) {
      // Only the RSS element: itunes:image and media:thumbnail are artwork, often 1400 px.
      if (isRssElement(image, "image")) {
        return usable(feedUrl, image, image.getChildText("url", image.getNamespace()));
      }
    }
    return null;
  }

  /** The icon of a JSON Feed: the first usable of {@code favicon} and {@code icon}, or null. */
  static String iconUrl(URI base, String favicon, String icon) {
    String url = usable(base, favicon);
    return url != null ? url : usable(base, icon);
  }

  private static String atomChild(Element feed, String name, URI feedUrl) {
    for (Element c : feed.getChildren()) {
      String ns = c.getNamespaceURI();
      if (c.getName().equals(name) && (ns.equals(ATOM10) || ns.equals(ATOM03))) {
        return usable(feedUrl, c, c.getTextTrim());
      }
    }
    return null;
  }

  private static boolean isRssElement(Element e, String name) {
    String ns = e.getNamespaceURI();
    return e.getName().equals(name) && (ns.isEmpty() || ns.equals(RSS10) || ns.equals(RSS090));
  }

  private static String usable(URI feedUrl, Element where, String ref) {
    // From the feed URL, not from the feed element's base: xmlBase applies every ancestor's
    // xml:base, and a relative one applied twice would name another directory.
    return usable(RomeFeedNormalizer.xmlBase(feedUrl, where), ref);
  }

  private static String usable(URI base, String ref) {
    String url = Urls.httpUrl(base, ref);
    return url == null || url.getBytes(StandardCharsets.UTF_8).length > StoreLimits.MAX_URL_BYTES
        ? null
        : url;
  }
}
