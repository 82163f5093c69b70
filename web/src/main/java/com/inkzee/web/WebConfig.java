package com.inkzee.web;

import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.config.Env;
import com.inkzee.web.http.ServerLimits;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The web reader's configuration, read once from {@code INKZEE_*} variables at start.
 *
 * @param bind address the HTTP server listens on ({@code INKZEE_BIND}, 127.0.0.1)
 * @param httpPort HTTP port ({@code INKZEE_HTTP_PORT}, 8080; 0 picks a free one)
 * @param rankerEndpoints the ranker's Inkzee RPC endpoints ({@code INKZEE_RANKER_ENDPOINTS},
 *     127.0.0.1:7103)
 * @param authToken shared secret presented to the ranker ({@code INKZEE_AUTH_TOKEN}, empty: none)
 * @param publicOrigin the origin browsers see ({@code INKZEE_WEB_ORIGIN}, e.g. {@code
 *     https://reader.example}); null: the request's own {@code Host}, which is right unless a proxy
 *     rewrites it
 * @param secureCookies {@code Secure} session cookies ({@code INKZEE_WEB_SECURE_COOKIES}, false;
 *     true behind HTTPS), which also turns on HSTS
 * @param sessionLifetime how long a sign-in lasts ({@code INKZEE_WEB_SESSION_DAYS}, 30 days)
 * @param maxBodyBytes largest request body ({@code INKZEE_WEB_MAX_BODY_BYTES}, 2 MiB: an OPML file
 *     of a few thousand feeds)
 * @param handlerThreads threads running API calls, which block on the ranker ({@code
 *     INKZEE_WEB_THREADS}, 16)
 * @param maxConnections HTTP connections open at once ({@code INKZEE_WEB_MAX_CONNECTIONS}, 1024);
 *     more are closed as soon as they are accepted. Each may hold up to {@code maxBodyBytes} while
 *     its request arrives, so the two bound the memory clients can take
 * @param requestDeadline how long a request may take to arrive whole from its first byte ({@code
 *     INKZEE_WEB_REQUEST_SECONDS}, 30 s); later is 408 and the connection closed
 * @param shutdownGrace how long SIGTERM waits for requests in flight ({@code
 *     INKZEE_SHUTDOWN_GRACE_SECONDS}, 20 s)
 */
public record WebConfig(
    String bind,
    int httpPort,
    List<Endpoint> rankerEndpoints,
    String authToken,
    String publicOrigin,
    boolean secureCookies,
    Duration sessionLifetime,
    int maxBodyBytes,
    int handlerThreads,
    int maxConnections,
    Duration requestDeadline,
    Duration shutdownGrace) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_RANKER_ENDPOINTS = "127.0.0.1:7103";

  public WebConfig {
    rankerEndpoints = List.copyOf(rankerEndpoints);
    if (publicOrigin != null) {
      URI u = URI.create(publicOrigin);
      if (u.getScheme() == null
          || u.getHost() == null
          || (u.getPath() != null && !u.getPath().isEmpty())) {
        throw new IllegalArgumentException(
            "INKZEE_WEB_ORIGIN="
                + publicOrigin
                + " is not an origin such as https://reader.example");
      }
    }
  }

  /** The HTTP server's limits. */
  public ServerLimits limits() {
    return new ServerLimits(handlerThreads, maxBodyBytes, maxConnections, requestDeadline);
  }

  /** Reads every variable named above; a bad value fails start-up naming the variable. */
  public static WebConfig fromEnv(Env env) {
    String origin = env.string("INKZEE_WEB_ORIGIN", "");
    return new WebConfig(
        env.string("INKZEE_BIND", "127.0.0.1"),
        env.port("INKZEE_HTTP_PORT", DEFAULT_HTTP_PORT),
        Endpoint.parseList(env.string("INKZEE_RANKER_ENDPOINTS", DEFAULT_RANKER_ENDPOINTS)),
        env.secret("INKZEE_AUTH_TOKEN"),
        origin.isEmpty() ? null : origin,
        env.bool("INKZEE_WEB_SECURE_COOKIES", false),
        Duration.ofDays(env.integer("INKZEE_WEB_SESSION_DAYS", 30, 1, 365)),
        env.integer("INKZEE_WEB_MAX_BODY_BYTES", 2 * 1024 * 1024, 64 * 1024, 64 * 1024 * 1024),
        env.integer("INKZEE_WEB_THREADS", 16, 1, 1024),
        env.integer("INKZEE_WEB_MAX_CONNECTIONS", 1024, 1, 1_000_000),
        Duration.ofSeconds(env.integer("INKZEE_WEB_REQUEST_SECONDS", 30, 1, 3600)),
        env.seconds("INKZEE_SHUTDOWN_GRACE_SECONDS", 20));
  }
}
