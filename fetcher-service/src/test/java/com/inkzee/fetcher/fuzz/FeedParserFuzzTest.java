package com.inkzee.fetcher.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.inkzee.fetcher.parse.FeedParseException;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.parse.ParsedFeed;
import com.inkzee.fetcher.sanitize.HtmlSanitizer;
import com.inkzee.fetcher.sanitize.Inert;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Arbitrary bytes through {@link FeedParser#parse} and {@link HtmlSanitizer#sanitize}. Findings
 * are: any exception other than {@link FeedParseException} (or one without a message), an error
 * (stack overflow, out of memory: Jazzer reports both), and any sanitised field or title that is
 * not inert (a script element, an event handler, a script-capable URL, tag-like text in a title).
 *
 * <p>Input layout: byte 0 picks the Content-Type passed (none, XML with a charset, JSON); the rest
 * is the body.
 */
class FeedParserFuzzTest {
  private static final FeedParser PARSER =
      new FeedParser(Clock.fixed(Instant.parse("2025-12-01T00:00:00Z"), ZoneOffset.UTC));
  private static final HtmlSanitizer SANITIZER = new HtmlSanitizer();
  private static final URI FEED_URL = URI.create("https://fuzz.example/feed/");
  private static final String[] CONTENT_TYPES = {
    null, "application/rss+xml; charset=windows-1251", "application/feed+json", "text/xml"
  };

  @FuzzTest(maxDuration = "20s") // the build overrides this with -Djazzer.max_duration
  @DictionaryFile(resourcePath = "/fuzz/feeds.dict")
  void parsesOrRefusesAnyBodyAndLeavesNothingActive(byte[] input) {
    if (input.length == 0) {
      return;
    }
    String contentType = CONTENT_TYPES[input[0] & 3];
    byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
    try {
      ParsedFeed feed = PARSER.parse(body, contentType, FEED_URL);
      check(Inert.problemInText(feed.title()));
      for (EntryInput e : feed.entries()) {
        check(Inert.problemInText(e.title()));
        check(Inert.problemInText(e.author()));
        check(Inert.problemInHtml(e.summary()));
        check(Inert.problemInHtml(e.content()));
        if (e.entryKey() == null || e.entryKey().isEmpty()) {
          throw new AssertionError("an entry without a key: " + e);
        }
      }
    } catch (FeedParseException e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("a FeedParseException without a reason", e);
      }
    }
    check(
        Inert.problemInHtml(
            SANITIZER.sanitize(new String(body, StandardCharsets.UTF_8), FEED_URL)));
  }

  private static void check(String problem) {
    if (problem != null) {
      throw new AssertionError(problem);
    }
  }
}
