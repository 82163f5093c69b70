package com.inkzee.fetcher.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The oracle the sanitiser, corpus and fuzz tests share: it must flag what could run, only that.
 */
class InertTest {
  @Test
  void aScriptCapableSchemeInAUrlAttributeIsAProblem() {
    assertThat(Inert.problemInHtml("<a href=\"javascript:alert(1)\">x</a>"))
        .startsWith("script-capable URL in href");
    assertThat(Inert.problemInHtml("<img src=\" da\tta:text/html,x\">"))
        .startsWith("script-capable URL in src");
    assertThat(Inert.problemInHtml("<blockquote cite=\"VBScript:x\">q</blockquote>"))
        .startsWith("script-capable URL in cite");
    assertThat(Inert.problemInHtml("<video poster=\"livescript:x\"></video>"))
        .startsWith("script-capable URL in poster");
  }

  @Test
  void theSameWordsInATextAttributeAreNot() {
    // Found by the fuzzer: an image described as "vbscript: ..." is words; nothing follows alt.
    assertThat(Inert.problemInHtml("<img src=\"a.png\" alt=\"vbscript: how it worked\">")).isNull();
    assertThat(Inert.problemInHtml("<a href=\"/x\" title=\"javascript: the book\">x</a>")).isNull();
  }

  @Test
  void handlersStylesAndScriptElementsAreProblemsWhateverTheirValue() {
    assertThat(Inert.problemInHtml("<img src=\"a.png\" onerror=\"x\">"))
        .startsWith("attribute onerror");
    assertThat(Inert.problemInHtml("<p style=\"color:red\">x</p>")).startsWith("attribute style");
    assertThat(Inert.problemInHtml("<p>x</p><script>1</script>")).startsWith("a <script tag");
  }
}
