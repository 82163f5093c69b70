package com.inkzee.fetcher.discover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Tells whether a body is a feed, by content rather than by {@code Content-Type} (which servers
 * often get wrong): an {@code <rss>}, {@code <rdf:RDF>} or {@code <feed>} root, or a JSON object
 * whose {@code version} is a jsonfeed.org version. Reads only as far as the feed's title.
 *
 * <p>XML is read with DTDs and external entities off, so sniffing a hostile page fetches nothing.
 */
final class FeedSniffer {
  /** What a feed-looking body turned out to be. */
  record Sniffed(FeedFormat format, String title) {}

  private static final String JSON_FEED_VERSION_PREFIX = "https://jsonfeed.org/version/";

  private final XMLInputFactory xml;
  private final ObjectMapper json = new ObjectMapper();

  FeedSniffer() {
    xml = XMLInputFactory.newDefaultFactory();
    xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    xml.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    xml.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entity " + systemId + " refused");
        });
  }

  Optional<Sniffed> sniff(byte[] body) {
    int i = 0;
    if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB) {
      i = 3; // UTF-8 byte order mark
    }
    while (i < body.length && Character.isWhitespace(body[i])) {
      i++;
    }
    if (i >= body.length) {
      return Optional.empty();
    }
    if (body[i] == '{') {
      return sniffJson(body);
    }
    if (body[i] == '<' || (body[0] & 0xFF) == 0xFE || (body[0] & 0xFF) == 0xFF) {
      return sniffXml(body);
    }
    return Optional.empty();
  }

  private Optional<Sniffed> sniffJson(byte[] body) {
    try {
      JsonNode root = json.readTree(body);
      String version = root.path("version").asText("");
      if (!root.isObject() || !version.startsWith(JSON_FEED_VERSION_PREFIX)) {
        return Optional.empty();
      }
      return Optional.of(
          new Sniffed(FeedFormat.JSON_FEED, blankToNull(root.path("title").asText(""))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Optional<Sniffed> sniffXml(byte[] body) {
    XMLStreamReader r;
    try {
      r = xml.createXMLStreamReader(new ByteArrayInputStream(body));
    } catch (XMLStreamException e) {
      return Optional.empty();
    }
    FeedFormat format = null;
    try {
      Deque<String> open = new ArrayDeque<>();
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = r.getLocalName();
          if (open.isEmpty()) {
            format =
                switch (name) {
                  case "rss", "RDF" -> FeedFormat.RSS;
                  case "feed" -> FeedFormat.ATOM;
                  default -> null;
                };
            if (format == null) {
              return Optional.empty();
            }
          }
          if ("title".equals(name) && ("channel".equals(open.peek()) || open.size() == 1)) {
            return Optional.of(new Sniffed(format, blankToNull(r.getElementText())));
          }
          if ("item".equals(name) || "entry".equals(name)) {
            break; // the feed's title comes before its items; none here
          }
          open.push(name);
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          open.pop();
        }
      }
    } catch (XMLStreamException e) {
      // Past the root, a feed with a broken title is still a feed; before it, not one.
    } finally {
      try {
        r.close();
      } catch (XMLStreamException ignored) {
        // In-memory input: nothing to release.
      }
    }
    return format == null ? Optional.empty() : Optional.of(new Sniffed(format, null));
  }

  private static String blankToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }
}
