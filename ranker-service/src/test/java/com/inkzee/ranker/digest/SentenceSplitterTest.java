package com.inkzee.ranker.digest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
  @Test
  void splitsAtFullStopsQuestionAndExclamationMarks() {
    assertThat(SentenceSplitter.split("One is here. Two? Three! Four"))
        .containsExactly("One is here.", "Two?", "Three!", "Four");
  }

  @Test
  void emptyAndBlankTextHaveNoSentences() {
    assertThat(SentenceSplitter.split("")).isEmpty();
    assertThat(SentenceSplitter.split(" \n\t ")).isEmpty();
  }

  @Test
  void oneSentenceWithoutFinalStopIsKept() {
    assertThat(SentenceSplitter.split("  just a   headline ")).containsExactly("just a headline");
  }

  @Nested
  class DoesNotSplit {
    @Test
    void insideDecimals() {
      assertThat(SentenceSplitter.split("Inflation rose 3.5 percent. Rates held at 4.25%."))
          .containsExactly("Inflation rose 3.5 percent.", "Rates held at 4.25%.");
    }

    @Test
    void insideUrls() {
      assertThat(
              SentenceSplitter.split(
                  "See https://www.example.com/a.b/index.html?x=1.2 for details. Then go home."))
          .containsExactly(
              "See https://www.example.com/a.b/index.html?x=1.2 for details.", "Then go home.");
    }

    @Test
    void afterLatinAbbreviations() {
      assertThat(
              SentenceSplitter.split("Some fruit, e.g. Apples, are red. Others, i.e. Limes, not."))
          .containsExactly("Some fruit, e.g. Apples, are red.", "Others, i.e. Limes, not.");
    }

    @Test
    void afterTitlesAndInitials() {
      assertThat(
              SentenceSplitter.split("Dr. Smith met Prof. Jones and George W. Bush. They talked."))
          .containsExactly("Dr. Smith met Prof. Jones and George W. Bush.", "They talked.");
    }

    @Test
    void afterDottedAcronyms() {
      assertThat(
              SentenceSplitter.split(
                  "The U.S. Senate voted. A Ph.D. Student from the U.K. Agreed. It passed."))
          .containsExactly(
              "The U.S. Senate voted.", "A Ph.D. Student from the U.K. Agreed.", "It passed.");
    }

    @Test
    void beforeNumbersAfterNumberAbbreviations() {
      assertThat(SentenceSplitter.split("See Fig. 2 and No. 5 from Jan. 2024. Done here."))
          .containsExactly("See Fig. 2 and No. 5 from Jan. 2024.", "Done here.");
    }

    @Test
    void whenTheNextWordIsLowerCase() {
      assertThat(SentenceSplitter.split("It weighs approx. five tons... or more. Fine."))
          .containsExactly("It weighs approx. five tons... or more.", "Fine.");
    }
  }

  @Test
  void splitsAfterNumberAbbreviationWhenNoNumberFollows() {
    assertThat(SentenceSplitter.split("He was born in Dec. He moved in 2019. Then more."))
        .containsExactly("He was born in Dec.", "He moved in 2019.", "Then more.");
  }

  @Test
  void keepsClosingQuotesAndBracketsWithTheSentence() {
    assertThat(SentenceSplitter.split("He said \"Stop.\" (It worked.) Then silence."))
        .containsExactly("He said \"Stop.\"", "(It worked.)", "Then silence.");
  }

  @Test
  void splitsAtBlankLinesButNotAtWrappedLines() {
    assertThat(SentenceSplitter.split("A heading\n\nBody text that is\nwrapped here. End"))
        .containsExactly("A heading", "Body text that is wrapped here.", "End");
  }

  @Test
  void splitsAtCjkFullStops() {
    assertThat(SentenceSplitter.split("今日は晴れ。明日は雨？そうです。"))
        .containsExactly("今日は晴れ。", "明日は雨？", "そうです。");
  }
}
