package com.inkzee.fetcher.fetch;

import com.inkzee.fetcher.fetch.FetchException.Kind;
import com.inkzee.fetcher.schedule.HostLimiter;
import com.inkzee.fetcher.schedule.RetryAfter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one feed over HTTP with conditional GET, within hard limits, and refuses to be turned
 * against the network it runs in. Blocking and thread-safe: the poll loop calls {@link #fetch} from
 * many threads.
 *
 * <p>Each fetch:
 *
 * <ol>
 *   <li>takes a slot of the {@link HostLimiter} (at most {@code maxConnectionsPerHost} fetches of a
 *       host, {@code maxConcurrentFetches} in all), waiting at most {@code fetchTimeout};
 *   <li>sends {@code If-None-Match}/{@code If-Modified-Since} when the request has validators, and
 *       a {@code User-Agent} naming the subscriber count;
 *   <li>follows redirects itself (OkHttp's own following is off) so every hop is checked for
 *       scheme, loop and count and is recorded, and every hop's connection passes the address
 *       guard;
 *   <li>reads a 2xx body through a bounded source, after OkHttp's transparent gzip, so the limit
 *       counts decompressed bytes and a gzip bomb is cut off at {@code maxBodyBytes};
 *   <li>runs under one {@link Call#timeout()} deadline across all hops, so a server trickling a
 *       byte every few seconds is abandoned at {@code fetchTimeout}, not at the read timeout.
 * </ol>
 *
 * <p>SSRF: the address policy is applied where the connection is made ({@link
 * GuardedSocketFactory}), with an early filter in {@link GuardedDns} and a per-request check in
 * {@link AddressCheckInterceptor}. TLS is verified strictly; a {@link FetchRequest#tlsExempt()}
 * fetch uses a separate client that trusts any certificate and keeps no connection after the fetch.
 */
public final class FeedFetcher implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(FeedFetcher.class);

  /** What a feed reader can use, best first; the wildcard keeps misconfigured servers talking. */
  static final String ACCEPT =
      "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml,"
          + " application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

  /** Idle connections kept per client; politeness, not speed, bounds how many are used at once. */
  private static final int MAX_IDLE_CONNECTIONS = 32;

  private static final Duration KEEP_ALIVE = Duration.ofMinutes(1);

  private final FetchSettings settings;
  private final OkHttpClient client;
  private final OkHttpClient tlsExemptClient;
  private final HostLimiter limiter;
  private final Clock clock;

  public FeedFetcher(FetchSettings settings) {
    this(settings, Dns.SYSTEM);
  }

  /**
   * A fetcher resolving names with {@code dns} (tests map names to loopback; the address policy
   * still applies to whatever it answers).
   */
  public FeedFetcher(FetchSettings settings, Dns dns) {
    this(settings, dns, Clock.systemUTC());
  }

  FeedFetcher(FetchSettings settings, Dns dns, Clock clock) {
    this(settings, dns, clock, address -> true);
  }

  /** With a connect tripwire for SSRF tests; see {@link GuardedSocketFactory}. */
  FeedFetcher(FetchSettings settings, Dns dns, Clock clock, Predicate<InetAddress> tripwire) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    AddressPolicy policy = settings.addressPolicy();
    this.client =
        new OkHttpClient.Builder()
            .dns(new GuardedDns(Objects.requireNonNull(dns, "dns"), policy))
            .socketFactory(new GuardedSocketFactory(policy, tripwire))
            // A proxy would make the guarded socket connect to the proxy, not the feed's address.
            .proxy(Proxy.NO_PROXY)
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .writeTimeout(settings.readTimeout())
            // For other users of client() (WebSub); fetch() sets its own deadline per call.
            .callTimeout(settings.fetchTimeout())
            .connectionPool(
                new ConnectionPool(
                    MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
            .addNetworkInterceptor(new AddressCheckInterceptor(policy))
            .build();
    this.tlsExemptClient =
        client
            .newBuilder()
            .sslSocketFactory(TrustEveryCertificate.socketFactory(), TrustEveryCertificate.INSTANCE)
            .hostnameVerifier((hostname, session) -> true)
            // No idle connection outlives the exempt fetch, so none is ever reused by another.
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .build();
    this.limiter =
        new HostLimiter(settings.maxConcurrentFetches(), settings.maxConnectionsPerHost());
  }

  /** The guarded client (address checks, no automatic redirects, strict TLS), for WebSub. */
  public OkHttpClient client() {
    return client;
  }

  public FetchSettings settings() {
    return settings;
  }

  /** The politeness limiter this fetcher's fetches go through (for metrics and tests). */
  public HostLimiter limiter() {
    return limiter;
  }

  /**
   * Fetches {@code request.url()}, following redirects. Any HTTP status comes back as a result;
   * only refusals, limits and network failures throw.
   *
   * @throws FetchException naming the URL, the value and the limit
   */
  public FetchResult fetch(FetchRequest request) throws FetchException {
    Objects.requireNonNull(request, "request");
    long startNanos = System.nanoTime();
    long deadline = startNanos + settings.fetchTimeout().toNanos();
    HttpUrl url = httpUrl(request.url(), request.url(), "Feed URL");
    OkHttpClient http = request.tlsExempt() ? tlsExemptClient : client;
    List<RedirectHop> hops = new ArrayList<>();
    Set<HttpUrl> visited = new HashSet<>();
    visited.add(url);
    HostLimiter.Permit permit = acquire(url, deadline);
    try {
      while (true) {
        Hop hop = execute(http, url, request, hops, deadline, startNanos);
        if (hop.next == null) {
          return hop.result;
        }
        RedirectHop recorded = new RedirectHop(hop.status, url.uri(), hop.next.uri());
        hops.add(recorded);
        if (!visited.add(hop.next)) {
          throw new FetchException(
              Kind.REDIRECT_LOOP,
              "Redirect loop from "
                  + request.url()
                  + ": "
                  + url
                  + " redirects with "
                  + hop.status
                  + " back to "
                  + hop.next
                  + " after "
                  + hops.size()
                  + " redirects");
        }
        if (hops.size() > settings.maxRedirects()) {
          throw new FetchException(
              Kind.TOO_MANY_REDIRECTS,
              "Fetch of "
                  + request.url()
                  + " was redirected "
                  + hops.size()
                  + " times (last to "
                  + hop.next
                  + "); the limit is "
                  + settings.maxRedirects());
        }
        if (!hop.next.host().equals(url.host())) {
          permit.close();
          permit = acquire(hop.next, deadline);
        }
        url = hop.next;
      }
    } finally {
      permit.close();
    }
  }

  /** One request's outcome: a redirect to follow, or the final result. */
  private record Hop(int status, HttpUrl next, FetchResult result) {}

  private Hop execute(
      OkHttpClient http,
      HttpUrl url,
      FetchRequest request,
      List<RedirectHop> hops,
      long deadline,
      long startNanos)
      throws FetchException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw timeout(request, url, null);
    }
    Call call = http.newCall(build(url, request));
    HopEvents events = new HopEvents();
    call.addEventListener(events);
    call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
    try (Response response = call.execute()) {
      int status = response.code();
      String location = response.header("Location");
      if (isRedirect(status) && location != null) {
        return new Hop(status, redirectTarget(request, url, location), null);
      }
      byte[] body = status >= 200 && status < 300 ? readBody(response, url, request) : null;
      log.debug(
          "fetched {}{}: {} ({} bytes)",
          url.redact(),
          events.describePeer(),
          status,
          body == null ? 0 : body.length);
      int maxAgeSeconds = response.cacheControl().maxAgeSeconds();
      FetchResult result =
          new FetchResult(
              status,
              request.url(),
              url.uri(),
              hops,
              body,
              response.header("Content-Type"),
              response.header("ETag"),
              response.header("Last-Modified"),
              RetryAfter.parse(response.header("Retry-After"), clock.instant()).orElse(null),
              maxAgeSeconds < 0 ? null : Duration.ofSeconds(maxAgeSeconds),
              response.headers().getInstant("Expires"),
              body == null ? 0 : body.length,
              Duration.ofNanos(System.nanoTime() - startNanos));
      return new Hop(status, null, result);
    } catch (IOException e) {
      throw translate(e, request, url, deadline, events);
    }
  }

  private Request build(HttpUrl url, FetchRequest request) {
    Request.Builder b =
        new Request.Builder()
            .url(url)
            .get()
            .header("User-Agent", settings.userAgent(request.subscribers()))
            .header("Accept", ACCEPT);
    // Validators go on every hop: they describe the feed, and the server that answers decides.
    if (headerSafe(request.etag())) {
      b.header("If-None-Match", request.etag());
    }
    if (headerSafe(request.lastModified())) {
      b.header("If-Modified-Since", request.lastModified());
    }
    return b.build();
  }

  /** Reads at most maxBodyBytes decompressed bytes; one byte more is a {@code TOO_LARGE}. */
  private byte[] readBody(Response response, HttpUrl url, FetchRequest request) throws IOException {
    long max = settings.maxBodyBytes();
    ResponseBody body = response.body();
    long declared = body.contentLength(); // -1 when gzip-decoded or chunked
    if (declared > max) {
      throw tooLarge(request, url, declared, max, "declares");
    }
    BufferedSource source = body.source();
    Buffer buffer = new Buffer();
    long total = 0;
    while (true) {
      // Never ask the (possibly inflating) source for more than one byte past the limit.
      long n = source.read(buffer, Math.min(64 * 1024, max + 1 - total));
      if (n == -1) {
        break;
      }
      total += n;
      if (total > max) {
        throw tooLarge(request, url, total, max, "exceeds after");
      }
    }
    return buffer.readByteArray();
  }

  private HostLimiter.Permit acquire(HttpUrl url, long deadline) throws FetchException {
    Duration wait = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    try {
      Optional<HostLimiter.Permit> permit = limiter.tryAcquire(url.host(), wait);
      return permit.orElseThrow(
          () ->
              new FetchException(
                  Kind.TIMEOUT,
                  "No fetch slot for "
                      + url.host()
                      + " came free within the fetch timeout of "
                      + settings.fetchTimeout().toMillis()
                      + " ms ("
                      + settings.maxConnectionsPerHost()
                      + " per host, "
                      + settings.maxConcurrentFetches()
                      + " in all)"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchException(Kind.TIMEOUT, "Interrupted waiting for a fetch slot for " + url, e);
    }
  }

  /** The redirect target, or a refusal if it is unparseable or not http(s). */
  private static HttpUrl redirectTarget(FetchRequest request, HttpUrl from, String location)
      throws FetchException {
    URI target;
    try {
      target = from.uri().resolve(location.strip());
    } catch (IllegalArgumentException e) {
      HttpUrl lenient = from.resolve(location);
      if (lenient == null) {
        throw new FetchException(
            Kind.PROTOCOL, "Redirect from " + from + " to an invalid Location: " + location, e);
      }
      return lenient;
    }
    return httpUrl(request.url(), target, "Redirect from " + from + " to");
  }

  private static HttpUrl httpUrl(URI requested, URI target, String what) throws FetchException {
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new FetchException(
          Kind.SCHEME_NOT_ALLOWED,
          what
              + " "
              + target
              + " has scheme '"
              + scheme
              + "'; only http and https are fetched"
              + (requested.equals(target) ? "" : " (fetching " + requested + ")"));
    }
    HttpUrl url = HttpUrl.parse(target.toString());
    if (url == null) {
      throw new FetchException(
          Kind.PROTOCOL,
          what + " " + target + " is not a valid http(s) URL (fetching " + requested + ")");
    }
    return url;
  }

  /** Whether {@code url} is the URL asked for (compared canonically), not a redirect target. */
  private static boolean isFirstHop(FetchRequest request, HttpUrl url) {
    return url.equals(HttpUrl.parse(request.url().toString()));
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** Only visible ASCII and spaces: a stored validator with other bytes is dropped, not sent. */
  private static boolean headerSafe(String value) {
    return FetchRequest.notBlank(value) && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  private FetchException translate(
      IOException e, FetchRequest request, HttpUrl url, long deadline, HopEvents events) {
    if (e instanceof FetchException fe) {
      return fe;
    }
    String at = url + events.describePeer();
    AddressRefusedException refused = find(e, AddressRefusedException.class);
    if (refused != null) {
      return new FetchException(
          Kind.ADDRESS_NOT_ALLOWED,
          "Refused to fetch "
              + url
              + (isFirstHop(request, url) ? "" : " (redirected from " + request.url() + ")")
              + ": "
              + refused.getMessage(),
          e);
    }
    if (System.nanoTime() - deadline >= 0) {
      return timeout(request, url, e);
    }
    if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      boolean connecting = !events.responseHeadersReceived() && events.peer() == null;
      return new FetchException(
          Kind.TIMEOUT,
          "Fetch of "
              + at
              + " timed out: "
              + (connecting
                  ? "no connection within the connect timeout of "
                      + settings.connectTimeout().toMillis()
                      + " ms"
                  : "no data within the read timeout of "
                      + settings.readTimeout().toMillis()
                      + " ms"),
          e);
    }
    SSLException tls = find(e, SSLException.class);
    if (tls != null) {
      return new FetchException(
          Kind.TLS,
          "TLS handshake with "
              + at
              + " failed"
              + (request.tlsExempt() ? "" : " (strict verification)")
              + ": "
              + tls.getMessage(),
          e);
    }
    if (e instanceof ProtocolException || events.responseHeadersReceived()) {
      return new FetchException(
          Kind.PROTOCOL, "Bad or truncated response from " + at + ": " + e, e);
    }
    return new FetchException(Kind.CONNECT, "Cannot fetch " + at + ": " + e, e);
  }

  private FetchException timeout(FetchRequest request, HttpUrl url, IOException cause) {
    return new FetchException(
        Kind.TIMEOUT,
        "Fetch of "
            + request.url()
            + (isFirstHop(request, url) ? "" : " (at " + url + ")")
            + " exceeded the whole-fetch timeout of "
            + settings.fetchTimeout().toMillis()
            + " ms",
        cause);
  }

  private static FetchException tooLarge(
      FetchRequest request, HttpUrl url, long bytes, long max, String how) {
    return new FetchException(
        Kind.TOO_LARGE,
        "Response from "
            + url
            + (isFirstHop(request, url) ? "" : " (redirected from " + request.url() + ")")
            + " "
            + how
            + " "
            + bytes
            + " bytes; the limit is "
            + max
            + " bytes (after decompression)");
  }

  /** The first throwable of that type among e, its causes and their suppressed exceptions. */
  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    Set<Throwable> seen = new HashSet<>();
    List<Throwable> todo = new ArrayList<>(List.of(e));
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(0);
      if (t == null || !seen.add(t) || seen.size() > 32) {
        continue;
      }
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      todo.add(t.getCause());
      todo.addAll(List.of(t.getSuppressed()));
    }
    return null;
  }

  @Override
  public void close() {
    for (OkHttpClient c : List.of(client, tlsExemptClient)) {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    }
  }
}
