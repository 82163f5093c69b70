package com.inkzee.opml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpmlWriterTest {
  private final OpmlWriter writer = new OpmlWriter();
  private final OpmlReader reader = new OpmlReader();

  private List<OpmlOutline> roundTrip(String title, List<OpmlOutline> feeds) throws Exception {
    return reader.read(writer.write(title, feeds).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void roundTripsNestedFoldersInOrder() throws Exception {
    List<OpmlOutline> feeds =
        List.of(
            new OpmlOutline("https://a.example/feed", "A", "https://a.example/", List.of()),
            new OpmlOutline("https://b.example/rss", "B", null, List.of("Tech")),
            new OpmlOutline("https://c.example/atom", "C", null, List.of("Tech", "Java")),
            new OpmlOutline("https://d.example/atom", "D", "https://d.example", List.of("Tech")),
            new OpmlOutline("https://e.example/atom", "E", null, List.of("News")));

    List<OpmlOutline> back = roundTrip("Mine", feeds);

    // Grouping keeps first-appearance order: D joins B in Tech, after Tech's Java sub-folder.
    assertThat(back)
        .containsExactly(feeds.get(0), feeds.get(1), feeds.get(2), feeds.get(3), feeds.get(4));
  }

  @Test
  void writesOpml20WithFoldersAsNestedOutlines() {
    String opml =
        writer.write(
            "Mine",
            List.of(new OpmlOutline("https://c.example/atom", "C", null, List.of("Tech", "Java"))));

    assertThat(opml)
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">")
        .contains("<title>Mine</title>")
        .contains(
            "    <outline text=\"Tech\" title=\"Tech\">\n"
                + "      <outline text=\"Java\" title=\"Java\">\n"
                + "        <outline type=\"rss\" text=\"C\" title=\"C\" xmlUrl=\"https://c.example/atom\"/>\n"
                + "      </outline>\n"
                + "    </outline>\n");
  }

  @Test
  void escapesMarkupQuotesAndLineBreaksAndDropsCharactersXmlCannotCarry() throws Exception {
    String nasty = "Q&A <b>\"quoted\"</b> 'single'\nline\ttab \u0001bell \uD83D\uDE00 \uD800lone";
    List<OpmlOutline> feeds =
        List.of(
            new OpmlOutline(
                "https://x.example/feed?a=1&b=\"2\"",
                nasty,
                "https://x.example/?q=<x>",
                List.of("F&\"<>")));

    String opml = writer.write("T & <T>", feeds);
    List<OpmlOutline> back = reader.read(opml.getBytes(StandardCharsets.UTF_8));

    assertThat(opml).doesNotContain("\u0001").contains("<title>T &amp; &lt;T&gt;</title>");
    assertThat(back)
        .containsExactly(
            new OpmlOutline(
                "https://x.example/feed?a=1&b=\"2\"",
                "Q&A <b>\"quoted\"</b> 'single'\nline\ttab bell \uD83D\uDE00 lone",
                "https://x.example/?q=<x>",
                List.of("F&\"<>")));
  }

  @Test
  void roundTripsARealWorldExport() throws Exception {
    List<OpmlOutline> original =
        reader.read(OpmlReaderTest.resource("inoreader_nested_folders.opml"));

    assertThat(roundTrip("Inkzee export", original)).isEqualTo(original);
  }

  @Test
  void writesAnEmptyListAsAnEmptyBody() throws Exception {
    assertThat(roundTrip("Nothing yet", List.of())).isEmpty();
  }
}
