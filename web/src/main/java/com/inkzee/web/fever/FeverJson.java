package com.inkzee.web.fever;

import com.inkzee.web.api.ApiException;
import com.inkzee.web.api.Json;
import com.inkzee.web.http.WebResponse;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shapes every Fever answer shares: {@code api_version} 3 and {@code auth} (1 or 0), booleans
 * as 0/1, times as Unix seconds, id lists as comma-separated strings, as the spec writes them.
 */
final class FeverJson {
  /** The version FreshRSS and Miniflux answer; apps check it is at least 2 or 3. */
  static final int API_VERSION = 3;

  private FeverJson() {}

  /** A JSON object from alternating keys and values, in that order. */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** The start of an authenticated answer. */
  static Map<String, Object> authenticated(Instant lastRefreshed) {
    return object(
        "api_version", API_VERSION, "auth", 1, "last_refreshed_on_time", seconds(lastRefreshed));
  }

  /** A wrong, revoked or missing key: 200 with auth 0 and nothing else, as apps expect. */
  static WebResponse unauthenticated() {
    return Json.ok(object("api_version", API_VERSION, "auth", 0));
  }

  /**
   * A failure: its HTTP status, the API's error code and message, plus {@code api_version} and,
   * when the key was good, {@code auth} 1 (an app must not take a bad argument or a busy backend
   * for a wrong password and ask for it again).
   */
  static WebResponse error(ApiException e, boolean authenticated) {
    Map<String, Object> body = object("api_version", API_VERSION);
    if (authenticated) {
      body.put("auth", 1);
    }
    body.put("error", e.code());
    body.put("message", e.getMessage());
    WebResponse r = Json.response(e.status(), body);
    if (e.status() == 503) {
      r.header("Retry-After", "5");
    }
    return r;
  }

  static int bool(boolean b) {
    return b ? 1 : 0;
  }

  static long seconds(Instant t) {
    return t == null ? 0 : t.getEpochSecond();
  }

  static String idList(Collection<Long> ids) {
    return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  static String text(String s) {
    return s == null ? "" : s;
  }
}
