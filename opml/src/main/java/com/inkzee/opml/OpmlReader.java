package com.inkzee.opml;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an OPML 1.0/1.1/2.0 subscription list (the format every feed reader exports) into its
 * feeds, each with the folder path it sits in.
 *
 * <p>An outline with an {@code xmlUrl} is a feed; so is one marked {@code type="rss"} or {@code
 * "atom"} without an address, which comes back with an empty {@code xmlUrl} for the caller to
 * report. Any other outline without one is a folder named by its {@code title} (else {@code text}),
 * and folders nest. A feed listed in two folders (Feedly exports do this for a feed with two
 * categories) comes back twice, once per folder, in document order.
 *
 * <p>Safe on hostile input: the StAX parser is the JDK's own, with DTD support and external
 * entities off and every external access refused, and any DOCTYPE is rejected before the first
 * element, so no entity is expanded and nothing is fetched (XXE, billion laughs). Input size,
 * outline count and folder depth are bounded by the constants below.
 */
public final class OpmlReader {
  /**
   * Largest OPML file accepted. A 10,000-feed export with long titles is about 3 MB; 5 MiB leaves
   * room for verbose exporters without letting an upload tie up a parser for long.
   */
  public static final int MAX_INPUT_BYTES = 5 * 1024 * 1024;

  /** Most outline elements (feeds and folders together) in one file; far above any real reader. */
  public static final int MAX_OUTLINES = 10_000;

  /** Deepest folder nesting; real exports use one or two levels, rarely more than five. */
  public static final int MAX_DEPTH_LEVELS = 32;

  private final XMLInputFactory factory;

