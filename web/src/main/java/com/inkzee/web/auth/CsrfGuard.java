package com.inkzee.web.auth;

import com.inkzee.web.api.ApiException;
import com.inkzee.web.http.WebRequest;
import java.util.Locale;

/**
 * Refuses cross-site requests that change something. Layered, because each layer covers what
 * another may miss (an old browser, a proxy that strips a header):
 *
 * <ol>
 *   <li>{@code Sec-Fetch-Site}, when the browser sends it, must be {@code same-origin} or {@code
 *       none};
 *   <li>{@code Origin}, when present, must be this site's origin (configured, else {@code
 *       http(s)://} + the request's {@code Host});
 *   <li>a custom header must be present: {@code X-CSRF-Token} equal to the session's token for a
 *       signed-in reader, {@code X-Requested-With: inkzee} before there is a session (sign-up,
 *       sign-in). A cross-site form cannot set a header, and a cross-site script cannot without a
 *       CORS preflight this server never grants.
 * </ol>
 *
 * <p>The session cookie is also SameSite=Strict, so a cross-site request does not carry it anyway.
 */
public final class CsrfGuard {
  public static final String TOKEN_HEADER = "X-CSRF-Token";
  public static final String REQUESTED_WITH = "X-Requested-With";
  public static final String REQUESTED_WITH_VALUE = "inkzee";

  private final String publicOrigin;
  private final boolean https;

  /** {@code publicOrigin}: the configured origin, or null to trust the Host header. */
  public CsrfGuard(String publicOrigin, boolean https) {
    this.publicOrigin = publicOrigin == null ? null : publicOrigin.toLowerCase(Locale.ROOT);
    this.https = https;
  }

  /** Checks an unsafe request made before sign-in; 403 if it may come from another site. */
  public void checkAnonymous(WebRequest r) {
    checkSite(r);
    if (!REQUESTED_WITH_VALUE.equals(r.header(REQUESTED_WITH))) {
      throw ApiException.forbidden(
          "missing header " + REQUESTED_WITH + ": " + REQUESTED_WITH_VALUE + " (CSRF protection)");
    }
  }

  /** Checks an unsafe request of a signed-in reader; 403 without the session's CSRF token. */
  public void checkSignedIn(WebRequest r, Reader reader) {
    checkSite(r);
    if (!SessionTokens.same(r.header(TOKEN_HEADER), reader.csrfToken())) {
      throw ApiException.forbidden(
          "missing or wrong " + TOKEN_HEADER + " header (CSRF protection); reload the page");
    }
  }

  private void checkSite(WebRequest r) {
    String site = r.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      throw ApiException.forbidden("cross-site request refused (Sec-Fetch-Site: " + site + ")");
    }
    String origin = r.header("Origin");
    if (origin != null && !origin.toLowerCase(Locale.ROOT).equals(expectedOrigin(r))) {
      throw ApiException.forbidden("cross-origin request refused (Origin: " + origin + ")");
    }
  }

  /**
   * This site's origin as the request's browser sees it (the configured one, else {@code
   * http(s)://} + Host), or null without either: what the page tells a reader to type into an app.
   */
  public String origin(WebRequest r) {
    String o = expectedOrigin(r);
    return o.equals("\u0000") ? null : o;
  }

  private String expectedOrigin(WebRequest r) {
    if (publicOrigin != null) {
      return publicOrigin;
    }
    String host = r.header("Host");
    if (host == null || host.isBlank()) {
      return "\u0000"; // matches no Origin: without a Host there is nothing to compare with
    }
    // Browsers leave a default port out of both Origin and Host, so the two compare as text.
    return (https ? "https://" : "http://") + host.strip().toLowerCase(Locale.ROOT);
  }
}
