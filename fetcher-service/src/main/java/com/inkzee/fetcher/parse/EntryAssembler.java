package com.inkzee.fetcher.parse;

import static java.util.Objects.requireNonNull;

import com.inkzee.fetcher.sanitize.HtmlSanitizer;
import com.inkzee.fetcher.sanitize.HtmlSanitizer.Sanitized;
import com.inkzee.fetcher.sanitize.PlainText;
import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.StoreLimits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one format-neutral {@link Raw} entry into the store's {@link EntryInput}: URLs resolved and
 * limited to http(s), HTML sanitised, text plain, dates checked against the clock, the entry key
 * and the SimHash fingerprint computed. Every format reader (Rome, JSON Feed) ends here, so the
 * rules are the same for all.
 */
final class EntryAssembler {
  /**
   * A date up to this far ahead of our clock is believed (publisher clocks drift, and a feed may be
   * generated a moment before it is served); further ahead it is a scheduled or wrong date, and the
   * entry is treated as undated (the store then sorts it by first-seen time).
   */
  static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

  /** Longest entry key kept as is; longer GUIDs or links are replaced by their hash. */
  static final int MAX_KEY_CHARS = 512;

  /** Per entry; more is abuse (the largest podcast in the corpus has one enclosure per item). */
  static final int MAX_ENCLOSURES = 64;

  static final int MAX_CATEGORIES = 64;

  /**
   * What the entries of one feed may hold in sanitised HTML and URLs, all together (32 MiB, twice
   * the parser's body limit). Relative links resolved against a long base make a few bytes of feed
   * into kilobytes each, so without this a 1 MB feed could fill the heap; real feeds come nowhere
   * near it. Entries past it are kept without HTML, link or enclosures (see {@link Budget}).
   */
  static final long FEED_OUTPUT_BYTES = 2L * FeedParser.MAX_BODY_BYTES;

  /**
   * One parse's share of {@link #FEED_OUTPUT_BYTES}. The entry key is computed before the budget is
   * charged, so an entry has the same key whether or not its link was kept.
   */
  static final class Budget {
    private long left;
    private int starved;

    Budget(long bytes) {
      this.left = bytes;
    }

    Budget() {
      this(FEED_OUTPUT_BYTES);
    }

    long left() {
      return left;
    }

    /** Takes {@code bytes} if there are that many left; else marks the entry short. */
    boolean take(long bytes) {
      if (bytes > left) {
        left = 0;
        return false;
      }
      left -= bytes;
      return true;
    }

    /** The line for {@link ParsedFeed#recoveries()}, or null if every entry was whole. */
    String note() {
      return starved == 0
          ? null
          : starved
              + " entries kept without HTML, link or enclosures: the feed's entries passed "
              + FEED_OUTPUT_BYTES / (1024 * 1024)
              + " MiB of HTML and URLs";
    }
  }

  private static final Pattern DURATION =
      Pattern.compile("(?:(\\d{1,6}):)?(?:(\\d{1,6}):)?(\\d{1,9})(?:[.,]\\d*)?");

  /** An enclosure as the feed states it. {@code length} is -1 or 0 when unknown. */
  record RawEnclosure(String url, String mimeType, long length, String duration) {}

  /** Content of one kind: {@code html} true for HTML/XHTML, false for plain text. */
  record Text(String value, boolean html) {
    static Text html(String v) {
      return v == null ? null : new Text(v, true);
    }

    static Text plain(String v) {
      return v == null ? null : new Text(v, false);
    }
  }

  /** An entry as read from any format, before normalisation. */
  record Raw(
      String guid,
      String link,
      URI base,
      String title,
      boolean titleIsHtml,
      String author,
      Text summary,
      Text content,
      List<String> categories,
      List<RawEnclosure> enclosures,
      Instant published,
      Instant updated,
      String language) {}

  private final Clock clock;
  private final HtmlSanitizer sanitizer;

  EntryAssembler(Clock clock, HtmlSanitizer sanitizer) {
    this.clock = requireNonNull(clock, "clock");
    this.sanitizer = requireNonNull(sanitizer, "sanitizer");
  }

  /** {@link #assemble(Raw, Budget)} with a budget of its own (one entry alone). */
  EntryInput assemble(Raw raw) {
    return assemble(raw, new Budget());
  }

