package com.inkzee.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random tokens for session cookies and CSRF checks: 32 bytes (256 bits) from {@link SecureRandom},
 * base64url without padding (43 characters). The store keeps only {@link #hash} of a session token.
 */
public final class SessionTokens {
  static final int TOKEN_BYTES = 32;

  private final SecureRandom random = new SecureRandom();

  /** A new 256-bit random token. */
  public String newToken() {
    byte[] b = new byte[TOKEN_BYTES];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 of the token as 64 lower-case hex digits: how the store knows a session. */
  public static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Whether {@code token} looks like one of ours (43 base64url characters); cheap pre-check. */
  public static boolean wellFormed(String token) {
    if (token == null || token.length() != 43) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Constant-time comparison of two tokens (a CSRF header against the session's). */
  public static boolean same(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
