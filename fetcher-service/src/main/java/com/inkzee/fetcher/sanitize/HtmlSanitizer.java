package com.inkzee.fetcher.sanitize;

import com.inkzee.html.ItemSafelist;
import com.inkzee.rpc.api.store.StoreLimits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

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
 *   <li>Bounds: hostile HTML can grow when cleaned (every relative link made absolute against a
 *       base of up to 8 KiB, rel and target added to every link), so the work and the output are
 *       bounded: the input is cut to {@link #inputLimit} characters, a base longer than {@link
 *       StoreLimits#MAX_URL_BYTES} is ignored, a resolved URL longer than that is dropped, and the
 *       clean copy stops growing at the caller's byte limit (whole elements and text only, every
 *       element closed).
 * </ul>
 *
 * Instances are immutable and thread-safe.
 */
public final class HtmlSanitizer {
  /** Sanitised HTML and its visible text (for fingerprints and search). */
  public record Sanitized(String html, String text, boolean cut) {}

  /** Input cut at this many times the output limit ... */
  static final int INPUT_PER_OUTPUT = 4;

  /**
   * ... but never below 1 Mi characters: an RSS description often carries a whole article, and an
   * inlined image (a data: URL, dropped when cleaned) may come before its text.
   */
  static final int MIN_INPUT_CHARS = 1024 * 1024;

  /** Inputs longer than this parse under a permit of {@link #largeParses}. */
  static final int LARGE_INPUT_CHARS = 256 * 1024;

  /** Heap a large parse may take: jsoup's tree of 4 Mi characters of tags took 213 MiB. */
  static final long HEAP_PER_LARGE_PARSE = 512L * 1024 * 1024;

  private final Safelist safelist = ItemSafelist.create();

  /**
   * How many large inputs are parsed at once, in this process: one per 512 MiB of heap, at least
   * one, at most eight. A field's input is cut to {@link #inputLimit} (4 Mi characters for content)
   * and its clean copy bounded, but jsoup builds the whole tree of the input first, at up to about
   * 50 bytes per input character for dense markup; 64 fetch workers each parsing such a field at
   * once would exhaust any heap, and the Dockerfile's fetcher then exits (ExitOnOutOfMemoryError)
   * and the next fetcher leases the same feeds. Small inputs, nearly every real entry, never wait.
   */
  private final Semaphore largeParses;

  public HtmlSanitizer() {
    this((int) Math.max(1, Math.min(8, Runtime.getRuntime().maxMemory() / HEAP_PER_LARGE_PARSE)));
  }

  HtmlSanitizer(int concurrentLargeParses) {
    this.largeParses = new Semaphore(concurrentLargeParses);
  }

  /**
   * {@code html} with everything outside the allow-list removed and relative URLs made absolute
   * against {@code base} (which may be null: relative URLs are then dropped), at most {@link
   * StoreLimits#MAX_CONTENT_BYTES} of UTF-8.
   */
  public String sanitize(String html, URI base) {
    return clean(html, base).html();
  }

  /** {@link #clean(String, URI, int)} within {@link StoreLimits#MAX_CONTENT_BYTES}. */
  public Sanitized clean(String html, URI base) {
    return clean(html, base, StoreLimits.MAX_CONTENT_BYTES);
  }

  /**
   * Like {@link #sanitize}, and the visible text of the result; the HTML is at most {@code
   * maxBytes} of UTF-8, cut after the last whole node (or part of a text) that fits, so it is
   * always well-formed. {@link Sanitized#cut()} tells whether anything was left out for size. Null
   * in, null out.
   */
  public Sanitized clean(String html, URI base, int maxBytes) {
    if (html == null) {
      return null;
    }
    boolean inputCut = false;
    int maxInput = inputLimit(maxBytes);
    if (html.length() > maxInput) {
      html = html.substring(0, codePointBoundary(html, maxInput));
      inputCut = true;
    }
    String baseUri = base == null ? "" : base.toString();
    if (utf8Length(baseUri) > StoreLimits.MAX_URL_BYTES) {
      // Every relative link would be at least this long: no real site has such a base.
      baseUri = "";
    }
    boolean large = html.length() > LARGE_INPUT_CHARS;
    if (large) {
      largeParses.acquireUninterruptibly(); // waits at most for other bounded parses
    }
    try {
      Document dirty = Jsoup.parseBodyFragment(html, baseUri);
      Document clean = Document.createShell(baseUri);
      clean
          .outputSettings()
          .prettyPrint(false)
          .escapeMode(Entities.EscapeMode.base)
          .charset(StandardCharsets.UTF_8);
      Copier copier = new Copier(clean.body(), maxBytes);
      NodeTraversor.filter(copier, dirty.body());
      Element body = clean.body();
      return new Sanitized(body.html(), body.text(), inputCut || copier.full);
    } finally {
      if (large) {
        largeParses.release();
      }
    }
  }

