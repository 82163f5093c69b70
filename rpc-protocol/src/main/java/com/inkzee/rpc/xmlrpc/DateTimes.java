package com.inkzee.rpc.xmlrpc;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dateTime.iso8601} ↔ {@link Instant}. The spec's form has no time zone; Inkzee's times are
 * UTC instants, so this side writes UTC and reads a zone-less value as UTC.
 *
 * <p>Written: {@code 20260126T14:08:55} (the spec's basic form, which every client parses), with
 * {@code .ffffff} appended only when the instant has a fraction of a second (microseconds: the
 * catalogue's resolution), so whole-second times stay in the strictest form and finer ones survive
 * a round trip. Read: basic ({@code 20260126T14:08:55}) or extended ({@code 2026-01-26T14:08:55})
 * date and time, an optional fraction of up to 9 digits, and an optional {@code Z} or {@code
 * ±hh:mm}/{@code ±hhmm} offset.
 */
public final class DateTimes {
  private static final Pattern FORM =
      Pattern.compile(
          "(\\d{4})-?(\\d{2})-?(\\d{2})T(\\d{2}):?(\\d{2}):?(\\d{2})(?:[.,](\\d{1,9}))?"
              + "(Z|[+-]\\d{2}(?::?\\d{2})?)?");
  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private DateTimes() {}

  /** The 8-digit date form has no room for years outside 0000..9999: those are refused. */
  public static String format(Instant t) {
    if (t.isBefore(FIRST) || t.isAfter(LAST)) {
      throw new IllegalArgumentException("dateTime.iso8601 cannot carry the instant " + t);
    }
    String whole = BASIC.format(t);
    int micros = t.getNano() / 1000;
    return micros == 0 ? whole : whole + String.format(".%06d", micros);
  }

  public static Instant parse(String s) {
    Matcher m = FORM.matcher(s);
    if (!m.matches()) {
      throw XmlRpcFault.invalid("bad <dateTime.iso8601> value: " + XmlRpcParser.quote(s));
    }
    try {
      String fraction = m.group(7) == null ? "" : m.group(7);
      int nanos =
          fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6)),
              nanos);
      ZoneOffset offset =
          m.group(8) == null || m.group(8).equals("Z")
              ? ZoneOffset.UTC
              : ZoneOffset.of(m.group(8).length() == 3 ? m.group(8) : withColon(m.group(8)));
      Instant t = local.toInstant(offset);
      // An offset can carry a value written in years 0000..9999 past them in UTC: such an
      // instant would be stored, then fail every answer that tries to write it back (format).
      if (t.isBefore(FIRST) || t.isAfter(LAST)) {
        throw XmlRpcFault.invalid(
            "<dateTime.iso8601> value "
                + XmlRpcParser.quote(s)
                + " is "
                + t
                + " in UTC, outside the years 0000..9999 it can carry");
      }
      return t;
    } catch (DateTimeException e) {
      throw XmlRpcFault.invalid(
          "bad <dateTime.iso8601> value: " + XmlRpcParser.quote(s) + ": " + e.getMessage());
    }
  }

  private static String withColon(String offset) {
    return offset.contains(":") ? offset : offset.substring(0, 3) + ":" + offset.substring(3);
  }
}
