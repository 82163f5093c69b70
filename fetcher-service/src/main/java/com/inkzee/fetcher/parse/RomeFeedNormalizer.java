package com.inkzee.fetcher.parse;

import com.inkzee.fetcher.parse.EntryAssembler.Raw;
import com.inkzee.fetcher.parse.EntryAssembler.RawEnclosure;
import com.inkzee.fetcher.parse.EntryAssembler.Text;
import com.inkzee.fetcher.sanitize.PlainText;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndPerson;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * Normalises what Rome read (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) into a {@link ParsedFeed}. Rome's
 * {@link SyndFeed} supplies the format-neutral fields (contents, dates, authors, categories,
 * enclosures); the wire objects and the JDOM document supply what Rome drops or resolves its own
 * way: GUIDs, raw links, xml:base, hubs and self links, the feed's icon, RSS ttl, sy:updatePeriod,
 * itunes:duration.
 *
 * <p>Base URLs: the feed URL, overridden by each xml:base from the root down (RFC 3986 resolution).
 * RSS items without xml:base resolve against the channel's link (the site), since relative item
 * links in RSS are written relative to the site, as miniflux and feedparser read them.
 */
final class RomeFeedNormalizer {
  private static final String ATOM10 = "http://www.w3.org/2005/Atom";
  private static final String ATOM03 = "http://purl.org/atom/ns#";
  private static final Namespace MEDIA = Namespace.getNamespace("http://search.yahoo.com/mrss/");
  private static final String SY = "http://purl.org/rss/1.0/modules/syndication/";

  private final EntryAssembler assembler;

  RomeFeedNormalizer(EntryAssembler assembler) {
    this.assembler = assembler;
  }

  ParsedFeed normalize(Document doc, WireFeed wire, URI feedUrl, List<String> recoveries) {
    SyndFeed feed = new SyndFeedImpl(wire, true);
    Element root = doc.getRootElement();
    Element feedElement = feedElement(root);
    URI docBase = xmlBase(feedUrl, feedElement);
    boolean atom = wire instanceof com.rometools.rome.feed.atom.Feed;

    String siteLink =
        atom
            ? alternate(((com.rometools.rome.feed.atom.Feed) wire).getAlternateLinks())
            : feed.getLink();
    String siteUrl = Urls.httpUrl(docBase, siteLink);
    URI rssItemBase = siteUrl != null ? URI.create(siteUrl) : docBase;

    String selfUrl = null;
    List<String> hubs = new ArrayList<>();
    for (Element link : feedElement.getChildren()) {
      String ns = link.getNamespaceURI();
      if (!link.getName().equals("link") || !(ns.equals(ATOM10) || ns.equals(ATOM03))) {
        continue;
      }
      String rel = link.getAttributeValue("rel", "");
      String href = Urls.httpUrl(xmlBase(docBase, link), link.getAttributeValue("href"));
      if (href == null) {
        continue;
      }
      if (rel.equals("self") && selfUrl == null) {
        selfUrl = href;
      } else if (rel.equals("hub") && hubs.size() < ParsedFeed.MAX_HUBS && !hubs.contains(href)) {
        hubs.add(href);
      }
    }

    List<Element> entryElements = entryElements(root, feedElement);
    List<SyndEntry> entries = feed.getEntries();
    boolean aligned = entryElements.size() == entries.size();
    boolean rdf = root.getName().equals("RDF");
    String feedLanguage = feed.getLanguage();
    String feedAuthor = feed.getAuthor();
    List<EntryInput> out = new ArrayList<>(entries.size());
    EntryAssembler.Budget budget = new EntryAssembler.Budget();
    for (int i = 0; i < entries.size(); i++) {
      SyndEntry e = entries.get(i);
      Element el = aligned ? entryElements.get(i) : null;
      URI base;
      if (el != null && hasXmlBase(el)) {
        base = xmlBase(feedUrl, el);
      } else {
        base = atom ? docBase : rssItemBase;
      }
      String lang = el == null ? null : el.getAttributeValue("lang", Namespace.XML_NAMESPACE);
      String language = lang != null ? lang : feedLanguage;
      out.add(assembler.assemble(raw(e, el, base, feedAuthor, language, rdf), budget));
    }
    if (budget.note() != null) {
      recoveries.add(budget.note());
    }

    return new ParsedFeed(
        format(wire.getFeedType()),
        titleOf(feed, wire),
        siteUrl,
        FeedIconReader.iconUrl(root, feedElement, feedUrl),
        selfUrl,
        hubs,
        publisherInterval(feedElement),
        out,
        recoveries);
  }

