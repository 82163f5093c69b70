package com.inkzee.web.greader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The action token {@code T} that POSTs carry (Google Reader's ActionToken; FreshRSS answers 57
 * characters at {@code /reader/api/0/token}). It is derived from the call's auth token alone, so
 * any web instance checks it without shared state, and it dies with the app password.
 */
final class PostToken {
  /** The length FreshRSS gives its tokens ("Must have 57 characters"), which apps are used to. */
  static final int LENGTH = 57;

  private PostToken() {}

  static String forAuth(String authToken) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(("inkzee-greader-post-token:" + authToken).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Whether a POST carrying {@code t} may go on: the token for {@code authToken}, or one of the two
   * values FreshRSS lets through for apps that never fetch a token: none or empty (FeedMe) and
   * {@code x} (Reeder 4). Letting them through costs nothing here: the call is already
   * authenticated by its {@code Authorization} header, which a cross-site page cannot send, so
   * {@code T} is not what stops a forged request. Any other value is a stale or foreign token, and
   * the app is told so.
   */
  static boolean accepts(String t, String authToken) {
    String v = t == null ? "" : t.strip();
    return v.isEmpty() || v.equals("x") || matches(v, authToken);
  }

  /** Whether {@code t} is the token for {@code authToken} (compared in constant time). */
  static boolean matches(String t, String authToken) {
    if (t == null) {
      return false;
    }
    return MessageDigest.isEqual(
        t.strip().getBytes(StandardCharsets.UTF_8),
        forAuth(authToken).getBytes(StandardCharsets.UTF_8));
  }
}
