package com.inkzee.web.http;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Headers every response carries. The Content-Security-Policy is the page's main defence against
 * entry HTML: only the page's own scripts and styles run ({@code 'self'}, no inline script or
 * {@code eval}), nothing may frame the page, and entries may show images from anywhere on https
 * (and data: URLs) but load nothing else.
 */
public final class SecurityHeaders {
  /** The policy, one directive per concern. */
  public static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' https: data:",
          "media-src 'self' https:",
          "connect-src 'self'",
          "font-src 'self'",
          "object-src 'none'",
          "frame-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'");

  private SecurityHeaders() {}

  /**
   * Sets the headers on {@code h}. API answers are never cached (they carry a reader's data);
   * {@code hsts} is for deployments behind HTTPS.
   */
  public static void apply(HttpHeaders h, boolean api, boolean hsts) {
    h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Cross-Origin-Resource-Policy", "same-origin");
    h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if (api) {
      h.set("Cache-Control", "no-store");
    } else if (!h.contains("Cache-Control")) {
      h.set("Cache-Control", "no-cache");
    }
    if (hsts) {
      h.set("Strict-Transport-Security", "max-age=31536000");
    }
  }
}
