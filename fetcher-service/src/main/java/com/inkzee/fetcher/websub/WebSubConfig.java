package com.inkzee.fetcher.websub;

import com.inkzee.rpc.config.Env;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * WebSub settings of the fetcher: where the callback server listens, the public base URL hubs reach
 * it at, and the lease and size limits. WebSub is on only when {@link #callbackBase()} is set;
 * without it the wiring starts neither the callback server nor the subscriber, and the poll loop
 * keeps polling every feed.
 *
 * @param bindHost address the callback server listens on ({@code INKZEE_BIND}, 127.0.0.1)
 * @param port callback server port ({@code INKZEE_HTTP_PORT}, 7402; 0 picks a free one)
 * @param callbackBase public base URL hubs call, e.g. {@code https://fetch.example.com:7402}
 *     ({@code INKZEE_WEBSUB_CALLBACK_URL}; null = WebSub off); callbacks are {@code
 *     <base>/websub/<feedId>}
 * @param secrets derives each subscription's {@code hub.secret}
 * @param requestedLease the {@code hub.lease_seconds} we ask for ({@code
 *     INKZEE_WEBSUB_LEASE_SECONDS}, 10 days); hubs may grant another
 * @param maxSubscriptions most subscriptions tracked ({@code INKZEE_WEBSUB_MAX_SUBSCRIPTIONS},
 *     100,000)
 * @param maxBodyBytes largest push accepted ({@code INKZEE_WEBSUB_MAX_BODY_BYTES}, 10 MiB); larger
 *     ones get 413
 * @param idleTimeout a callback connection silent this long is closed ({@code
 *     INKZEE_WEBSUB_IDLE_TIMEOUT_SECONDS}, 60 s)
 * @param renewCheckInterval how often due renewals are looked for (60 s)
 * @param renewRetryDelay how long after a renewal request the next attempt is made if the hub has
 *     not verified it by then (5 min)
 */
public record WebSubConfig(
    String bindHost,
    int port,
    URI callbackBase,
    SubscriptionSecrets secrets,
    Duration requestedLease,
    int maxSubscriptions,
    int maxBodyBytes,
    Duration idleTimeout,
    Duration renewCheckInterval,
    Duration renewRetryDelay) {

  public static final int DEFAULT_PORT = 7402;

  /**
   * Largest push body: feeds past a few MiB are rare, and the same order as the fetcher's limit on
   * polled bodies, so pushing a feed is never a way around it.
   */
  public static final int DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

  /**
   * Ten days: renewal traffic stays negligible, and a subscription we lost track of lapses within
   * days. Hubs may grant a shorter lease; we renew on what they grant.
   */
  public static final Duration DEFAULT_LEASE = Duration.ofDays(10);

  public static final int DEFAULT_MAX_SUBSCRIPTIONS = 100_000;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RENEW_CHECK_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_RENEW_RETRY_DELAY = Duration.ofMinutes(5);

  public WebSubConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(secrets, "secrets");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (callbackBase != null) {
      callbackBase = checkCallbackBase(callbackBase);
    }
    requirePositive(requestedLease, "requestedLease");
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(renewCheckInterval, "renewCheckInterval");
    requirePositive(renewRetryDelay, "renewRetryDelay");
    if (maxSubscriptions < 1) {
      throw new IllegalArgumentException(
          "maxSubscriptions must be positive, got " + maxSubscriptions);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
    }
  }

  /** Defaults everywhere but the given address, callback base and secrets. */
  public static WebSubConfig defaults(
      String bindHost, int port, URI callbackBase, SubscriptionSecrets secrets) {
    return new WebSubConfig(
        bindHost,
        port,
        callbackBase,
        secrets,
        DEFAULT_LEASE,
        DEFAULT_MAX_SUBSCRIPTIONS,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_RENEW_CHECK_INTERVAL,
        DEFAULT_RENEW_RETRY_DELAY);
  }

  /** Reads the {@code INKZEE_*} variables named on each component. */
  public static WebSubConfig fromEnv(Env env) {
    String bind = env.string("INKZEE_BIND", "127.0.0.1");
    int port = env.port("INKZEE_HTTP_PORT", DEFAULT_PORT);
    String callback = env.string("INKZEE_WEBSUB_CALLBACK_URL", "");
    URI callbackBase = null;
    if (!callback.isEmpty()) {
      try {
        callbackBase = new URI(callback);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "INKZEE_WEBSUB_CALLBACK_URL=" + callback + " is not a URL: " + e.getMessage(), e);
      }
    }
    Duration lease = env.seconds("INKZEE_WEBSUB_LEASE_SECONDS", DEFAULT_LEASE.toSeconds());
    if (lease.toSeconds() < 60) {
      throw new IllegalArgumentException(
          "INKZEE_WEBSUB_LEASE_SECONDS=" + lease.toSeconds() + " is below the 60 s minimum");
    }
    int max =
        env.integer("INKZEE_WEBSUB_MAX_SUBSCRIPTIONS", DEFAULT_MAX_SUBSCRIPTIONS, 1, 10_000_000);
    int maxBody =
        env.integer(
            "INKZEE_WEBSUB_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 64 * 1024, 256 * 1024 * 1024);
    Duration idle =
        env.seconds("INKZEE_WEBSUB_IDLE_TIMEOUT_SECONDS", DEFAULT_IDLE_TIMEOUT.toSeconds());
    if (idle.isZero()) {
      throw new IllegalArgumentException("INKZEE_WEBSUB_IDLE_TIMEOUT_SECONDS must be at least 1");
    }
    SubscriptionSecrets secrets =
        callbackBase == null ? SubscriptionSecrets.random() : SubscriptionSecrets.fromEnv(env);
    return new WebSubConfig(
        bind,
        port,
        callbackBase,
        secrets,
        lease,
        max,
        maxBody,
        idle,
        DEFAULT_RENEW_CHECK_INTERVAL,
        DEFAULT_RENEW_RETRY_DELAY);
  }

  /** Whether WebSub is on: a callback base URL is configured. */
  public boolean enabled() {
    return callbackBase != null;
  }

  /**
   * The callback URL for one feed: {@code <callbackBase>/websub/<feedId>/<token>}, the token {@link
   * SubscriptionSecrets#callbackTokenFor}, so that only the hub knows it.
   */
  public URI callbackFor(long feedId) {
    if (callbackBase == null) {
      throw new IllegalStateException("WebSub is off: INKZEE_WEBSUB_CALLBACK_URL is not set");
    }
    return URI.create(callbackBase + callbackPath(feedId));
  }

  /** Whether {@code path} is {@link #callbackPath} of {@code feedId}, compared in constant time. */
  boolean hasCallbackToken(long feedId, String path) {
    return MessageDigest.isEqual(
        callbackPath(feedId).getBytes(StandardCharsets.UTF_8),
        path.getBytes(StandardCharsets.UTF_8));
  }

  /** The path part of {@link #callbackFor}: {@code /websub/<feedId>/<token>}. */
  public String callbackPath(long feedId) {
    return WebSubCallbackServer.CALLBACK_PATH_PREFIX
        + feedId
        + "/"
        + secrets.callbackTokenFor(feedId);
  }

  private static URI checkCallbackBase(URI base) {
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null) {
      throw new IllegalArgumentException(
          "callback base URL " + base + " must be an absolute http or https URL");
    }
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "callback base URL " + base + " must not have a query or fragment");
    }
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
