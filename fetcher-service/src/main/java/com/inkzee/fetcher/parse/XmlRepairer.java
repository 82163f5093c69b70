package com.inkzee.fetcher.parse;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * The lenient retry's text fixes for the ill-formedness feeds commonly have, each applied only
 * where it is needed and reported. It never expands an entity the document declares: documents
 * whose DOCTYPE declares entities are refused before any retry.
 *
 * <ul>
 *   <li>Text, comments, BOMs or an XML declaration out of place before the root element.
 *   <li>Characters XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF; lone
 *       surrogates), raw or as character references.
 *   <li>HTML named entities (&amp;nbsp; &amp;eacute;) turned into character references; unknown
 *       ones and bare ampersands escaped so they read as the text they are.
 *   <li>Namespace prefixes used without a declaration, declared on the root element.
 * </ul>
 *
 * CDATA sections and comments are copied as they are (an ampersand in CDATA is just text).
 */
final class XmlRepairer {
  private static final Pattern XML_DECLARATION = Pattern.compile("<\\?xml\\s[^>]*?\\?>");
  private static final Pattern UNBOUND_PREFIX =
      Pattern.compile("The prefix \"([A-Za-z_][\\w.-]*)\" for (element|attribute)");

  /** Namespaces feeds use most without declaring them; anything else gets a placeholder URN. */
  private static final Map<String, String> WELL_KNOWN_NAMESPACES =
      Map.of(
          "dc", "http://purl.org/dc/elements/1.1/",
          "content", "http://purl.org/rss/1.0/modules/content/",
          "atom", "http://www.w3.org/2005/Atom",
          "itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd",
          "media", "http://search.yahoo.com/mrss/",
          "sy", "http://purl.org/rss/1.0/modules/syndication/",
          "slash", "http://purl.org/rss/1.0/modules/slash/",
          "wfw", "http://wellformedweb.org/CommentAPI/",
          "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");

  /** The repaired text, or the input itself when nothing needed fixing. */
  record Repair(String text, List<String> fixes) {}

  private XmlRepairer() {}

  static Repair repair(String text) {
    java.util.ArrayList<String> fixes = new java.util.ArrayList<>();
    String t = stripBeforeRoot(text, fixes);
    t = fixCharactersAndEntities(t, fixes);
    return new Repair(t, fixes);
  }

  /**
   * Re-serialises the text through jsoup's forgiving XML parser, which closes unclosed and
   * mismatched tags (a truncated download, a hand-edited template) and drops what follows the root
   * element. DOCTYPEs and declarations are dropped: jsoup never reads a DTD, so nothing is expanded
   * or fetched either way. Returns null if there is no root element to keep.
   */
  static Repair rebuildMarkup(String text) {
    org.jsoup.nodes.Document doc = org.jsoup.parser.Parser.xmlParser().parseInput(text, "");
    org.jsoup.nodes.Element root = null;
    for (org.jsoup.nodes.Node child : doc.childNodes()) {
      if (child instanceof org.jsoup.nodes.Element e) {
        root = e;
        break;
      }
    }
    if (root == null) {
      return null;
    }
    doc.outputSettings()
        .syntax(org.jsoup.nodes.Document.OutputSettings.Syntax.xml)
        .escapeMode(Entities.EscapeMode.xhtml)
        .prettyPrint(false);
    return new Repair(
        root.outerHtml(), List.of("closed unclosed or mismatched tags with a lenient XML parser"));
  }

  /** Declares {@code prefix} on the root element, for an "unbound prefix" error message. */
  static Repair declarePrefix(String text, String parserMessage) {
    Matcher m = UNBOUND_PREFIX.matcher(parserMessage);
    if (!m.find()) {
      return null;
    }
    String prefix = m.group(1);
    if (prefix.equalsIgnoreCase("xml") || prefix.equalsIgnoreCase("xmlns")) {
      return null;
    }
    int root = rootStart(text);
    if (root < 0) {
      return null;
    }
    int nameEnd = root + 1;
    while (nameEnd < text.length()
        && !Character.isWhitespace(text.charAt(nameEnd))
        && text.charAt(nameEnd) != '>'
        && text.charAt(nameEnd) != '/') {
      nameEnd++;
    }
    String uri =
        WELL_KNOWN_NAMESPACES.getOrDefault(
            prefix.toLowerCase(Locale.ROOT), "urn:x-undeclared-prefix:" + prefix);
    String fixed =
        text.substring(0, nameEnd)
            + " xmlns:"
            + prefix
            + "=\""
            + uri
            + "\""
            + text.substring(nameEnd);
    return new Repair(
        fixed, List.of("declared the undeclared namespace prefix \"" + prefix + "\""));
  }

  /** Index of the root element's '<', skipping the prolog's declarations, comments and PIs. */
  private static int rootStart(String t) {
    int i = 0;
    while (i < t.length()) {
      int lt = t.indexOf('<', i);
      if (lt < 0 || lt + 1 >= t.length()) {
        return -1;
      }
      if (t.startsWith("<!--", lt)) {
        int end = t.indexOf("-->", lt + 4);
        i = end < 0 ? t.length() : end + 3;
      } else if (t.charAt(lt + 1) == '?' || t.charAt(lt + 1) == '!') {
        int end = t.indexOf('>', lt);
        i = end < 0 ? t.length() : end + 1;
      } else {
        return lt;
      }
    }
    return -1;
  }

