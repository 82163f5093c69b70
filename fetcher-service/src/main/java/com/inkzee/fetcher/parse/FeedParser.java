package com.inkzee.fetcher.parse;

import static java.util.Objects.requireNonNull;

import com.inkzee.fetcher.parse.FeedParseException.Reason;
import com.inkzee.fetcher.parse.PrologInspector.Doctype;
import com.inkzee.fetcher.parse.PrologInspector.Prolog;
import com.inkzee.fetcher.sanitize.HtmlSanitizer;
import com.rometools.rome.feed.WireFeed;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import org.jdom2.Document;
import org.jdom2.Element;

/**
 * Parses a fetched body into a {@link ParsedFeed}: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through Rome,
 * JSON Feed 1.0/1.1 through Jackson; normalised (entry keys, absolute URLs, UTC dates, plain-text
 * titles, SimHash fingerprints) and sanitised (allow-listed HTML). See docs/FETCHER.md, "Parsing
 * and sanitising", for the rules.
 *
 * <p>The pipeline: size and magic checks → text ({@link CharsetResolver}) → JSON or XML → for XML,
 * the prolog check ({@link PrologInspector}: a DOCTYPE with entity declarations is refused, a
 * harmless one admitted) → strict parse ({@link XmlFeedReader}) → on an XML error, one lenient
 * retry ({@link XmlRepairer}: text fixes, then undeclared prefixes, then a markup rebuild), each
 * fix reported in {@link ParsedFeed#recoveries()} → normalisation.
 *
 * <p>Thread-safe: the poll loop may share one instance.
 */
public final class FeedParser {
  /**
   * Largest body parsed (16 MiB): the fetcher's own body limit is lower; this is the parser's own
   * bound, so it never holds more than a few times this in text, document and entries. The largest
   * real feed in the corpus (a 730-episode podcast) is 1.6 MB.
   */
  public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  /** Undeclared prefixes declared one at a time; more than this is not a feed worth saving. */
  private static final int MAX_PREFIX_FIXES = 8;

  private static final Set<String> FEED_ROOTS = Set.of("rss", "rdf", "feed");

  private final EntryAssembler assembler;
  private final RomeFeedNormalizer romeNormalizer;
  private final JsonFeedReader jsonReader;

  /**
   * @param clock decides what is "in the future" for entry dates
   */
  public FeedParser(Clock clock) {
    this.assembler = new EntryAssembler(requireNonNull(clock, "clock"), new HtmlSanitizer());
    this.romeNormalizer = new RomeFeedNormalizer(assembler);
    this.jsonReader = new JsonFeedReader(assembler);
  }

  /**
   * @param body raw bytes after HTTP decompression
   * @param contentType the HTTP Content-Type header, or null
   * @param feedUrl the URL the bytes came from: the base for relative URLs
   * @throws FeedParseException with the specific reason the body is not a usable feed, also when
   *     parsing it overflowed the stack ({@link Reason#TOO_COMPLEX})
   */
  public ParsedFeed parse(byte[] body, String contentType, URI feedUrl) throws FeedParseException {
    requireNonNull(body, "body");
    requireNonNull(feedUrl, "feedUrl");
    try {
      return parseChecked(body, contentType, feedUrl);
    } catch (StackOverflowError e) {
      // Some library on the way (a regex, a recursive descent) recursed per repetition of
      // something in this body. The stack is unwound and nothing outside this parse is touched,
      // so it is this feed's failure, not the fetcher's.
      throw new FeedParseException(
          Reason.TOO_COMPLEX,
          "feed too deeply nested or repetitive to parse (stack overflow in "
              + (e.getStackTrace().length > 0 ? e.getStackTrace()[0].getClassName() : "?")
              + ")",
          e);
    }
  }

