package com.inkzee.store.entries;

/**
 * Removes what PostgreSQL refuses in {@code text} (NUL) and what UTF-8 cannot encode (a lone
 * surrogate): one bad character in a feed must not cost the whole batch.
 */
public final class TextCleaner {
  private TextCleaner() {}

  /** The text without NULs and unpaired surrogates; the same instance when there were none. */
  public static String clean(String s) {
    if (s == null || isClean(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\0') {
        continue;
      }
      if (Character.isHighSurrogate(ch)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          out.append(ch).append(s.charAt(++i));
        }
        continue;
      }
      if (Character.isLowSurrogate(ch)) {
        continue;
      }
      out.append(ch);
    }
    return out.toString();
  }

  private static boolean isClean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\0') {
        return false;
      }
      if (Character.isHighSurrogate(ch)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(ch)) {
        return false;
      }
    }
    return true;
  }
}