  private static String stripBeforeRoot(String t, List<String> fixes) {
    String out = t;
    // A declaration anywhere but at the very start is an error; the text is already decoded, so
    // what it declares (version 1.0, an encoding) is no longer needed anywhere.
    Matcher decl = XML_DECLARATION.matcher(out);
    if (decl.find() && (decl.start() > 0 || decl.find())) {
      out = XML_DECLARATION.matcher(out).replaceAll("");
      fixes.add("removed an XML declaration that was not at the start");
    }
    int root = rootStart(out);
    if (root > 0) {
      String before = out.substring(0, root);
      String kept = keepPrologMarkup(before);
      if (!kept.equals(before)) {
        out = kept + out.substring(root);
        fixes.add("removed text before the root element");
      }
    } else if (root < 0 && !out.isEmpty() && out.charAt(0) != '<') {
      int lt = out.indexOf('<');
      if (lt > 0) {
        out = out.substring(lt);
        fixes.add("removed text before the root element");
      }
    }
    return out;
  }

  /** The prolog with stray text and BOMs removed; comments, DOCTYPE and PIs kept. */
  private static String keepPrologMarkup(String prolog) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < prolog.length()) {
      int lt = prolog.indexOf('<', i);
      String between = prolog.substring(i, lt < 0 ? prolog.length() : lt).replace("\uFEFF", "");
      if (between.isBlank()) {
        sb.append(between); // whitespace between prolog markup is fine; other text is not
      }
      if (lt < 0) {
        break;
      }
      int end;
      if (prolog.startsWith("<!--", lt)) {
        int close = prolog.indexOf("-->", lt + 4);
        end = close < 0 ? prolog.length() : close + 3;
      } else {
        int close = prolog.indexOf('>', lt);
        end = close < 0 ? prolog.length() : close + 1;
      }
      sb.append(prolog, lt, end);
      i = end;
    }
    return sb.toString();
  }

  private static String fixCharactersAndEntities(String t, List<String> fixes) {
    StringBuilder sb = new StringBuilder(t.length() + 64);
    boolean controls = false;
    boolean htmlEntities = false;
    boolean bareAmpersands = false;
    int i = 0;
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (c == '<' && t.startsWith("<![CDATA[", i)) {
        int end = t.indexOf("]]>", i + 9);
        end = end < 0 ? n : end + 3;
        controls |= appendXmlChars(sb, t, i, end);
        i = end;
      } else if (c == '<' && t.startsWith("<!--", i)) {
        int end = t.indexOf("-->", i + 4);
        end = end < 0 ? n : end + 3;
        controls |= appendXmlChars(sb, t, i, end);
        i = end;
      } else if (c == '&') {
        int semi = entityEnd(t, i);
        if (semi < 0) {
          sb.append("&amp;");
          bareAmpersands = true;
          i++;
          continue;
        }
        String name = t.substring(i + 1, semi);
        if (name.charAt(0) == '#') {
          int cp = charRef(name);
          if (cp >= 0 && isXmlChar(cp)) {
            sb.append(t, i, semi + 1);
          } else {
            controls = true; // a reference to a character XML forbids: dropped
          }
        } else if (isXmlEntity(name)) {
          sb.append(t, i, semi + 1);
        } else if (Entities.isNamedEntity(name)) {
          for (int cp : Entities.getByName(name).codePoints().toArray()) {
            sb.append("&#").append(cp).append(';');
          }
          htmlEntities = true;
        } else {
          sb.append("&amp;");
          bareAmpersands = true;
          i++;
          continue;
        }
        i = semi + 1;
      } else {
        controls |= appendXmlChars(sb, t, i, i + 1);
        i++;
      }
    }
    if (htmlEntities) {
      fixes.add("replaced HTML named entities with character references");
    }
    if (bareAmpersands) {
      fixes.add("escaped bare '&' and undefined entities");
    }
    if (controls) {
      fixes.add("removed characters XML does not allow (control characters)");
    }
    return sb.toString();
  }

  /** Appends t[from, to) without characters XML forbids; true if any were dropped. */
  private static boolean appendXmlChars(StringBuilder sb, String t, int from, int to) {
    boolean dropped = false;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(t.charAt(i + 1))) {
        sb.append(c).append(t.charAt(i + 1));
        i++;
      } else if (Character.isSurrogate(c) || !isXmlChar(c)) {
        dropped = true;
      } else {
        sb.append(c);
      }
    }
    return dropped;
  }

  static boolean isXmlChar(int cp) {
    return cp == 0x9
        || cp == 0xA
        || cp == 0xD
        || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  /** The index of the ';' ending a well-formed entity or character reference at i, else -1. */
  private static int entityEnd(String t, int i) {
    int j = i + 1;
    int limit = Math.min(t.length(), i + 40);
    if (j < limit && t.charAt(j) == '#') {
      j++;
      boolean hex = j < limit && (t.charAt(j) == 'x' || t.charAt(j) == 'X');
      if (hex) {
        j++;
      }
      int digits = j;
      while (j < limit && (hex ? isHex(t.charAt(j)) : Character.isDigit(t.charAt(j)))) {
        j++;
      }
      return j > digits && j < limit && t.charAt(j) == ';' ? j : -1;
    }
    if (j >= limit || !Character.isLetter(t.charAt(j))) {
      return -1;
    }
    while (j < limit && (Character.isLetterOrDigit(t.charAt(j)))) {
      j++;
    }
    return j < limit && t.charAt(j) == ';' ? j : -1;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int charRef(String name) {
    try {
      boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
      String digits = name.substring(hex ? 2 : 1);
      if (digits.length() > 8) {
        return -1;
      }
      return Integer.parseInt(digits, hex ? 16 : 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isXmlEntity(String name) {
    return name.equals("amp")
        || name.equals("lt")
        || name.equals("gt")
        || name.equals("quot")
        || name.equals("apos");
  }
}
