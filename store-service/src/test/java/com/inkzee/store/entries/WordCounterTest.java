package com.inkzee.store.entries;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordCounterTest {
  @Test
  void countsNothingInNullEmptyOrMarkupOnly() {
    assertThat(WordCounter.count(null)).isZero();
    assertThat(WordCounter.count("")).isZero();
    assertThat(WordCounter.count("<p><img src=\"a words b.png\" alt=\"many words here\"></p>"))
        .isZero();
  }

  @Test
  void tagsSeparateWordsAndTheirAttributesAreNotText() {
    assertThat(WordCounter.count("<p>one</p><p>two</p>")).isEqualTo(2);
    assertThat(WordCounter.count("<a href=\"https://x.example/a-b-c\">link text</a> after"))
        .isEqualTo(3);
  }

  @Test
  void characterReferencesCountAsTheirCharacter() {
    assertThat(WordCounter.count("caf&eacute; au lait")).isEqualTo(3);
    assertThat(WordCounter.count("Tom&nbsp;&amp;&nbsp;Jerry")).isEqualTo(2);
    assertThat(WordCounter.count("it&#39;s 10&#x25;")).isEqualTo(2);
    assertThat(WordCounter.count("a & b; c")).as("a bare ampersand separates").isEqualTo(3);
  }

  @Test
  void apostrophesAndHyphensInsideAWordKeepItOneWord() {
    assertThat(WordCounter.count("don't re-read the e-mail")).isEqualTo(4);
    assertThat(WordCounter.count("rock 'n' roll -- end-")).isEqualTo(4);
  }

  @Test
  void numbersAndAccentedWordsAreWords() {
    assertThat(WordCounter.count("Version 2 of naïve Zürich, 2026")).isEqualTo(6);
  }

  @Test
  void hanAndKanaCountOneWordPerCharacter() {
    assertThat(WordCounter.count("東京は晴れ")).isEqualTo(5);
    assertThat(WordCounter.count("Go 言語")).isEqualTo(3);
  }

  @Test
  void anUnclosedTagEndsTheText() {
    assertThat(WordCounter.count("two words <a href=")).isEqualTo(2);
  }
}
