package com.inkzee.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * Prints a command's {@code --json} document: one JSON object, indented, keys in the order of the
 * record components that define its shape (docs/CLI.md lists every shape). Times are ISO-8601 UTC
 * strings, absent values {@code null}.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  public static void print(PrintWriter out, Object document) {
    try {
      out.println(MAPPER.writeValueAsString(document));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + document.getClass().getSimpleName(), e);
    }
  }

  /** {@code instant} as ISO-8601 text, or null. */
  public static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
