package com.inkzee.fetcher.sanitize;

import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * Titles, authors and categories as plain text: tags stripped, whitespace collapsed, entities
 * decoded at most once.
 *
 * <p>XML parsing has already decoded the document's own escaping once; whether the result is
 * decoded again depends on what it is. Text (RSS titles, Atom type="text") is not: {@code
 * &amp;amp;lt;} in the XML is the visible text {@code &lt;}. HTML (Atom type="html" or "xhtml") is
 * decoded once more, as HTML. In both, anything that looks like a tag ({@code <} followed by a
 * letter, '/', '!' or '?' — what an HTML tokenizer starts a tag, end tag, comment or declaration
 * with — up to the next {@code >} or the end) is removed, repeatedly, so no tag-like text such as
 * {@code <script} can come out of a title.
 */
public final class PlainText {
  private static final Pattern TAG = Pattern.compile("<(?:[A-Za-z]|[/!?])[^>]*(>|$)");
  private static final Pattern SPACE = Pattern.compile("[\\s\\u00A0\\u200B]+");

  /** Limit on rounds of tag stripping; each round removes at least one tag, so inputs end. */
  private static final int MAX_STRIP_ROUNDS = 16;

  private PlainText() {}

  /** Plain text from text that may contain tags, entities left as they are; null if blank. */
  public static String ofText(String text) {
    return collapse(stripTags(text));
  }

  /** Plain text from HTML: tags stripped, then entities decoded once; null if blank. */
  public static String ofHtml(String html) {
    if (html == null) {
      return null;
    }
    return collapse(stripTags(Parser.unescapeEntities(stripTags(html), false)));
  }

  private static String stripTags(String s) {
    if (s == null || s.indexOf('<') < 0) {
      return s;
    }
    String out = s;
    for (int round = 0; round < MAX_STRIP_ROUNDS; round++) {
      String next = TAG.matcher(out).replaceAll("");
      if (next.equals(out)) {
        return out;
      }
      out = next;
    }
    // A pathological input kept producing tags: keep no '<' at all rather than risk one.
    return out.replace('<', ' ');
  }

  private static String collapse(String s) {
    if (s == null) {
      return null;
    }
    String out = SPACE.matcher(s).replaceAll(" ").strip();
    return out.isEmpty() ? null : out;
  }
}