  private ParsedFeed parseChecked(byte[] body, String contentType, URI feedUrl)
      throws FeedParseException {
    if (body.length > MAX_BODY_BYTES) {
      throw new FeedParseException(
          Reason.TOO_LARGE,
          "feed of " + body.length + " bytes exceeds the " + MAX_BODY_BYTES + "-byte limit");
    }
    if (body.length >= 2 && (body[0] & 0xFF) == 0x1F && (body[1] & 0xFF) == 0x8B) {
      throw new FeedParseException(
          Reason.NOT_A_FEED, "not a feed: gzip-compressed bytes (not decompressed)");
    }
    CharsetResolver.Decoded decoded = CharsetResolver.decode(body, contentType);
    String text = decoded.text();
    List<String> recoveries = new ArrayList<>(decoded.recoveries());
    if (text.isBlank()) {
      throw new FeedParseException(Reason.EMPTY, "empty body (" + body.length + " bytes)");
    }
    String start = text.stripLeading();
    if (start.startsWith("{") || start.startsWith("[") || isJson(contentType)) {
      return jsonReader.read(text, feedUrl, recoveries);
    }
    if (text.indexOf('<') < 0) {
      throw new FeedParseException(Reason.NOT_A_FEED, "not a feed: text without any markup");
    }
    if (startsAsHtml(text)) {
      throw new FeedParseException(Reason.NOT_A_FEED, "not a feed: HTML page");
    }
    try {
      return parseXml(text, feedUrl, recoveries);
    } catch (FeedParseException strict) {
      if (strict.reason() != Reason.MALFORMED_XML) {
        throw strict;
      }
      return lenientRetry(text, feedUrl, recoveries, strict);
    }
  }

  private ParsedFeed lenientRetry(
      String text, URI feedUrl, List<String> recoveries, FeedParseException strict)
      throws FeedParseException {
    if (PrologInspector.mayDeclareEntities(text)) {
      // The prolog could not be read, so the strict parse refused the DOCTYPE unseen; a retry must
      // not get round that by repairing the text around an entity declaration.
      throw new FeedParseException(
          Reason.UNSAFE_DOCTYPE,
          "DOCTYPE declares entities (XXE/billion laughs) — refused",
          strict);
    }
    List<String> fixes = new ArrayList<>(recoveries);
    XmlRepairer.Repair repair = XmlRepairer.repair(text);
    String current = repair.text();
    fixes.addAll(repair.fixes());
    FeedParseException last = strict;
    for (int attempt = 0; attempt <= MAX_PREFIX_FIXES; attempt++) {
      try {
        return parseXml(current, feedUrl, fixes);
      } catch (FeedParseException e) {
        if (e.reason() != Reason.MALFORMED_XML) {
          throw e;
        }
        last = e;
        XmlRepairer.Repair declared = XmlRepairer.declarePrefix(current, e.getMessage());
        if (declared == null) {
          break;
        }
        current = declared.text();
        fixes.addAll(declared.fixes());
      }
    }
    XmlRepairer.Repair rebuilt = XmlRepairer.rebuildMarkup(current);
    if (rebuilt != null && !rebuilt.text().equals(current)) {
      List<String> withRebuild = new ArrayList<>(fixes);
      withRebuild.addAll(rebuilt.fixes());
      try {
        return parseXml(rebuilt.text(), feedUrl, withRebuild);
      } catch (FeedParseException e) {
        if (e.reason() != Reason.MALFORMED_XML) {
          throw e;
        }
        last = e;
      }
    }
    String detail = last == strict ? "" : " (after the lenient retry: " + last.getMessage() + ")";
    throw new FeedParseException(Reason.MALFORMED_XML, strict.getMessage() + detail, strict);
  }

