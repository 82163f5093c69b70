package com.inkzee.fetcher.parse;

import static com.inkzee.fetcher.parse.Fixtures.CLOCK;
import static com.inkzee.fetcher.parse.Fixtures.NOW;
import static com.inkzee.fetcher.parse.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.inkzee.fetcher.parse.FeedParseException.Reason;
import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FeedParserTest {
  private final FeedParser parser = new FeedParser(CLOCK);

  private ParsedFeed parse(String fixture) throws FeedParseException {
    return parser.parse(bytes(fixture), null, URI.create("https://feeds.example/" + fixture));
  }

  private ParsedFeed parse(byte[] body, String contentType) throws FeedParseException {
    return parser.parse(body, contentType, URI.create("https://feeds.example/feed"));
  }

  @Nested
  class Urls {
    @Test
    void resolvesRssRelativeLinksAgainstTheChannelLink() throws Exception {
      ParsedFeed f = parse("rss2_relative_links.xml");
      EntryInput e = f.entries().get(0);
      assertThat(f.siteUrl()).isEqualTo("https://blog.example/news/");
      assertThat(e.url()).isEqualTo("https://blog.example/posts/first");
      assertThat(e.summary())
          .contains("href=\"https://blog.example/about\"")
          .contains("src=\"https://blog.example/news/img/a.png\"")
          .contains("rel=\"noopener noreferrer\"")
          .doesNotContain("javascript:");
      assertThat(e.enclosures())
          .containsExactly(
              new Enclosure("https://blog.example/news/media/ep1.mp3", "audio/mpeg", 1234, 0));
    }

    @Test
    void resolvesAtomLinksAndContentAgainstNestedXmlBase() throws Exception {
      ParsedFeed f = parse("atom_xml_base.xml");
      EntryInput e = f.entries().get(0);
      assertThat(f.format()).isEqualTo("atom1.0");
      assertThat(f.siteUrl()).isEqualTo("https://example.org/blog/");
      assertThat(e.url()).isEqualTo("https://example.org/blog/2024/first.html");
      assertThat(e.content())
          .contains("href=\"https://example.org/blog/2024/other.html\"")
          .contains("src=\"https://example.org/root.png\"");
      assertThat(e.enclosures())
          .containsExactly(
              new Enclosure("https://example.org/blog/2024/pic.png", "image/png", 99, 0));
    }
  }

  @Nested
  class Titles {
    @Test
    void decodesAtomHtmlTitlesOnceAndStripsTags() throws Exception {
      // <title type="html">Tom &amp;amp; Jerry &lt;b&gt;bold&lt;/b&gt;</title>
      assertThat(parse("atom_xml_base.xml").entries().get(0).title()).isEqualTo("Tom & Jerry bold");
    }

    @Test
    void keepsEscapedMarkupInRssTitlesVisibleInsteadOfDecodingTwice() throws Exception {
      ParsedFeed f = parse("rss2_double_escaped_title.xml");
      assertThat(f.entries().get(0).title()).isEqualTo("Use &lt;div&gt; &amp; friends");
      // Tags are stripped until none is left: "<scr<script>ipt>" cannot reassemble a tag.
      assertThat(f.entries().get(1).title()).isEqualTo("Bold ipt>alert(1)").doesNotContain("<");
    }
  }

  @Nested
  class Encodings {
    @Test
    void readsWindows1251FromTheXmlDeclaration() throws Exception {
      ParsedFeed f = parse("rss2_windows1251.xml");
      assertThat(f.title()).isEqualTo("Новости");
      assertThat(f.entries().get(0).title()).isEqualTo("Привет, мир");
    }

    @Test
    void readsIso88591Atom() throws Exception {
      ParsedFeed f = parse("atom_iso88591.xml");
      assertThat(f.title()).isEqualTo("Café");
      assertThat(f.entries().get(0).title()).isEqualTo("Crème brûlée");
    }

    @Test
    void letsTheUtf16BomWinOverTheDeclaration() throws Exception {
      // The declaration says UTF-8, the BOM says UTF-16LE, and so do the bytes.
      ParsedFeed f = parse(bytes("rss2_utf16_bom.xml"), "application/rss+xml; charset=utf-8");
      assertThat(f.entries().get(0).title()).isEqualTo("Snowman ☃ and 𝄞");
    }

    @Test
    void prefersTheXmlDeclarationOverAMismatchedHeaderAndSaysSo() throws Exception {
      ParsedFeed f = parse(bytes("rss2_header_prolog_mismatch.xml"), "text/xml; charset=UTF-8");
      assertThat(f.entries().get(0).title()).isEqualTo("Señor niño");
      assertThat(f.recoveries()).anyMatch(r -> r.contains("HTTP charset UTF-8 ignored"));
    }

    @Test
    void usesTheHeaderWhenTheDeclaredUtf8IsNotUtf8() throws Exception {
      String xml =
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>"
              + "<item><title>Señor</title><guid>1</guid></item></channel></rss>";
      ParsedFeed f =
          parse(xml.getBytes(StandardCharsets.ISO_8859_1), "text/xml; charset=iso-8859-1");
      assertThat(f.entries().get(0).title()).isEqualTo("Señor");
      assertThat(f.recoveries()).anyMatch(r -> r.contains("not UTF-8"));
    }

    @Test
    void usesTheHeaderCharsetWhenNothingIsDeclared() throws Exception {
      String xml = "<rss version=\"2.0\"><channel><title>Привет</title></channel></rss>";
      ParsedFeed f = parse(xml.getBytes("KOI8-R"), "application/xml; charset=\"koi8-r\"");
      assertThat(f.title()).isEqualTo("Привет");
    }
  }

  @Nested
  class Doctypes {
    private MockWebServer server;

    @BeforeEach
    void startLoopbackServer() throws Exception {
      server = new MockWebServer();
      for (int i = 0; i < 4; i++) {
        server.enqueue(new MockResponse.Builder().body("<!ENTITY leaked \"LEAKED\">").build());
      }
      server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
      server.close();
    }

    private String loopback(String path) {
      return server.url(path).toString();
    }

    @Test
    void admitsTheNetscapeDoctypeWithoutFetchingItsDtd() throws Exception {
      byte[] body = bytes("doctype_netscape_091.xml", "DTD_URL", loopback("/rss-0.91.dtd"));
      ParsedFeed f = parse(body, null);
      // Rome calls it 0.91N only with Netscape's own system id (next test); here it points home.
      assertThat(f.format()).isEqualTo("rss0.91U");
      assertThat(f.entries()).extracting(EntryInput::title).containsExactly("Item & one");
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void readsTheNetscapeDoctypeAsRss091N() throws Exception {
      byte[] body =
          bytes(
              "doctype_netscape_091.xml",
              "DTD_URL",
              "http://my.netscape.com/publish/formats/rss-0.91.dtd");
      assertThat(parse(body, null).format()).isEqualTo("rss0.91N");
    }

    @Test
    void refusesAnExternalEntityAndFetchesNothing() {
      byte[] body = bytes("xxe_external_entity.xml", "ENTITY_URL", loopback("/secret"));
      assertThatThrownBy(() -> parse(body, null))
          .isInstanceOf(FeedParseException.class)
          .hasMessage("DOCTYPE declares entities (XXE/billion laughs) — refused")
          .extracting(e -> ((FeedParseException) e).reason())
          .isEqualTo(Reason.UNSAFE_DOCTYPE);
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void refusesAParameterEntityAndFetchesNothing() {
      byte[] body = bytes("xxe_parameter_entity.xml", "ENTITY_URL", loopback("/dtd"));
      assertThatThrownBy(() -> parse(body, null)).hasMessageContaining("DOCTYPE declares entities");
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void refusesBillionLaughsWithoutExpanding() {
      assertThatThrownBy(() -> parse("billion_laughs.xml"))
          .isInstanceOf(FeedParseException.class)
          .hasMessageContaining("DOCTYPE declares entities");
    }

    @Test
    void refusesAnEntityDoctypeEvenWhenTheProloguIsBroken() {
      // Text before the declaration breaks the prolog; the lenient retry must not admit the
      // DOCTYPE.
      String body =
          "junk <?xml version=\"1.0\"?>"
              + new String(bytes("billion_laughs.xml"), StandardCharsets.UTF_8)
                  .replaceFirst("<\\?xml[^>]*>", "");
      assertThatThrownBy(() -> parse(body.getBytes(StandardCharsets.UTF_8), null))
          .hasMessageContaining("DOCTYPE declares entities");
    }

    @Test
    void looksForEntitiesAfterManyBrokenDoctypesInLinearTime() {
      // 2 MiB of "<!DOCTYPE[" after the root: the lenient retry's entity check once rescanned the
      // rest of the body from each of them (hours at the fetcher's 10 MiB limit). The guard only
      // catches a hang; a linear scan takes well under a second.
      String doctypes = "<!DOCTYPE[".repeat(2 * 1024 * 1024 / 10);
      byte[] noEntity = ("<rss>" + doctypes).getBytes(StandardCharsets.UTF_8);
      byte[] entityAtTheEnd = ("<rss>" + doctypes + "<!ENTITY x>").getBytes(StandardCharsets.UTF_8);
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () -> {
            assertThatThrownBy(() -> parse(noEntity, null))
                .extracting(e -> ((FeedParseException) e).reason())
                .isEqualTo(Reason.MALFORMED_XML);
            assertThatThrownBy(() -> parse(entityAtTheEnd, null))
                .extracting(e -> ((FeedParseException) e).reason())
                .isEqualTo(Reason.UNSAFE_DOCTYPE);
          });
    }

    @Test
    void romeAloneStillRefusesEveryDoctype() {
      // The protection we keep: without our pre-scan's verdict, the strict parser refuses DOCTYPEs.
      byte[] body = bytes("doctype_netscape_091.xml", "DTD_URL", loopback("/x.dtd"));
      assertThatThrownBy(() -> XmlFeedReader.parse(new String(body, StandardCharsets.UTF_8), false))
          .isInstanceOf(FeedParseException.class)
          .hasMessageContaining("DOCTYPE");
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Nested
  class LenientRetry {
    @Test
    void replacesHtmlEntitiesAndEscapesBareAmpersands() throws Exception {
      ParsedFeed f = parse("rss2_html_entities.xml");
      EntryInput e = f.entries().get(0);
      assertThat(f.title()).isEqualTo("Entities feed");
      assertThat(e.title()).isEqualTo("café & bar © &bogus; Fish & Chips");
      assertThat(e.url()).isEqualTo("https://ent.example/1?a=1&b=2".replace("https", "http"));
      // CDATA is left alone by the repair: its HTML is read as HTML, not escaped a second time.
      assertThat(e.summary()).contains("CDATA keeps &amp; and &nbsp; as they are");
      assertThat(f.recoveries())
          .contains(
              "replaced HTML named entities with character references",
              "escaped bare '&' and undefined entities");
    }

    @Test
    void dropsControlCharacters() throws Exception {
      ParsedFeed f = parse("rss2_control_chars.xml");
      assertThat(f.entries().get(0).title()).isEqualTo("abcdef");
      assertThat(f.recoveries()).anyMatch(r -> r.contains("control characters"));
    }

    @Test
    void keepsTheCompleteItemsOfATruncatedFeed() throws Exception {
      ParsedFeed f = parse("rss2_truncated.xml");
      assertThat(f.entries()).extracting(EntryInput::title).startsWith("Complete");
      assertThat(f.recoveries()).anyMatch(r -> r.contains("unclosed or mismatched tags"));
    }

    @Test
    void givesTheOriginalXmlErrorWithItsLineWhenNothingHelps() {
      // A name with two colons: no namespace declaration or markup rebuild makes it XML.
      byte[] body =
          "<rss version=\"2.0\">\n<channel>\n<a:b:c>x</a:b:c></channel></rss>"
              .getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> parse(body, null))
          .isInstanceOf(FeedParseException.class)
          .hasMessageStartingWith("XML error at line 3: ");
    }
  }

  @Nested
  class NotFeeds {
    /**
     * The HTML check was a regular expression that recursed per leading comment: 2,000 empty
     * comments (14 KB) overflowed the stack, and the StackOverflowError escaped the poll loop.
     */
    @Test
    void readsAFeedAfterFiveThousandEmptyComments() throws Exception {
      String feed =
          "<!---->".repeat(5_000)
              + "<rss version=\"2.0\"><channel><title>t</title>"
              + "<item><guid>1</guid><title>x</title></item></channel></rss>";
      ParsedFeed f = parse(feed.getBytes(StandardCharsets.UTF_8), null);
      assertThat(f.entries()).hasSize(1);
      assertThat(f.entries().get(0).title()).isEqualTo("x");
    }

    @Test
    void stillTellsAnHtmlPageAfterCommentsAndDoctypes() {
      String page =
          "\uFEFF <?xml version=\"1.0\"?>\n"
              + "<!-- a -->".repeat(3_000)
              + "<!DOCTYPE html>\n<!-- b --><HTML lang=\"en\"><body>x</body></HTML>";
      assertThatThrownBy(() -> parse(page.getBytes(StandardCharsets.UTF_8), null))
          .isInstanceOf(FeedParseException.class)
          .hasMessage("not a feed: HTML page");
      assertThat(FeedParser.startsAsHtml("<!-- x --><html>")).isTrue();
      assertThat(FeedParser.startsAsHtml("<html/>")).isTrue();
      assertThat(FeedParser.startsAsHtml("<!-- <html> -->\n<rss>")).isFalse();
      assertThat(FeedParser.startsAsHtml("<!-- unclosed <html>")).isFalse();
      assertThat(FeedParser.startsAsHtml("<htmlx>")).isFalse();
      assertThat(FeedParser.startsAsHtml("<html")).isFalse();
    }

    /** Whatever overflows the stack while parsing is this feed's failure, with a reason. */
    @Test
    void turnsAStackOverflowIntoAFeedParseException() {
      // The clock is asked once per entry: here it stands for a library that recursed too deep.
      java.time.Clock overflowing =
          new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
              return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              throw new StackOverflowError();
            }
          };
      assertThatThrownBy(
              () ->
                  new FeedParser(overflowing)
                      .parse(
                          bytes("rss2_relative_links.xml"),
                          null,
                          URI.create("https://feeds.example/feed")))
          .isInstanceOf(FeedParseException.class)
          .hasMessageStartingWith("feed too deeply nested or repetitive to parse (stack overflow")
          .hasCauseInstanceOf(StackOverflowError.class)
          .extracting(e -> ((FeedParseException) e).reason())
          .isEqualTo(Reason.TOO_COMPLEX);
    }

    @Test
    void rejectsAnHtmlPage() {
      assertThatThrownBy(() -> parse("html_page.html"))
          .hasMessage("not a feed: HTML page")
          .extracting(e -> ((FeedParseException) e).reason())
          .isEqualTo(Reason.NOT_A_FEED);
    }

    @Test
    void rejectsEmptyGzipTextAndOtherXml() {
      assertThatThrownBy(() -> parse(new byte[0], null)).hasMessageStartingWith("empty body");
      assertThatThrownBy(() -> parse(new byte[] {0x1f, (byte) 0x8b, 8, 0}, null))
          .hasMessageContaining("gzip");
      assertThatThrownBy(() -> parse("just words".getBytes(StandardCharsets.UTF_8), null))
          .hasMessage("not a feed: text without any markup");
      assertThatThrownBy(
              () -> parse("<note><to>x</to></note>".getBytes(StandardCharsets.UTF_8), null))
          .hasMessage("not a feed: root element <note> is not rss, RDF or feed");
      assertThatThrownBy(() -> parse("{\"a\":1}".getBytes(StandardCharsets.UTF_8), null))
          .hasMessageContaining("without a JSON Feed version");
    }

    @Test
    void rejectsABodyOverTheLimit() {
      assertThatThrownBy(() -> parse(new byte[FeedParser.MAX_BODY_BYTES + 1], null))
          .extracting(e -> ((FeedParseException) e).reason())
          .isEqualTo(Reason.TOO_LARGE);
    }
  }

  @Nested
  class Entries {
    private static final String NO_GUID_NO_LINK =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
            + "<link>https://status.example/</link>"
            + "<item><title>Hello</title><description>Body</description>"
            + "<pubDate>Tue, 02 Jan 2024 13:00:00 +0000</pubDate></item>"
            + "<item><title>Undated</title><description>Body two</description></item>"
            + "</channel></rss>";

    private static final String JSON_MODIFIED_ONLY =
        "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\",\"items\":"
            + "[{\"title\":\"Modified only\",\"content_text\":\"Body three\","
            + "\"date_modified\":\"2024-01-02T13:00:00Z\"}]}";

    private List<EntryInput> entriesAt(String now, String feed) throws FeedParseException {
      return new FeedParser(java.time.Clock.fixed(Instant.parse(now), java.time.ZoneOffset.UTC))
          .parse(
              feed.getBytes(StandardCharsets.UTF_8), null, URI.create("https://status.example/f"))
          .entries();
    }

    /**
     * An entry without GUID or link is keyed by a hash that includes its date; a date more than 5
     * minutes ahead was nulled first, so the key changed when the date passed and the store kept
     * the entry twice.
     */
    @Test
    void keysAnEntryWithoutGuidOrLinkAlikeBeforeAndAfterItsDate() throws Exception {
      EntryInput before = entriesAt("2024-01-02T12:00:00Z", NO_GUID_NO_LINK).get(0);
      EntryInput after = entriesAt("2024-01-02T14:00:00Z", NO_GUID_NO_LINK).get(0);
      assertThat(before.publishedAt()).isNull(); // still not believed while in the future
      assertThat(after.publishedAt()).isEqualTo(Instant.parse("2024-01-02T13:00:00Z"));
      assertThat(before.entryKey()).isEqualTo(after.entryKey());
      assertThat(entriesAt("2024-01-02T12:00:00Z", JSON_MODIFIED_ONLY).get(0).entryKey())
          .isEqualTo(entriesAt("2024-01-02T14:00:00Z", JSON_MODIFIED_ONLY).get(0).entryKey());
    }

    /**
     * Keys of entries whose date is not in the future are exactly those stored before the change
     * (the values printed by the previous build): a changed key would store each such entry again.
     */
    @Test
    void keepsTheKeysOfEntriesWhoseDateIsNotInTheFuture() throws Exception {
      for (String now : List.of("2024-01-02T14:00:00Z", "2025-12-01T00:00:00Z")) {
        List<EntryInput> rss = entriesAt(now, NO_GUID_NO_LINK);
        assertThat(rss.get(0).entryKey()).isEqualTo("sha256:01495cdbf30c4d37611d6e7b12ed6b66");
        assertThat(rss.get(1).entryKey()).isEqualTo("sha256:6db758564f80336f1e116a5039edb379");
        assertThat(entriesAt(now, JSON_MODIFIED_ONLY).get(0).entryKey())
            .isEqualTo("sha256:b58bf88642cfab3b2cab5bb901ad0dbc");
      }
    }

    @Test
    void keysByGuidThenLinkThenHash() throws Exception {
      ParsedFeed f = parse("rss2_entry_keys.xml");
      assertThat(f.entries().get(0).entryKey()).isEqualTo("urn:guid:1");
      assertThat(f.entries().get(0).guid()).isEqualTo("urn:guid:1");
      assertThat(f.entries().get(1).entryKey()).isEqualTo("https://keys.example/2");
      assertThat(f.entries().get(1).guid()).isNull();
      assertThat(f.entries().get(2).entryKey()).matches("sha256:[0-9a-f]{32}");
      assertThat(f.entries().get(3).url()).isEqualTo("https://keys.example/4");
      // The hash key is stable: the same entry parsed again gets the same key.
      assertThat(parse("rss2_entry_keys.xml").entries().get(2).entryKey())
          .isEqualTo(f.entries().get(2).entryKey());
    }

    @Test
    void treatsMissingAndFutureDatesAsUnknownAndKeepsUtc() throws Exception {
      ParsedFeed f = parse("rss2_dates.xml");
      assertThat(f.entries())
          .extracting(EntryInput::publishedAt)
          .containsExactly(
              Instant.parse("2025-06-10T07:41:01Z"),
              null,
              NOW.plus(Duration.ofMinutes(2)),
              null,
              null);
    }

    @Test
    void keepsEveryEnclosureCategoriesAndAuthor() throws Exception {
      EntryInput e = parse("rss2_podcast_enclosures.xml").entries().get(0);
      assertThat(e.enclosures())
          .containsExactly(
              new Enclosure("https://pod.example/ep1.mp3", "audio/mpeg", 12345678, 3723),
              new Enclosure("https://pod.example/ep1.ogg", "audio/ogg", 999, 3723));
      assertThat(e.categories()).containsExactly("Tech", "News");
      assertThat(e.author()).isEqualTo("Jane Host");
    }

    @Test
    void readsHubsSelfAndTheShortestPublisherInterval() throws Exception {
      ParsedFeed f = parse("rss2_hubs_ttl_sy.xml");
      assertThat(f.selfUrl()).isEqualTo("https://hub.example/feed.xml");
      assertThat(f.hubs())
          .containsExactly("https://pubsubhubbub.appspot.com/", "https://websub.example/hub");
      // ttl 60 minutes vs hourly/2 = 30 minutes
      assertThat(f.publisherInterval()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void keepsTheFirstThreeDistinctHubsOfAFeedNamingAThousand() throws Exception {
      StringBuilder rss =
          new StringBuilder(
              "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
                  + "<title>t</title><link>https://many.example/</link>"
                  + "<atom:link rel=\"hub\" href=\"https://hub.example/0\"/>");
      StringBuilder json =
          new StringBuilder(
              "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\",\"items\":[],"
                  + "\"hubs\":[{\"type\":\"WebSub\",\"url\":\"https://hub.example/0\"}");
      for (int i = 0; i < 1000; i++) {
        rss.append("<atom:link rel=\"hub\" href=\"https://hub.example/").append(i).append("\"/>");
        json.append(",{\"type\":\"WebSub\",\"url\":\"https://hub.example/").append(i).append("\"}");
      }
      rss.append("</channel></rss>");
      json.append("]}");
      for (String body : List.of(rss.toString(), json.toString())) {
        assertThat(parse(body.getBytes(StandardCharsets.UTF_8), null).hubs())
            .containsExactly(
                "https://hub.example/0", "https://hub.example/1", "https://hub.example/2");
      }
    }

    @Test
    void readsPodcastDurations() {
      assertThat(EntryAssembler.durationSeconds("01:02:03")).isEqualTo(3723);
      assertThat(EntryAssembler.durationSeconds("62:03")).isEqualTo(3723);
      assertThat(EntryAssembler.durationSeconds("3723")).isEqualTo(3723);
      assertThat(EntryAssembler.durationSeconds(" 1:00:00.5 ")).isEqualTo(3600);
      assertThat(EntryAssembler.durationSeconds("1h")).isZero();
      assertThat(EntryAssembler.durationSeconds("")).isZero();
      assertThat(EntryAssembler.durationSeconds(null)).isZero();
    }
  }

  @Nested
  class JsonFeed {
    @Test
    void readsJsonFeed11() throws Exception {
      ParsedFeed f = parse("json_feed_1_1.json");
      assertThat(f.format()).isEqualTo("json1.1");
      assertThat(f.title()).isEqualTo("JSON Feed 1.1");
      assertThat(f.siteUrl()).isEqualTo("https://json.example/");
      assertThat(f.selfUrl()).isEqualTo("https://json.example/feed.json");
      assertThat(f.hubs()).containsExactly("https://hub.example/");
      EntryInput first = f.entries().get(0);
      assertThat(first.entryKey()).isEqualTo("1");
      assertThat(first.title()).isEqualTo("Hello &lt;world&gt;");
      assertThat(first.content())
          .contains("href=\"https://json.example/rel\"")
          .doesNotContain("script")
          .doesNotContain("onclick");
      assertThat(first.summary()).isEqualTo("A &lt;b&gt;summary&lt;/b&gt;");
      assertThat(first.publishedAt()).isEqualTo(Instant.parse("2024-01-02T01:04:05Z"));
      assertThat(first.categories()).containsExactly("a", "b");
      assertThat(first.author()).isEqualTo("Feed Author");
      assertThat(first.language()).isEqualTo("en");
      assertThat(first.enclosures())
          .containsExactly(new Enclosure("https://json.example/ep.mp3", "audio/mpeg", 1000, 61));
      EntryInput second = f.entries().get(1);
      assertThat(second.content()).isEqualTo("Plain &lt;text&gt; only");
      assertThat(second.author()).isEqualTo("Item Author");
    }

    @Test
    void readsJsonFeed10Author() throws Exception {
      ParsedFeed f = parse("json_feed_1_0.json");
      assertThat(f.format()).isEqualTo("json1.0");
      assertThat(f.entries().get(0).author()).isEqualTo("Old Style");
    }

    @Test
    void boundsJsonNesting() {
      String deep = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"x\":" + "[".repeat(5000);
      assertThatThrownBy(() -> parse(deep.getBytes(StandardCharsets.UTF_8), null))
          .isInstanceOf(FeedParseException.class)
          .hasMessageContaining("nesting depth");
    }
  }
}
