package com.inkzee.ranker.digest;

import static com.inkzee.ranker.digest.Entries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadingTimeTest {
  @Test
  void readsAtTheDocumentedRate() {
    assertThat(ReadingTime.secondsForWords(238)).isEqualTo(60);
    assertThat(ReadingTime.secondsForWords(2_380)).isEqualTo(600);
    assertThat(ReadingTime.secondsForWords(1_000)).isEqualTo(253); // 252.1 rounded up
  }

  @Test
  void neverBelowTheSkimmingFloor() {
    assertThat(ReadingTime.secondsForWords(0)).isEqualTo(ReadingTime.MIN_SECONDS);
    assertThat(ReadingTime.secondsForWords(10)).isEqualTo(15);
    assertThat(ReadingTime.secondsForWords(60)).isEqualTo(16); // 15.1 s: above the floor
  }

  @Test
  void usesTheEntrysWordCountWhenKnown() {
    assertThat(ReadingTime.seconds(entry(1, "t", "short text", 476))).isEqualTo(120);
  }

  @Test
  void fallsBackToTextLengthWhenWordCountIsUnknown() {
    String text = "x".repeat(1_800); // 300 words of 6 characters: 75.6 s
    assertThat(ReadingTime.seconds(entry(1, "t", text, 0))).isEqualTo(76);
    assertThat(ReadingTime.wordsInText("  ")).isZero();
    assertThat(ReadingTime.seconds(entry(2, "t", "", 0))).isEqualTo(ReadingTime.MIN_SECONDS);
  }

  @Test
  void hugeWordCountsDoNotOverflow() {
    assertThat(ReadingTime.secondsForWords(Integer.MAX_VALUE)).isEqualTo(541_382_433);
  }

  @Test
  void rejectsNegativeWordCounts() {
    assertThatThrownBy(() -> ReadingTime.seconds(entry(7, "t", "", -1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 7")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> ReadingTime.secondsForWords(-5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
