package com.inkzee.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HostBackoffTest {
  private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = T0;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aThrottledHostHoldsBackEveryFeedOnIt() {
    ManualClock clock = new ManualClock();
    HostBackoff backoff = new HostBackoff(clock);

    backoff.throttled("Blog.Example", Duration.ofSeconds(120));

    assertThat(backoff.notBefore("blog.example")).isEqualTo(T0.plusSeconds(120));
    assertThat(backoff.notBefore("other.example")).isBefore(T0);
  }

  @Test
  void eachSuccessHalvesThePenaltyUntilTheHostIsForgotten() {
    ManualClock clock = new ManualClock();
    HostBackoff backoff = new HostBackoff(clock);
    backoff.throttled("h", Duration.ofSeconds(8));

    clock.now = T0.plusSeconds(8);
    backoff.succeeded("h");
    assertThat(backoff.penalty("h")).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.notBefore("h")).isEqualTo(clock.now.plusSeconds(4));
    backoff.succeeded("h");
    backoff.succeeded("h");
    assertThat(backoff.penalty("h")).isEqualTo(Duration.ofSeconds(1));
    backoff.succeeded("h");
    assertThat(backoff.penalty("h")).isZero();
    assertThat(backoff.size()).isZero();
  }

  @Test
  void withoutRetryAfterThePenaltyDoublesUpToTheCap() {
    ManualClock clock = new ManualClock();
    HostBackoff backoff = new HostBackoff(clock, 100, Duration.ofMinutes(50));
    backoff.throttled("h", null);
    assertThat(backoff.penalty("h")).isEqualTo(HostBackoff.DEFAULT_PENALTY);
    backoff.throttled("h", null);
    assertThat(backoff.penalty("h")).isEqualTo(Duration.ofMinutes(20));
    backoff.throttled("h", null);
    backoff.throttled("h", null);
    assertThat(backoff.penalty("h")).isEqualTo(Duration.ofMinutes(50));
    backoff.throttled("h", Duration.ofHours(3));
    assertThat(backoff.penalty("h")).isEqualTo(Duration.ofMinutes(50));
  }

  /** A penalty decayed by successes doubles from the default again, never from a few seconds. */
  @Test
  void withoutRetryAfterThePenaltyIsNeverBelowTheDefault() {
    ManualClock clock = new ManualClock();
    HostBackoff backoff = new HostBackoff(clock);
    assertThat(backoff.throttled("h", Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.throttled("h", null)).isEqualTo(HostBackoff.DEFAULT_PENALTY);
  }

  @Test
  void aShorterRetryAfterDoesNotShortenAnActivePenalty() {
    HostBackoff backoff = new HostBackoff(new ManualClock());
    backoff.throttled("h", Duration.ofMinutes(10));
    backoff.throttled("h", Duration.ofSeconds(5));
    assertThat(backoff.penalty("h")).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void memoryIsBoundedByEvictingTheLeastRecentHost() {
    HostBackoff backoff = new HostBackoff(new ManualClock(), 3, Duration.ofHours(1));
    for (int i = 0; i < 1000; i++) {
      backoff.throttled("host" + i, Duration.ofMinutes(1));
    }
    assertThat(backoff.size()).isEqualTo(3);
    assertThat(backoff.penalty("host999")).isEqualTo(Duration.ofMinutes(1));
    assertThat(backoff.penalty("host0")).isZero();
  }
}
