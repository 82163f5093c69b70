package com.inkzee.fetcher.parse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.inkzee.fetcher.parse.EntryAssembler.Raw;
import com.inkzee.fetcher.parse.EntryAssembler.RawEnclosure;
import com.inkzee.fetcher.parse.EntryAssembler.Text;
import com.inkzee.fetcher.parse.FeedParseException.Reason;
import com.inkzee.fetcher.sanitize.PlainText;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read as a Jackson tree under {@link
 * StreamReadConstraints}, so a hostile body cannot make the parser nest, buffer or convert without
 * bound. Both versions' author forms are read (1.0's {@code author}, 1.1's {@code authors}).
 */
final class JsonFeedReader {
  /** Far deeper than JSON Feed needs (items → attachments → fields is 4 levels). */
  static final int MAX_NESTING_DEPTH = 32;

  /** One string value: a long article's content_html, with room; the body limit bounds the sum. */
  static final int MAX_STRING_CHARS = 4 * 1024 * 1024;

  /** Digits in one number (sizes and durations need under 20). */
  static final int MAX_NUMBER_CHARS = 64;

  private static final String VERSION_PREFIX = "https://jsonfeed.org/version/";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_NESTING_DEPTH)
                          .maxStringLength(MAX_STRING_CHARS)
                          .maxNumberLength(MAX_NUMBER_CHARS)
                          .maxDocumentLength(FeedParser.MAX_BODY_BYTES)
                          .build())
                  .build())
          .build();

  private final EntryAssembler assembler;

  JsonFeedReader(EntryAssembler assembler) {
    this.assembler = assembler;
  }

  ParsedFeed read(String text, URI feedUrl, List<String> recoveries) throws FeedParseException {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new FeedParseException(
          Reason.MALFORMED_JSON, "JSON error: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FeedParseException(Reason.NOT_A_FEED, "not a feed: JSON that is not an object");
    }
    String version = str(root, "version");
    if (version == null || !version.startsWith(VERSION_PREFIX)) {
      throw new FeedParseException(
          Reason.NOT_A_FEED,
          "not a feed: JSON without a JSON Feed version (\"version\": " + version + ")");
    }
    String v = version.substring(VERSION_PREFIX.length()).replaceAll("/$", "");
    String format = "json" + (v.equals("1") ? "1.0" : v);

    URI base = feedUrl;
    String siteUrl = Urls.httpUrl(base, str(root, "home_page_url"));
    String selfUrl = Urls.httpUrl(base, str(root, "feed_url"));
    URI itemBase = siteUrl != null ? URI.create(siteUrl) : base;
    List<String> hubs = new ArrayList<>();
    for (JsonNode hub : root.path("hubs")) {
      String url = Urls.httpUrl(base, str(hub, "url"));
      if (url != null && !hubs.contains(url)) {
        hubs.add(url);
      }
      if (hubs.size() == ParsedFeed.MAX_HUBS) {
        break;
      }
    }
    String feedAuthor = authors(root);
    String language = str(root, "language");

    List<EntryInput> entries = new ArrayList<>();
    EntryAssembler.Budget budget = new EntryAssembler.Budget();
    for (JsonNode item : root.path("items")) {
      if (!item.isObject()) {
        continue;
      }
      String link = str(item, "url");
      if (link == null) {
        link = str(item, "external_url");
      }
      String contentHtml = str(item, "content_html");
      Text content =
          contentHtml != null ? Text.html(contentHtml) : Text.plain(str(item, "content_text"));
      List<String> tags = new ArrayList<>();
      for (JsonNode t : item.path("tags")) {
        if (t.isTextual()) {
          tags.add(t.asText());
        }
      }
      List<RawEnclosure> enclosures = new ArrayList<>();
      for (JsonNode a : item.path("attachments")) {
        JsonNode size = a.path("size_in_bytes");
        JsonNode duration = a.path("duration_in_seconds");
        enclosures.add(
            new RawEnclosure(
                str(a, "url"),
                str(a, "mime_type"),
                size.canConvertToLong() ? size.asLong() : 0,
                duration.isNumber() ? duration.asText() : null));
      }
      String author = authors(item);
      String itemLanguage = str(item, "language");
      entries.add(
          assembler.assemble(
              new Raw(
                  item.has("id") && !item.get("id").isContainerNode()
                      ? item.get("id").asText()
                      : null,
                  link,
                  itemBase,
                  str(item, "title"),
                  false,
                  author != null ? author : feedAuthor,
                  Text.plain(str(item, "summary")),
                  content,
                  tags,
                  enclosures,
                  date(str(item, "date_published")),
                  date(str(item, "date_modified")),
                  itemLanguage != null ? itemLanguage : language),
              budget));
    }
    if (budget.note() != null) {
      recoveries.add(budget.note());
    }
    return new ParsedFeed(
        format,
        PlainText.ofText(str(root, "title")),
        siteUrl,
        FeedIconReader.iconUrl(base, str(root, "favicon"), str(root, "icon")),
        selfUrl,
        hubs,
        null,
        entries,
        recoveries);
  }

  private static String authors(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (JsonNode a : node.path("authors")) {
      String n = str(a, "name");
      if (n != null) {
        names.add(n);
      }
    }
    if (names.isEmpty()) {
      String n = str(node.path("author"), "name");
      if (n != null) {
        names.add(n);
      }
    }
    return names.isEmpty() ? null : String.join(", ", names);
  }

  private static String str(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }

  /** RFC 3339, as JSON Feed requires; anything else is no date. */
  private static Instant date(String s) {
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s.strip()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
