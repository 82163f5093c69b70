package com.inkzee.rpc.config;

import java.time.Duration;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Typed reads of {@code INKZEE_*} environment variables with defaults. A bad value fails start-up
 * with a message naming the variable, its value and what was expected. Every read is remembered so
 * a service can print its effective configuration, secrets masked.
 */
public final class Env {
  private final Map<String, String> source;
  private final Map<String, String> effective = new TreeMap<>();

  public Env(Map<String, String> source) {
    this.source = Map.copyOf(source);
  }

  public static Env system() {
    return new Env(System.getenv());
  }

  public String string(String name, String defaultValue) {
    String raw = source.get(name);
    String value = raw == null || raw.isBlank() ? defaultValue : raw.strip();
    effective.put(name, value == null ? "" : value);
    return value;
  }

  /**
   * Whether {@code name} is set to something non-blank. Not a read: nothing is recorded, so a
   * service can ask before deciding a default without hiding the value it prints.
   */
  public boolean isSet(String name) {
    String raw = source.get(name);
    return raw != null && !raw.isBlank();
  }

  /**
   * Records {@code value} as the effective value of {@code name} when the service derived it from
   * other variables (the store's handler threads follow its pool size), so the printout shows what
   * is used rather than a default that was overridden.
   */
  public void derived(String name, String value) {
    effective.put(name, value);
  }

  /** A secret: printed masked. */
  public String secret(String name) {
    String raw = source.get(name);
    String value = raw == null ? "" : raw.strip();
    effective.put(name, value.isEmpty() ? "(unset)" : "****");
    return value;
  }

  public int integer(String name, int defaultValue, int min, int max) {
    String text = string(name, Integer.toString(defaultValue));
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + text + " is not an integer");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + "=" + value + " is outside " + min + ".." + max);
    }
    return value;
  }

  /**
   * {@code true} or {@code false}, any case. Anything else is refused rather than read as false
   * ({@link Boolean#parseBoolean} does that): {@code 1}, {@code yes} or {@code on} meant to switch
   * a safety feature on would have left it off while the printed configuration showed the value
   * set.
   */
  public boolean bool(String name, boolean defaultValue) {
    String text = string(name, Boolean.toString(defaultValue));
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(name + "=" + text + " must be true or false");
  }

  public int port(String name, int defaultValue) {
    return integer(name, defaultValue, 0, 65535);
  }

  public Duration seconds(String name, long defaultSeconds) {
    String text = string(name, Long.toString(defaultSeconds));
    try {
      long s = Long.parseLong(text);
      if (s < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + text + " is not a whole number of seconds");
    }
  }

  /**
   * The variables read so far and their effective values, secrets masked by {@link ConfigMask}
   * (whether they were read with {@link #secret} or not).
   */
  public Map<String, String> effective() {
    Map<String, String> masked = new TreeMap<>();
    effective.forEach(
        (name, value) -> masked.put(name, withoutSecretValues(ConfigMask.mask(name, value))));
    return masked;
  }

  /**
   * {@code text} (an error message, say) with the same masking as the printed configuration:
   * credentials inside URLs and {@code password=} parameters ({@link ConfigMask}), and every secret
   * variable's value wherever it appears, so a message quoting a value cannot print a secret.
   */
  public String scrub(String text) {
    return withoutSecretValues(ConfigMask.maskCredentials(text));
  }

  /** Shortest secret value looked for inside other values (shorter ones would mask noise). */
  private static final int MIN_SCRUBBED_SECRET_CHARS = 4;

  /**
   * {@code value} with every secret variable's actual value masked wherever it appears: a password
   * repeated inside a URL in a form {@link ConfigMask} does not recognise still never prints.
   */
  private String withoutSecretValues(String value) {
    if (value == null) {
      return null;
    }
    String out = value;
    for (Map.Entry<String, String> e : source.entrySet()) {
      String secret = e.getValue() == null ? "" : e.getValue().strip();
      // Only our own secrets: other variables (PWD, the working directory, say) would match the
      // name rule and mask ordinary paths.
      if (e.getKey().startsWith("INKZEE_")
          && secret.length() >= MIN_SCRUBBED_SECRET_CHARS
          && ConfigMask.isSecretName(e.getKey())) {
        out = out.replace(secret, ConfigMask.MASK);
      }
    }
    return out;
  }

  /**
   * {@code INKZEE_*} variables that are set but were never read: a typo, or a variable meant for
   * another service. Names only; their values are not looked at.
   */
  public SortedSet<String> unused() {
    SortedSet<String> names = new TreeSet<>();
    for (String name : source.keySet()) {
      if (name.startsWith("INKZEE_") && !effective.containsKey(name)) {
        names.add(name);
      }
    }
    return names;
  }
}
