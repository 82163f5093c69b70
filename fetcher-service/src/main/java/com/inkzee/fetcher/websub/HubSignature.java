package com.inkzee.fetcher.websub;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a WebSub content distribution's {@code X-Hub-Signature: method=hex} header, an HMAC of the
 * raw body keyed with the subscription's secret (WebSub §8). {@code sha1}, {@code sha256}, {@code
 * sha384} and {@code sha512} are accepted, as the spec lists; the comparison is constant time so a
 * forger cannot learn the digest byte by byte.
 */
public final class HubSignature {
  /** The verdict on one push. Only {@link #VALID} content is handed on. */
  public enum Verdict {
    VALID,
    /** No {@code X-Hub-Signature} header. */
    MISSING,
    /** Not {@code method=hex}, or a method outside the four the spec names. */
    MALFORMED,
    /** Well-formed, but not the HMAC of this body with this subscription's secret. */
    MISMATCH
  }

  private HubSignature() {}

  public static Verdict verify(String header, byte[] body, String secret) {
    if (header == null || header.isBlank()) {
      return Verdict.MISSING;
    }
    int eq = header.indexOf('=');
    if (eq <= 0) {
      return Verdict.MALFORMED;
    }
    String algorithm = macAlgorithm(header.substring(0, eq).strip());
    if (algorithm == null) {
      return Verdict.MALFORMED;
    }
    byte[] claimed;
    try {
      claimed = HexFormat.of().parseHex(header.substring(eq + 1).strip());
    } catch (IllegalArgumentException e) {
      return Verdict.MALFORMED;
    }
    byte[] expected = hmac(algorithm, body, secret);
    return MessageDigest.isEqual(expected, claimed) ? Verdict.VALID : Verdict.MISMATCH;
  }

  private static String macAlgorithm(String method) {
    return switch (method.toLowerCase(Locale.ROOT)) {
      case "sha1" -> "HmacSHA1";
      case "sha256" -> "HmacSHA256";
      case "sha384" -> "HmacSHA384";
      case "sha512" -> "HmacSHA512";
      default -> null;
    };
  }

  private static byte[] hmac(String algorithm, byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is required of every JRE", e);
    }
  }
}
