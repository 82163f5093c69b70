package com.inkzee.e2e.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The web reader's JSON API used the way its page uses it from a browser (docs/API.md): the session
 * cookie kept from sign-up, the page's own {@code Origin} on every change, {@code X-Requested-With:
 * inkzee} before there is a session and {@code X-CSRF-Token} after. Every request is bounded in
 * time and goes to loopback only.
 */
public final class BrowserSession {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String origin;
  private String cookie;
  private String csrfToken;

  /** A browser with no session yet on the page at {@code origin} ({@code http://127.0.0.1:N}). */
  public BrowserSession(String origin) {
    this.origin = origin;
  }

  /** An answer: status and body, read as JSON when it is JSON (else null). */
  public record Reply(int status, String body, JsonNode json) {
    public String error() {
      return json == null ? null : json.path("error").asText(null);
    }
  }

  /** Signs up, keeping the session cookie and the CSRF token the answer carries. */
  public Reply signUp(String name, String password) {
    Reply r =
        send(
            "POST",
            "/api/signup",
            JSON.createObjectNode().put("name", name).put("password", password).toString(),
            true);
    if (r.status() == 201) {
      csrfToken = r.json().path("csrfToken").asText();
    }
    return r;
  }

  public Reply get(String path) {
    return send("GET", path, null, true);
  }

  /** A change, with the headers the page sends. */
  public Reply post(String path, JsonNode body) {
    return send("POST", path, body.toString(), true);
  }

  /** A change without the CSRF header: what a cross-site form could send. */
  public Reply postWithoutCsrf(String path, JsonNode body) {
    return send("POST", path, body.toString(), false);
  }

  public static com.fasterxml.jackson.databind.node.ObjectNode object() {
    return JSON.createObjectNode();
  }

  private Reply send(String method, String path, String body, boolean csrf) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(origin + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (!method.equals("GET")) {
      b.header("Origin", origin);
      if (csrf) {
        if (csrfToken == null) {
          b.header("X-Requested-With", "inkzee");
        } else {
          b.header("X-CSRF-Token", csrfToken);
        }
      }
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      r.headers()
          .firstValue("Set-Cookie")
          .ifPresent(
              c -> cookie = c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')));
      String type = r.headers().firstValue("Content-Type").orElse("");
      JsonNode json =
          type.startsWith("application/json") && !r.body().isEmpty()
              ? JSON.readTree(r.body())
              : null;
      return new Reply(r.statusCode(), r.body(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }
}
