package com.inkzee.passwords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  /** One hasher at the production cost: the hashes tested are the ones users get. */
  private static final PasswordHasher HASHER = new PasswordHasher();

  @Nested
  class Pbkdf2 {
    // RFC 7914 section 11 / widely published PBKDF2-HMAC-SHA256 vectors (P="password", S="salt").
    @Test
    void matchesPublishedVectors() {
      byte[] p = "password".getBytes(StandardCharsets.US_ASCII);
      byte[] s = "salt".getBytes(StandardCharsets.US_ASCII);
      assertThat(HexFormat.of().formatHex(PasswordHasher.pbkdf2(p, s, 1)))
          .isEqualTo("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
      assertThat(HexFormat.of().formatHex(PasswordHasher.pbkdf2(p, s, 2)))
          .isEqualTo("ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
      assertThat(HexFormat.of().formatHex(PasswordHasher.pbkdf2(p, s, 4096)))
          .isEqualTo("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
    }
  }

  @Test
  void hashesAtSixHundredThousandIterationsWithARandomSalt() {
    String a = HASHER.hash("correct horse battery staple");
    String b = HASHER.hash("correct horse battery staple");
    assertThat(PasswordHasher.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(600_000);
    assertThat(a).startsWith("pbkdf2-sha256$600000$");
    String[] parts = a.split("\\$");
    assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(16);
    assertThat(Base64.getUrlDecoder().decode(parts[3])).hasSize(32);
    assertThat(a).isNotEqualTo(b); // a salt per password
  }

  /**
   * A hash below the hasher's count is found for a re-hash at sign-in; its own and higher are not.
   */
  @Test
  void findsHashesWithFewerIterationsThanItUses() {
    PasswordHasher older = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
    String weak = older.hash("secret-secret");
    assertThat(HASHER.needsRehash(weak)).isTrue();
    assertThat(HASHER.verify("secret-secret", weak)).as("still verifies meanwhile").isTrue();
    assertThat(HASHER.needsRehash(HASHER.hash("secret-secret"))).isFalse();
    assertThat(older.needsRehash(HASHER.hash("secret-secret"))).as("never downwards").isFalse();
    assertThat(HASHER.needsRehash(null)).isFalse();
    assertThat(HASHER.needsRehash("bcrypt$10$x$y")).isFalse();
    assertThat(HASHER.needsRehash("pbkdf2-sha256$many$x$y")).isFalse();
    assertThatThrownBy(() -> new PasswordHasher(PasswordHasher.MIN_ITERATIONS - 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifiesTheRightPasswordOnly() {
    String h = HASHER.hash("pässwörd-ünïcode ✓");
    assertThat(HASHER.verify("pässwörd-ünïcode ✓", h)).isTrue();
    assertThat(HASHER.verify("passwörd-ünïcode ✓", h)).isFalse();
    assertThat(HASHER.verify("", h)).isFalse();
    assertThat(HASHER.verify(null, h)).isFalse();
  }

  @Test
  void refusesMalformedAndWeakHashes() {
    String h = HASHER.hash("secret-secret");
    assertThat(HASHER.verify("secret-secret", null)).isFalse();
    assertThat(HASHER.verify("secret-secret", "")).isFalse();
    assertThat(HASHER.verify("secret-secret", h.replace("pbkdf2-sha256", "md5"))).isFalse();
    assertThat(HASHER.verify("secret-secret", h.replace("$600000$", "$1000$"))).isFalse();
    assertThat(HASHER.verify("secret-secret", h.replace("$600000$", "$999999999$"))).isFalse();
    assertThat(HASHER.verify("secret-secret", h.substring(0, h.length() - 4))).isFalse();
    assertThat(HASHER.verify("secret-secret", h + "$extra")).isFalse();
    assertThat(HASHER.verify("secret-secret", "pbkdf2-sha256$600000$!!$!!")).isFalse();
  }

  @Test
  void refusesATooLowIterationCount() {
    assertThatThrownBy(() -> new PasswordHasher(1000)).isInstanceOf(IllegalArgumentException.class);
  }
}
