package com.inkzee.rpc.xmlrpc;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The shared-secret check of Inkzee RPC's HELLO, carried in HTTP headers. Accepted, in order:
 * {@code X-Inkzee-Token: <token>}, {@code Authorization: Bearer <token>}, or {@code Authorization:
 * Basic} with the token as the password (any user name) — the last because it is the one form every
 * old XML-RPC client can send without code (Python's {@code http://user:token@host/}, Apache's
 * {@code setBasicUserName} with any name plus {@code setBasicPassword}: Apache 3.1.3 sends no
 * credentials at all without a user name). An empty configured token accepts every request.
 */
final class TokenCheck {
  static final String HEADER = "X-Inkzee-Token";

  private final byte[] token;

  TokenCheck(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  boolean allows(HttpHeaders headers) {
    if (token.length == 0) {
      return true;
    }
    String direct = headers.get(HEADER);
    if (direct != null) {
      return same(direct);
    }
    String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
    if (auth == null) {
      return false;
    }
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return same(auth.substring(7).trim());
    }
    if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair =
            new String(
                Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon >= 0 && same(pair.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return false;
  }

  /** Constant-time, so the answer's timing does not reveal how much of a guess was right. */
  private boolean same(String presented) {
    return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
  }
}
