package com.inkzee.ranker.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordTableTest {
  @Test
  void findsEveryWordByItsIdAndNothingElse() {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      words.add("w" + Integer.toString(i * 7919, 36).repeat(1 + i % 5));
    }
    words.add("zürich");
    words.add("é");
    WordTable table = new WordTable(words);
    assertThat(table.size()).isEqualTo(words.size());
    for (int i = 0; i < words.size(); i++) {
      assertThat(table.lookup(words.get(i))).as(words.get(i)).isEqualTo(i);
    }
    assertThat(table.lookup("w")).isEqualTo(-1);
    assertThat(table.lookup(words.get(10) + "x")).isEqualTo(-1);
    assertThat(table.lookup(words.get(10).substring(0, words.get(10).length() - 1))).isEqualTo(-1);
    assertThat(table.lookup("zurich")).isEqualTo(-1);
  }

  @Test
  void tellsApartWordsOfEqualHash() {
    // "Aa" and "BB" share String.hashCode, and so do all words made of them.
    List<String> words = List.of("aaaa", "AaAaAaAaAaAaAa", "AaAaAaAaAaAaBB", "AaBB", "BBAa");
    WordTable table = new WordTable(words);
    assertThat(table.lookup("AaAaAaAaAaAaBB")).isEqualTo(2);
    assertThat(table.lookup("BBAa")).isEqualTo(4);
    assertThat(table.lookup("BBBB")).isEqualTo(-1);
    assertThat(table.lookup("BBBBBBBBBBBBBB")).isEqualTo(-1);
  }
}
