package com.inkzee.cli.opml;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the feed outlines of an OPML file on the operator's side, so that {@code import-opml} can
 * send them to the fetcher a batch at a time and show progress. The fetcher reads each batch again
 * with its own reader and subscribes; this one follows the same rules (an outline with {@code
 * xmlUrl} is a feed, one marked {@code type="rss"/"atom"} without it is a feed with no address, any
 * other is a folder named by {@code title}, else {@code text}).
 *
 * <p>Hardened like the fetcher's reader: the JDK's StAX parser with DTDs and external entities off
 * and every external access refused, a DOCTYPE rejected before the first element (XXE, entity
 * expansion), and the size, outline count and nesting bounded by the fetcher's own limits.
 */
public final class OpmlFile {
  /** The fetcher's limit (OpmlReader.MAX_INPUT_BYTES): a larger file would be refused there. */
  public static final int MAX_INPUT_BYTES = 5 * 1024 * 1024;

  /** The fetcher's limit on outlines, feeds and folders together. */
  public static final int MAX_OUTLINES = 10_000;

  /** The fetcher's limit on folder nesting. */
  public static final int MAX_DEPTH_LEVELS = 32;

  private OpmlFile() {}

  /**
   * The feed outlines of {@code opml} in document order.
   *
   * @throws IllegalArgumentException saying why the input is not a usable OPML file
   */
  public static List<OpmlFeed> read(byte[] opml) {
    if (opml.length == 0) {
      throw new IllegalArgumentException("the file is empty");
    }
    if (opml.length > MAX_INPUT_BYTES) {
      throw new IllegalArgumentException(
          "the file's " + opml.length + " bytes exceed the " + MAX_INPUT_BYTES + " byte limit");
    }
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entity " + systemId + " refused");
        });
    try {
      XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(opml));
      try {
        return feeds(xml);
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
    }
  }

  private static List<OpmlFeed> feeds(XMLStreamReader xml) throws XMLStreamException {
    List<OpmlFeed> feeds = new ArrayList<>();
    Deque<Boolean> openAddsFolder = new ArrayDeque<>();
    List<String> path = new ArrayList<>();
    int depth = 0;
    int bodyDepth = -1;
    int outlines = 0;
    boolean root = false;
    boolean body = false;
    while (xml.hasNext()) {
      int event = xml.next();
      if (event == XMLStreamConstants.DTD) {
        throw new IllegalArgumentException(
            "the file has a DOCTYPE declaration; OPML needs none, and its entities could read"
                + " files or fetch URLs (XXE), so it is refused");
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
        String name = xml.getLocalName();
        if (!root) {
          root = true;
          if (!"opml".equalsIgnoreCase(name)) {
            throw new IllegalArgumentException(
                "not an OPML file: the root element is <" + name + ">, expected <opml>");
          }
        } else if (depth == 2 && "body".equalsIgnoreCase(name)) {
          body = true;
          bodyDepth = depth;
        } else if (bodyDepth > 0 && "outline".equalsIgnoreCase(name)) {
          if (++outlines > MAX_OUTLINES) {
            throw new IllegalArgumentException(
                "the file has more than " + MAX_OUTLINES + " outlines");
          }
          if (openAddsFolder.size() >= MAX_DEPTH_LEVELS) {
            throw new IllegalArgumentException(
                "the outlines nest deeper than " + MAX_DEPTH_LEVELS + " levels");
          }
          String folder = outline(xml, path, feeds);
          openAddsFolder.push(folder != null);
          if (folder != null) {
            path.add(folder);
          }
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        if (bodyDepth > 0
            && "outline".equalsIgnoreCase(xml.getLocalName())
            && !openAddsFolder.isEmpty()
            && openAddsFolder.pop()) {
          path.remove(path.size() - 1);
        }
        if (depth == bodyDepth) {
          bodyDepth = -1;
        }
        depth--;
      }
    }
    if (!root) {
      throw new IllegalArgumentException("the file has no root element");
    }
    if (!body) {
      throw new IllegalArgumentException("not an OPML file: <opml> has no <body>");
    }
    return List.copyOf(feeds);
  }

  /** Adds the outline to {@code feeds} if it is one; returns its folder name if it is a folder. */
  private static String outline(XMLStreamReader xml, List<String> path, List<OpmlFeed> feeds) {
    String xmlUrl = attribute(xml, "xmlUrl");
    String title = attribute(xml, "title");
    if (title == null) {
      title = attribute(xml, "text");
    }
    String type = attribute(xml, "type");
    boolean markedFeed =
        type != null && (type.equalsIgnoreCase("rss") || type.equalsIgnoreCase("atom"));
    if (xmlUrl != null || markedFeed) {
      feeds.add(new OpmlFeed(xmlUrl, title, attribute(xml, "htmlUrl"), path));
      return null;
    }
    return title;
  }

  private static String attribute(XMLStreamReader xml, String name) {
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      if (name.equalsIgnoreCase(xml.getAttributeLocalName(i))) {
        String value = xml.getAttributeValue(i).strip();
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }
}
