package com.inkzee.store.db;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The times the store keeps, one range for both engines: years 1 to 9999 UTC (RFC 3339's four-digit
 * years). PostgreSQL's {@code timestamptz} holds 4713 BC to 294276 AD and H2's far more, so without
 * one range a feed dated "-10000-01-01" was stored on H2 and failed every ingest of its feed on
 * PostgreSQL. What the store does with a time outside it depends on what the time is:
 *
 * <ul>
 *   <li>an entry's dates are the feed's claims: cleaned to null (and counted as cleaned), like a
 *       NUL in a title;
 *   <li>a query bound (from, until, upTo, a cursor's sortAt) is clamped by {@link #bound}, to just
 *       outside the range, where it compares with every stored time as the original did;
 *   <li>a time the store would keep as given (a fetcher's next fetch, a session's expiry, an alert
 *       hit's time) is refused with {@link #require}: its sender has a bug.
 * </ul>
 */
public final class StoredTimes {
  /** The earliest time kept: 0001-01-01T00:00:00Z. */
  public static final Instant MIN = LocalDate.of(1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

  /** The first time past the range: 10000-01-01T00:00:00Z (exclusive). */
  public static final Instant END =
      LocalDate.of(10_000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

  /**
   * Where a low query bound is clamped to: a year before {@link #MIN}, below every kept time and
   * still well inside both engines' range (a bound of exactly MIN would leave out, under {@code >},
   * a time kept at MIN).
   */
  static final Instant BOUND_MIN = LocalDate.of(0, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();

  private StoredTimes() {}

  /** Whether {@code t} (null included) can be kept as it is. */
  public static boolean storable(Instant t) {
    return t == null || (!t.isBefore(MIN) && t.isBefore(END));
  }

  /**
   * A query bound moved into what both engines compare, without changing its answer: below the
   * range it becomes {@link #BOUND_MIN}, past it {@link #END}; both still lie beyond every kept
   * time.
   */
  public static Instant bound(Instant t) {
    if (t == null) {
      return null;
    }
    if (t.isBefore(BOUND_MIN)) {
      return BOUND_MIN;
    }
    return t.isAfter(END) ? END : t;
  }

  /** {@code t} if {@link #storable}; else IllegalArgumentException naming the field and range. */
  public static Instant require(String field, Instant t) {
    if (!storable(t)) {
      throw new IllegalArgumentException(field + " is " + t + ", outside " + range());
    }
    return t;
  }

  /** Whether {@code t} may be bound into a statement: kept, or a clamped bound. */
  static boolean bindable(Instant t) {
    return !t.isBefore(BOUND_MIN) && !t.isAfter(END);
  }

  static String range() {
    return "the supported range, years 1 to 9999 UTC (from " + MIN + ", before " + END + ")";
  }
}
