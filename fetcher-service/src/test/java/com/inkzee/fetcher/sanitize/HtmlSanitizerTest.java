package com.inkzee.fetcher.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.fetcher.sanitize.HtmlSanitizer.Sanitized;
import com.inkzee.rpc.api.store.StoreLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HtmlSanitizerTest {
  private static final URI BASE = URI.create("https://blog.example/posts/2024/");
  private final HtmlSanitizer sanitizer = new HtmlSanitizer();

  static Stream<String> xssVectors() throws IOException {
    try (InputStream in = HtmlSanitizerTest.class.getResourceAsStream("xss_vectors.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList().stream();
    }
  }

  @Test
  void hasTheXssCorpus() throws IOException {
    assertThat(xssVectors().count()).isGreaterThan(70);
  }

  @ParameterizedTest
  @MethodSource("xssVectors")
  void leavesNoXssVectorActive(String vector) {
    String clean = sanitizer.sanitize(vector, BASE);
    assertThat(Inert.problemInHtml(clean)).as(clean).isNull();
    // Inside other markup too, and as a plain-text title.
    assertThat(Inert.problemInHtml(sanitizer.sanitize("<p>a " + vector + " b</p>", BASE))).isNull();
    assertThat(Inert.problemInText(PlainText.ofText(vector))).isNull();
    assertThat(Inert.problemInText(PlainText.ofHtml(vector))).isNull();
  }

  @Nested
  class Links {
    @Test
    void resolvesRelativeLinksAndImagesAgainstTheBase() {
      String clean =
          sanitizer.sanitize("<a href=\"../about\">a</a><img src=\"/img/x.png\" alt=\"x\">", BASE);
      assertThat(clean)
          .isEqualTo(
              "<a href=\"https://blog.example/posts/about\" rel=\"noopener noreferrer\""
                  + " target=\"_blank\">a</a><img src=\"https://blog.example/img/x.png\" alt=\"x\">");
    }

    @Test
    void replacesTheFeedsRelAndTarget() {
      String clean =
          sanitizer.sanitize(
              "<a href=\"https://x.example/\" target=\"_self\" rel=\"opener\">x</a>", BASE);
      assertThat(clean)
          .isEqualTo(
              "<a href=\"https://x.example/\" rel=\"noopener noreferrer\" target=\"_blank\">x</a>");
    }

    @Test
    void dropsRelativeLinksWithoutABase() {
      assertThat(sanitizer.sanitize("<a href=\"/x\">x</a>", null))
          .isEqualTo("<a rel=\"noopener noreferrer\" target=\"_blank\">x</a>");
    }

    @Test
    void keepsMailtoLinks() {
      assertThat(sanitizer.sanitize("<a href=\"mailto:a@b.example\">m</a>", BASE))
          .contains("href=\"mailto:a@b.example\"");
    }
  }

  @Nested
  class Bounds {
    @Test
    void ignoresABaseLongerThanTheStoreTakes() {
      URI longBase =
          URI.create("https://blog.example/" + "a".repeat(StoreLimits.MAX_URL_BYTES) + "/");
      assertThat(
              sanitizer.sanitize(
                  "<a href=\"x\">x</a><a href=\"https://b.example/\">b</a>", longBase))
          .isEqualTo(
              "<a rel=\"noopener noreferrer\" target=\"_blank\">x</a>"
                  + "<a href=\"https://b.example/\" rel=\"noopener noreferrer\" target=\"_blank\">b</a>");
    }

    @Test
    void stopsAtTheLimitWithEveryElementClosed() {
      String html = "<p>one <b>two <a href=\"x\">three</a></b></p>".repeat(10_000);
      Sanitized s = sanitizer.clean(html, BASE, 1000);
      assertThat(s.cut()).isTrue();
      assertThat(s.html().getBytes(StandardCharsets.UTF_8).length).isBetween(900, 1000);
      // Well-formed: parsing and printing it again gives it back unchanged.
      assertThat(sanitizer.sanitize(s.html(), BASE)).isEqualTo(s.html());
      assertThat(s.html())
          .startsWith("<p>one <b>two <a href=\"https://blog.example/posts/2024/x\"");
      assertThat(s.html()).endsWith("</p>");
    }

    @Test
    void cutsALongTextOnACharacterWithItsEscapesWhole() {
      String text = "a&b \uD83D\uDE00 ".repeat(1000);
      Sanitized s = sanitizer.clean("<p>" + text + "</p>", BASE, 500);
      byte[] utf8 = s.html().getBytes(StandardCharsets.UTF_8);
      assertThat(utf8.length).isBetween(480, 500);
      assertThat(s.html())
          .startsWith("<p>a&amp;b \uD83D\uDE00")
          .endsWith("</p>")
          .doesNotContain("\uFFFD");
      assertThat(s.html()).doesNotMatch("(?s).*&[a-z]*</p>$");
      assertThat(s.cut()).isTrue();
    }

    @Test
    void keepsWhatFitsWhole() {
      Sanitized s = sanitizer.clean("<p>short</p>", BASE, 1000);
      assertThat(s.html()).isEqualTo("<p>short</p>");
      assertThat(s.cut()).isFalse();
    }

    @Test
    void readsOnlyTheStartOfAHugeInput() {
      int limit = StoreLimits.MAX_SUMMARY_BYTES;
      // A comment (which costs nothing in the output) that ends after the input limit.
      String html = "<p>x</p><!--" + " ".repeat(HtmlSanitizer.inputLimit(limit)) + "--><p>z</p>";
      Sanitized s = sanitizer.clean(html, BASE, limit);
      assertThat(s.html()).isEqualTo("<p>x</p>");
      assertThat(s.cut()).isTrue();
    }
  }

  @Nested
  class Structure {
    @Test
    void keepsTextStructureAndDropsStylingAndIds() {
      String clean =
          sanitizer.sanitize(
              "<h2 id=\"x\" class=\"c\" style=\"color:red\">T</h2><p>a<br><em>b</em></p>"
                  + "<table><tr><td colspan=\"2\">c</td></tr></table>",
              BASE);
      assertThat(clean)
          .isEqualTo(
              "<h2>T</h2><p>a<br><em>b</em></p><table><tbody><tr><td colspan=\"2\">c</td></tr></tbody></table>");
    }

    @Test
    void keepsTheTextOfDroppedElementsButNotScriptData() {
      assertThat(sanitizer.sanitize("<font>kept</font><script>dropped()</script>", BASE))
          .isEqualTo("kept");
    }

    @Test
    void returnsVisibleTextForFingerprints() {
      assertThat(sanitizer.clean("<p>Hello <b>world</b></p><script>x</script>", BASE).text())
          .isEqualTo("Hello world");
    }

    @Test
    void passesNullThrough() {
      assertThat(sanitizer.clean(null, BASE)).isNull();
    }
  }

  @Nested
  class Titles {
    @Test
    void stripsTagsWithoutDecodingText() {
      assertThat(PlainText.ofText("Use &lt;div&gt; <b>now</b>")).isEqualTo("Use &lt;div&gt; now");
    }

    @Test
    void decodesHtmlOnce() {
      assertThat(PlainText.ofHtml("AT&amp;amp;T &lt;b&gt;")).isEqualTo("AT&amp;T");
    }

    @Test
    void collapsesWhitespaceAndBlankIsNull() {
      assertThat(PlainText.ofText("  a \n\t b  ")).isEqualTo("a b");
      assertThat(PlainText.ofText(" <br> ")).isNull();
    }
  }
}
