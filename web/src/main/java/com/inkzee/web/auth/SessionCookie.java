package com.inkzee.web.auth;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames.SameSite;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.time.Duration;

/**
 * The session cookie: HttpOnly (scripts never see the token), SameSite=Strict (the browser does not
 * send it on requests from other sites), Path=/, and with {@code secure} the {@code __Host-} prefix
 * and Secure (only over HTTPS, never set by a subdomain).
 */
public final class SessionCookie {
  private final boolean secure;
  private final String name;

  public SessionCookie(boolean secure) {
    this.secure = secure;
    this.name = secure ? "__Host-inkzee_session" : "inkzee_session";
  }

  public String name() {
    return name;
  }

  /** The Set-Cookie value that stores {@code token} for {@code lifetime}. */
  public String set(String token, Duration lifetime) {
    return encode(token, lifetime.toSeconds());
  }

  /** The Set-Cookie value that deletes the cookie. */
  public String clear() {
    return encode("", 0);
  }

  private String encode(String value, long maxAgeSeconds) {
    DefaultCookie c = new DefaultCookie(name, value);
    c.setHttpOnly(true);
    c.setSecure(secure);
    c.setPath("/");
    c.setSameSite(SameSite.Strict);
    c.setMaxAge(maxAgeSeconds);
    return ServerCookieEncoder.STRICT.encode(c);
  }

  /** The session token from a request's Cookie header, or null. */
  public String read(String cookieHeader) {
    if (cookieHeader == null || cookieHeader.length() > 8192) {
      return null;
    }
    for (Cookie c : ServerCookieDecoder.STRICT.decode(cookieHeader)) {
      if (c.name().equals(name)) {
        return c.value();
      }
    }
    return null;
  }
}
