package com.inkzee.fetcher.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): either delay-seconds or an
 * HTTP-date. The result is a delay from {@code now}, never negative, and capped at {@link
 * #MAX_DELAY} so one hostile header cannot park a host for years.
 */
public final class RetryAfter {
  /**
   * 24 hours: the longest the fetcher honours, the same as the longest poll interval, so a feed is
   * still tried daily.
   */
  public static final Duration MAX_DELAY = Duration.ofHours(24);

  /** IMF-fixdate first, then the two obsolete forms RFC 9110 says recipients must accept. */
  private static final List<DateTimeFormatter> DATE_FORMATS =
      List.of(
          DateTimeFormatter.RFC_1123_DATE_TIME,
          DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US),
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
              .withZone(java.time.ZoneOffset.UTC));

  private RetryAfter() {}

  /** The delay the header asks for, capped at {@link #MAX_DELAY}; empty if absent or garbage. */
  public static Optional<Duration> parse(String header, Instant now) {
    return parse(header, now, MAX_DELAY);
  }

  /** As {@link #parse(String, Instant)} with another cap. */
  public static Optional<Duration> parse(String header, Instant now, Duration cap) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(cap, "cap");
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.matches("-?[0-9]{1,30}")) {
      if (value.startsWith("-")) {
        return Optional.of(Duration.ZERO);
      }
      // More digits than a long holds is still "a very long time": the cap.
      Duration d =
          value.length() > 15 ? cap : Duration.ofSeconds(Long.parseLong(value)); // 10^15 s > cap
      return Optional.of(min(d, cap));
    }
    for (DateTimeFormatter f : DATE_FORMATS) {
      try {
        Instant at = ZonedDateTime.parse(value, f).toInstant();
        Duration d = Duration.between(now, at);
        return Optional.of(d.isNegative() ? Duration.ZERO : min(d, cap));
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return Optional.empty();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
