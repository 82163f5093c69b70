package com.inkzee.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTokensTest {
  private final SessionTokens tokens = new SessionTokens();

  @Test
  void tokensCarry256RandomBits() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String t = tokens.newToken();
      assertThat(t).hasSize(43);
      assertThat(Base64.getUrlDecoder().decode(t)).hasSize(32);
      assertThat(SessionTokens.wellFormed(t)).isTrue();
      seen.add(t);
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void theStoreSeesOnlyTheSha256() throws Exception {
    String t = tokens.newToken();
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(t.getBytes(StandardCharsets.UTF_8)));
    assertThat(SessionTokens.hash(t)).isEqualTo(expected).hasSize(64).doesNotContain(t);
  }

  @Test
  void rejectsWhatIsNotAToken() {
    assertThat(SessionTokens.wellFormed(null)).isFalse();
    assertThat(SessionTokens.wellFormed("")).isFalse();
    assertThat(SessionTokens.wellFormed("a".repeat(42))).isFalse();
    assertThat(SessionTokens.wellFormed("a".repeat(42) + "=")).isFalse();
    assertThat(SessionTokens.wellFormed("a".repeat(42) + "/")).isFalse();
  }

  @Test
  void comparesTokens() {
    assertThat(SessionTokens.same("abc", "abc")).isTrue();
    assertThat(SessionTokens.same("abc", "abd")).isFalse();
    assertThat(SessionTokens.same("abc", null)).isFalse();
    assertThat(SessionTokens.same(null, null)).isFalse();
  }
}
