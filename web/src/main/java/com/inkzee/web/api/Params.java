package com.inkzee.web.api;

/** Parsing of query and path parameters, every failure a 400 that names the parameter. */
public final class Params {
  private Params() {}

  /** A positive id. */
  public static long id(String text, String name) {
    try {
      long v = Long.parseLong(text);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(name + " must be a positive whole number, not '" + text + "'");
  }

  /** An optional positive id (null when absent or empty). */
  public static Long optionalId(String text, String name) {
    return text == null || text.isEmpty() ? null : id(text, name);
  }

  /** An integer in {@code min..max}, {@code dflt} when absent. */
  public static int intIn(String text, String name, int dflt, int min, int max) {
    if (text == null || text.isEmpty()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(text);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(name + " must be a whole number in " + min + ".." + max);
  }
}
