package com.inkzee.fetcher.parse;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** URL resolution for feed values: lenient about what feeds write, strict about what comes out. */
final class Urls {
  /** Longest URL kept; longer ones are junk or abuse (browsers start failing near 64 KiB). */
  static final int MAX_URL_CHARS = 8192;

  private Urls() {}

  /** {@code ref} parsed leniently (spaces and a few illegal characters escaped), or null. */
  static URI parse(String ref) {
    if (ref == null) {
      return null;
    }
    String s = ref.strip();
    if (s.isEmpty() || s.length() > MAX_URL_CHARS) {
      return null;
    }
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case ' ' -> sb.append("%20");
        case '"' -> sb.append("%22");
        case '<' -> sb.append("%3C");
        case '>' -> sb.append("%3E");
        case '\\' -> sb.append("%5C");
        case '^' -> sb.append("%5E");
        case '`' -> sb.append("%60");
        case '{' -> sb.append("%7B");
        case '|' -> sb.append("%7C");
        case '}' -> sb.append("%7D");
        case '\t', '\n', '\r' -> {} // the URL standard strips these
        default -> sb.append(c);
      }
    }
    try {
      return new URI(sb.toString());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** {@code ref} resolved against {@code base} (either may be null), or null if unusable. */
  static URI resolve(URI base, String ref) {
    URI u = parse(ref);
    if (u == null) {
      return null;
    }
    if (u.isAbsolute() || base == null) {
      return u;
    }
    try {
      URI resolved = base.resolve(u);
      // java.net.URI keeps "/../" above the root; browsers drop it.
      String path = resolved.getRawPath();
      if (path != null && path.startsWith("/..")) {
        resolved =
            new URI(
                resolved.getScheme(),
                resolved.getRawAuthority(),
                path.replaceFirst("^(/\\.\\.)+", ""),
                resolved.getRawQuery(),
                resolved.getRawFragment());
        resolved = new URI(resolved.toString());
      }
      return resolved;
    } catch (IllegalArgumentException | URISyntaxException e) {
      return null;
    }
  }

  /** The absolute http(s) URL {@code ref} names relative to {@code base}, as text; else null. */
  static String httpUrl(URI base, String ref) {
    URI u = resolve(base, ref);
    if (u == null || !u.isAbsolute() || u.getRawAuthority() == null) {
      return null;
    }
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https") ? u.toString() : null;
  }

  /** Like {@link #httpUrl} but as a URI usable as a base. */
  static URI httpBase(URI base, String ref) {
    String s = httpUrl(base, ref);
    return s == null ? null : URI.create(s);
  }
}
