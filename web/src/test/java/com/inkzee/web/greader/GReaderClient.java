package com.inkzee.web.greader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A reading app's side of the Google Reader API over real HTTP, as the apps behave: ClientLogin
 * with form fields, then {@code Authorization: GoogleLogin auth=...} on every call and {@code T} in
 * every POST's form body. No cookie, no Origin header.
 */
final class GReaderClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  String auth;
  String token;

  GReaderClient(String webBase) {
    this.base = webBase + "/api/greader";
  }

  record Reply(int status, HttpResponse<String> raw) {
    String body() {
      return raw.body();
    }

    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + raw.body(), e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** ClientLogin; on success keeps the auth token and fetches the POST token. */
  Reply login(String name, String password) {
    Reply r = post("/accounts/ClientLogin", form("Email", name, "Passwd", password), false);
    if (r.status() == 200) {
      for (String line : r.body().split("\n")) {
        if (line.startsWith("Auth=")) {
          auth = line.substring(5);
        }
      }
      token = get("/reader/api/0/token").body().strip();
    }
    return r;
  }

  Reply get(String path) {
    return send("GET", path, null);
  }

  /** A POST with {@code T} added to the form. */
  Reply post(String path, String form) {
    return post(path, form, true);
  }

  Reply post(String path, String form, boolean withToken) {
    String body = form;
    if (withToken && token != null) {
      body = (form.isEmpty() ? "" : form + "&") + form("T", token);
    }
    return send("POST", path, body);
  }

  /** A POST whose body is a document of {@code contentType}, with {@code T} in the query. */
  Reply postDocument(String path, String contentType, String document) {
    return postDocument(path, contentType, document.getBytes(StandardCharsets.UTF_8));
  }

  /** A document as the bytes of a file, in whatever encoding the file is in. */
  Reply postDocument(String path, String contentType, byte[] document) {
    String withToken = path + (path.contains("?") ? "&" : "?") + form("T", token);
    return send("POST", withToken, document, contentType);
  }

  Reply send(String method, String path, String form) {
    return send(method, path, form, "application/x-www-form-urlencoded");
  }

  private Reply send(String method, String path, String body, String contentType) {
    return send(
        method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType);
  }

  private Reply send(String method, String path, byte[] body, String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      b.header("Content-Type", contentType);
    }
    if (auth != null) {
      b.header("Authorization", "GoogleLogin auth=" + auth);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code k1=v1&k2=v2...}, each encoded; a name may repeat. */
  static String form(String... namesAndValues) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      parts.add(enc(namesAndValues[i]) + "=" + enc(namesAndValues[i + 1]));
    }
    return String.join("&", parts);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
