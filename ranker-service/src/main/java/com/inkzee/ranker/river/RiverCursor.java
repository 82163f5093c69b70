package com.inkzee.ranker.river;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a river page ended and which snapshot it was computed on, so the next page resumes exactly
 * after the last item even when entries arrived in between (an offset would repeat or skip items).
 *
 * <p>Format (opaque to clients; documented for operators and tests): base64url without padding of
 * the UTF-8 text
 *
 * <pre>
 *   r1:&lt;order&gt;:&lt;key&gt;:&lt;entryId&gt;:&lt;snapshotEpochMillis&gt;:&lt;snapshotMaxId&gt;
 *
 *   order            R (ranked), N (newest), O (oldest)
 *   key              R: the last item's score, 16 hex digits of Double.doubleToRawLongBits
 *                       (exact, so ties resume at the right place)
 *                    N, O: the last item's sortAt as epochSecond.nanos
 *   entryId          the last item's entry id (the tie-breaker), decimal
 *   snapshotEpochMillis  the scoring time of the first page, reused by every later page
 *   snapshotMaxId    the window's highest entry id at the first page: later arrivals (higher ids)
 *                    stay out of the continued river and show on a fresh first page
 * </pre>
 *
 * @param order the order the cursor belongs to
 * @param score the last item's score (RANKED), else 0
 * @param sortAt the last item's sortAt (NEWEST, OLDEST), else null
 * @param entryId the last item's entry id
 * @param snapshotAt the snapshot's scoring time (whole milliseconds)
 * @param snapshotMaxId the snapshot's highest entry id
 */
record RiverCursor(
    RiverOrder order,
    double score,
    Instant sortAt,
    long entryId,
    Instant snapshotAt,
    long snapshotMaxId) {
  private static final String VERSION = "r1";

  /** Longest cursor text quoted back in an error message. */
  private static final int MAX_QUOTED_CHARS = 80;

  RiverCursor {
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(snapshotAt, "snapshotAt");
    if (order != RiverOrder.RANKED) {
      Objects.requireNonNull(sortAt, "sortAt");
    }
  }

  String encode() {
    String key =
        order == RiverOrder.RANKED
            ? String.format(java.util.Locale.ROOT, "%016x", Double.doubleToRawLongBits(score))
            : sortAt.getEpochSecond() + "." + sortAt.getNano();
    String text =
        String.join(
            ":",
            VERSION,
            letter(order),
            key,
            Long.toString(entryId),
            Long.toString(snapshotAt.toEpochMilli()),
            Long.toString(snapshotMaxId));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses a cursor made by {@link #encode}.
   *
   * @throws IllegalArgumentException naming the cursor when it is not one
   */
  static RiverCursor parse(String cursor) {
    Objects.requireNonNull(cursor, "cursor");
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] f = text.split(":", -1);
      if (f.length != 6 || !f[0].equals(VERSION)) {
        throw new IllegalArgumentException("expected 6 fields starting with " + VERSION);
      }
      RiverOrder order = order(f[1]);
      double score = 0;
      Instant sortAt = null;
      if (order == RiverOrder.RANKED) {
        if (f[2].length() != 16) {
          throw new IllegalArgumentException("score key must be 16 hex digits");
        }
        score = Double.longBitsToDouble(Long.parseUnsignedLong(f[2], 16));
        if (Double.isNaN(score)) {
          throw new IllegalArgumentException("score key is not a number");
        }
      } else {
        int dot = f[2].indexOf('.');
        if (dot < 0) {
          throw new IllegalArgumentException("time key must be seconds.nanos");
        }
        sortAt =
            Instant.ofEpochSecond(
                Long.parseLong(f[2].substring(0, dot)), Long.parseLong(f[2].substring(dot + 1)));
      }
      return new RiverCursor(
          order,
          score,
          sortAt,
          Long.parseLong(f[3]),
          Instant.ofEpochMilli(Long.parseLong(f[4])),
          Long.parseLong(f[5]));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      // NumberFormatException and Base64's errors are IllegalArgumentExceptions too.
      throw new IllegalArgumentException(
          "Malformed river cursor \"" + quote(cursor) + "\": " + e.getMessage(), e);
    }
  }

  private static String letter(RiverOrder order) {
    return switch (order) {
      case RANKED -> "R";
      case NEWEST -> "N";
      case OLDEST -> "O";
    };
  }

  private static RiverOrder order(String letter) {
    return switch (letter) {
      case "R" -> RiverOrder.RANKED;
      case "N" -> RiverOrder.NEWEST;
      case "O" -> RiverOrder.OLDEST;
      default -> throw new IllegalArgumentException("unknown order " + letter);
    };
  }

  private static String quote(String cursor) {
    return cursor.length() <= MAX_QUOTED_CHARS
        ? cursor
        : cursor.substring(0, MAX_QUOTED_CHARS) + "…";
  }
}