  private ParsedFeed parseXml(String text, URI feedUrl, List<String> recoveries)
      throws FeedParseException {
    Prolog prolog = null;
    try {
      prolog = PrologInspector.inspect(text);
    } catch (XMLStreamException | RuntimeException e) {
      // RuntimeException: the JDK's reader throws MissingResourceException for some errors in a
      // DTD (found by FeedParserFuzzTest). The prolog is not well-formed: the strict parse below
      // refuses any DOCTYPE and reports the
      // error with its line; the lenient retry may repair it.
    }
    if (prolog != null) {
      if (prolog.doctype() == Doctype.DECLARES_ENTITIES) {
        throw new FeedParseException(
            Reason.UNSAFE_DOCTYPE, "DOCTYPE declares entities (XXE/billion laughs) — refused");
      }
      if (prolog.doctype() == Doctype.HAS_INTERNAL_SUBSET) {
        throw new FeedParseException(
            Reason.UNSAFE_DOCTYPE, "DOCTYPE has an internal subset with declarations — refused");
      }
      String root = prolog.rootLocalName().toLowerCase(Locale.ROOT);
      if (root.equals("html")) {
        throw new FeedParseException(Reason.NOT_A_FEED, "not a feed: HTML page");
      }
      if (!FEED_ROOTS.contains(root)) {
        throw new FeedParseException(
            Reason.NOT_A_FEED,
            "not a feed: root element <" + prolog.rootLocalName() + "> is not rss, RDF or feed");
      }
    }
    boolean admitDoctype = prolog != null && prolog.doctype() == Doctype.HARMLESS;
    Document doc = XmlFeedReader.parse(text, admitDoctype);
    StructureRepairer.repair(doc, recoveries);
    WireFeed wire = buildWithVersionFallback(doc, recoveries);
    return romeNormalizer.normalize(doc, wire, feedUrl, recoveries);
  }

  /** Rome needs a version it knows on &lt;rss&gt;; a missing or odd one is read as 2.0. */
  private static WireFeed buildWithVersionFallback(Document doc, List<String> recoveries)
      throws FeedParseException {
    try {
      return XmlFeedReader.build(doc);
    } catch (FeedParseException e) {
      Element root = doc.getRootElement();
      if (e.reason() != Reason.NOT_A_FEED || !root.getName().equals("rss")) {
        throw e;
      }
      String version = root.getAttributeValue("version");
      root.setAttribute("version", "2.0");
      WireFeed wire = XmlFeedReader.build(doc);
      recoveries.add(
          version == null
              ? "<rss> without a version read as RSS 2.0"
              : "<rss version=\"" + version + "\"> read as RSS 2.0");
      return wire;
    }
  }

  /**
   * Whether {@code text} starts, after an optional XML declaration and any comments and DOCTYPEs,
   * with an {@code <html} tag. A linear scan: a regular expression for this recursed once per
   * comment and overflowed the stack on 2,000 empty comments.
   */
  static boolean startsAsHtml(String text) {
    int i = skipSpace(text, 0);
    if (startsWithIgnoreCase(text, i, "<?xml")) {
      int end = text.indexOf('>', i);
      if (end < 0) {
        return false;
      }
      i = skipSpace(text, end + 1);
    }
    while (true) {
      int end;
      if (text.startsWith("<!--", i)) {
        end = text.indexOf("-->", i + 4);
        if (end < 0) {
          return false;
        }
        end += 2;
      } else if (startsWithIgnoreCase(text, i, "<!DOCTYPE")) {
        end = text.indexOf('>', i);
        if (end < 0) {
          return false;
        }
      } else {
        break;
      }
      i = skipSpace(text, end + 1);
    }
    if (!startsWithIgnoreCase(text, i, "<html") || i + 5 >= text.length()) {
      return false;
    }
    char next = text.charAt(i + 5);
    return next == '>' || next == '/' || isSpace(next);
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** What {@code \s} matched in the expression this replaces. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static boolean startsWithIgnoreCase(String s, int i, String prefix) {
    return s.regionMatches(true, i, prefix, 0, prefix.length());
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String ct = contentType.toLowerCase(Locale.ROOT);
    return ct.startsWith("application/feed+json") || ct.startsWith("application/json");
  }
}