  /** The longest input read for an output limit of {@code maxBytes}. */
  public static int inputLimit(int maxBytes) {
    return (int)
        Math.min(Integer.MAX_VALUE, Math.max(MIN_INPUT_CHARS, (long) maxBytes * INPUT_PER_OUTPUT));
  }

  /**
   * Copies the safe nodes of a dirty body into a clean one, as jsoup's {@code Cleaner} does (safe
   * elements with their safe attributes and the enforced ones, every text, data only inside a safe
   * element), counting the UTF-8 each node adds to the output; the first node that does not fit
   * ends the copy (a text is cut to fit). An element's cost includes its end tag, so whatever is
   * open when the copy stops still fits closed.
   */
  private final class Copier implements NodeFilter {
    private Element destination;
    private long left;
    boolean full;

    Copier(Element destination, int maxBytes) {
      this.destination = destination;
      this.left = maxBytes;
    }

    @Override
    public FilterResult head(Node source, int depth) {
      if (depth == 0) {
        return FilterResult.CONTINUE; // the dirty body itself
      }
      if (source instanceof Element el) {
        if (!safelist.isSafeTag(el.normalName())) {
          return FilterResult.CONTINUE; // dropped, but its text is kept
        }
        Element copy = safeCopy(el);
        destination.appendChild(copy);
        long cost = utf8Length(copy.outerHtml());
        if (cost > left) {
          copy.remove();
          return stop();
        }
        left -= cost;
        destination = copy;
      } else if (source instanceof TextNode text) {
        TextNode copy = new TextNode(text.getWholeText());
        destination.appendChild(copy);
        long cost = utf8Length(copy.outerHtml());
        if (cost > left) {
          fitText(copy, text.getWholeText());
          return stop();
        }
        left -= cost;
      } else if (source instanceof DataNode data
          && source.parent() != null
          && safelist.isSafeTag(source.parent().normalName())) {
        String whole = data.getWholeData();
        if (utf8Length(whole) > left) {
          return stop();
        }
        left -= utf8Length(whole);
        destination.appendChild(new DataNode(whole));
      }
      return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node source, int depth) {
      if (depth > 0 && source instanceof Element el && safelist.isSafeTag(el.normalName())) {
        destination = destination.parent();
      }
      return FilterResult.CONTINUE;
    }

    private FilterResult stop() {
      full = true;
      return FilterResult.STOP;
    }

    /** Cuts {@code copy} (already in place) to the longest prefix of {@code whole} that fits. */
    private void fitText(TextNode copy, String whole) {
      // Every character costs at least one byte, so no more than `left` of them can fit.
      int lo = 0;
      int hi = (int) Math.min(whole.length(), left);
      while (lo < hi) {
        int mid = codePointBoundary(whole, (lo + hi + 1) >>> 1);
        if (mid <= lo) {
          break;
        }
        copy.text(whole.substring(0, mid));
        if (utf8Length(copy.outerHtml()) <= left) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      if (lo == 0) {
        copy.remove();
        return;
      }
      copy.text(whole.substring(0, lo));
      left -= utf8Length(copy.outerHtml());
    }
  }

  /** A copy of {@code el} with only its safe attributes, URLs absolute, and the enforced ones. */
  private Element safeCopy(Element el) {
    Element copy = el.shallowClone();
    copy.clearAttributes();
    String tag = el.tagName();
    for (Attribute a : el.attributes()) {
      if (!safelist.isSafeAttribute(tag, el, a)) {
        continue;
      }
      String value = a.getValue();
      if (ItemSafelist.URL_ATTRIBUTES.contains(a.getKey())) {
        String absolute = el.absUrl(a.getKey());
        if (!absolute.isEmpty()) {
          value = absolute;
        }
        if (utf8Length(value) > StoreLimits.MAX_URL_BYTES) {
          continue; // the store would refuse it; no browser or server takes it either
        }
      }
      copy.attr(a.getKey(), value);
    }
    copy.attributes().addAll(safelist.getEnforcedAttributes(tag));
    return copy;
  }

  /** {@code i}, moved back one if it would split a surrogate pair. */
  private static int codePointBoundary(String s, int i) {
    return i > 0 && i < s.length() && Character.isHighSurrogate(s.charAt(i - 1)) ? i - 1 : i;
  }

  /**
   * UTF-8 length without encoding (a lone surrogate counts 3, as '?' would be 1: an upper bound).
   */
  public static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
