package com.inkzee.web.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.web.api.ApiException;
import com.inkzee.web.http.WebRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CsrfGuardTest {
  private final CsrfGuard guard = new CsrfGuard(null, false);
  private final Reader reader = new Reader(1, "ann", "the-csrf-token", "00");

  private static WebRequest post(String... headers) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("Host", "reader.example:8080");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.set(headers[i], headers[i + 1]);
    }
    return new WebRequest("POST", "/api/x", Map.of(), h, new byte[0]);
  }

  private static void refused(Runnable r) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(403));
  }

  @Nested
  class SignedIn {
    @Test
    void acceptsTheSessionTokenFromTheSameOrigin() {
      assertThatCode(
              () ->
                  guard.checkSignedIn(
                      post(
                          "X-CSRF-Token", "the-csrf-token",
                          "Origin", "http://reader.example:8080",
                          "Sec-Fetch-Site", "same-origin"),
                      reader))
          .doesNotThrowAnyException();
      // An older browser sends neither Origin nor Sec-Fetch-Site: the token still decides.
      assertThatCode(() -> guard.checkSignedIn(post("X-CSRF-Token", "the-csrf-token"), reader))
          .doesNotThrowAnyException();
    }

    @Test
    void refusesAMissingOrWrongToken() {
      refused(() -> guard.checkSignedIn(post(), reader));
      refused(() -> guard.checkSignedIn(post("X-CSRF-Token", "guess"), reader));
    }

    @Test
    void refusesAnotherOriginEvenWithTheToken() {
      refused(
          () ->
              guard.checkSignedIn(
                  post("X-CSRF-Token", "the-csrf-token", "Origin", "https://evil.example"),
                  reader));
      refused(
          () ->
              guard.checkSignedIn(
                  post("X-CSRF-Token", "the-csrf-token", "Origin", "http://reader.example:9090"),
                  reader));
      refused(
          () ->
              guard.checkSignedIn(
                  post("X-CSRF-Token", "the-csrf-token", "Sec-Fetch-Site", "cross-site"), reader));
      refused(
          () ->
              guard.checkSignedIn(
                  post("X-CSRF-Token", "the-csrf-token", "Sec-Fetch-Site", "same-site"), reader));
    }
  }

  @Nested
  class BeforeSignIn {
    @Test
    void needsTheCustomHeader() {
      refused(() -> guard.checkAnonymous(post()));
      refused(() -> guard.checkAnonymous(post("X-Requested-With", "XMLHttpRequest")));
      assertThatCode(() -> guard.checkAnonymous(post("X-Requested-With", "inkzee")))
          .doesNotThrowAnyException();
    }

    @Test
    void refusesALoginFromAnotherSite() {
      refused(
          () ->
              guard.checkAnonymous(
                  post("X-Requested-With", "inkzee", "Origin", "https://evil.example")));
    }
  }

  @Test
  void aConfiguredOriginWinsOverTheHostHeader() {
    CsrfGuard behindProxy = new CsrfGuard("https://reader.example", true);
    assertThatCode(
            () ->
                behindProxy.checkAnonymous(
                    post("X-Requested-With", "inkzee", "Origin", "https://reader.example")))
        .doesNotThrowAnyException();
    refused(
        () ->
            behindProxy.checkAnonymous(
                post("X-Requested-With", "inkzee", "Origin", "http://reader.example:8080")));
  }
}
