package com.inkzee.fetcher.websub;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.fetcher.websub.HubSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HubSignatureTest {
  private static final byte[] BODY = "<feed/>".getBytes(StandardCharsets.UTF_8);
  private static final String SECRET = "s3cret";

  private static String hmac(String jca, String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance(jca);
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jca));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  @ParameterizedTest
  @CsvSource({"sha1,HmacSHA1", "sha256,HmacSHA256", "sha384,HmacSHA384", "sha512,HmacSHA512"})
  void acceptsEveryMethodTheSpecNames(String method, String jca) throws Exception {
    String hex = hmac(jca, SECRET, BODY);

    assertThat(HubSignature.verify(method + "=" + hex, BODY, SECRET)).isEqualTo(Verdict.VALID);
    assertThat(HubSignature.verify(method.toUpperCase() + "=" + hex.toUpperCase(), BODY, SECRET))
        .isEqualTo(Verdict.VALID);
    assertThat(HubSignature.verify(method + "=" + hmac(jca, "other", BODY), BODY, SECRET))
        .isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void rejectsAChangedBody() throws Exception {
    String header = "sha256=" + hmac("HmacSHA256", SECRET, BODY);
    byte[] changed = "<feed></feed>".getBytes(StandardCharsets.UTF_8);

    assertThat(HubSignature.verify(header, changed, SECRET)).isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void rejectsAPlainDigestWithoutTheSecret() throws Exception {
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY));

    assertThat(HubSignature.verify("sha256=" + digest, BODY, SECRET)).isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void missingHeaderIsUnsigned() {
    assertThat(HubSignature.verify(null, BODY, SECRET)).isEqualTo(Verdict.MISSING);
    assertThat(HubSignature.verify("  ", BODY, SECRET)).isEqualTo(Verdict.MISSING);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sha256",
        "=abcd",
        "md5=d41d8cd98f00b204e9800998ecf8427e",
        "sha256=zzzz",
        "sha256=abc"
      })
  void malformedHeadersAreRejected(String header) {
    assertThat(HubSignature.verify(header, BODY, SECRET)).isEqualTo(Verdict.MALFORMED);
  }
}