  /**
   * @param budget shared by the entries of one parse
   */
  EntryInput assemble(Raw raw, Budget budget) {
    Instant latest = clock.instant().plus(FUTURE_TOLERANCE);
    Instant updated = notFuture(raw.updated(), latest);
    // Atom entries often carry only <updated>: it is then the best publication date there is.
    Instant published = raw.published() != null ? notFuture(raw.published(), latest) : updated;

    String title =
        raw.titleIsHtml() ? PlainText.ofHtml(raw.title()) : PlainText.ofText(raw.title());
    String url = Urls.httpUrl(raw.base(), raw.link());
    Sanitized summary = sanitize(raw.summary(), raw.base(), StoreLimits.MAX_SUMMARY_BYTES, budget);
    Sanitized content = sanitize(raw.content(), raw.base(), StoreLimits.MAX_CONTENT_BYTES, budget);
    String guid = blankToNull(raw.guid());

    String visible =
        (title == null ? "" : title + " ")
            + (content != null ? content.text() : summary != null ? summary.text() : "");
    long fingerprint = SimHash.of(visible);

    // The key takes the date as the feed gave it: a date in the future is nulled above, and
    // keying by the nulled one gave the entry a second key (and a second row) once it passed.
    // For dates not in the future this is the very date used before, so their keys stay.
    Instant keyDate = raw.published() != null ? raw.published() : raw.updated();
    String key = entryKey(guid, url, title, keyDate, content, summary);
    // The store refuses a longer link (EntryLimits drops it); the key above is already made.
    if (url != null
        && (HtmlSanitizer.utf8Length(url) > StoreLimits.MAX_URL_BYTES
            || !budget.take(HtmlSanitizer.utf8Length(url)))) {
      url = null;
    }
    List<Enclosure> enclosures = enclosures(raw.enclosures(), raw.base(), budget);
    if (budget.left() == 0) {
      budget.starved++;
    }
    return new EntryInput(
        key,
        guid,
        url,
        title,
        PlainText.ofText(raw.author()),
        summary == null ? null : blankToNull(summary.html()),
        content == null ? null : blankToNull(content.html()),
        categories(raw.categories()),
        enclosures,
        published,
        updated,
        fingerprint,
        blankToNull(raw.language()));
  }

  /**
   * The entry's identity within its feed: the GUID (RSS guid, RSS 1.0 rdf:about, Atom id, JSON Feed
   * id) if present, else the resolved link, else "sha256:" and a hash of title, date and content.
   * The date is the one the feed gave (published, else updated), even one too far in the future to
   * be kept: the key must not change when that date passes. Keys longer than {@link #MAX_KEY_CHARS}
   * are hashed too.
   */
  static String entryKey(
      String guid,
      String url,
      String title,
      Instant published,
      Sanitized content,
      Sanitized summary) {
    String key = guid != null ? guid : url;
    if (key != null) {
      return key.length() <= MAX_KEY_CHARS ? key : "sha256:" + sha256(key);
    }
    String body = content != null ? content.html() : summary != null ? summary.html() : "";
    return "sha256:"
        + sha256(
            (title == null ? "" : title)
                + '\u0000'
                + (published == null ? "" : published.toString())
                + '\u0000'
                + body);
  }

  /**
   * A podcast duration in seconds: "HH:MM:SS", "MM:SS" or plain seconds, fractions ignored (as
   * itunes:duration and JSON Feed's duration_in_seconds write it); 0 when absent or unreadable.
   */
  static long durationSeconds(String text) {
    if (text == null) {
      return 0;
    }
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      return 0;
    }
    long last = Long.parseLong(m.group(3));
    if (m.group(1) == null) {
      return last; // plain seconds
    }
    long first = Long.parseLong(m.group(1));
    if (m.group(2) == null) {
      return first * 60 + last; // MM:SS
    }
    return first * 3600 + Long.parseLong(m.group(2)) * 60 + last; // HH:MM:SS
  }

  /**
   * The field's HTML within {@code maxBytes} (its store limit) and what is left of the feed's
   * budget, which it is charged; null if blank or if the budget is spent.
   */
  private Sanitized sanitize(Text text, URI base, int maxBytes, Budget budget) {
    if (text == null || text.value() == null || text.value().isBlank()) {
      return null;
    }
    int limit = (int) Math.min(maxBytes, budget.left());
    if (limit == 0) {
      return null;
    }
    String value = text.value();
    if (!text.html()) {
      // Escaping makes it longer; the sanitiser would cut it to this length anyway.
      int input = HtmlSanitizer.inputLimit(maxBytes);
      value = value.length() > input ? value.substring(0, input) : value;
      value = org.jsoup.nodes.Entities.escape(value.strip());
    }
    Sanitized s = sanitizer.clean(value, base, limit);
    budget.take(HtmlSanitizer.utf8Length(s.html()));
    if (s.cut() && limit < maxBytes) {
      budget.take(budget.left()); // cut for the feed's sake, not the field's: the budget is spent
    }
    return s.html().isBlank() ? null : s;
  }

  private static List<String> categories(List<String> raw) {
    Set<String> out = new LinkedHashSet<>();
    for (String c : raw) {
      String t = PlainText.ofText(c);
      if (t != null && out.size() < MAX_CATEGORIES) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  private static List<Enclosure> enclosures(List<RawEnclosure> raw, URI base, Budget budget) {
    Map<String, Enclosure> out = new LinkedHashMap<>();
    for (RawEnclosure e : raw) {
      if (out.size() >= MAX_ENCLOSURES) {
        break;
      }
      String url = Urls.httpUrl(base, e.url());
      if (url == null
          || HtmlSanitizer.utf8Length(url) > StoreLimits.MAX_URL_BYTES
          || out.containsKey(url)) {
        continue; // a longer URL the store would refuse (EntryLimits drops it)
      }
      if (!budget.take(HtmlSanitizer.utf8Length(url))) {
        break;
      }
      String type = blankToNull(e.mimeType());
      out.put(
          url, new Enclosure(url, type, Math.max(0, e.length()), durationSeconds(e.duration())));
    }
    return new ArrayList<>(out.values());
  }

  private static Instant notFuture(Instant t, Instant latest) {
    return t == null || t.isAfter(latest) ? null : t;
  }

  private static String blankToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
