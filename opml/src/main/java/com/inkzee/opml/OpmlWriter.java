package com.inkzee.opml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a subscription list as OPML 2.0, folders as nested outlines, so that any feed reader (and
 * {@link OpmlReader}) can import it.
 *
 * <p>Feeds are grouped under their folder path; folders and feeds keep the order in which they
 * first appear in the list. Attribute values are escaped for XML, including line breaks and tabs
 * (which a parser would otherwise normalise to spaces), and characters XML 1.0 cannot carry at all
 * (control characters, lone surrogates) are dropped rather than producing a file nobody can read.
 */
public final class OpmlWriter {
  private static final String INDENT = "  ";

  /** The OPML 2.0 document for {@code feeds}, titled {@code title}. */
  public String write(String title, List<OpmlOutline> feeds) {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(feeds, "feeds");
    Folder root = new Folder("");
    for (OpmlOutline feed : feeds) {
      Folder folder = root;
      for (String name : feed.categories()) {
        folder = folder.child(name);
      }
      folder.items.add(feed);
    }
    StringBuilder out = new StringBuilder(256 + feeds.size() * 160);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append("<opml version=\"2.0\">\n");
    out.append(INDENT).append("<head>\n");
    out.append(INDENT).append(INDENT).append("<title>");
    escape(title, false, out);
    out.append("</title>\n");
    out.append(INDENT).append("</head>\n");
    out.append(INDENT).append("<body>\n");
    writeItems(root, 2, out);
    out.append(INDENT).append("</body>\n");
    out.append("</opml>\n");
    return out.toString();
  }

  private static void writeItems(Folder folder, int depth, StringBuilder out) {
    for (Object item : folder.items) {
      out.append(INDENT.repeat(depth));
      if (item instanceof OpmlOutline feed) {
        out.append("<outline type=\"rss\"");
        attribute("text", feed.title(), out);
        attribute("title", feed.title(), out);
        attribute("xmlUrl", feed.xmlUrl(), out);
        if (feed.htmlUrl() != null) {
          attribute("htmlUrl", feed.htmlUrl(), out);
        }
        out.append("/>\n");
      } else {
        Folder child = (Folder) item;
        out.append("<outline");
        attribute("text", child.name, out);
        attribute("title", child.name, out);
        out.append(">\n");
        writeItems(child, depth + 1, out);
        out.append(INDENT.repeat(depth)).append("</outline>\n");
      }
    }
  }

  private static void attribute(String name, String value, StringBuilder out) {
    out.append(' ').append(name).append("=\"");
    escape(value, true, out);
    out.append('"');
  }

  /** Appends {@code text} escaped for XML 1.0 element content or a double-quoted attribute. */
  static void escape(String text, boolean attribute, StringBuilder out) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        case '\n' -> out.append(attribute ? "&#10;" : "\n");
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append(attribute ? "&#9;" : "\t");
        default -> {
          if (isXmlChar(c)) {
            out.appendCodePoint(c);
          }
        }
      }
    }
  }

  /** XML 1.0's Char production; a lone surrogate arrives here as itself and is not one. */
  private static boolean isXmlChar(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  /** A folder in the tree being written: feeds and sub-folders in first-appearance order. */
  private static final class Folder {
    final String name;
    final List<Object> items = new ArrayList<>();
    final Map<String, Folder> children = new LinkedHashMap<>();

    Folder(String name) {
      this.name = name;
    }

    Folder child(String childName) {
      return children.computeIfAbsent(
          childName,
          n -> {
            Folder f = new Folder(n);
            items.add(f);
            return f;
          });
    }
  }
}
