package com.inkzee.fetcher.sanitize;

import java.net.URI;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Makes feed HTML safe to show in a reader page, with jsoup's allow-list {@link Cleaner}: only the
 * elements, attributes and URL schemes listed here survive; everything else is dropped (the text
 * inside a dropped element is kept as text, except script and style data).
 *
 * <ul>
 *   <li>Kept: text structure (p, br, headings, lists, blockquote, pre/code, tables, figure), inline
 *       markup (b, i, em, strong, a, abbr, sub, sup …), images, audio and video.
 *   <li>Dropped: script, style, iframe (and so srcdoc), frame, object, embed, applet, svg, math,
 *       form and its controls, meta, link, base; every event handler and every attribute not listed
 *       (style, class, id included: feed CSS and ids would leak into the reader page).
 *   <li>URLs: href/src/cite/poster may be http or https (href also mailto); relative URLs are
 *       resolved against the base the caller passes (the entry's xml:base or the feed's link) and
 *       dropped if they cannot be; javascript:, data:, vbscript: and every other scheme are
 *       dropped.
 *   <li>Links get {@code rel="noopener noreferrer"} and {@code target="_blank"}: a reader opens
 *       entry links in a new tab, and the new page gets neither {@code window.opener} nor the
 *       reader's URL as referrer. A feed's own target or rel is not kept.
 * </ul>
 *
 * Instances are immutable and thread-safe.
 */
public final class HtmlSanitizer {
  /** Sanitised HTML and its visible text (for fingerprints and search). */
  public record Sanitized(String html, String text) {}

  private final Cleaner cleaner = new Cleaner(safelist());

  static Safelist safelist() {
    return new Safelist()
        .addTags(
            "a",
            "abbr",
            "acronym",
            "address",
            "article",
            "aside",
            "audio",
            "b",
            "bdi",
            "bdo",
            "big",
            "blockquote",
            "br",
            "caption",
            "center",
            "cite",
            "code",
            "col",
            "colgroup",
            "dd",
            "del",
            "details",
            "dfn",
            "div",
            "dl",
            "dt",
            "em",
            "figcaption",
            "figure",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "i",
            "img",
            "ins",
            "kbd",
            "li",
            "mark",
            "ol",
            "p",
            "picture",
            "pre",
            "q",
            "rp",
            "rt",
            "ruby",
            "s",
            "samp",
            "section",
            "small",
            "source",
            "span",
            "strike",
            "strong",
            "sub",
            "summary",
            "sup",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "time",
            "tr",
            "tt",
            "u",
            "ul",
            "var",
            "video",
            "wbr")
        .addAttributes("a", "href", "title", "hreflang")
        .addAttributes("abbr", "title")
        .addAttributes("acronym", "title")
        .addAttributes("blockquote", "cite")
        .addAttributes("q", "cite")
        .addAttributes("del", "cite", "datetime")
        .addAttributes("ins", "cite", "datetime")
        .addAttributes("img", "src", "alt", "title", "width", "height")
        .addAttributes("audio", "src", "controls")
        .addAttributes("video", "src", "poster", "controls", "width", "height")
        .addAttributes("source", "src", "type")
        .addAttributes("col", "span", "width")
        .addAttributes("colgroup", "span", "width")
        .addAttributes("td", "colspan", "rowspan", "headers", "abbr")
        .addAttributes("th", "colspan", "rowspan", "headers", "abbr", "scope")
        .addAttributes("ol", "start", "type", "reversed")
        .addAttributes("ul", "type")
        .addAttributes("li", "value")
        .addAttributes("time", "datetime")
        .addAttributes("details", "open")
        .addProtocols("a", "href", "http", "https", "mailto")
        .addProtocols("blockquote", "cite", "http", "https")
        .addProtocols("q", "cite", "http", "https")
        .addProtocols("del", "cite", "http", "https")
        .addProtocols("ins", "cite", "http", "https")
        .addProtocols("img", "src", "http", "https")
        .addProtocols("audio", "src", "http", "https")
        .addProtocols("video", "src", "http", "https")
        .addProtocols("video", "poster", "http", "https")
        .addProtocols("source", "src", "http", "https")
        .addEnforcedAttribute("a", "rel", "noopener noreferrer")
        .addEnforcedAttribute("a", "target", "_blank");
  }

  /**
   * {@code html} with everything outside the allow-list removed and relative URLs made absolute
   * against {@code base} (which may be null: relative URLs are then dropped).
   */
  public String sanitize(String html, URI base) {
    return clean(html, base).html();
  }

  /** Like {@link #sanitize}, and the visible text of the result. Null in, null out. */
  public Sanitized clean(String html, URI base) {
    if (html == null) {
      return null;
    }
    Document dirty = Jsoup.parseBodyFragment(html, base == null ? "" : base.toString());
    Document clean = cleaner.clean(dirty);
    clean
        .outputSettings()
        .prettyPrint(false)
        .escapeMode(Entities.EscapeMode.base)
        .charset(java.nio.charset.StandardCharsets.UTF_8);
    Element body = clean.body();
    return new Sanitized(body.html(), body.text());
  }
}
