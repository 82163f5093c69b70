package com.inkzee.fetcher.fetch;

import com.inkzee.rpc.config.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and identity of the feed fetcher, validated at construction. Read from {@code
 * INKZEE_FETCH_*} by {@link #fromEnv}; every variable, default and unit is listed in
 * docs/FETCHER.md.
 *
 * @param connectTimeout TCP (and TLS) connect, per attempt
 * @param readTimeout the longest silence between two reads
 * @param fetchTimeout the whole fetch: DNS, connects, every redirect and the body
 * @param maxBodyBytes the body limit, counted after decompression
 * @param maxRedirects redirects followed before giving up
 * @param addressPolicy which addresses may be connected to
 * @param userAgentProduct product and version, {@code Inkzee/0.1.0}
 * @param userAgentUrl where a publisher learns who is fetching
 * @param maxConnectionsPerHost concurrent fetches of one host
 * @param maxConcurrentFetches concurrent fetches in all
 */
public record FetchSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration fetchTimeout,
    long maxBodyBytes,
    int maxRedirects,
    AddressPolicy addressPolicy,
    String userAgentProduct,
    String userAgentUrl,
    int maxConnectionsPerHost,
    int maxConcurrentFetches) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /** A feed that takes more than a minute is broken or hostile; the poll loop retries it later. */
  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(60);

  /**
   * 10 MiB: the largest real-world feeds (full-content podcast feeds with years of items) stay
   * under a few MiB; anything bigger is almost always a mistake or a decompression bomb.
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

  /**
   * 5, as Chrome and Firefox cap at 20 and RFC 2068 once suggested 5; a feed that needs more than
   * five hops is misconfigured, and each hop is a request on someone else's server.
   */
  public static final int DEFAULT_MAX_REDIRECTS = 5;

  /** 2, the per-server connection limit HTTP/1.1 (RFC 2616 §8.1.4) asked clients to keep. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 2;

  /** Fetches are blocking and mostly waiting on the network: many threads are cheap. */
  public static final int DEFAULT_MAX_CONCURRENT_FETCHES = 64;

  public static final String DEFAULT_USER_AGENT_PRODUCT = "Inkzee/0.1.0";
  public static final String DEFAULT_USER_AGENT_URL = "https://github.com/inkzee/inkzee";

  public FetchSettings {
    positive(connectTimeout, "connectTimeout");
    positive(readTimeout, "readTimeout");
    positive(fetchTimeout, "fetchTimeout");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1: " + maxBodyBytes);
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("maxRedirects must be >= 0: " + maxRedirects);
    }
    Objects.requireNonNull(addressPolicy, "addressPolicy");
    Objects.requireNonNull(userAgentProduct, "userAgentProduct");
    Objects.requireNonNull(userAgentUrl, "userAgentUrl");
    if (maxConnectionsPerHost < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerHost must be >= 1: " + maxConnectionsPerHost);
    }
    if (maxConcurrentFetches < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentFetches must be >= 1: " + maxConcurrentFetches);
    }
  }

  /** The production defaults: strict addresses, the limits above. */
  public static FetchSettings defaults() {
    return new FetchSettings(
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_FETCH_TIMEOUT,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_REDIRECTS,
        AddressPolicy.strict(),
        DEFAULT_USER_AGENT_PRODUCT,
        DEFAULT_USER_AGENT_URL,
        DEFAULT_MAX_CONNECTIONS_PER_HOST,
        DEFAULT_MAX_CONCURRENT_FETCHES);
  }

  /**
   * Reads {@code INKZEE_FETCH_CONNECT_TIMEOUT_SECONDS} (10), {@code
   * INKZEE_FETCH_READ_TIMEOUT_SECONDS} (30), {@code INKZEE_FETCH_TIMEOUT_SECONDS} (60), {@code
   * INKZEE_FETCH_MAX_BODY_BYTES} (10485760), {@code INKZEE_FETCH_MAX_REDIRECTS} (5), {@code
   * INKZEE_FETCH_ALLOW_PRIVATE} (false), {@code INKZEE_FETCH_USER_AGENT_URL}, {@code
   * INKZEE_FETCH_MAX_CONNECTIONS_PER_HOST} (2) and {@code INKZEE_FETCH_MAX_CONCURRENT} (64).
   *
   * @throws IllegalArgumentException naming the variable, its value and what was expected
   */
  public static FetchSettings fromEnv(Env env) {
    Duration connect =
        atLeastOneSecond(
            env, "INKZEE_FETCH_CONNECT_TIMEOUT_SECONDS", DEFAULT_CONNECT_TIMEOUT.toSeconds());
    Duration read =
        atLeastOneSecond(
            env, "INKZEE_FETCH_READ_TIMEOUT_SECONDS", DEFAULT_READ_TIMEOUT.toSeconds());
    Duration fetch =
        atLeastOneSecond(env, "INKZEE_FETCH_TIMEOUT_SECONDS", DEFAULT_FETCH_TIMEOUT.toSeconds());
    int maxBody =
        env.integer("INKZEE_FETCH_MAX_BODY_BYTES", (int) DEFAULT_MAX_BODY_BYTES, 1024, 1 << 30);
    int redirects = env.integer("INKZEE_FETCH_MAX_REDIRECTS", DEFAULT_MAX_REDIRECTS, 0, 20);
    AddressPolicy policy = AddressPolicy.parse(env.string("INKZEE_FETCH_ALLOW_PRIVATE", "false"));
    String url = env.string("INKZEE_FETCH_USER_AGENT_URL", DEFAULT_USER_AGENT_URL);
    if (url.chars().anyMatch(c -> c < 0x21 || c > 0x7e || c == ';' || c == ')' || c == '(')) {
      throw new IllegalArgumentException(
          "INKZEE_FETCH_USER_AGENT_URL=" + url + " must be a URL without spaces, ';' or brackets");
    }
    int perHost =
        env.integer(
            "INKZEE_FETCH_MAX_CONNECTIONS_PER_HOST", DEFAULT_MAX_CONNECTIONS_PER_HOST, 1, 64);
    int concurrent =
        env.integer("INKZEE_FETCH_MAX_CONCURRENT", DEFAULT_MAX_CONCURRENT_FETCHES, 1, 4096);
    return new FetchSettings(
        connect,
        read,
        fetch,
        maxBody,
        redirects,
        policy,
        DEFAULT_USER_AGENT_PRODUCT,
        url,
        perHost,
        concurrent);
  }

  /**
   * The {@code User-Agent} for a feed with this many subscribers, in the form other aggregators use
   * so publishers can count readers: {@code Inkzee/0.1.0 (+https://github.com/inkzee/inkzee; 12
   * subscribers)}.
   */
  public String userAgent(int subscribers) {
    return userAgentProduct
        + " (+"
        + userAgentUrl
        + "; "
        + subscribers
        + (subscribers == 1 ? " subscriber)" : " subscribers)");
  }

  public FetchSettings withAddressPolicy(AddressPolicy policy) {
    return new FetchSettings(
        connectTimeout,
        readTimeout,
        fetchTimeout,
        maxBodyBytes,
        maxRedirects,
        policy,
        userAgentProduct,
        userAgentUrl,
        maxConnectionsPerHost,
        maxConcurrentFetches);
  }

  public FetchSettings withTimeouts(Duration connect, Duration read, Duration fetch) {
    return new FetchSettings(
        connect,
        read,
        fetch,
        maxBodyBytes,
        maxRedirects,
        addressPolicy,
        userAgentProduct,
        userAgentUrl,
        maxConnectionsPerHost,
        maxConcurrentFetches);
  }

  public FetchSettings withMaxBodyBytes(long bytes) {
    return new FetchSettings(
        connectTimeout,
        readTimeout,
        fetchTimeout,
        bytes,
        maxRedirects,
        addressPolicy,
        userAgentProduct,
        userAgentUrl,
        maxConnectionsPerHost,
        maxConcurrentFetches);
  }

  public FetchSettings withConcurrency(int perHost, int total) {
    return new FetchSettings(
        connectTimeout,
        readTimeout,
        fetchTimeout,
        maxBodyBytes,
        maxRedirects,
        addressPolicy,
        userAgentProduct,
        userAgentUrl,
        perHost,
        total);
  }

  private static Duration atLeastOneSecond(Env env, String name, long defaultSeconds) {
    Duration d = env.seconds(name, defaultSeconds);
    if (d.isZero()) {
      throw new IllegalArgumentException(name + "=0: must be at least 1 second");
    }
    return d;
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
