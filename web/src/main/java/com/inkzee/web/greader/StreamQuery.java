package com.inkzee.web.greader;

import java.time.Instant;

/**
 * What a stream call asks for, from the parameters Google Reader apps send (FreshRSS's greader.php
 * and Miniflux's googlereader README list them): {@code n} items (capped: the rest comes with the
 * continuation, so nothing is lost), {@code r=o} oldest first (else newest), {@code xt} / {@code
 * it} excluding or including the read, unread or starred state, {@code ot} / {@code nt} bounds on
 * the crawl time in seconds, {@code c} the continuation. The stream's own state and the filters
 * combine into {@code mustRead} / {@code mustStarred} (null: either).
 */
record StreamQuery(
    StreamId stream,
    int count,
    boolean oldestFirst,
    Boolean mustRead,
    Boolean mustStarred,
    Instant seenFrom,
    Instant seenUntil,
    Continuation continuation) {

  /** Items of one page when an app gives no {@code n}: Google Reader's default. */
  static final int DEFAULT_COUNT = 20;

  static StreamQuery parse(FormParams p, StreamId stream, int maxCount, long userId) {
    int n = count(p.first("n"), maxCount);
    boolean oldest = oldestFirst(p.first("r"));
    Filters f = new Filters();
    if (stream instanceof StreamId.State s) {
      switch (s.name()) {
        case "starred" -> f.starred(true, "the stream");
        case "read" -> f.read(true, "the stream");
        case "unread" -> f.read(false, "the stream");
        default -> throw new IllegalStateException("state " + s.name());
      }
    }
    for (String xt : p.all("xt")) {
      switch (StreamId.normaliseUser(xt, userId)) {
        case StreamId.READ -> f.read(false, "xt");
        case StreamId.UNREAD, StreamId.KEPT_UNREAD -> f.read(true, "xt");
        case StreamId.STARRED -> f.starred(false, "xt");
        default -> throw unsupported("xt", xt);
      }
    }
    for (String it : p.all("it")) {
      switch (StreamId.normaliseUser(it, userId)) {
        case StreamId.READ -> f.read(true, "it");
        case StreamId.UNREAD, StreamId.KEPT_UNREAD -> f.read(false, "it");
        case StreamId.STARRED -> f.starred(true, "it");
        default -> throw unsupported("it", it);
      }
    }
    Instant from = seconds(p.first("ot"), "ot");
    Instant until = seconds(p.first("nt"), "nt");
    Continuation c = Continuation.decode(p.first("c"));
    if (c != null
        && c.kind() != Continuation.Kind.RANKED
        && (c.kind() == Continuation.Kind.OLDEST) != oldest) {
      throw GReaderException.badRequest(
          "c was given for " + (oldest ? "newest" : "oldest") + " first; r must stay as it was");
    }
    return new StreamQuery(stream, n, oldest, f.read, f.starred, from, until, c);
  }

  private static GReaderException unsupported(String param, String value) {
    return GReaderException.badRequest(
        param
            + " '"
            + ItemIds.abbreviate(value)
            + "' is not supported; use "
            + StreamId.READ
            + ", "
            + StreamId.UNREAD
            + " or "
            + StreamId.STARRED);
  }

  /** Combines state conditions, refusing contradictions (read and not read). */
  private static final class Filters {
    Boolean read;
    Boolean starred;

    void read(boolean v, String from) {
      if (read != null && read != v) {
        throw GReaderException.badRequest(from + " contradicts the other read/unread filters");
      }
      read = v;
    }

    void starred(boolean v, String from) {
      if (starred != null && starred != v) {
        throw GReaderException.badRequest(from + " contradicts the other starred filters");
      }
      starred = v;
    }
  }

  static int count(String text, int max) {
    if (text == null || text.isBlank()) {
      return Math.min(DEFAULT_COUNT, max);
    }
    try {
      long v = Long.parseLong(text.strip());
      if (v > 0) {
        return (int) Math.min(v, max);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw GReaderException.badRequest(
        "n must be a positive whole number (at most "
            + max
            + " are sent per page), not '"
            + ItemIds.abbreviate(text)
            + "'");
  }

  static boolean oldestFirst(String r) {
    if (r == null || r.isEmpty() || r.equals("d") || r.equals("n")) {
      return false;
    }
    if (r.equals("o")) {
      return true;
    }
    throw GReaderException.badRequest(
        "r must be o (oldest first), d or n (newest first), not '" + ItemIds.abbreviate(r) + "'");
  }

  static Instant seconds(String text, String param) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      long v = Long.parseLong(text.strip());
      if (v >= 0 && v < 100_000_000_000L) {
        return Instant.ofEpochSecond(v);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw GReaderException.badRequest(
        param + " must be a Unix time in seconds, not '" + ItemIds.abbreviate(text) + "'");
  }
}
