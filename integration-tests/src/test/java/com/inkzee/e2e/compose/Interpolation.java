package com.inkzee.e2e.compose;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's variable interpolation of one value, as {@code docker compose config} does it: {@code
 * ${VAR}}, {@code $VAR}, {@code ${VAR:-default}} (default when unset or empty), {@code
 * ${VAR-default}} (default when unset), {@code ${VAR:?message}} and {@code ${VAR?message}} (an
 * error), and {@code $$} for a literal dollar. An unset variable without a default is empty, as
 * compose has it (compose also warns).
 *
 * <p>The variables are what the test passes, never the test JVM's own environment, so a run does
 * not depend on the shell it was started from.
 */
public final class Interpolation {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\$(?:(\\$)|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

  private final Map<String, String> variables;

  public Interpolation(Map<String, String> variables) {
    this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
  }

  /**
   * The value with every reference replaced. IllegalArgumentException for a required variable that
   * is missing ({@code ${VAR?err}}) or a malformed reference, as compose refuses both.
   */
  public String apply(String value) {
    if (value == null || value.indexOf('$') < 0) {
      return value;
    }
    if (REFERENCE.matcher(value).replaceAll("").contains("${")) {
      throw new IllegalArgumentException("invalid interpolation format in " + value);
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(resolve(m, value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The variable as given, or null if it is not set (for pass-through entries). */
  public String lookup(String name) {
    return variables.get(name);
  }

  private String resolve(Matcher m, String whole) {
    if (m.group(1) != null) {
      return "$";
    }
    String name = m.group(2) != null ? m.group(2) : m.group(5);
    String op = m.group(3);
    String arg = m.group(4) == null ? "" : m.group(4);
    String value = variables.get(name);
    boolean unset = value == null;
    boolean empty = unset || value.isEmpty();
    if (op == null) {
      return unset ? "" : value;
    }
    return switch (op) {
      case ":-" -> empty ? apply(arg) : value;
      case "-" -> unset ? apply(arg) : value;
      case ":?" -> {
        if (empty) {
          throw new IllegalArgumentException(
              "required variable " + name + " is unset or empty: " + arg + " (in " + whole + ")");
        }
        yield value;
      }
      case "?" -> {
        if (unset) {
          throw new IllegalArgumentException(
              "required variable " + name + " is unset: " + arg + " (in " + whole + ")");
        }
        yield value;
      }
      default -> throw new IllegalStateException("operator " + op);
    };
  }
}
