package com.inkzee.fetcher.parse;

import com.inkzee.fetcher.parse.FeedParseException.Reason;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SAXBuilder;
import com.rometools.rome.io.WireFeedInput;
import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import javax.xml.XMLConstants;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.JDOMParseException;
import org.xml.sax.InputSource;

/**
 * Parses decoded feed text into a JDOM document and a Rome {@link WireFeed}, with Rome's own XXE
 * protection kept (no external general or parameter entities, no external DTD loading, DOCTYPE
 * disallowed) and three more locks: an entity resolver that answers every lookup with an empty
 * document (so nothing is ever fetched, even if a feature is ignored by the parser), the JAXP
 * {@code accessExternalDTD}/{@code accessExternalSchema} properties set to no protocol at all, and
 * a nesting limit. The DOCTYPE ban is lifted only when {@link PrologInspector} found a harmless
 * DOCTYPE in this very text.
 */
final class XmlFeedReader {
  /**
   * Deepest element nesting accepted. Real feeds nest XHTML content a few dozen levels; Rome's
   * XHTML serialiser and our normaliser recurse per level, so the limit keeps them far from the
   * stack's end (the corpus has a 20,000-level hostile file).
   */
  static final int MAX_ELEMENT_DEPTH = 256;

  private static final String JDK_MAX_ELEMENT_DEPTH =
      "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

  private XmlFeedReader() {}

  /**
   * Parses {@code text}; admits a DOCTYPE only if {@code allowHarmlessDoctype} (the caller has
   * checked it has no internal subset).
   *
   * @throws FeedParseException MALFORMED_XML with the line and the parser's message
   */
  static Document parse(String text, boolean allowHarmlessDoctype) throws FeedParseException {
    Input input = new Input(allowHarmlessDoctype);
    try {
      return input.newBuilder().build(new StringReader(text));
    } catch (JDOMParseException e) {
      throw new FeedParseException(
          Reason.MALFORMED_XML, "XML error at line " + e.getLineNumber() + ": " + cause(e), e);
    } catch (JDOMException | IOException | RuntimeException e) {
      // RuntimeException: the JDK's parser has thrown MissingResourceException for bad input.
      throw new FeedParseException(Reason.MALFORMED_XML, "XML error: " + cause(e), e);
    }
  }

  /** Rome's reading of a parsed document. */
  static WireFeed build(Document document) throws FeedParseException {
    try {
      return new Input(false).build(document);
    } catch (IllegalArgumentException e) {
      throw new FeedParseException(
          Reason.NOT_A_FEED,
          "not a feed: root element <" + document.getRootElement().getQualifiedName() + ">",
          e);
    } catch (FeedException e) {
      throw new FeedParseException(Reason.MALFORMED_XML, "feed error: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Rome assumes structure it does not check (a NullPointerException on a missing element):
      // whatever it cannot read is not a feed for us, never a crash of the poll loop.
      throw new FeedParseException(Reason.NOT_A_FEED, "not a feed Rome can read: " + e, e);
    }
  }

  private static String cause(Exception e) {
    Throwable t = e.getCause() != null ? e.getCause() : e;
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    return m.replaceFirst("^Error on line \\d+( of document [^:]*)?: ", "");
  }

  /** Rome's input with its SAX builder locked down further. */
  private static final class Input extends WireFeedInput {
    Input(boolean allowHarmlessDoctype) {
      super(false, Locale.US);
      setXmlHealerOn(false); // our own lenient retry decides what to fix, and reports it
      setAllowDoctypes(allowHarmlessDoctype);
    }

    SAXBuilder newBuilder() {
      return createSAXBuilder();
    }

    @Override
    protected SAXBuilder createSAXBuilder() {
      SAXBuilder b = super.createSAXBuilder();
      b.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
      b.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      b.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      b.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      b.setProperty(JDK_MAX_ELEMENT_DEPTH, String.valueOf(MAX_ELEMENT_DEPTH));
      return b;
    }
  }
}
