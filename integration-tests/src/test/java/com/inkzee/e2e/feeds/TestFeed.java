package com.inkzee.e2e.feeds;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * An RSS 2.0 feed whose items the test changes between polls; rendered anew on every request,
 * newest item first, as a blog's feed is.
 */
public final class TestFeed {
  private final String path;
  private final String title;
  private final List<FeedItem> items = new ArrayList<>();

  TestFeed(String path, String title) {
    this.path = path;
    this.title = title;
  }

  public String path() {
    return path;
  }

  public String title() {
    return title;
  }

  /** Publishes an item: the next poll sees it. */
  public synchronized TestFeed add(FeedItem item) {
    items.add(item);
    return this;
  }

  /** Every item published so far. */
  public synchronized List<FeedItem> items() {
    return List.copyOf(items);
  }

  synchronized String render(String baseUrl) {
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n");
    xml.append("<title>").append(escape(title)).append("</title>\n");
    xml.append("<link>").append(escape(baseUrl + path)).append("</link>\n");
    xml.append("<description>").append(escape(title)).append(" (test feed)</description>\n");
    for (int i = items.size() - 1; i >= 0; i--) {
      FeedItem item = items.get(i);
      xml.append("<item>");
      xml.append("<guid isPermaLink=\"false\">").append(escape(item.guid())).append("</guid>");
      xml.append("<title>").append(escape(item.title())).append("</title>");
      xml.append("<link>").append(escape(item.link())).append("</link>");
      xml.append("<description>").append(escape(item.description())).append("</description>");
      xml.append("<pubDate>")
          .append(
              DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  item.published().atOffset(ZoneOffset.UTC)))
          .append("</pubDate>");
      xml.append("</item>\n");
    }
    xml.append("</channel></rss>\n");
    return xml.toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
