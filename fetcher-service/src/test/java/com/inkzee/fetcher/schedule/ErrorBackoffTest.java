package com.inkzee.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorBackoffTest {
  @Test
  void theCeilingDoublesFromTheBaseToTheCap() {
    ErrorBackoff b = new ErrorBackoff(new SplittableRandom(1));
    assertThat(b.ceiling(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(b.ceiling(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(b.ceiling(5)).isEqualTo(Duration.ofMinutes(16));
    assertThat(b.ceiling(11)).isEqualTo(Duration.ofMinutes(1024));
    assertThat(b.ceiling(12)).isEqualTo(Duration.ofHours(24));
    assertThat(b.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void delaysAreSpreadOverTheWholeRange() {
    ErrorBackoff b = new ErrorBackoff(new SplittableRandom(7));
    Duration lo = Duration.ofDays(1);
    Duration hi = Duration.ZERO;
    for (int i = 0; i < 2000; i++) {
      Duration d = b.delay(6); // ceiling 32 min
      assertThat(d).isBetween(Duration.ofMinutes(1), Duration.ofMinutes(32));
      lo = d.compareTo(lo) < 0 ? d : lo;
      hi = d.compareTo(hi) > 0 ? d : hi;
    }
    assertThat(lo).isLessThan(Duration.ofMinutes(3));
    assertThat(hi).isGreaterThan(Duration.ofMinutes(29));
  }

  @Test
  void afterManyFailuresAFeedIsStillTriedDaily() {
    ErrorBackoff b = new ErrorBackoff(new SplittableRandom(3));
    Instant now = Instant.parse("2025-03-01T00:00:00Z");
    for (int failures = 1; failures < 10_000; failures += 97) {
      assertThat(b.nextAttempt(failures, now)).isBeforeOrEqualTo(now.plus(Duration.ofHours(24)));
    }
  }
}
