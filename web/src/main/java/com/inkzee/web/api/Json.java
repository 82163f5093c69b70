package com.inkzee.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.inkzee.web.http.WebRequest;
import com.inkzee.web.http.WebResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out: request bodies read into records (unknown fields refused, so a typo is a clear
 * 400), answers written with times as ISO-8601 strings.
 */
public final class Json {
  static final String CONTENT_TYPE = "application/json; charset=utf-8";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private Json() {}

  /** The body as a {@code type}; 415 unless it is JSON, 400 naming the problem if it is not. */
  public static <T> T read(WebRequest r, Class<T> type) {
    String ct = r.header("Content-Type");
    if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(415, "unsupported_media_type", "send the body as application/json");
    }
    if (r.body().length == 0) {
      throw ApiException.badRequest("the request body is empty; a JSON object is expected");
    }
    try {
      T value = MAPPER.readValue(r.body(), type);
      if (value == null) {
        throw ApiException.badRequest("a JSON object is expected, not null");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.badRequest(
          "unknown field '" + e.getPropertyName() + "'; expected " + e.getKnownPropertyIds());
    } catch (MismatchedInputException e) {
      // Well-formed JSON of the wrong shape: say which field and what it takes, in the API's
      // words, not Jackson's (which name our Java classes).
      throw ApiException.badRequest(mismatch(e));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable body: " + e.getMessage());
    }
  }

  /**
   * {@code field: what it takes}, e.g. {@code action: 'BLOCK' is not valid; expected one of HIDE,
   * MARK_READ, STAR, KEEP}, or {@code read: expected true or false} for a value of the wrong type.
   */
  static String mismatch(MismatchedInputException e) {
    String field = fieldPath(e.getPath());
    Class<?> target = e.getTargetType();
    if (field.isEmpty()) {
      return "a JSON object is expected";
    }
    String expected = "expected " + expected(target);
    if (e instanceof InvalidFormatException bad && bad.getValue() != null) {
      return field + ": '" + clip(String.valueOf(bad.getValue())) + "' is not valid; " + expected;
    }
    return field + ": " + expected;
  }

  /**
   * A value quoted back in an error, cut after 40 characters (whole ones: never half a surrogate
   * pair), so a hostile request cannot make its error message as big as itself.
   */
  static String clip(String value) {
    if (value.codePointCount(0, value.length()) <= 40) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, 40)) + "…";
  }

  /** {@code entryIds[2]}, {@code filter.action}: the field as the body spells it. */
  private static String fieldPath(List<JsonMappingException.Reference> path) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      if (ref.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (type.isEnum()) {
      StringBuilder b = new StringBuilder("one of ");
      Object[] values = type.getEnumConstants();
      for (int i = 0; i < values.length; i++) {
        b.append(i == 0 ? "" : ", ").append(values[i]);
      }
      return b.toString();
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == int.class
        || type == Integer.class
        || type == long.class
        || type == Long.class
        || type == short.class
        || type == Short.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class || type == float.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
      return "an ISO-8601 time such as 2025-01-01T08:00:00Z";
    }
    return "a JSON object";
  }

  /** {@code value} as a JSON response with {@code status}. */
  public static WebResponse response(int status, Object value) {
    try {
      return new WebResponse(status, CONTENT_TYPE, MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass() + " as JSON", e);
    }
  }

  public static WebResponse ok(Object value) {
    return response(200, value);
  }

  /** A JSON object from alternating keys and values, in that order. */
  public static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** The error shape every failure uses. */
  public static WebResponse error(ApiException e) {
    WebResponse r = response(e.status(), object("error", e.code(), "message", e.getMessage()));
    if (e.status() == 503) {
      r.header("Retry-After", "5");
    }
    return r;
  }
}
