package com.inkzee.fetcher.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.inkzee.fetcher.fetch.AddressPolicy;
import com.inkzee.fetcher.fetch.FeedFetcher;
import com.inkzee.fetcher.fetch.FetchRequest;
import com.inkzee.fetcher.fetch.FetchResult;
import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.fetcher.parse.FeedParseException.Reason;
import com.inkzee.fetcher.sanitize.Inert;
import com.inkzee.fetcher.testing.FeedServer;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of the shared corpus through {@link FeedParser}, one dynamic test per file, against
 * what MANIFEST.tsv records (feedparser's reading). Each file comes the way feeds come in
 * production: served by a real HTTP server on loopback ({@link FeedServer#serveCorpus()}, one for
 * the class), fetched by the real {@link FeedFetcher} (address policy opened for 127.0.0.0/8 only),
 * and parsed with the response's {@code Content-Type} and final URL. The fetched body must be the
 * file's bytes exactly, so the expectations below are about the parser, not the transport.
 *
 * <ul>
 *   <li>wellformed/ and realworld/: must parse, with MANIFEST's entry count and first title, except
 *       where {@link #OUR_FIRST_TITLE} says why ours differs on purpose.
 *   <li>illformed/: must be rejected with the specific reason in {@link #ILLFORMED_REJECTED}, or
 *       parse (with MANIFEST's count, except {@link #ILLFORMED_COUNT}).
 *   <li>hostile/: rejected with a specific reason, or parsed with nothing expanded or included and
 *       every XSS payload inert.
 * </ul>
 */
class CorpusTest {
  private static final String TITLES_ARE_PLAIN_TEXT =
      "titles are plain text: tags stripped (feedparser keeps inline HTML in titles)";

  /** Files whose first title we read differently on purpose: path → our title, and why. */
  private static final Map<String, String[]> OUR_FIRST_TITLE =
      Map.of(
          "realworld/feedjira-google_alerts_atom.xml",
          new String[] {
            "Report offers Prediction of Automotive Slack Market by Top key players like Haldex,"
                + " Meritor, Bendix ...",
            TITLES_ARE_PLAIN_TEXT
          },
          "realworld/feedjira-pet_atom.xml",
          new String[] {"Sentry Calming Collar for dogs", TITLES_ARE_PLAIN_TEXT},
          "realworld/rss-parser-craigslist.rss",
          new String[] {
            "Bright, Spacious Beautiful Victorian (oakland north / temescal) &#x0024;4300 3bd"
                + " 1930ft2",
            TITLES_ARE_PLAIN_TEXT
          },
          "wellformed/atom03/feedparser-relative_xml_base.xml",
          new String[] {"Example test", TITLES_ARE_PLAIN_TEXT},
          "wellformed/atom10/feedparser-entry_title_inline_markup.xml",
          new String[] {"Example Atom", TITLES_ARE_PLAIN_TEXT},
          "realworld/laminas-wordpress-atom10.xml",
          new String[] {
            "Wth… reading books?",
            "an Atom type=\"html\" title is decoded once as HTML, so &#8230; is the ellipsis"
                + " (feedparser leaves it as markup)"
          });

  /** Ill-formed files we refuse, with the specific reason (message prefix). */
  private static final Map<String, String> ILLFORMED_REJECTED =
      Map.ofEntries(
          Map.entry("illformed/feedjira-DuplicateContentAtomFeed.xml", "not a feed: HTML page"),
          Map.entry(
              "illformed/feedjira-HREFConsideredHarmfulFirstEntry.xml",
              "not a feed: root element <p>"),
          Map.entry(
              "illformed/feedjira-TechCrunchFirstEntryDescription.xml",
              "not a feed: root element <img>"),
          Map.entry(
              "illformed/feedparser-rss_empty_document.xml",
              "XML error at line 5: Premature end of file."),
          Map.entry("illformed/gofeed-empty_feed.xml", "empty body (0 bytes)"),
          Map.entry("illformed/gofeed-unknown_feed.xml", "not a feed: root element <note>"),
          Map.entry(
              "illformed/miniflux-iso88591_utf8_mismatch.xml", "not a feed: root element <note>"),
          Map.entry("illformed/node-feedparser-compressed.xml", "not a feed: gzip-compressed"),
          Map.entry(
              "illformed/node-feedparser-invalid-characters-gzipped.xml",
              "not a feed: gzip-compressed"),
          Map.entry("illformed/node-feedparser-notafeed.html", "not a feed: HTML page"),
          Map.entry("illformed/rome-2.rss", "not a feed: HTML page"),
          Map.entry("illformed/rss-parser-unrecognized.rss", "not a feed: root element <head>"));

  /** Ill-formed files we parse to another entry count than feedparser, and why. */
  private static final Map<String, String[]> ILLFORMED_COUNT =
      Map.of(
          "illformed/simplepie-feed-utf16be.xml",
          new String[] {"1", "UTF-16 without a BOM is recognised by XML 1.0 appendix F"},
          "illformed/simplepie-feed-utf16le.xml",
          new String[] {"1", "UTF-16 without a BOM is recognised by XML 1.0 appendix F"});

  /** The canary the hostile files try to pull in; served too, so any fetch of it would show. */
  private static final String CANARY_PATH = "/feeds/hostile/xxe-canary.txt";

  private static FeedServer server;
  private static FeedFetcher fetcher;

  private final FeedParser parser = new FeedParser(Fixtures.CLOCK);

  @BeforeAll
  static void startServer() throws Exception {
    server = FeedServer.start().serveCorpus();
    fetcher =
        new FeedFetcher(
            FetchSettings.defaults()
                .withAddressPolicy(AddressPolicy.parse("127.0.0.0/8"))
                .withTimeouts(
                    Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10)));
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (fetcher != null) {
      fetcher.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void coversTheWholeCorpus() {
    List<Corpus.Row> rows = Corpus.manifest();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(284);
    for (String path : OUR_FIRST_TITLE.keySet()) {
      assertThat(rows).anyMatch(r -> r.path().equals(path));
    }
    for (String path : ILLFORMED_REJECTED.keySet()) {
      assertThat(rows).anyMatch(r -> r.path().equals(path));
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCorpusFile() {
    return Corpus.manifest().stream()
        .map(row -> DynamicTest.dynamicTest(row.path(), () -> check(row)));
  }

  private void check(Corpus.Row row) throws Exception {
    switch (row.folder()) {
      case "wellformed", "realworld" -> checkReadable(row);
      case "illformed" -> checkIllformed(row);
      case "hostile" -> checkHostile(row);
      default -> fail("unknown corpus folder " + row.folder());
    }
  }

  /** The file as the fetcher got it from the corpus server: 200, and exactly the file's bytes. */
  private static FetchResult fetch(Corpus.Row row) throws Exception {
    FetchResult r = fetcher.fetch(FetchRequest.of(server.uri("/feeds/" + row.path()), 1));
    assertThat(r.status()).as("HTTP status of " + row.path()).isEqualTo(200);
    assertThat(r.redirects()).as("redirects").isEmpty();
    assertThat(r.body()).as("fetched body").isEqualTo(Corpus.bytes(row));
    return r;
  }

  /** Fetches the file and parses it with the response's Content-Type, based at its final URL. */
  private ParsedFeed fetchAndParse(Corpus.Row row) throws Exception {
    FetchResult r = fetch(row);
    return parser.parse(r.body(), r.contentType(), r.finalUrl());
  }

  private void checkReadable(Corpus.Row row) throws Exception {
    ParsedFeed feed = fetchAndParse(row);
    assertThat(feed.entries()).as("entries").hasSize(Integer.parseInt(row.expectedEntries()));
    assertInert(feed);
    if (feed.entries().isEmpty()) {
      return;
    }
    String first = feed.entries().get(0).title();
    String[] ours = OUR_FIRST_TITLE.get(row.path());
    String expected = ours != null ? ours[0] : row.expectedFirstTitle();
    assertThat(first == null ? "" : first).as("first title").isEqualTo(expected);
  }

  private void checkIllformed(Corpus.Row row) throws Exception {
    String rejection = ILLFORMED_REJECTED.get(row.path());
    if (rejection != null) {
      try {
        ParsedFeed f = fetchAndParse(row);
        fail("expected a rejection (" + rejection + ") but parsed " + f.entries().size());
      } catch (FeedParseException e) {
        assertThat(e.getMessage()).startsWith(rejection);
      }
      return;
    }
    ParsedFeed feed = fetchAndParse(row);
    String[] ours = ILLFORMED_COUNT.get(row.path());
    String expected = ours != null ? ours[0] : row.expectedEntries();
    assertThat(String.valueOf(feed.entries().size())).as("entries").isEqualTo(expected);
    assertInert(feed);
  }

  /**
   * Parsed twice: based at the URL it was fetched from, as in production (a relative SYSTEM id or
   * XInclude would then reach the canary on the corpus server), and at the file's own location (it
   * would reach the canary on disk). Neither may expand or fetch anything.
   */
  private void checkHostile(Corpus.Row row) throws Exception {
    FetchResult r = fetch(row);
    // Counted after the fetch: the canary is a corpus row of its own and fetched as one.
    int canaryRequests = server.requestCount(CANARY_PATH);
    checkHostile(row, r, r.finalUrl());
    checkHostile(row, r, Corpus.dir().resolve(row.path()).toUri());
    assertThat(server.requestCount(CANARY_PATH))
        .as("requests for the canary while parsing")
        .isEqualTo(canaryRequests);
  }

  private void checkHostile(Corpus.Row row, FetchResult fetched, URI baseUrl) {
    try {
      ParsedFeed feed = parser.parse(fetched.body(), fetched.contentType(), baseUrl);
      assertInert(feed);
      String everything = feed.toString();
      assertThat(everything)
          .doesNotContain("XXE-CANARY")
          .doesNotContain("root:")
          .doesNotContain("lollol")
          .doesNotContain("LEAKED");
      if (row.path().endsWith("xinclude-canary-rss20.xml")) {
        assertThat(feed.entries()).extracting(EntryInput::title).containsExactly("XInclude item");
      }
    } catch (FeedParseException e) {
      assertThat(e.reason())
          .as(e.getMessage())
          .isIn(Reason.UNSAFE_DOCTYPE, Reason.NOT_A_FEED, Reason.MALFORMED_XML);
      assertThat(e.getMessage())
          .matches(
              "DOCTYPE declares entities \\(XXE/billion laughs\\) — refused"
                  + "|not a feed: .+|XML error at line \\d+: .+");
      if (row.path().contains("deep-nesting")) {
        assertThat(e.getMessage()).contains("maxElementDepth");
      }
    }
  }

  private static void assertInert(ParsedFeed feed) {
    List<String> problems = new ArrayList<>();
    add(problems, Inert.problemInText(feed.title()));
    for (EntryInput e : feed.entries()) {
      add(problems, Inert.problemInText(e.title()));
      add(problems, Inert.problemInText(e.author()));
      add(problems, Inert.problemInHtml(e.summary()));
      add(problems, Inert.problemInHtml(e.content()));
      if (e.url() != null) {
        assertThat(e.url()).startsWith("http");
      }
    }
    assertThat(problems).isEmpty();
  }

  private static void add(List<String> problems, String problem) {
    if (problem != null) {
      problems.add(problem);
    }
  }
}
