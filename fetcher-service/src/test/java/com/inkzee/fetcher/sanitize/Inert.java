package com.inkzee.fetcher.sanitize;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/**
 * Checks that sanitised HTML and plain-text fields can do nothing in a browser: no script-capable
 * element, no event handler, no style, no URL attribute with a script-capable scheme. Shared by the
 * sanitiser, corpus and fuzz tests. Returns the first problem found, or null.
 */
public final class Inert {
  private static final Set<String> FORBIDDEN_ELEMENTS =
      Set.of(
          "script",
          "style",
          "iframe",
          "frame",
          "frameset",
          "object",
          "embed",
          "applet",
          "svg",
          "math",
          "form",
          "input",
          "button",
          "textarea",
          "select",
          "meta",
          "link",
          "base",
          "template",
          "noscript");
  private static final Pattern SCRIPT_TAG = Pattern.compile("(?i)<\\s*/?\\s*script");

  /**
   * Attributes a browser follows or loads as a URL: a script-capable scheme there could run. Text
   * attributes ({@code alt}, {@code title}) are never followed, so "vbscript:" in an image's
   * description is words, not a link (the fuzzer met one).
   */
  private static final Set<String> URL_ATTRIBUTES =
      Set.of(
          "href",
          "src",
          "srcset",
          "cite",
          "poster",
          "action",
          "formaction",
          "background",
          "longdesc",
          "usemap",
          "lowsrc",
          "dynsrc",
          "ping",
          "manifest",
          "data",
          "codebase",
          "classid",
          "xlink:href");

  private Inert() {}

  /** The first reason {@code html} is not inert, or null. */
  public static String problemInHtml(String html) {
    if (html == null) {
      return null;
    }
    if (SCRIPT_TAG.matcher(html).find()) {
      return "a <script tag survived: " + html;
    }
    for (Element e : Jsoup.parseBodyFragment(html).body().getAllElements()) {
      if (FORBIDDEN_ELEMENTS.contains(e.normalName())) {
        return "element <" + e.normalName() + "> survived: " + html;
      }
      for (Attribute a : e.attributes()) {
        String name = a.getKey().toLowerCase(Locale.ROOT);
        if (name.startsWith("on") || name.equals("style") || name.equals("srcdoc")) {
          return "attribute " + name + " survived: " + html;
        }
        if (!URL_ATTRIBUTES.contains(name)) {
          continue;
        }
        String value = a.getValue().replaceAll("[\\s\\x00-\\x1f]", "").toLowerCase(Locale.ROOT);
        if (value.startsWith("javascript:")
            || value.startsWith("vbscript:")
            || value.startsWith("data:")
            || value.startsWith("livescript:")) {
          return "script-capable URL in " + name + " survived: " + html;
        }
      }
    }
    return null;
  }

  /** The first reason a plain-text field is not inert (any tag-like text), or null. */
  public static String problemInText(String text) {
    if (text == null) {
      return null;
    }
    if (SCRIPT_TAG.matcher(text).find() || Pattern.compile("<[A-Za-z/!?]").matcher(text).find()) {
      return "tag-like text survived in plain text: " + text;
    }
    return null;
  }
}
