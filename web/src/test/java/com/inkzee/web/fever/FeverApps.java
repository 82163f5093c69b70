package com.inkzee.web.fever;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.inkzee.ranker.testing.SiteServer;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.web.apps.AppPasswords;
import com.inkzee.web.testing.ApiClient;
import com.inkzee.web.testing.WebStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the Fever tests share: a reader signed up in the web reader with an app password made
 * through {@code /api/app-passwords}, and a Fever client that calls as apps do (POST to {@code
 * /api/fever/?api&...}, the key and the writes in a urlencoded form, no cookie, no CSRF header, no
 * Origin). Entries are stored through the store's own RPC ({@code ingestEntries}), as a fetcher
 * stores them, into feeds the reader follows through the web API.
 */
public final class FeverApps {
  private static final AtomicInteger UNIQUE = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final WebStack stack;

  public FeverApps(WebStack stack) {
    this.stack = stack;
  }

  static String unique(String base) {
    return base + UNIQUE.incrementAndGet();
  }

  /** A signed-up reader, their web client, and one app password's Fever key. */
  public record App(ApiClient web, String name, String password, String key, long appPasswordId) {}

  /** A Fever answer: the status and the JSON body. */
  public record Answer(int status, JsonNode json) {
    public int auth() {
      return json.path("auth").asInt(-1);
    }
  }

  public App app(String base) {
    ApiClient web = new ApiClient(stack.baseUrl());
    String name = unique(base);
    assertThat(web.signIn("/api/signup", name, "a long enough password").status()).isEqualTo(201);
    ApiClient.Reply made = web.post("/api/app-passwords", "{\"label\":\"Fever app\"}");
    assertThat(made.status()).isEqualTo(201);
    String password = made.json().path("password").asText();
    return new App(
        web,
        name,
        password,
        AppPasswords.feverKey(name, password),
        made.json().path("appPassword").path("id").asLong());
  }

  /**
   * POST {@code /api/fever/?api&<query>} with {@code api_key} and {@code form} (name, value...).
   */
  public Answer call(String key, String query, String... form) {
    StringBuilder body = new StringBuilder();
    if (key != null) {
      body.append("api_key=").append(URLEncoder.encode(key, StandardCharsets.UTF_8));
    }
    for (int i = 0; i + 1 < form.length; i += 2) {
      if (!body.isEmpty()) {
        body.append('&');
      }
      body.append(URLEncoder.encode(form[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
    }
    return send(
        "POST",
        "/api/fever/?api" + (query.isEmpty() ? "" : "&" + query),
        "application/x-www-form-urlencoded",
        body.toString());
  }

  Answer send(String method, String pathAndQuery, String contentType, String body) {
    return send(method, pathAndQuery, contentType, body, Map.of());
  }

  Answer send(
      String method,
      String pathAndQuery,
      String contentType,
      String body,
      Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(stack.baseUrl() + pathAndQuery))
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      return new Answer(r.statusCode(), JSON.readTree(r.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A feed the reader follows (through the web API, in {@code folder} or none), served empty on the
   * loopback site so the fetcher adds nothing of its own; its entries come from {@link #ingest}.
   */
  public long follow(App app, String folder) {
    String path = "/" + unique("fever-feed") + ".xml";
    stack.site.serve(
        path, "application/rss+xml", SiteServer.rss("Feed " + path, stack.site.url(path)));
    String body =
        "{\"url\":\""
            + stack.site.url(path)
            + "\""
            + (folder == null ? "" : ",\"folder\":\"" + folder + "\"")
            + "}";
    ApiClient.Reply r = app.web().post("/api/subscriptions", body);
    assertThat(r.status()).isEqualTo(201);
    return r.json().path("subscription").path("feedId").asLong();
  }

  /** An entry as a fetcher would store it: unique key, URL and fingerprint unless told. */
  public static EntryInput entry(String title, String html, Instant publishedAt) {
    String key = unique("e");
    return entry(key, title, "https://news.example/" + key, html, publishedAt, fingerprint(key));
  }

  static EntryInput entry(
      String key, String title, String url, String html, Instant publishedAt, long fingerprint) {
    return new EntryInput(
        key,
        "urn:fever-test:" + key,
        url,
        title,
        "Staff Writer",
        "<p>" + title + "</p>",
        html,
        List.of("news"),
        List.of(),
        publishedAt,
        null,
        fingerprint,
        "en");
  }

  /** Distinct keys get fingerprints about 32 of 64 bits apart: never near-duplicates. */
  static long fingerprint(String key) {
    return new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L).nextLong();
  }

  /** Stores entries in a feed, 1,000 (the store's batch limit) per call. */
  public void ingest(long feedId, List<EntryInput> entries) {
    for (int from = 0; from < entries.size(); from += 1000) {
      List<EntryInput> batch = entries.subList(from, Math.min(entries.size(), from + 1000));
      int inserted = stack.store.store().ingestEntries(new IngestRequest(feedId, batch)).inserted();
      assertThat(inserted).isEqualTo(batch.size());
    }
  }

  /** The {@code id}s of a Fever {@code items} array, in order. */
  static List<Long> ids(JsonNode items) {
    List<Long> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path("id").asLong()));
    return out;
  }

  /** A comma-separated id list ("" for none). */
  public static List<Long> idList(String csv) {
    List<Long> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      if (!s.isEmpty()) {
        out.add(Long.parseLong(s));
      }
    }
    return out;
  }
}
