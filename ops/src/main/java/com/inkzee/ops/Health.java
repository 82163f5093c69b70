package com.inkzee.ops;

import java.util.Objects;

/**
 * The answer of one {@link HealthCheck}: up or down, with a short detail for the operator ("3 of 3
 * connections", "connection refused"). Never a stack trace, never a secret.
 */
public record Health(boolean up, String detail) {
  public Health {
    Objects.requireNonNull(detail, "detail");
  }

  public static Health up(String detail) {
    return new Health(true, detail);
  }

  public static Health down(String detail) {
    return new Health(false, detail);
  }
}
