package com.inkzee.store.entries;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks of caller input against {@link com.inkzee.rpc.api.store.StoreLimits}; a failure is an
 * IllegalArgumentException whose message names the field, its size and the limit, and becomes
 * INVALID_ARGUMENT on the wire.
 */
public final class InputLimits {
  private InputLimits() {}

  public static void maxBytes(String field, String value, int limit) {
    if (value == null) {
      return;
    }
    // Cheap bound first: a char is at most 3 UTF-8 bytes, at least 1.
    if (value.length() * 3 <= limit) {
      return;
    }
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limit) {
      throw new IllegalArgumentException(
          field + " is " + bytes + " bytes, over the limit of " + limit + " bytes");
    }
  }

  public static void required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  public static void maxCount(String field, List<?> values, int limit) {
    if (values != null && values.size() > limit) {
      throw new IllegalArgumentException(
          field + " has " + values.size() + " elements, over the limit of " + limit);
    }
  }

  public static void range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " is " + value + ", outside the allowed " + min + ".." + max);
    }
  }
}
