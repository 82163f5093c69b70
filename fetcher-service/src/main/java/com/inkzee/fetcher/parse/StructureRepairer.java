package com.inkzee.fetcher.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.filter.Filters;

/**
 * Fixes, on the parsed document, the structural quirks Rome cannot read but a reader should: each
 * fix is reported as a recovery.
 *
 * <ul>
 *   <li>{@code <rss>} without {@code <channel>} (and RSS 1.0 {@code rdf:RDF} without one): an empty
 *       feed, not an error (Rome throws a NullPointerException on it).
 *   <li>{@code <rss>} without a version Rome knows: read as 2.0 (done by the caller, on Rome's
 *       refusal).
 *   <li>RSS items nested inside other items (a broken template): moved up to the channel in
 *       document order, as feedparser reads them.
 *   <li>{@code <feed>} in no namespace: read as Atom 1.0.
 * </ul>
 */
final class StructureRepairer {
  private static final Namespace ATOM10 = Namespace.getNamespace("http://www.w3.org/2005/Atom");
  private static final String RSS2_USERLAND = "http://backend.userland.com/rss2";
  private static final String RSS10 = "http://purl.org/rss/1.0/";
  private static final String RSS090 = "http://my.netscape.com/rdf/simple/0.9/";

  private StructureRepairer() {}

  static void repair(Document doc, List<String> recoveries) {
    Element root = doc.getRootElement();
    switch (root.getName()) {
      case "rss" -> repairRss(root, recoveries);
      case "RDF" -> repairRdf(root, recoveries);
      case "feed" -> repairAtom(root, recoveries);
      default -> {}
    }
  }

  private static void repairRss(Element root, List<String> recoveries) {
    Namespace ns = root.getNamespace();
    if (!ns.getURI().isEmpty() && !ns.getURI().equals(RSS2_USERLAND)) {
      // RSS in a namespace Rome does not know (Userland's RSS 0.9x one): read it as plain RSS.
      List<Element> elements = new ArrayList<>();
      root.getDescendants(Filters.element(ns)).forEach(elements::add);
      root.setNamespace(Namespace.NO_NAMESPACE);
      for (Element e : elements) {
        e.setNamespace(Namespace.NO_NAMESPACE);
      }
      recoveries.add("<rss> in namespace " + ns.getURI() + " read as plain RSS");
    }
    Element channel = null;
    for (Element c : root.getChildren()) {
      if (c.getName().equals("channel")) {
        channel = c;
        break;
      }
    }
    if (channel == null) {
      // Items (and channel fields) directly under <rss>: the channel element was left out.
      channel = new Element("channel", root.getNamespace());
      List<Element> orphans = new ArrayList<>(root.getChildren());
      for (Element e : orphans) {
        channel.addContent(e.detach());
      }
      root.addContent(channel);
      recoveries.add("<rss> without <channel>: its children read as the channel's");
    }
    List<Element> items = new ArrayList<>();
    boolean nested = false;
    channel.getDescendants(Filters.element("item", channel.getNamespace())).forEach(items::add);
    for (Element item : items) {
      nested |= item.getParentElement() != channel;
    }
    if (nested) {
      for (Element item : items) {
        item.detach();
      }
      for (Element item : items) {
        channel.addContent(item);
      }
      recoveries.add("items nested inside other items moved up to the channel");
    }
  }

  /**
   * Atom 0.3 mode="base64" text, decoded here: Rome's decoder fails on the line breaks and
   * indentation base64 text usually has (an ArrayIndexOutOfBoundsException).
   */
  private static void decodeBase64(Element root, List<String> recoveries) {
    List<Element> encoded = new ArrayList<>();
    root.getDescendants(Filters.element())
        .forEach(
            e -> {
              if ("base64".equals(e.getAttributeValue("mode"))) {
                encoded.add(e);
              }
            });
    for (Element e : encoded) {
      String decoded;
      try {
        byte[] bytes = Base64.getMimeDecoder().decode(e.getTextTrim());
        decoded = new String(bytes, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException bad) {
        decoded = "";
        recoveries.add("invalid base64 in <" + e.getName() + "> dropped");
      }
      e.setText(decoded);
      e.setAttribute("mode", "escaped");
    }
  }

  private static void repairRdf(Element root, List<String> recoveries) {
    for (Element c : root.getChildren()) {
      if (c.getName().equals("channel")) {
        return;
      }
    }
    Namespace ns = root.getNamespace("");
    if (ns != null && (ns.getURI().equals(RSS10) || ns.getURI().equals(RSS090))) {
      root.addContent(0, new Element("channel", ns));
      recoveries.add("rdf:RDF without <channel> read as an empty feed");
    }
  }

  private static void repairAtom(Element root, List<String> recoveries) {
    decodeBase64(root, recoveries);
    if (!root.getNamespaceURI().isEmpty()) {
      return;
    }
    root.setNamespace(ATOM10);
    List<Element> elements = new ArrayList<>();
    root.getDescendants(Filters.element(Namespace.NO_NAMESPACE)).forEach(elements::add);
    for (Element e : elements) {
      e.setNamespace(ATOM10);
    }
    recoveries.add("<feed> in no namespace read as Atom 1.0");
  }
}
