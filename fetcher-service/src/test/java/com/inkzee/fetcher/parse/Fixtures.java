package com.inkzee.fetcher.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Test fixtures of this package (src/test/resources/com/inkzee/fetcher/parse) and a clock. */
final class Fixtures {
  /** "Now" for every parser test: dates after this (plus the tolerance) are in the future. */
  static final Instant NOW = Instant.parse("2025-12-01T00:00:00Z");

  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Fixtures() {}

  static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("missing fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A UTF-8 fixture with {{NAME}} placeholders replaced. */
  static byte[] bytes(String name, String placeholder, String value) {
    String text = new String(bytes(name), StandardCharsets.UTF_8);
    if (!text.contains("{{" + placeholder + "}}")) {
      throw new AssertionError(name + " has no {{" + placeholder + "}}");
    }
    return text.replace("{{" + placeholder + "}}", value).getBytes(StandardCharsets.UTF_8);
  }
}
