package com.inkzee.fetcher.websub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A WebSub hub on loopback for tests, implementing the hub's side of the spec: it accepts
 * subscription requests (202), verifies intent asynchronously with a GET carrying a random
 * challenge and checks the echo, keeps verified subscriptions with their secret and lease, and
 * publishes content with an {@code X-Hub-Signature: sha256=} HMAC. It can be told to forge the
 * signature, send unsigned, or deny the next subscription.
 *
 * <p>Independent of the code under test: its own form parsing, HMAC and HTTP client (the JDK's).
 * Public for the push-ingestion test in {@code com.inkzee.fetcher.push}.
 */
public final class TestHub implements AutoCloseable {
  public enum Signing {
    SHA256,
    FORGED,
    UNSIGNED
  }

  /** A subscription request as the hub received it. */
  record Request(
      String mode, String topic, URI callback, String secret, long leaseSeconds, Instant at) {}

  /** One intent verification the hub made, and what came back. */
  record Verification(String mode, String topic, URI callback, int status, boolean echoed) {}

  /** A verified subscription the hub holds. */
  record Held(URI callback, String topic, String secret, long leaseSeconds, Instant expiresAt) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpServer server;
  private final ExecutorService serverThreads = Executors.newFixedThreadPool(2, daemon("hub-http"));
  private final ExecutorService verifier = Executors.newSingleThreadExecutor(daemon("hub-verify"));
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final SecureRandom random = new SecureRandom();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Verification> verifications = new CopyOnWriteArrayList<>();
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private volatile Signing signing = Signing.SHA256;
  private volatile String denyNextReason;

  public TestHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.setExecutor(serverThreads);
    server.createContext("/hub", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hub");
  }

  public void signing(Signing mode) {
    this.signing = mode;
  }

  void denyNext(String reason) {
    this.denyNextReason = reason;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  List<Verification> verifications() {
    return List.copyOf(verifications);
  }

  Optional<Held> subscription(URI callback, String topic) {
    return Optional.ofNullable(held.get(key(callback, topic)));
  }

  /**
   * Whether a verified subscription to {@code topic} is held, so that {@link #publish} reaches it.
   * A subscriber marks itself active when its callback echoes the challenge, which is before the
   * hub has read that echo: a test that publishes right after must wait for this too.
   */
  public boolean holdsSubscriptionTo(String topic) {
    return held.values().stream().anyMatch(h -> h.topic().equals(topic));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Map<String, String> form;
      try (InputStream in = exchange.getRequestBody()) {
        form = parseForm(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      String mode = form.get("hub.mode");
      String topic = form.get("hub.topic");
      String callback = form.get("hub.callback");
      if (!("subscribe".equals(mode) || "unsubscribe".equals(mode))
          || topic == null
          || callback == null) {
        byte[] msg =
            "hub.mode, hub.topic and hub.callback are required".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(400, msg.length);
        exchange.getResponseBody().write(msg);
        return;
      }
      long lease =
          form.containsKey("hub.lease_seconds")
              ? Long.parseLong(form.get("hub.lease_seconds"))
              : 3600;
      Request request =
          new Request(
              mode, topic, URI.create(callback), form.get("hub.secret"), lease, Instant.now());
      requests.add(request);
      exchange.sendResponseHeaders(202, -1);
      verifier.execute(() -> verify(request));
    }
  }

  private void verify(Request r) {
    String deny = denyNextReason;
    if (deny != null && r.mode().equals("subscribe")) {
      denyNextReason = null;
      int status =
          get(
                  r.callback(),
                  Map.of("hub.mode", "denied", "hub.topic", r.topic(), "hub.reason", deny))
              .statusCode();
      verifications.add(new Verification("denied", r.topic(), r.callback(), status, false));
      return;
    }
    Verification v = verifyIntent(r.callback(), r.mode(), r.topic(), r.leaseSeconds());
    if (!v.echoed()) {
      return;
    }
    if (r.mode().equals("subscribe")) {
      held.put(
          key(r.callback(), r.topic()),
          new Held(
              r.callback(),
              r.topic(),
              r.secret(),
              r.leaseSeconds(),
              Instant.now().plusSeconds(r.leaseSeconds())));
    } else {
      held.remove(key(r.callback(), r.topic()));
    }
  }

  /** Sends one intent verification with a fresh random challenge; records and returns it. */
  Verification verifyIntent(URI callback, String mode, String topic, long leaseSeconds) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String challenge = HexFormat.of().formatHex(bytes);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("hub.mode", mode);
    q.put("hub.topic", topic);
    q.put("hub.challenge", challenge);
    if (mode.equals("subscribe")) {
      q.put("hub.lease_seconds", Long.toString(leaseSeconds));
    }
    HttpResponse<String> response = get(callback, q);
    boolean echoed =
        response.statusCode() >= 200
            && response.statusCode() < 300
            && challenge.equals(response.body());
    Verification v = new Verification(mode, topic, callback, response.statusCode(), echoed);
    verifications.add(v);
    return v;
  }

  /**
   * Delivers {@code body} to every subscriber of {@code topic} whose lease has not ended, signed as
   * {@link #signing(Signing)} says. Returns each delivery's status.
   */
  public List<Integer> publish(String topic, byte[] body, String contentType) {
    List<Integer> statuses = new ArrayList<>();
    for (Held h : held.values()) {
      if (!h.topic().equals(topic) || h.expiresAt().isBefore(Instant.now())) {
        continue;
      }
      statuses.add(deliver(h.callback(), topic, body, contentType, h.secret()));
    }
    return statuses;
  }

  /** One content distribution to {@code callback}, signed with {@code secret} as configured. */
  public int deliver(URI callback, String topic, byte[] body, String contentType, String secret) {
    HttpRequest.Builder post =
        HttpRequest.newBuilder(callback)
            .timeout(TIMEOUT)
            .header("Content-Type", contentType)
            .header("Link", "<" + url() + ">; rel=\"hub\", <" + topic + ">; rel=\"self\"")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    switch (signing) {
      case SHA256 -> post.header("X-Hub-Signature", "sha256=" + hmacSha256Hex(secret, body));
      case FORGED ->
          post.header("X-Hub-Signature", "sha256=" + hmacSha256Hex("not-the-secret", body));
      case UNSIGNED -> {}
    }
    try {
      return client.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new IllegalStateException("delivery to " + callback + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(URI callback, Map<String, String> query) {
    StringBuilder uri = new StringBuilder(callback.toString());
    char sep = callback.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> e : query.entrySet()) {
      uri.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      sep = '&';
    }
    try {
      return client.send(
          HttpRequest.newBuilder(URI.create(uri.toString())).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("verification GET to " + callback + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String hmacSha256Hex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      form.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return form;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String key(URI callback, String topic) {
    return callback + " " + topic;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    verifier.shutdownNow();
    serverThreads.shutdownNow();
    try {
      verifier.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
