package com.inkzee.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A client of the JSON API over real HTTP, as the page is: it keeps the session cookie it is given,
 * sends the CSRF headers the page sends (unless told not to) and the browser's same-origin {@code
 * Origin}.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  public String cookie;
  public String csrf;

  public ApiClient(String base) {
    this.base = base;
  }

  /** A response with its body read as JSON (null when it is not JSON). */
  public record Reply(int status, HttpResponse<String> raw, JsonNode json) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String error() {
      return json == null ? null : json.path("error").asText();
    }
  }

  public Reply get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Reply post(String path, String json) {
    return send("POST", path, json, Map.of());
  }

  public Reply send(String method, String path, String json, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (!method.equals("GET")) {
      b.header("Origin", base);
      b.header("X-Requested-With", "inkzee");
      if (csrf != null) {
        b.header("X-CSRF-Token", csrf);
      }
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    headers.forEach(b::setHeader);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode node = null;
      String ct = r.headers().firstValue("Content-Type").orElse("");
      if (ct.startsWith("application/json") && !r.body().isEmpty()) {
        node = JSON.readTree(r.body());
      }
      return new Reply(r.statusCode(), r, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Signs up (or in, with {@code path} /api/signin) and keeps the cookie and CSRF token. */
  public Reply signIn(String path, String name, String password) {
    Reply r = post(path, "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}");
    if (r.status() / 100 == 2) {
      String set = r.header("Set-Cookie");
      cookie = set.substring(0, set.indexOf(';'));
      csrf = r.json().path("csrfToken").asText();
    }
    return r;
  }
}
