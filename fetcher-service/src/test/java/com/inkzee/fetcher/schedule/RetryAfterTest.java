package com.inkzee.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  @Test
  void readsDelaySeconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void readsAnHttpDateInEachForm() {
    assertThat(RetryAfter.parse("Sat, 01 Mar 2025 12:10:00 GMT", NOW))
        .contains(Duration.ofMinutes(10));
    assertThat(RetryAfter.parse("Saturday, 01-Mar-25 12:10:00 GMT", NOW))
        .contains(Duration.ofMinutes(10));
    assertThat(RetryAfter.parse("Sat Mar  1 12:10:00 2025", NOW)).contains(Duration.ofMinutes(10));
  }

  @Test
  void aPastDateOrNegativeSecondsIsZero() {
    assertThat(RetryAfter.parse("Fri, 28 Feb 2025 12:00:00 GMT", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("-30", NOW)).contains(Duration.ZERO);
  }

  @Test
  void longDelaysAreCapped() {
    assertThat(RetryAfter.parse("31536000", NOW)).contains(RetryAfter.MAX_DELAY);
    assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(RetryAfter.MAX_DELAY);
    assertThat(RetryAfter.parse("Wed, 01 Jan 2031 00:00:00 GMT", NOW))
        .contains(RetryAfter.MAX_DELAY);
    assertThat(RetryAfter.parse("7200", NOW, Duration.ofHours(1))).contains(Duration.ofHours(1));
  }

  @Test
  void garbageIsEmpty() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("12.5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("2025-03-01T12:10:00Z", NOW)).isEmpty();
  }
}
