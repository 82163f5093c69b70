package com.inkzee.web.apps;

import com.inkzee.html.ItemSafelist;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Cleans an item's HTML before it leaves for an app (Google Reader's {@code summary.content},
 * Fever's {@code html}). The fetcher already sanitises what it stores, but the store takes whatever
 * an ingest call sends and apps render {@code html} in web views, so this gateway does not rely on
 * it: jsoup's allow-list cleaner with the fetcher's own list ({@link ItemSafelist}: text structure,
 * links, images, figures, audio and video; no script, style, iframe, form, event handler or style
 * attribute; only http(s) URLs, links also mailto; every link with {@code rel="noopener
 * noreferrer"}). Links get no {@code target}: an app opens them as it chooses. Thread-safe.
 */
public final class ItemHtml {
  private static final Safelist SAFE = ItemSafelist.create().removeEnforcedAttribute("a", "target");

  private ItemHtml() {}

  /** {@code html} with only allowed markup left; "" for null. */
  public static String clean(String html) {
    if (html == null || html.isEmpty()) {
      return "";
    }
    Document dirty = Jsoup.parseBodyFragment(html);
    Document clean = new Cleaner(SAFE).clean(dirty);
    clean.outputSettings().prettyPrint(false);
    return clean.body().html();
  }
}
