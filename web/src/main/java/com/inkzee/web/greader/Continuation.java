package com.inkzee.web.greader;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code c} of a stream: where the next page starts. Two kinds: a keyset position in id
 * order ({@code newest} or {@code oldest} first, the last id sent: the next page is strictly past
 * it, so paging returns every item exactly once however items arrive meanwhile), or the ranker's
 * own river cursor for the ranked order. It is base64url text, so apps pass it back unchanged.
 */
record Continuation(Kind kind, long lastId, String rankerCursor) {
  enum Kind {
    NEWEST,
    OLDEST,
    RANKED
  }

  static Continuation byId(boolean oldestFirst, long lastId) {
    return new Continuation(oldestFirst ? Kind.OLDEST : Kind.NEWEST, lastId, null);
  }

  static Continuation ranked(String cursor) {
    return new Continuation(Kind.RANKED, 0, cursor);
  }

  String encode() {
    String raw =
        switch (kind) {
          case NEWEST -> "n:" + lastId;
          case OLDEST -> "o:" + lastId;
          case RANKED -> "r:" + rankerCursor;
        };
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a {@code c} this server gave; null for null or empty; 400 for anything else. */
  static Continuation decode(String c) {
    if (c == null || c.isBlank()) {
      return null;
    }
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(c.strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw notOurs(c);
    }
    if (raw.startsWith("r:") && raw.length() > 2) {
      return ranked(raw.substring(2));
    }
    if (raw.startsWith("n:") || raw.startsWith("o:")) {
      try {
        long id = Long.parseLong(raw.substring(2));
        if (id > 0) {
          return byId(raw.startsWith("o:"), id);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw notOurs(c);
  }

  private static GReaderException notOurs(String c) {
    return GReaderException.badRequest(
        "c '"
            + ItemIds.abbreviate(c)
            + "' is not a continuation this server gave; pass back the last answer's"
            + " continuation unchanged");
  }
}
