package com.inkzee.passwords;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes and verifies passwords with PBKDF2-HMAC-SHA256, a fresh 16-byte random salt per password,
 * encoded as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64url, no padding) so the
 * iteration count can rise later without invalidating stored hashes.
 *
 * <p>{@link #DEFAULT_ITERATIONS} is OWASP's 2023 figure for PBKDF2-HMAC-SHA256 (600,000). The
 * password is taken as its UTF-8 bytes (the JDK's PBEKeySpec would take chars and drop the high
 * byte of non-Latin-1 ones under some providers), hence the hand-rolled PBKDF2 over the JDK's HMAC:
 * RFC 8018 section 5.2 with one 32-byte block. Comparison is constant-time.
 *
 * <p>The web reader hashes sign-ups and checks sign-ins with it; the command line sets the demo
 * reader's password with it. Both must write the same format, hence this module of its own (the
 * command line must not carry the web server, nor the web reader the command line).
 */
public final class PasswordHasher {
  /** OWASP Password Storage Cheat Sheet (2023): 600,000 iterations for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  /** Below this a stored hash is refused as too weak to trust (or tampered with). */
  public static final int MIN_ITERATIONS = 100_000;

  /** A stored hash claiming more than this is refused: verifying it would stall a thread. */
  public static final int MAX_ITERATIONS = 10_000_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final int iterations;
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher() {
    this(DEFAULT_ITERATIONS);
  }

  /**
   * A hasher at {@code iterations} ({@link #MIN_ITERATIONS}..{@link #MAX_ITERATIONS}): hashes it
   * writes carry that count, and {@link #needsRehash} finds the stored ones below it.
   */
  public PasswordHasher(int iterations) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "iterations " + iterations + " outside " + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
    }
    this.iterations = iterations;
  }

  /** A new encoded hash of {@code password} with its own random salt. */
  public String hash(String password) {
    Objects.requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = pbkdf2(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /**
   * Whether {@code password} matches {@code encoded}; false (never an exception) for a hash that is
   * malformed, of another scheme, or with an iteration count outside the accepted range.
   */
  public boolean verify(String password, String encoded) {
    if (password == null || encoded == null) {
      return false;
    }
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    int n;
    byte[] salt;
    byte[] expected;
    try {
      n = Integer.parseInt(parts[1]);
      salt = Base64.getUrlDecoder().decode(parts[2]);
      expected = Base64.getUrlDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (n < MIN_ITERATIONS || n > MAX_ITERATIONS || expected.length != HASH_BYTES) {
      return false;
    }
    byte[] actual = pbkdf2(password.getBytes(StandardCharsets.UTF_8), salt, n);
    return MessageDigest.isEqual(actual, expected);
  }

  /**
   * Whether {@code encoded}, a hash of this scheme that {@link #verify} accepts, has fewer
   * iterations than this hasher uses: after a successful sign-in it can be replaced with a fresh
   * {@link #hash} of the password, so that raising the count reaches every account that signs in
   * (and an unknown name's {@link #burn} costs what a real account's check costs).
   */
  public boolean needsRehash(String encoded) {
    if (encoded == null) {
      return false;
    }
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    try {
      return Integer.parseInt(parts[1]) < iterations;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Spends the time of one verification on nothing: a sign-in with an unknown name costs what a
   * wrong password costs, so timing does not tell which names exist.
   */
  public void burn(String password) {
    pbkdf2(
        (password == null ? "" : password).getBytes(StandardCharsets.UTF_8),
        new byte[SALT_BYTES],
        iterations);
  }

  /** PBKDF2 (RFC 8018 5.2) with HMAC-SHA256 and a single 32-byte output block. */
  static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // An empty key is legal for HMAC but SecretKeySpec refuses it: HMAC pads the key with zeros
      // to the block size anyway, so one zero byte is the same key.
      mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
      mac.update(salt);
      mac.update(new byte[] {0, 0, 0, 1});
      byte[] u = mac.doFinal();
      byte[] t = u.clone();
      for (int i = 1; i < iterations; i++) {
        u = mac.doFinal(u);
        for (int j = 0; j < t.length; j++) {
          t[j] ^= u[j];
        }
      }
      return t;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
