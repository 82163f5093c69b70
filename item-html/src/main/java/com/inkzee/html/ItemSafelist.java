package com.inkzee.html;

import java.util.Set;
import org.jsoup.safety.Safelist;

/**
 * The HTML an item may keep: text structure (p, br, headings, lists, blockquote, pre/code, tables,
 * figure, details), inline markup, images, audio and video; attributes only where listed (never
 * style, class, id or an event handler); URLs only http or https (links also mailto). Every link
 * gets {@code rel="noopener noreferrer"} and {@code target="_blank"}.
 *
 * <p>The fetcher cleans feed HTML with it when it stores an entry ({@code HtmlSanitizer}, which
 * also resolves relative URLs and bounds the work), and the web reader cleans it again with it
 * before an item leaves for an app ({@code ItemHtml}), because the store keeps whatever an ingest
 * call sends. One list, so an app shows what the reader page shows: with jsoup's "relaxed" list the
 * second cleaning dropped every video, audio and figure caption the first had kept.
 */
public final class ItemSafelist {
  /** Attributes holding URLs: those given protocols below. */
  public static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "cite", "poster");

  private ItemSafelist() {}

  /** A new allow-list (jsoup's {@link Safelist} is mutable, so each caller gets its own). */
  public static Safelist create() {
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
}
