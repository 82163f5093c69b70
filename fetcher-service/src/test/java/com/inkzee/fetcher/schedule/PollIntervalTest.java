package com.inkzee.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.config.Env;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PollIntervalTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  /** No jitter, so the arithmetic shows. */
  private static final PollInterval EXACT =
      new PollInterval(
          PollInterval.DEFAULT_MIN, PollInterval.DEFAULT_MAX, 0, new SplittableRandom(1));

  private static List<Instant> every(Duration gap, int count) {
    List<Instant> dates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      dates.add(NOW.minus(gap.multipliedBy(i)));
    }
    return dates;
  }

  @Test
  void pollsAtHalfTheMeanGap() {
    assertThat(EXACT.next(every(Duration.ofHours(4), 10), null, null, null, null, NOW).delay())
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void aQuietFeedSlowsDown() {
    List<Instant> oldBurst =
        every(Duration.ofMinutes(30), 10).stream().map(d -> d.minus(Duration.ofHours(10))).toList();
    assertThat(EXACT.next(oldBurst, null, null, null, null, NOW).delay())
        .isEqualTo(Duration.ofHours(5));
  }

  @Test
  void staysWithinTheBounds() {
    assertThat(EXACT.next(every(Duration.ofMinutes(1), 20), null, null, null, null, NOW).delay())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(EXACT.next(every(Duration.ofDays(30), 5), null, null, null, null, NOW).delay())
        .isEqualTo(Duration.ofHours(24));
  }

  @Test
  void neverPollsMoreOftenThanThePublisherAllows() {
    List<Instant> busy = every(Duration.ofMinutes(20), 20);
    assertThat(EXACT.next(busy, Duration.ofHours(3), null, null, null, NOW).delay())
        .isEqualTo(Duration.ofHours(3));
    assertThat(EXACT.next(busy, null, Duration.ofHours(1), null, null, NOW).delay())
        .isEqualTo(Duration.ofHours(1));
    assertThat(EXACT.next(busy, null, null, NOW.plus(Duration.ofMinutes(45)), null, NOW).delay())
        .isEqualTo(Duration.ofMinutes(45));
    // ...but only down to the max: a ttl of a week still polls daily.
    assertThat(EXACT.next(busy, Duration.ofDays(7), null, null, null, NOW).delay())
        .isEqualTo(Duration.ofHours(24));
  }

  @Test
  void keepsThePreviousIntervalWithoutDates() {
    assertThat(EXACT.next(List.of(), null, null, null, Duration.ofHours(6), NOW).delay())
        .isEqualTo(Duration.ofHours(6));
    assertThat(EXACT.next(List.of(NOW), null, null, null, null, NOW).delay())
        .isEqualTo(PollInterval.DEFAULT_INTERVAL);
  }

  @Test
  void ignoresDatesFarInTheFuture() {
    List<Instant> dates = new ArrayList<>(every(Duration.ofHours(4), 10));
    dates.add(NOW.plus(Duration.ofDays(3650)));
    assertThat(EXACT.next(dates, null, null, null, null, NOW).delay())
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void jittersEveryIntervalByAtMostTenPercentWithoutBreakingABound() {
    RandomGenerator random = new SplittableRandom(42);
    PollInterval jittered = new PollInterval(random);
    List<Instant> dates = every(Duration.ofHours(4), 10);
    Duration lo = Duration.ofDays(1);
    Duration hi = Duration.ZERO;
    for (int i = 0; i < 1000; i++) {
      Duration d = jittered.next(dates, null, null, null, null, NOW).delay();
      assertThat(d).isBetween(Duration.ofMinutes(108), Duration.ofMinutes(132));
      lo = d.compareTo(lo) < 0 ? d : lo;
      hi = d.compareTo(hi) > 0 ? d : hi;
      Duration floored = jittered.next(dates, Duration.ofHours(3), null, null, null, NOW).delay();
      assertThat(floored).isBetween(Duration.ofHours(3), Duration.ofMinutes(198));
    }
    assertThat(lo).isLessThan(Duration.ofMinutes(110));
    assertThat(hi).isGreaterThan(Duration.ofMinutes(130));
  }

  /**
   * The interval learnt once is what comes back as {@code previous} on every 304: the jittered
   * value once did, and five hundred polls made it a random walk (×0.56 to ×1.8 after a hundred).
   */
  @Test
  void theIntervalFedBackStaysPutAndOnlyTheWaitIsJittered() {
    PollInterval jittered = new PollInterval(new SplittableRandom(3));
    Duration start = Duration.ofHours(2);
    Duration previous = start;
    for (int i = 0; i < 500; i++) {
      PollInterval.Schedule s = jittered.next(List.of(), null, null, null, previous, NOW);
      assertThat(s.delay()).isBetween(Duration.ofMinutes(108), Duration.ofMinutes(132));
      previous = s.interval();
    }
    assertThat(previous).isEqualTo(start);
  }

  @Nested
  class FromEnv {
    private PollInterval read(Map<String, String> vars) {
      return PollInterval.fromEnv(new Env(vars), new SplittableRandom(7));
    }

    @Test
    void refusesAMinimumUnderAMinuteByDefault() {
      assertThatThrownBy(() -> read(Map.of("INKZEE_FETCH_MIN_INTERVAL_SECONDS", "59")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("INKZEE_FETCH_MIN_INTERVAL_SECONDS=59 must be at least 60")
          .hasMessageContaining("INKZEE_FETCH_INTERVAL_FLOOR_SECONDS");
    }

    @Test
    void aLoweredFloorAllowsSecondsAndEqualBoundsRemoveTheJitter() {
      PollInterval fast =
          read(
              Map.of(
                  "INKZEE_FETCH_INTERVAL_FLOOR_SECONDS", "1",
                  "INKZEE_FETCH_MIN_INTERVAL_SECONDS", "2",
                  "INKZEE_FETCH_MAX_INTERVAL_SECONDS", "2"));
      for (int i = 0; i < 100; i++) {
        assertThat(fast.next(every(Duration.ofHours(4), 10), null, null, null, null, NOW).delay())
            .isEqualTo(Duration.ofSeconds(2));
        assertThat(fast.next(List.of(), null, null, null, null, NOW).delay())
            .isEqualTo(Duration.ofSeconds(2));
      }
    }

    @Test
    void theFloorStillBoundsTheMinimum() {
      assertThatThrownBy(
              () ->
                  read(
                      Map.of(
                          "INKZEE_FETCH_INTERVAL_FLOOR_SECONDS", "10",
                          "INKZEE_FETCH_MIN_INTERVAL_SECONDS", "5")))
          .hasMessageContaining("INKZEE_FETCH_MIN_INTERVAL_SECONDS=5 must be at least 10");
    }

    @Test
    void theFloorCannotBeRaisedOrZeroed() {
      assertThatThrownBy(() -> read(Map.of("INKZEE_FETCH_INTERVAL_FLOOR_SECONDS", "0")))
          .hasMessageContaining("INKZEE_FETCH_INTERVAL_FLOOR_SECONDS=0 is outside 1..60");
      assertThatThrownBy(() -> read(Map.of("INKZEE_FETCH_INTERVAL_FLOOR_SECONDS", "61")))
          .hasMessageContaining("INKZEE_FETCH_INTERVAL_FLOOR_SECONDS=61 is outside 1..60");
    }

    @Test
    void defaultsAreTenMinutesToADay() {
      PollInterval defaults = read(Map.of());
      Duration quiet =
          defaults.next(every(Duration.ofDays(30), 5), null, null, null, null, NOW).delay();
      Duration busy =
          defaults.next(every(Duration.ofSeconds(1), 20), null, null, null, null, NOW).delay();
      // Jitter (+-10%) applies after the bounds, and is clamped back inside them.
      assertThat(quiet).isBetween(Duration.ofMinutes(1296), Duration.ofHours(24));
      assertThat(busy).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
    }
  }
}
