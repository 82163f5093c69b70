package com.inkzee.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.cli.demo.DemoTemplate;
import com.inkzee.cli.opml.OpmlBatchWriter;
import com.inkzee.cli.opml.OpmlFeed;
import com.inkzee.cli.opml.OpmlFile;
import com.inkzee.cli.output.ProgressBar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The command line's pure parts: OPML reading and batching, the progress bar, demo dates. */
class UnitsTest {
  @Nested
  class Opml {
    private List<OpmlFeed> read(String xml) {
      return OpmlFile.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsFeedsWithTheirFolders() {
      List<OpmlFeed> feeds =
          read(
              "<opml version=\"2.0\"><head/><body>"
                  + "<outline text=\"Tech\"><outline title=\"Deep\">"
                  + "<outline text=\"A\" xmlUrl=\"https://a.example/feed\" htmlUrl=\"https://a.example/\"/>"
                  + "</outline></outline>"
                  + "<outline text=\"B\" xmlurl=\"https://b.example/rss\"/>"
                  + "<outline text=\"Marked\" type=\"atom\"/>"
                  + "</body></opml>");
      assertThat(feeds)
          .containsExactly(
              new OpmlFeed(
                  "https://a.example/feed", "A", "https://a.example/", List.of("Tech", "Deep")),
              new OpmlFeed("https://b.example/rss", "B", null, List.of()),
              new OpmlFeed(null, "Marked", null, List.of()));
    }

    @Test
    void aBatchReadsBackAsTheSameFeeds() {
      List<OpmlFeed> feeds =
          List.of(
              new OpmlFeed(
                  "https://a.example/feed?x=1&y=\"2\"",
                  "A & <B>",
                  "https://a.example/",
                  List.of("News", "Local")),
              new OpmlFeed("https://b.example/rss", null, null, List.of()));
      List<OpmlFeed> back =
          OpmlFile.read(OpmlBatchWriter.write(feeds).getBytes(StandardCharsets.UTF_8));
      assertThat(back.get(0)).isEqualTo(feeds.get(0));
      assertThat(back.get(1).xmlUrl()).isEqualTo("https://b.example/rss");
      assertThat(back.get(1).folders()).isEmpty();
    }

    @Test
    void refusesDoctypesAndWhatIsNotOpml() {
      assertThatThrownBy(
              () ->
                  read(
                      "<!DOCTYPE opml [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                          + "<opml><body><outline text=\"&b;\" xmlUrl=\"https://x.example/\"/></body></opml>"))
          .hasMessageContaining("DOCTYPE");
      assertThatThrownBy(() -> read("<rss version=\"2.0\"><channel/></rss>"))
          .hasMessageContaining("the root element is <rss>, expected <opml>");
      assertThatThrownBy(() -> read("<opml><head/></opml>")).hasMessageContaining("has no <body>");
      assertThatThrownBy(() -> read("<opml><body><outline></body></opml>"))
          .hasMessageContaining("not well-formed XML");
      assertThatThrownBy(() -> OpmlFile.read(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void boundsNesting() {
      String deep = "<outline text=\"f\">".repeat(40) + "</outline>".repeat(40);
      assertThatThrownBy(() -> read("<opml><body>" + deep + "</body></opml>"))
          .hasMessageContaining("deeper than 32 levels");
    }
  }

  @Nested
  class Progress {
    @Test
    void rendersTheShareDone() {
      assertThat(ProgressBar.render(0, 4, 8)).isEqualTo("[........] 0/4");
      assertThat(ProgressBar.render(1, 4, 8)).isEqualTo("[##......] 1/4");
      assertThat(ProgressBar.render(4, 4, 8)).isEqualTo("[########] 4/4");
      assertThat(ProgressBar.render(7, 40, 8)).isEqualTo("[#.......]  7/40");
      assertThat(ProgressBar.render(9, 4, 8)).as("clamped").isEqualTo("[########] 4/4");
      assertThat(ProgressBar.render(0, 0, 4)).isEqualTo("[####] 0/0");
    }

    @Test
    void redrawsInPlaceAndEndsItsLine() {
      StringWriter text = new StringWriter();
      ProgressBar bar = new ProgressBar(new PrintWriter(text), 2, "feeds");
      bar.update(1);
      bar.update(2);
      bar.finish();
      assertThat(text.toString())
          .startsWith("\r[" + "#".repeat(20) + ".".repeat(20) + "] 1/2 feeds\r[")
          .endsWith("] 2/2 feeds" + System.lineSeparator());
    }
  }

  @Nested
  class DemoDates {
    private final Instant at = Instant.parse("2024-05-06T12:30:45.678Z");

    @Test
    void fillsDatesBeforeTheMoment() {
      assertThat(DemoTemplate.render("<pubDate>{{rfc822:-2h}}</pubDate>", at))
          .isEqualTo("<pubDate>Mon, 6 May 2024 10:30:45 GMT</pubDate>");
      assertThat(DemoTemplate.render("{{iso:-3d}} {{iso:-90m}}", at))
          .isEqualTo("2024-05-03T12:30:45Z 2024-05-06T11:00:45Z");
    }

    @Test
    void leavesOtherBracesAlone() {
      String text = "{{rfc822:-N h}} {{iso:+2h}} {{other}}";
      assertThat(DemoTemplate.render(text, at)).isEqualTo(text);
    }
  }
}
