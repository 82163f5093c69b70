package com.inkzee.ranker.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordReaderTest {
  static List<String> read(String text, int maxChars) {
    WordReader r = new WordReader().reset(text, maxChars);
    List<String> words = new ArrayList<>();
    while (r.next()) {
      assertThat(r.hash()).isEqualTo(r.toString().hashCode());
      words.add(r.toString());
    }
    return words;
  }

  @Test
  void readsTheFoldedWords() {
    assertThat(read("Crème BRÛLÉE, ﬁne Straße!", 100))
        .containsExactly("creme", "brulee", "fine", "strasse");
    assertThat(read("don’t—stop (now)", 100)).containsExactly("don", "t", "stop", "now");
    assertThat(read("a\uD835\uDC00b x\uD83D\uDE00y", 100)).containsExactly("aab", "x", "y");
    assertThat(read("...", 100)).isEmpty();
  }

  @Test
  void stopsAtMaxChars() {
    assertThat(read("alpha beta gamma", 8)).containsExactly("alpha", "be");
  }

  @Test
  void growsForLongWords() {
    String longWord = "x".repeat(1_000);
    assertThat(read("a " + longWord + " b", 2_000)).containsExactly("a", longWord, "b");
  }

  @Test
  void agreesWithTextNormalizerOnRandomMixedText() {
    char[] alphabet =
        "aZ9 .,-'’—éÉßﬁＦüÖ\u0301\u00a0Москваच्छ漢字\uD835\uDC00\uD83D\uDE00|".toCharArray();
    Random random = new Random(7);
    WordReader reused = new WordReader();
    for (int n = 0; n < 2_000; n++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(40);
      for (int k = 0; k < length; k++) {
        b.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String text = b.toString();
      List<String> words = new ArrayList<>();
      reused.reset(text, Integer.MAX_VALUE);
      while (reused.next()) {
        words.add(reused.toString());
      }
      assertThat(words).as("words of %s", text).isEqualTo(TextNormalizer.words(text));
    }
  }
}
