package com.inkzee.fetcher.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.inkzee.fetcher.parse.FeedParseException.Reason;
import com.inkzee.fetcher.sanitize.Inert;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of the shared corpus through {@link FeedParser}, one dynamic test per file, against
 * what MANIFEST.tsv records (feedparser's reading).
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

  private final FeedParser parser = new FeedParser(Fixtures.CLOCK);

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

  private ParsedFeed parse(Corpus.Row row, URI url) throws FeedParseException {
    return parser.parse(Corpus.bytes(row), null, url);
  }

  private static URI httpUrl(Corpus.Row row) {
    return URI.create("http://feeds.example/" + row.path());
  }

  private void checkReadable(Corpus.Row row) throws Exception {
    ParsedFeed feed = parse(row, httpUrl(row));
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
        ParsedFeed f = parse(row, httpUrl(row));
        fail("expected a rejection (" + rejection + ") but parsed " + f.entries().size());
      } catch (FeedParseException e) {
        assertThat(e.getMessage()).startsWith(rejection);
      }
      return;
    }
    ParsedFeed feed = parse(row, httpUrl(row));
    String[] ours = ILLFORMED_COUNT.get(row.path());
    String expected = ours != null ? ours[0] : row.expectedEntries();
    assertThat(String.valueOf(feed.entries().size())).as("entries").isEqualTo(expected);
    assertInert(feed);
  }

  private void checkHostile(Corpus.Row row) {
    URI fileUrl =
        Corpus.dir().resolve(row.path()).toUri(); // relative SYSTEM ids resolve next to it
    try {
      ParsedFeed feed = parse(row, fileUrl);
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
