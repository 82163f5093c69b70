package com.inkzee.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;
import org.junit.jupiter.api.Test;

class ItemSafelistTest {
  private static String clean(String html) {
    return Jsoup.clean(html, "https://base.example/", ItemSafelist.create());
  }

  @Test
  void scriptsStylesFramesFormsHandlersAndForeignSchemesAreDropped() {
    String clean =
        clean(
            "<p onclick=\"x()\" style=\"color:red\" class=\"c\" id=\"i\">Hi</p><script>alert(1)</script>"
                + "<style>p{}</style><iframe src=\"https://evil.example/\"></iframe><svg></svg>"
                + "<form><input name=\"q\"></form><a href=\"javascript:alert(1)\">j</a>"
                + "<img src=\"data:image/png;base64,AA\"><a href=\"ftp://f.example/\">f</a>");
    assertThat(clean)
        .contains("<p>Hi</p>")
        .doesNotContain("script")
        .doesNotContain("style")
        .doesNotContain("class")
        .doesNotContain("iframe")
        .doesNotContain("svg")
        .doesNotContain("<form")
        .doesNotContain("<input")
        .doesNotContain("javascript:")
        .doesNotContain("data:")
        .doesNotContain("ftp:");
  }

  @Test
  void mediaFiguresAndLinksAreKeptWithTheirUrlsAndLinksOpenSafely() {
    String clean =
        clean(
            "<figure><img src=\"https://x.example/a.png\" alt=\"A\"><figcaption>C</figcaption></figure>"
                + "<video src=\"https://x.example/v.mp4\" controls></video>"
                + "<audio src=\"https://x.example/a.mp3\" controls></audio>"
                + "<a href=\"mailto:ann@x.example\">mail</a><a href=\"https://x.example/\">web</a>");
    assertThat(clean)
        .contains("<figcaption>C</figcaption>")
        .contains("<video src=\"https://x.example/v.mp4\" controls")
        .contains("<audio src=\"https://x.example/a.mp3\" controls")
        .contains(
            "<a href=\"mailto:ann@x.example\" rel=\"noopener noreferrer\" target=\"_blank\">mail</a>")
        .contains(
            "<a href=\"https://x.example/\" rel=\"noopener noreferrer\" target=\"_blank\">web</a>");
  }

  @Test
  void everyAttributeHoldingAUrlIsRestrictedToWebSchemes() {
    Safelist list = ItemSafelist.create();
    for (String tag : new String[] {"a", "img", "audio", "video", "source", "q", "blockquote"}) {
      for (String attribute : ItemSafelist.URL_ATTRIBUTES) {
        String html = "<" + tag + " " + attribute + "=\"javascript:alert(1)\">t</" + tag + ">";
        assertThat(Jsoup.clean(html, "https://base.example/", list))
            .as("%s %s", tag, attribute)
            .doesNotContain("javascript:");
      }
    }
  }

  @Test
  void eachCallerGetsItsOwnList() {
    Safelist one = ItemSafelist.create();
    one.removeEnforcedAttribute("a", "target");
    assertThat(clean("<a href=\"https://x.example/\">w</a>")).contains("target=\"_blank\"");
  }
}
