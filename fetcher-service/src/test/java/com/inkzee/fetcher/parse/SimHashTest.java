package com.inkzee.fetcher.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimHashTest {
  private static final String STORY =
      "The city council approved the new budget on Tuesday after a long debate about funding for"
          + " public transport, school repairs and the renovation of the central library, which"
          + " had been closed for two years because of water damage.";

  @Test
  void nearIdenticalTextsAreAFewBitsApart() {
    String edited = STORY.replace("Tuesday", "Wednesday") + " Updated at 10:00.";
    int d = SimHash.distance(SimHash.of(STORY), SimHash.of(edited));
    assertThat(d).isLessThanOrEqualTo(10);
    String oneWord = STORY.replace("long", "lengthy");
    assertThat(SimHash.distance(SimHash.of(STORY), SimHash.of(oneWord))).isLessThanOrEqualTo(10);
  }

  @Test
  void unrelatedTextsAreFarApart() {
    String other =
        "Scientists observed a rare comet passing close to Jupiter this week, and amateur"
            + " astronomers across Europe photographed its bright green tail before dawn on"
            + " Friday morning from mountain observatories.";
    assertThat(SimHash.distance(SimHash.of(STORY), SimHash.of(other))).isGreaterThanOrEqualTo(20);
  }

  @Test
  void ignoresCaseAndPunctuationButNotWords() {
    assertThat(SimHash.of("Hello, World!")).isEqualTo(SimHash.of("hello world"));
    assertThat(SimHash.of("hello world")).isNotEqualTo(SimHash.of("goodbye world"));
  }

  @Test
  void emptyTextIsZero() {
    assertThat(SimHash.of("")).isZero();
    assertThat(SimHash.of(null)).isZero();
    assertThat(SimHash.of(" ... ")).isZero();
  }
}
