package com.inkzee.opml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OpmlReaderTest {
  private final OpmlReader reader = new OpmlReader();

  static byte[] resource(String name) throws IOException {
    try (InputStream in = OpmlReaderTest.class.getResourceAsStream("/opml/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Files in other encodings, and text that was decoded before it reached the reader. */
  @Nested
  class Encodings {
    private final String latin1Doc =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml version=\"2.0\"><body>"
            + "<outline text=\"Café\"><outline text=\"Crème brûlée\" xmlUrl=\"http://a.example/\"/>"
            + "</outline></body></opml>";

    @Test
    void aDeclaredLatin1FileReadsTheSameAsBytesAndAsDecodedText() throws Exception {
      byte[] file = latin1Doc.getBytes(StandardCharsets.ISO_8859_1);
      OpmlOutline fromBytes = reader.read(file).get(0);
      assertThat(fromBytes.title()).isEqualTo("Crème brûlée");
      assertThat(fromBytes.categories()).containsExactly("Café");

      String text = reader.decode(file);
      assertThat(text).isEqualTo(latin1Doc);
      assertThat(reader.read(text)).containsExactly(fromBytes);
    }

    @Test
    void decodedTextIsNotReadAgainByItsDeclaration() throws Exception {
      // The text is already characters: its UTF-8 bytes read as Latin-1 would say "CafÃ©".
      assertThat(reader.read(latin1Doc).get(0).categories()).containsExactly("Café");
    }

    @Test
    void aByteOrderMarkIsDroppedEitherWay() throws Exception {
      byte[] withBom =
          ("\uFEFF<opml version=\"2.0\"><body><outline text=\"Zürich\" xmlUrl=\"http://z/\"/>"
                  + "</body></opml>")
              .getBytes(StandardCharsets.UTF_8);
      String text = reader.decode(withBom);
      assertThat(text).startsWith("<opml");
      assertThat(reader.read(text).get(0).title()).isEqualTo("Zürich");
      assertThat(reader.read("\uFEFF" + text).get(0).title()).isEqualTo("Zürich");
    }

    @Test
    void anEncodingNobodyKnowsIsAClearError() {
      byte[] odd =
          utf8(
              "<?xml version=\"1.0\" encoding=\"x-klingon\"?><opml version=\"2.0\"><body/></opml>");
      assertThatThrownBy(() -> reader.decode(odd))
          .isInstanceOf(InvalidOpmlException.class)
          .hasMessageContaining("'x-klingon'");
    }

    @Test
    void textOverTheLimitIsRefusedBeforeParsing() {
      String big = "x".repeat(OpmlReader.MAX_INPUT_BYTES + 1);
      assertThatThrownBy(() -> reader.read(big))
          .isInstanceOf(OpmlLimitExceededException.class)
          .hasMessageContaining(OpmlReader.MAX_INPUT_BYTES + " character limit");
    }
  }

  @Nested
  class RealWorldExports {
    @Test
    void readsFeedlyExportWithCategories() throws Exception {
      List<OpmlOutline> feeds = reader.read(resource("feedly_export_categories.opml"));

      assertThat(feeds).hasSize(9);
      assertThat(feeds.get(0))
          .isEqualTo(
              new OpmlOutline(
                  "https://feeds.arstechnica.com/arstechnica/index",
                  "Ars Technica - All content",
                  "https://arstechnica.com",
                  List.of("Tech")));
      assertThat(feeds.get(4).title())
          .isEqualTo("Le Monde.fr - Actualités et Infos en France et dans le monde");
      assertThat(feeds.get(4).categories()).containsExactly("News & Politics");
      // A feed in two categories is listed once per folder.
      assertThat(feeds)
          .filteredOn(f -> f.xmlUrl().equals("https://lwn.net/headlines/rss"))
          .extracting(OpmlOutline::categories)
          .containsExactly(List.of("Tech"), List.of("News & Politics"));
      assertThat(feeds.get(8).categories()).isEmpty();
      assertThat(feeds.get(8).xmlUrl()).isEqualTo("https://xkcd.com/atom.xml");
    }

    @Test
    void readsNestedFoldersAndLenientAttributes() throws Exception {
      List<OpmlOutline> feeds = reader.read(resource("inoreader_nested_folders.opml"));

      assertThat(feeds)
          .extracting(OpmlOutline::title, OpmlOutline::categories)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Inside.java", List.of("Programming", "Java")),
              org.assertj.core.groups.Tuple.tuple("Baeldung", List.of("Programming", "Java")),
              org.assertj.core.groups.Tuple.tuple("Go Blog", List.of("Programming")),
              org.assertj.core.groups.Tuple.tuple("はてなブックマーク", List.of("日本語")),
              org.assertj.core.groups.Tuple.tuple("No text folder feed", List.of()));
      assertThat(feeds.get(1).xmlUrl()).isEqualTo("https://feeds.feedblitz.com/baeldung&x=1");
      assertThat(feeds.get(3).xmlUrl()).isEqualTo("https://b.hatena.ne.jp/hotentry.rss");
      assertThat(feeds.get(3).htmlUrl()).isNull();
    }

    @Test
    void titleFallsBackToTheFeedAddress() throws Exception {
      List<OpmlOutline> feeds =
          reader.read(
              utf8(
                  "<opml version=\"1.1\"><body><outline xmlUrl=\" http://a.example/f \"/></body></opml>"));

      assertThat(feeds)
          .containsExactly(
              new OpmlOutline("http://a.example/f", "http://a.example/f", null, List.of()));
    }
  }

  @Nested
  class HostileInput {
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
      server = new MockWebServer();
      server.enqueue(
          new MockResponse.Builder().code(200).body("<!ENTITY leak \"LEAKED\">").build());
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
      server.close();
    }

    private String loopback(String path) {
      return "http://127.0.0.1:" + server.getPort() + path;
    }

    @Test
    void rejectsExternalGeneralEntityWithoutFetchingIt() {
      byte[] xxe =
          utf8(
              "<?xml version=\"1.0\"?>\n<!DOCTYPE opml [<!ENTITY xxe SYSTEM \""
                  + loopback("/secret")
                  + "\">]>\n<opml version=\"2.0\"><body><outline text=\"&xxe;\" xmlUrl=\"http://a/\"/></body></opml>");

      assertThatThrownBy(() -> reader.read(xxe))
          .isInstanceOf(InvalidOpmlException.class)
          .hasMessageContaining("DOCTYPE");
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rejectsExternalDtdAndParameterEntityWithoutFetchingThem() {
      byte[] dtd =
          utf8(
              "<!DOCTYPE opml SYSTEM \""
                  + loopback("/opml.dtd")
                  + "\"><opml version=\"2.0\"><body/></opml>");
      byte[] parameter =
          utf8(
              "<!DOCTYPE opml [<!ENTITY % remote SYSTEM \""
                  + loopback("/p.dtd")
                  + "\"> %remote;]><opml version=\"2.0\"><body>&leak;</body></opml>");

      assertThatThrownBy(() -> reader.read(dtd)).isInstanceOf(InvalidOpmlException.class);
      assertThatThrownBy(() -> reader.read(parameter)).isInstanceOf(InvalidOpmlException.class);
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rejectsEntityExpansionBomb() {
      StringBuilder doc = new StringBuilder("<!DOCTYPE opml [<!ENTITY a \"aaaaaaaaaa\">");
      for (char c = 'b'; c <= 'j'; c++) {
        String prev = String.valueOf((char) (c - 1));
        doc.append("<!ENTITY ")
            .append(c)
            .append(" \"")
            .append(("&" + prev + ";").repeat(10))
            .append("\">");
      }
      doc.append("]><opml><body><outline text=\"&j;\" xmlUrl=\"http://a/\"/></body></opml>");

      assertThatThrownBy(() -> reader.read(utf8(doc.toString())))
          .isInstanceOf(InvalidOpmlException.class)
          .hasMessageContaining("DOCTYPE");
    }
  }

  @Nested
  class NotOpml {
    @Test
    void rejectsHtmlNamingTheRootElement() {
      assertThatThrownBy(() -> reader.read(utf8("<html><body><p>hi</p></body></html>")))
          .isInstanceOf(InvalidOpmlException.class)
          .hasMessage("not an OPML file: the root element is <html>, expected <opml>");
    }

    @Test
    void rejectsAnRssFeed() {
      assertThatThrownBy(() -> reader.read(utf8("<rss version=\"2.0\"><channel/></rss>")))
          .isInstanceOf(InvalidOpmlException.class)
          .hasMessageContaining("<rss>");
    }

    @Test
    void rejectsTextThatIsNotXml() {
      assertThatThrownBy(() -> reader.read(utf8("title,url\nfoo,http://a/\n")))
          .isInstanceOf(InvalidOpmlException.class)
          .hasMessageContaining("not well-formed XML");
    }

    @Test
    void rejectsTruncatedOpml() {
      assertThatThrownBy(() -> reader.read(utf8("<opml><body><outline xmlUrl=\"http://a/\">")))
          .isInstanceOf(InvalidOpmlException.class)
          .hasMessageContaining("not well-formed XML");
    }

    @Test
    void rejectsEmptyInputAndMissingBody() {
      assertThatThrownBy(() -> reader.read(new byte[0]))
          .isInstanceOf(InvalidOpmlException.class)
          .hasMessage("OPML input is empty");
      assertThatThrownBy(() -> reader.read(utf8("<opml version=\"2.0\"><head/></opml>")))
          .isInstanceOf(InvalidOpmlException.class)
          .hasMessage("not an OPML file: <opml> has no <body>");
    }
  }

  @Nested
  class Limits {
    @Test
    void rejectsMoreOutlinesThanTheLimit() throws Exception {
      String one = "<outline xmlUrl=\"http://a/\"/>";
      byte[] atLimit =
          utf8("<opml><body>" + one.repeat(OpmlReader.MAX_OUTLINES) + "</body></opml>");
      byte[] overLimit =
          utf8("<opml><body>" + one.repeat(OpmlReader.MAX_OUTLINES + 1) + "</body></opml>");

      assertThat(reader.read(atLimit)).hasSize(OpmlReader.MAX_OUTLINES);
      assertThatThrownBy(() -> reader.read(overLimit))
          .isInstanceOfSatisfying(
              OpmlLimitExceededException.class,
              e -> {
                assertThat(e.limit()).isEqualTo(OpmlReader.MAX_OUTLINES);
                assertThat(e.unit()).isEqualTo("outlines");
              });
    }

    @Test
    void rejectsInputOverTheSizeLimitBeforeParsing() {
      byte[] big = new byte[OpmlReader.MAX_INPUT_BYTES + 1];
      assertThatThrownBy(() -> reader.read(big))
          .isInstanceOfSatisfying(
              OpmlLimitExceededException.class,
              e -> assertThat(e.limit()).isEqualTo(OpmlReader.MAX_INPUT_BYTES))
          .hasMessageContaining("exceeds the " + OpmlReader.MAX_INPUT_BYTES + " byte limit");
    }

    @Test
    void rejectsFoldersNestedDeeperThanTheLimit() throws Exception {
      int ok = OpmlReader.MAX_DEPTH_LEVELS;
      String nestedOk =
          "<outline text=\"f\">".repeat(ok - 1)
              + "<outline xmlUrl=\"http://a/\"/>"
              + "</outline>".repeat(ok - 1);
      String nestedTooDeep =
          "<outline text=\"f\">".repeat(ok)
              + "<outline xmlUrl=\"http://a/\"/>"
              + "</outline>".repeat(ok);

      assertThat(
              reader.read(utf8("<opml><body>" + nestedOk + "</body></opml>")).get(0).categories())
          .hasSize(ok - 1);
      assertThatThrownBy(() -> reader.read(utf8("<opml><body>" + nestedTooDeep + "</body></opml>")))
          .isInstanceOfSatisfying(
              OpmlLimitExceededException.class, e -> assertThat(e.unit()).isEqualTo("levels"));
    }
  }
}