  private Raw raw(
      SyndEntry e, Element el, URI base, String feedAuthor, String language, boolean rdf) {
    Object wire = e.getWireEntry();
    String guid = null;
    String link = e.getLink();
    String title = e.getTitle();
    boolean titleIsHtml = false;
    if (wire instanceof Item item) {
      // RSS 1.0 and 0.90 identify items by rdf:about (Rome's uri); RSS 2.0 by guid only (Rome
      // copies the link into uri, which is not an id the publisher gave).
      guid = item.getGuid() != null ? item.getGuid().getValue() : rdf ? item.getUri() : null;
      link = item.getLink();
      if (link == null && item.getGuid() != null && item.getGuid().isPermaLink()) {
        link = item.getGuid().getValue();
      }
    } else if (wire instanceof Entry entry) {
      guid = entry.getId();
      String alternate = alternate(entry.getAlternateLinks());
      link = alternate != null ? alternate : link;
      Content t = entry.getTitleEx();
      if (t != null) {
        title = t.getValue();
        titleIsHtml = isHtmlType(t.getType());
      }
    }

    if ((title == null || title.isBlank()) && el != null) {
      title = mediaTitle(el); // feedparser's fallback, common in video and podcast feeds
    }

    Text summary = text(e.getDescription());
    Text content = null;
    StringBuilder joined = new StringBuilder();
    for (SyndContent c : e.getContents()) {
      Text t = text(c);
      if (t != null) {
        if (joined.length() > 0) {
          joined.append('\n');
        }
        joined.append(t.html() ? t.value() : org.jsoup.nodes.Entities.escape(t.value()));
      }
    }
    if (joined.length() > 0) {
      content = Text.html(joined.toString());
    }

    String author = e.getAuthor();
    if (author == null || author.isBlank()) {
      List<String> names = new ArrayList<>();
      for (SyndPerson p : e.getAuthors()) {
        if (p.getName() != null && !p.getName().isBlank()) {
          names.add(p.getName().strip());
        }
      }
      author = names.isEmpty() ? feedAuthor : String.join(", ", names);
    }

    List<String> categories = new ArrayList<>();
    for (SyndCategory c : e.getCategories()) {
      categories.add(c.getName() != null && !c.getName().isBlank() ? c.getName() : c.getLabel());
    }

    String duration = itunesDuration(el != null ? el.getChildren() : e.getForeignMarkup());
    List<RawEnclosure> enclosures = new ArrayList<>();
    for (SyndEnclosure enc : e.getEnclosures()) {
      enclosures.add(new RawEnclosure(enc.getUrl(), enc.getType(), enc.getLength(), duration));
    }

    return new Raw(
        guid,
        link,
        base,
        title,
        titleIsHtml,
        author,
        summary,
        content,
        categories,
        enclosures,
        instant(e.getPublishedDate()),
        instant(e.getUpdatedDate()),
        language);
  }

  /** A Rome content as HTML or text, by its declared type; null if empty or not text at all. */
  static Text text(SyndContent c) {
    if (c == null || c.getValue() == null || c.getValue().isBlank()) {
      return null;
    }
    String type = c.getType() == null ? "" : c.getType().toLowerCase(Locale.ROOT).strip();
    String value = c.getValue();
    if (type.isEmpty() || isHtmlType(type)) {
      return Text.html(value);
    }
    if (type.equals("text")
        || type.startsWith("text/")
        || type.endsWith("+xml")
        || type.endsWith("/xml")) {
      return Text.plain(value);
    }
    return null; // images, PDFs and other out-of-line or binary content have no text for us
  }

  private static boolean isHtmlType(String type) {
    if (type == null) {
      return false;
    }
    String t = type.toLowerCase(Locale.ROOT).strip();
    return t.equals("html")
        || t.equals("xhtml")
        || t.equals("text/html")
        || t.equals("application/xhtml+xml");
  }

  private static String titleOf(SyndFeed feed, WireFeed wire) {
    if (wire instanceof com.rometools.rome.feed.atom.Feed atom && atom.getTitleEx() != null) {
      Content t = atom.getTitleEx();
      return isHtmlType(t.getType())
          ? PlainText.ofHtml(t.getValue())
          : PlainText.ofText(t.getValue());
    }
    return PlainText.ofText(feed.getTitle());
  }

