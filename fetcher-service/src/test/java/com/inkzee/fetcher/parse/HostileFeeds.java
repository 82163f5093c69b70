package com.inkzee.fetcher.parse;

import java.nio.charset.StandardCharsets;

/**
 * Small feeds whose entries grow huge when parsed (the review of the sanitiser's bounds): relative
 * links resolved against a long channel link, and elements that gain rel and target when cleaned.
 */
final class HostileFeeds {
  private HostileFeeds() {}

  /** A channel link of about {@code length} characters, the base of every relative item URL. */
  static String longBase(int length) {
    return "https://example.com/" + "a".repeat(Math.max(0, length - 21)) + "/";
  }

  /** One item whose description holds {@code html}, in an RSS channel linking {@code base}. */
  static byte[] oneItem(String base, String html) {
    return rss(
        base, "<item><guid>g</guid><description><![CDATA[" + html + "]]></description></item>");
  }

  /** One item whose content:encoded holds {@code html}. */
  static byte[] oneItemContent(String base, String html) {
    return rss(
        base,
        "<item><guid>g</guid><content:encoded><![CDATA[" + html + "]]></content:encoded></item>");
  }

  /** {@code items} items, each with {@code html} as description and as content:encoded. */
  static byte[] manyItems(String base, int items, String html) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < items; i++) {
      sb.append("<item><guid>g")
          .append(i)
          .append("</guid><description><![CDATA[")
          .append(html)
          .append("]]></description><content:encoded><![CDATA[")
          .append(html)
          .append("]]></content:encoded></item>");
    }
    return rss(base, sb.toString());
  }

  /** {@code items} items with only a short relative link and a few relative enclosures. */
  static byte[] relativeLinks(String base, int items) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < items; i++) {
      String id = Integer.toString(i, 36);
      sb.append("<item><link>").append(id).append("</link>");
      for (int e = 0; e < 4; e++) {
        sb.append("<enclosure url=\"").append(id).append('/').append(e).append("\" type=\"a/b\"/>");
      }
      sb.append("</item>");
    }
    return rss(base, sb.toString());
  }

  private static byte[] rss(String base, String items) {
    return ("<?xml version=\"1.0\"?><rss version=\"2.0\""
            + " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>t</title>"
            + "<link>"
            + base
            + "</link>"
            + items
            + "</channel></rss>")
        .getBytes(StandardCharsets.UTF_8);
  }
}
