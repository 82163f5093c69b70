package com.inkzee.web.greader;

import com.inkzee.web.http.WebRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A call's parameters as the dialect reads them: the query string and, for a form POST, the body
 * ({@code application/x-www-form-urlencoded}), merged, every name possibly repeated ({@code i},
 * {@code s}, {@code a} are lists). A body in another format is refused rather than ignored, so that
 * nothing an app sent is silently dropped.
 */
final class FormParams {
  /** Most values of one repeated parameter we read (ids beyond are refused by the callers). */
  static final int MAX_PARAMETERS = 20_000;

  private final Map<String, List<String>> values;

  private FormParams(Map<String, List<String>> values) {
    this.values = values;
  }

  /** The query string's parameters only: for a call whose body is a document, not a form. */
  static FormParams ofQuery(WebRequest r) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    r.query().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    return new FormParams(all);
  }

  static FormParams of(WebRequest r) {
    Map<String, List<String>> all = new LinkedHashMap<>();
    r.query().forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    if (r.body().length > 0) {
      String ct = r.header("Content-Type");
      String type = ct == null ? "" : ct.toLowerCase(Locale.ROOT);
      if (!type.isEmpty() && !type.startsWith("application/x-www-form-urlencoded")) {
        throw new GReaderException(
            415, "send the parameters as application/x-www-form-urlencoded, not " + ct);
      }
      QueryStringDecoder body =
          new QueryStringDecoder(
              new String(r.body(), StandardCharsets.UTF_8),
              StandardCharsets.UTF_8,
              false,
              MAX_PARAMETERS);
      Map<String, List<String>> fields;
      try {
        fields = body.parameters(); // decoded here, lazily: where a bad escape throws
      } catch (IllegalArgumentException e) {
        // Netty's message quotes the whole body, which may hold the password: not repeated.
        throw GReaderException.badRequest(
            "the form body is not validly percent-encoded: a % must be followed by two hex digits"
                + " (%25 for % itself)");
      }
      fields.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }
    return new FormParams(all);
  }

  /** The first value of {@code name}, or null when absent. */
  String first(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The first non-blank value of {@code name}; 400 naming it when there is none. */
  String required(String name, String what) {
    String v = first(name);
    if (v == null || v.isBlank()) {
      throw GReaderException.badRequest(name + " is required: " + what);
    }
    return v;
  }

  /** Every value of {@code name} in the order sent, empty ones included (titles align with ids). */
  List<String> raw(String name) {
    List<String> v = values.get(name);
    return v == null ? List.of() : List.copyOf(v);
  }

  /** Every value of {@code name} in the order sent (empty values left out). */
  List<String> all(String name) {
    List<String> v = values.get(name);
    if (v == null) {
      return List.of();
    }
    return v.stream().filter(s -> !s.isEmpty()).toList();
  }
}