  public OpmlReader() {
    // newDefaultFactory: always the JDK's parser, whose hardening below we know and test, whatever
    // StAX implementation some library drags onto the class path.
    factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entity " + systemId + " refused");
        });
  }

  /**
   * The feeds in {@code opml}, in document order.
   *
   * @throws InvalidOpmlException if the input is not OPML, is malformed, carries a DOCTYPE, or
   *     exceeds a limit ({@link OpmlLimitExceededException})
   */
  public List<OpmlOutline> read(byte[] opml) throws InvalidOpmlException {
    Objects.requireNonNull(opml, "opml");
    checkSize(opml.length, "bytes");
    return readDocument(() -> factory.createXMLStreamReader(new ByteArrayInputStream(opml)));
  }

  /**
   * The feeds in {@code opml}, text already decoded (a form field, an RPC string): its XML
   * declaration's {@code encoding} is ignored, as it no longer describes anything, where reading
   * the text's UTF-8 bytes by it would garble every non-ASCII character. The limit counts chars.
   *
   * @throws InvalidOpmlException as {@link #read(byte[])}
   */
  public List<OpmlOutline> read(String opml) throws InvalidOpmlException {
    Objects.requireNonNull(opml, "opml");
    checkSize(opml.length(), "characters");
    String text = opml.startsWith("\uFEFF") ? opml.substring(1) : opml;
    return readDocument(() -> factory.createXMLStreamReader(new StringReader(text)));
  }

  /**
   * The text of the OPML file {@code opml}, decoded as XML says (a byte-order mark, else the
   * declared encoding, else UTF-8), for a caller that must pass it on as text.
   *
   * @throws InvalidOpmlException for an encoding this JVM does not know, or input over the limit
   */
  public String decode(byte[] opml) throws InvalidOpmlException {
    Objects.requireNonNull(opml, "opml");
    checkSize(opml.length, "bytes");
    String encoding = null;
    try {
      XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(opml));
      try {
        encoding = xml.getCharacterEncodingScheme();
        if (encoding == null) {
          encoding = xml.getEncoding();
        }
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      // The parser refuses an encoding it does not know before reading anything: name it, from
      // the declaration. Anything else that is not XML is decoded as UTF-8, and reading it says
      // what is wrong with it.
      encoding = declaredEncoding(opml);
    }
    Charset charset;
    try {
      charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new InvalidOpmlException(
          "OPML input declares the encoding '" + encoding + "', which this server cannot read");
    }
    String text = new String(opml, charset);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** The XML declaration's encoding, found in the first bytes read as ASCII; null if none. */
  private static String declaredEncoding(byte[] opml) {
    String head = new String(opml, 0, Math.min(opml.length, 256), StandardCharsets.ISO_8859_1);
    Matcher m = DECLARED_ENCODING.matcher(head);
    return m.lookingAt() ? m.group(1) : null;
  }

  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("\\s*<\\?xml\\s[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]{1,64})[\"']");

  private static void checkSize(int size, String unit) throws InvalidOpmlException {
    if (size == 0) {
      throw new InvalidOpmlException("OPML input is empty");
    }
    if (size > MAX_INPUT_BYTES) {
      throw new OpmlLimitExceededException(
          "OPML input of "
              + size
              + " "
              + unit
              + " exceeds the "
              + MAX_INPUT_BYTES
              + " "
              + unit.substring(0, unit.length() - 1) // "byte limit", "character limit"
              + " limit",
          MAX_INPUT_BYTES,
          unit);
    }
  }

  /** Opens a parser over the input; StAX's own exception type, so the caller can say "not XML". */
  private interface ParserSource {
    XMLStreamReader open() throws XMLStreamException;
  }

  private List<OpmlOutline> readDocument(ParserSource source) throws InvalidOpmlException {
    XMLStreamReader xml;
    try {
      xml = source.open();
    } catch (XMLStreamException e) {
      throw new InvalidOpmlException("OPML input is not XML: " + e.getMessage(), e);
    }
    try {
      return readDocument(xml);
    } catch (XMLStreamException e) {
      throw new InvalidOpmlException("OPML input is not well-formed XML" + where(e), e);
    } finally {
      try {
        xml.close();
      } catch (XMLStreamException ignored) {
        // Nothing is held open: the input is in memory.
      }
    }
  }

  private static List<OpmlOutline> readDocument(XMLStreamReader xml)
      throws XMLStreamException, InvalidOpmlException {
    List<OpmlOutline> feeds = new ArrayList<>();
    // One entry per open <outline>: the folder name it adds to the path, or null if none.
    Deque<String> open = new ArrayDeque<>();
    List<String> path = new ArrayList<>();
    boolean rootSeen = false;
    boolean bodySeen = false;
    int depth = 0; // element depth: 1 = <opml>, 2 = <head>/<body>
    int inBodyAtDepth = -1;
    int outlines = 0;
    while (xml.hasNext()) {
      int event = xml.next();
      if (event == XMLStreamConstants.DTD) {
        // Refuse before anything in it can matter: OPML never needs a DTD, and entities are how
        // XXE and entity-expansion attacks arrive.
        throw new InvalidOpmlException(
            "OPML input contains a DOCTYPE declaration; it is refused because OPML needs none and"
                + " entities in it could read files or fetch URLs (XXE)");
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
        String name = xml.getLocalName();
        if (!rootSeen) {
          rootSeen = true;
          if (!"opml".equalsIgnoreCase(name)) {
            throw new InvalidOpmlException(
                "not an OPML file: the root element is <" + name + ">, expected <opml>");
          }
        } else if (depth == 2 && "body".equalsIgnoreCase(name)) {
          bodySeen = true;
          inBodyAtDepth = depth;
        } else if (inBodyAtDepth > 0 && "outline".equalsIgnoreCase(name)) {
          if (++outlines > MAX_OUTLINES) {
            throw new OpmlLimitExceededException(
                "OPML input has more than " + MAX_OUTLINES + " outlines", MAX_OUTLINES, "outlines");
          }
          if (open.size() >= MAX_DEPTH_LEVELS) {
            throw new OpmlLimitExceededException(
                "OPML outlines nest deeper than " + MAX_DEPTH_LEVELS + " levels",
                MAX_DEPTH_LEVELS,
                "levels");
          }
          String folder = outline(xml, path, feeds);
          open.push(folder == null ? "" : folder);
          if (folder != null) {
            path.add(folder);
          }
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        if (inBodyAtDepth > 0
            && "outline".equalsIgnoreCase(xml.getLocalName())
            && !open.isEmpty()) {
          if (!open.pop().isEmpty()) {
            path.remove(path.size() - 1);
          }
        }
        if (depth == inBodyAtDepth) {
          inBodyAtDepth = -1;
        }
        depth--;
      }
    }
    if (!rootSeen) {
      throw new InvalidOpmlException("OPML input has no root element");
    }
    if (!bodySeen) {
      throw new InvalidOpmlException("not an OPML file: <opml> has no <body>");
    }
    return List.copyOf(feeds);
  }

  /**
   * Handles one {@code <outline>}: adds it to {@code feeds} if it is a feed, returns its folder
   * name if it is a named folder, else null.
   */
  private static String outline(XMLStreamReader xml, List<String> path, List<OpmlOutline> feeds) {
    String xmlUrl = attribute(xml, "xmlUrl");
    String title = attribute(xml, "title");
    if (title == null) {
      title = attribute(xml, "text");
    }
    if (xmlUrl != null) {
      feeds.add(
          new OpmlOutline(xmlUrl, title == null ? xmlUrl : title, attribute(xml, "htmlUrl"), path));
      return null; // a feed's children (rare, non-standard) stay in the feed's folder
    }
    String type = attribute(xml, "type");
    if (type != null && (type.equalsIgnoreCase("rss") || type.equalsIgnoreCase("atom"))) {
      // Marked as a feed but with no address: kept (with an empty xmlUrl) so that an import can
      // say which outline it could not follow, instead of silently treating it as a folder.
      feeds.add(
          new OpmlOutline(
              "", title == null ? "(untitled)" : title, attribute(xml, "htmlUrl"), path));
      return null;
    }
    return title;
  }

  /** The attribute's stripped value, matched case-insensitively (exporters write xmlurl too). */
  private static String attribute(XMLStreamReader xml, String name) {
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      if (name.equalsIgnoreCase(xml.getAttributeLocalName(i))) {
        String value = xml.getAttributeValue(i).strip();
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  private static String where(XMLStreamException e) {
    Location at = e.getLocation();
    String message = e.getMessage();
    // The JDK's messages start with "ParseError at [row,col]:[l,c]\nMessage: ..."; keep the words.
    int cut = message == null ? -1 : message.indexOf("Message: ");
    String reason = cut >= 0 ? message.substring(cut + 9) : String.valueOf(message);
    return at == null
        ? ": " + reason
        : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": " + reason;
  }
}