  private static String alternate(List<Link> links) {
    String any = null;
    for (Link l : links) {
      String rel = l.getRel();
      if (rel == null || rel.equals("alternate")) {
        String type = l.getType();
        if (type == null || type.contains("html")) {
          return l.getHref();
        }
        any = any == null ? l.getHref() : any;
      }
    }
    return any;
  }

  private static String mediaTitle(Element item) {
    for (Element t : item.getDescendants(org.jdom2.filter.Filters.element("title", MEDIA))) {
      if (!t.getTextTrim().isEmpty()) {
        return t.getTextTrim();
      }
    }
    return null;
  }

  private static String itunesDuration(List<Element> children) {
    for (Element c : children) {
      if (c.getName().equals("duration")
          && c.getNamespaceURI().toLowerCase(Locale.ROOT).contains("itunes.com")) {
        return c.getTextTrim();
      }
    }
    return null;
  }

  /**
   * The shortest interval the publisher asks for: RSS {@code <ttl>} (minutes), and sy:updatePeriod
   * divided by sy:updateFrequency. Null if neither is there or usable.
   */
  static Duration publisherInterval(Element feedElement) {
    Duration best = null;
    String ttl = feedElement.getChildTextTrim("ttl");
    if (ttl != null) {
      try {
        long minutes = Long.parseLong(ttl);
        if (minutes > 0 && minutes <= 366L * 24 * 60) {
          best = Duration.ofMinutes(minutes);
        }
      } catch (NumberFormatException ignored) {
        // not a number: the publisher asks for nothing
      }
    }
    Namespace sy = Namespace.getNamespace(SY);
    String period = feedElement.getChildTextTrim("updatePeriod", sy);
    if (period != null) {
      Duration p =
          switch (period.toLowerCase(Locale.ROOT)) {
            case "hourly" -> Duration.ofHours(1);
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            case "monthly" -> Duration.ofDays(30);
            case "yearly" -> Duration.ofDays(365);
            default -> null;
          };
      long frequency = 1;
      String f = feedElement.getChildTextTrim("updateFrequency", sy);
      if (f != null) {
        try {
          frequency = Math.max(1, Math.min(Long.parseLong(f), 10_000));
        } catch (NumberFormatException ignored) {
          // the default frequency, 1, per the module's spec
        }
      }
      if (p != null) {
        Duration d = p.dividedBy(frequency);
        best = best == null || d.compareTo(best) < 0 ? d : best;
      }
    }
    return best;
  }

  private static Element feedElement(Element root) {
    if (root.getName().equals("feed")) {
      return root;
    }
    for (Element c : root.getChildren()) {
      if (c.getName().equals("channel")) {
        return c;
      }
    }
    return root;
  }

  private static List<Element> entryElements(Element root, Element feedElement) {
    List<Element> out = new ArrayList<>();
    String name = root.getName().equals("feed") ? "entry" : "item";
    Element parent = root.getName().equals("rss") ? feedElement : root;
    for (Element c : parent.getChildren()) {
      if (c.getName().equals(name)) {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean hasXmlBase(Element el) {
    for (Element e = el; e != null; e = e.getParentElement()) {
      if (e.getAttribute("base", Namespace.XML_NAMESPACE) != null) {
        return true;
      }
    }
    return false;
  }

  /** {@code start} with every xml:base from the root down to {@code el} applied in order. */
  static URI xmlBase(URI start, Element el) {
    List<String> bases = new ArrayList<>();
    for (Element e = el; e != null; e = e.getParentElement()) {
      String b = e.getAttributeValue("base", Namespace.XML_NAMESPACE);
      if (b != null) {
        bases.add(0, b);
      }
    }
    URI base = start;
    for (String b : bases) {
      URI next = Urls.resolve(base, b);
      if (next != null) {
        base = next;
      }
    }
    return base;
  }

  private static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }

  /**
   * Rome's feed type ("rss_2.0", "atom_1.0", "rss_0.9") as ours ("rss2.0", "atom1.0", "rss0.90").
   */
  static String format(String feedType) {
    if (feedType == null) {
      return "unknown";
    }
    String f = feedType.replace("_", "");
    return f.equals("rss0.9") ? "rss0.90" : f;
  }
}
