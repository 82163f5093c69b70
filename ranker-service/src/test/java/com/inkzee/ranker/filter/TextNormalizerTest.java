package com.inkzee.ranker.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  @Test
  void foldsCaseAccentsAndCompatibilityForms() {
    assertThat(TextNormalizer.fold("Crème BRÛLÉE")).isEqualTo(" creme brulee ");
    assertThat(TextNormalizer.fold("ﬁne Straße")).isEqualTo(" fine strasse ");
    assertThat(TextNormalizer.fold("ＦＵＬＬ width")).isEqualTo(" full width ");
  }

  @Test
  void punctuationSeparatesWords() {
    assertThat(TextNormalizer.fold("don't—stop, (now)!")).isEqualTo(" don t stop now ");
    assertThat(TextNormalizer.fold("...")).isEqualTo(" ");
    assertThat(TextNormalizer.words("e-mail  Ünïcode")).containsExactly("e", "mail", "unicode");
  }

  @Test
  void keepsNonLatinWordsAndSupplementaryChars() {
    assertThat(TextNormalizer.fold("Москва и Киев")).isEqualTo(" москва и киев ");
    assertThat(TextNormalizer.fold("a\uD835\uDC00b")).isEqualTo(" aab ");
    assertThat(TextNormalizer.fold("x\uD83D\uDE00y")).isEqualTo(" x y ");
  }
}
