package com.inkzee.fetcher.parse;

import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a document's prolog (up to the root element's start tag) with a StAX reader that has DTD
 * support and external entities switched off, to decide before the real parse whether a DOCTYPE may
 * be admitted.
 *
 * <p>Why: Rome refuses every DOCTYPE (disallow-doctype-decl), which protects against XXE and entity
 * expansion but also refuses RSS 0.91 feeds, whose DOCTYPE names the Netscape DTD by public id. A
 * DOCTYPE without an internal subset declares nothing; with external DTD loading off (Rome's
 * load-external-dtd=false, plus our refusing resolver) it is inert, so it is admitted. A DOCTYPE
 * with an internal subset can declare entities (billion laughs, XXE, parameter entities) and is
 * refused before anything reads it with DTD processing on.
 */
final class PrologInspector {
  /** What the prolog says: the root element, and whether it has a DOCTYPE and of which kind. */
  record Prolog(String rootLocalName, String rootNamespace, Doctype doctype, String doctypeText) {}

  enum Doctype {
    NONE,
    /** A name and at most a public/system id: admitted, nothing fetched. */
    HARMLESS,
    /** An internal subset that declares entities. */
    DECLARES_ENTITIES,
    /** An internal subset with other declarations (elements, attribute defaults): refused too. */
    HAS_INTERNAL_SUBSET
  }

  private static final XMLInputFactory FACTORY = newFactory();

  private PrologInspector() {}

  private static XMLInputFactory newFactory() {
    // The JDK's own implementation, whatever else is on the classpath.
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException("external entity refused: " + systemId);
        });
    return f;
  }

  /**
   * The prolog of {@code text}.
   *
   * @throws XMLStreamException if the prolog is not well-formed (the caller falls back to a parse
   *     with every DOCTYPE refused)
   */
  static Prolog inspect(String text) throws XMLStreamException {
    XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(text));
    try {
      boolean sawDtd = false;
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.DTD) {
          sawDtd = true;
        } else if (event == XMLStreamConstants.START_ELEMENT) {
          String ns = r.getNamespaceURI();
          int end = r.getLocation().getCharacterOffset();
          String prolog = end > 0 && end <= text.length() ? text.substring(0, end) : text;
          // The DOCTYPE is judged from the source text, not from the reader's DTD event text: the
          // JDK's reader returns a truncated text for some internal subsets ("<!DOCTYPE]>").
          int at = prolog.indexOf("<!DOCTYPE");
          Doctype doctype = Doctype.NONE;
          String doctypeText = null;
          if (at >= 0) {
            doctypeText = declaration(prolog, at);
            doctype =
                prolog.indexOf("<!ENTITY", at) >= 0
                    ? Doctype.DECLARES_ENTITIES
                    : classify(doctypeText);
          } else if (sawDtd) {
            doctype = Doctype.HAS_INTERNAL_SUBSET; // a DOCTYPE we could not find: refuse it
          }
          return new Prolog(r.getLocalName(), ns == null ? "" : ns, doctype, doctypeText);
        }
      }
      throw new XMLStreamException("no root element");
    } finally {
      r.close();
    }
  }

  /**
   * Whether {@code text}, whose prolog could not be read, has a DOCTYPE with an internal subset
   * ({@code <!DOCTYPE name [}) followed anywhere later by {@code <!ENTITY} (case-insensitive).
   *
   * <p>Linear in the text's length: each character is looked at a bounded number of times. The
   * regex {@code <!DOCTYPE[^>\[]*\[.*?<!ENTITY} it replaces rescanned the rest of the text from
   * every {@code <!DOCTYPE[}, so a body of many of them took hours at the fetcher's 10 MiB limit.
   */
  static boolean mayDeclareEntities(String text) {
    int from = 0;
    while (true) {
      int doctype = indexOfIgnoreCase(text, "<!DOCTYPE", from);
      if (doctype < 0) {
        return false;
      }
      int stop = doctype + "<!DOCTYPE".length();
      while (stop < text.length() && text.charAt(stop) != '>' && text.charAt(stop) != '[') {
        stop++;
      }
      if (stop == text.length()) {
        return false;
      }
      if (text.charAt(stop) == '[') {
        // The earliest subset leaves the most text after it: if no <!ENTITY follows it, none
        // follows a later one either.
        return indexOfIgnoreCase(text, "<!ENTITY", stop + 1) >= 0;
      }
      // Every DOCTYPE that starts before this '>' stops at it too, so scanning resumes after it.
      from = stop + 1;
    }
  }

  private static int indexOfIgnoreCase(String text, String needle, int from) {
    for (int i = from; i <= text.length() - needle.length(); i++) {
      if (text.regionMatches(true, i, needle, 0, needle.length())) {
        return i;
      }
    }
    return -1;
  }

  /** Classifies a DOCTYPE declaration's text by what its internal subset (if any) holds. */
  static Doctype classify(String doctype) {
    int open = internalSubsetStart(doctype);
    if (open < 0) {
      return Doctype.HARMLESS;
    }
    int close = doctype.lastIndexOf(']');
    String subset = doctype.substring(open + 1, close > open ? close : doctype.length());
    String declarations = subset.replaceAll("(?s)<!--.*?-->", "").strip();
    if (declarations.isEmpty()) {
      return Doctype.HARMLESS;
    }
    if (declarations.contains("<!ENTITY") || declarations.contains("%")) {
      return Doctype.DECLARES_ENTITIES;
    }
    return Doctype.HAS_INTERNAL_SUBSET;
  }

  /** The DOCTYPE declaration starting at {@code at}: up to its '>' outside quotes and subset. */
  static String declaration(String text, int at) {
    char quote = 0;
    int depth = 0;
    for (int i = at + 2; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth = Math.max(0, depth - 1);
      } else if (c == '>' && depth == 0) {
        return text.substring(at, i + 1);
      }
    }
    return text.substring(at);
  }

  /** The index of the '[' that opens the internal subset, outside quoted ids; -1 if none. */
  private static int internalSubsetStart(String doctype) {
    char quote = 0;
    for (int i = 0; i < doctype.length(); i++) {
      char c = doctype.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        return i;
      }
    }
    return -1;
  }
}
