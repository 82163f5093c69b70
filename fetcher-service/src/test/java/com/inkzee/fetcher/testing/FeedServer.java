package com.inkzee.fetcher.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) for fetcher tests: serves the shared feed corpus
 * and scripted misbehaviour, and counts what it saw. Built on mockwebserver3 with a path-routing
 * {@link Dispatcher}; every route is keyed by the request path without its query.
 *
 * <pre>{@code
 * try (FeedServer server = FeedServer.start().serveCorpus()) {
 *   server.content("/feed.xml", "<rss/>", "application/rss+xml");  // ETag, Last-Modified, 304
 *   server.redirect("/old", 301, "/feed.xml");
 *   server.status("/busy", 429, "Retry-After: 120");
 *   URI uri = server.uri("/feeds/realworld/feedbin-atom.xml");
 *   ...
 *   assertThat(server.requestCount("/feed.xml")).isEqualTo(2);
 * }
 * }</pre>
 *
 * <p>Counters: requests per path, and the most requests handled at once (per path, per {@code Host}
 * header and overall), measured while the dispatcher works on a request (plus the optional {@link
 * #thinkTime}), which lies inside the client's request; and the most TCP connections open at once.
 * Unknown paths answer 404. Thread-safe.
 */
public final class FeedServer implements Closeable {
  /** The {@code Last-Modified} of content routes unless given. */
  public static final Instant DEFAULT_LAST_MODIFIED = Instant.parse("2024-01-02T03:04:05Z");

  private static final ThreadLocal<Boolean> RESET_ON_CLOSE = ThreadLocal.withInitial(() -> false);

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Function<RecordedRequest, MockResponse>> routes =
      new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
  private final Map<String, Concurrency> concurrencyByPath = new ConcurrentHashMap<>();
  private final Map<String, Concurrency> concurrencyByHost = new ConcurrentHashMap<>();
  private final Concurrency overall = new Concurrency();
  private final Concurrency connections = new Concurrency();
  private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
  private final AtomicLong gzipBombBytesProduced = new AtomicLong();
  private volatile Duration thinkTime = Duration.ZERO;
  private volatile Path corpus;

  private FeedServer() {}

  /** Starts a plain HTTP server on 127.0.0.1 and an ephemeral port. */
  public static FeedServer start() throws IOException {
    return start(null);
  }

  /** Starts an HTTPS server on 127.0.0.1 presenting the certificate of {@code tls}. */
  public static FeedServer startHttps(SSLSocketFactory tls) throws IOException {
    return start(tls);
  }

  private static FeedServer start(SSLSocketFactory tls) throws IOException {
    FeedServer s = new FeedServer();
    s.server.setServerSocketFactory(new CountingServerSocketFactory(s.connections));
    if (tls != null) {
      s.server.useHttps(tls);
    }
    s.server.setDispatcher(s.new Router());
    s.server.start(InetAddress.getByName("127.0.0.1"), 0);
    return s;
  }

  // ---- addresses

  /** {@code http://127.0.0.1:port/path} (https when started so). */
  public URI uri(String path) {
    // MockWebServer.url() names the host "localhost"; an IP literal keeps DNS out of every test.
    return server.url(path).newBuilder().host("127.0.0.1").build().uri();
  }

  public int port() {
    return server.getPort();
  }

  /** {@code 127.0.0.1:port}. */
  public String hostAndPort() {
    return "127.0.0.1:" + port();
  }

  // ---- content

  /**
   * The feed corpus (realworld, wellformed, illformed, hostile, with MANIFEST.tsv), found by the
   * system property {@code inkzee.feeds.dir}, the variable {@code INKZEE_TEST_FEEDS}, or {@code
   * testdata/feeds} (the repository's copy) or {@code shared/feeds} in the working directory or any
   * of its parents.
   *
   * @throws IllegalStateException if it is nowhere
   */
  public static Path corpusDir() {
    for (String configured :
        new String[] {System.getProperty("inkzee.feeds.dir"), System.getenv("INKZEE_TEST_FEEDS")}) {
      if (configured != null && !configured.isBlank()) {
        Path p = Paths.get(configured);
        if (Files.isDirectory(p)) {
          return p.toAbsolutePath().normalize();
        }
      }
    }
    // The repository's own copy first (testdata/feeds, so a checkout anywhere has it), then the
    // workplace's shared/feeds it was copied from.
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate :
          new Path[] {
            dir.resolve("testdata").resolve("feeds"), dir.resolve("shared").resolve("feeds")
          }) {
        if (Files.isRegularFile(candidate.resolve("MANIFEST.tsv"))) {
          return candidate.normalize();
        }
      }
    }
    throw new IllegalStateException(
        "feed corpus not found: no testdata/feeds or shared/feeds with a MANIFEST.tsv above "
            + Paths.get("").toAbsolutePath()
            + " (set -Dinkzee.feeds.dir)");
  }

  /**
   * Serves every file of {@link #corpusDir()} under {@code /feeds/<relative path>}, with ETag,
   * Last-Modified (the file's mtime) and 304s.
   */
  public FeedServer serveCorpus() {
    this.corpus = corpusDir();
    return this;
  }

  /** Serves {@code body} with an ETag (content hash), {@link #DEFAULT_LAST_MODIFIED} and 304s. */
  public FeedServer content(String path, String body, String contentType) {
    return content(path, body.getBytes(StandardCharsets.UTF_8), contentType, DEFAULT_LAST_MODIFIED);
  }

  /** Serves {@code body} with an ETag (content hash), the given Last-Modified, and 304s. */
  public FeedServer content(String path, byte[] body, String contentType, Instant lastModified) {
    byte[] copy = body.clone();
    return route(path, r -> conditional(r, copy, contentType, lastModified));
  }

  /** Serves {@code body} gzip-compressed ({@code Content-Encoding: gzip}). */
  public FeedServer gzip(String path, byte[] body, String contentType) {
    byte[] compressed = gzipBytes(body);
    return route(
        path,
        r ->
            new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", contentType)
                .setHeader("Content-Encoding", "gzip")
                .body(new okio.Buffer().write(compressed))
                .build());
  }

  /**
   * Serves {@code uncompressedBytes} zeros gzip-compressed, generated while sending (nothing of
   * that size is ever held): 1 GiB compresses to about 1 MiB. See {@link #gzipBombBytesProduced}.
   */
  public FeedServer gzipBomb(String path, long uncompressedBytes) {
    return route(
        path,
        r ->
            new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/rss+xml")
                .setHeader("Content-Encoding", "gzip")
                .body(new GzipZeros(uncompressedBytes, gzipBombBytesProduced))
                .build());
  }

  /** Sends {@code body} one byte every {@code perByte}, after the headers. */
  public FeedServer slow(String path, byte[] body, Duration perByte) {
    byte[] copy = body.clone();
    return route(
        path,
        r ->
            new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/rss+xml")
                .body(new okio.Buffer().write(copy))
                .throttleBody(1, perByte.toMillis(), TimeUnit.MILLISECONDS)
                .build());
  }

  /** Answers with a redirect to {@code location} (absolute or relative, sent verbatim). */
  public FeedServer redirect(String path, int status, String location) {
    return route(
        path, r -> new MockResponse.Builder().code(status).setHeader("Location", location).build());
  }

  /** Answers {@code status} with these header lines ({@code "Retry-After: 120"}) and no body. */
  public FeedServer status(String path, int status, String... headerLines) {
    return route(
        path,
        r -> {
          MockResponse.Builder b = new MockResponse.Builder().code(status);
          for (String line : headerLines) {
            b.addHeader(line);
          }
          return b.build();
        });
  }

  /** Resets the connection (TCP RST, SO_LINGER 0) once the request has been read. */
  public FeedServer reset(String path) {
    return route(
        path,
        r -> {
          RESET_ON_CLOSE.set(true); // read by CountingSocket.close on this same server thread
          return new MockResponse.Builder()
              .onResponseStart(new SocketEffect.CloseSocket(true, false, false))
              .build();
        });
  }

  /** Any other behaviour: {@code handler} builds the response for each request to {@code path}. */
  public FeedServer route(String path, Function<RecordedRequest, MockResponse> handler) {
    routes.put(path, handler);
    return this;
  }

  /** The server works this long on every request (inside the concurrency window). */
  public FeedServer thinkTime(Duration time) {
    this.thinkTime = time;
    return this;
  }

  // ---- counters

  /** All requests so far. */
  public int requestCount() {
    return recorded.size();
  }

  public int requestCount(String path) {
    AtomicInteger n = requestsByPath.get(path);
    return n == null ? 0 : n.get();
  }

  /** The requests to {@code path}, oldest first. */
  public List<RecordedRequest> requests(String path) {
    return recorded.stream().filter(r -> path.equals(r.getUrl().encodedPath())).toList();
  }

  /** The latest request to {@code path}. */
  public RecordedRequest lastRequest(String path) {
    List<RecordedRequest> all = requests(path);
    if (all.isEmpty()) {
      throw new IllegalStateException("no request to " + path);
    }
    return all.get(all.size() - 1);
  }

  public int maxConcurrentRequests() {
    return overall.max();
  }

  public int maxConcurrentRequests(String path) {
    Concurrency c = concurrencyByPath.get(path);
    return c == null ? 0 : c.max();
  }

  /** By the {@code Host} header sent, e.g. {@code "127.0.0.1:4711"} or a name a test Dns maps. */
  public int maxConcurrentRequestsForHost(String hostHeader) {
    Concurrency c = concurrencyByHost.get(hostHeader);
    return c == null ? 0 : c.max();
  }

  /** The most TCP connections that were open at once. */
  public int maxConcurrentConnections() {
    return connections.max();
  }

  /** Connections accepted so far. */
  public int connectionCount() {
    return connections.total();
  }

  /** Uncompressed bytes all gzip bombs generated so far (what was compressed onto the wire). */
  public long gzipBombBytesProduced() {
    return gzipBombBytesProduced.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  // ---- internals

  private final class Router extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      recorded.add(request);
      String path = request.getUrl().encodedPath();
      String host = request.getHeaders().get("Host");
      requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      Concurrency byPath = concurrencyByPath.computeIfAbsent(path, p -> new Concurrency());
      Concurrency byHost =
          concurrencyByHost.computeIfAbsent(host == null ? "" : host, h -> new Concurrency());
      overall.enter();
      byPath.enter();
      byHost.enter();
      try {
        Duration think = thinkTime;
        if (!think.isZero()) {
          Thread.sleep(think.toMillis(), think.toNanosPart() % 1_000_000);
        }
        Function<RecordedRequest, MockResponse> route = routes.get(path);
        if (route != null) {
          return route.apply(request);
        }
        Path file = corpusFile(path);
        if (file != null) {
          return serveFile(request, file);
        }
        return new MockResponse.Builder().code(404).body("no route for " + path).build();
      } finally {
        byHost.exit();
        byPath.exit();
        overall.exit();
      }
    }
  }

  private Path corpusFile(String path) {
    Path root = corpus;
    if (root == null || !path.startsWith("/feeds/")) {
      return null;
    }
    Path file = root.resolve(path.substring("/feeds/".length())).normalize();
    return file.startsWith(root) && Files.isRegularFile(file) ? file : null;
  }

  private static MockResponse serveFile(RecordedRequest request, Path file) {
    try {
      return conditional(
          request,
          Files.readAllBytes(file),
          contentTypeOf(file.getFileName().toString()),
          Files.getLastModifiedTime(file).toInstant());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String contentTypeOf(String name) {
    if (name.endsWith(".rss")) {
      return "application/rss+xml";
    }
    if (name.endsWith(".atom")) {
      return "application/atom+xml";
    }
    if (name.endsWith(".json")) {
      return "application/feed+json";
    }
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".txt") || name.endsWith(".md") || name.endsWith(".tsv")) {
      return "text/plain; charset=utf-8";
    }
    return "application/xml";
  }

  /** 200 with validators, or 304 when the request's validators match. */
  private static MockResponse conditional(
      RecordedRequest request, byte[] body, String contentType, Instant lastModified) {
    String etag = "\"" + sha256(body).substring(0, 16) + "\"";
    String lastModifiedText = httpDate(lastModified);
    String ifNoneMatch = request.getHeaders().get("If-None-Match");
    String ifModifiedSince = request.getHeaders().get("If-Modified-Since");
    boolean notModified;
    if (ifNoneMatch != null) {
      // RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present.
      notModified =
          ifNoneMatch.strip().equals("*")
              || List.of(ifNoneMatch.split(",")).stream()
                  .map(String::strip)
                  .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                  .anyMatch(etag::equals);
    } else {
      notModified = ifModifiedSince != null && notModifiedSince(lastModified, ifModifiedSince);
    }
    MockResponse.Builder b =
        new MockResponse.Builder()
            .setHeader("ETag", etag)
            .setHeader("Last-Modified", lastModifiedText);
    if (notModified) {
      return b.code(304).build();
    }
    return b.code(200)
        .setHeader("Content-Type", contentType)
        .body(new okio.Buffer().write(body))
        .build();
  }

  private static boolean notModifiedSince(Instant lastModified, String header) {
    try {
      Instant since = ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return !lastModified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).isAfter(since);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** An IMF-fixdate, as HTTP sends dates. */
  public static String httpDate(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gzip-compresses in memory (test bodies only; bombs are streamed by {@link GzipZeros}). */
  public static byte[] gzipBytes(byte[] body) {
    okio.Buffer out = new okio.Buffer();
    try (GZIPOutputStream gz = new GZIPOutputStream(out.outputStream())) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.readByteArray();
  }

  /** Zeros, gzip-compressed as they are written; stops when the client goes away. */
  private static final class GzipZeros implements MockResponseBody {
    private final long uncompressedBytes;
    private final AtomicLong produced;

    GzipZeros(long uncompressedBytes, AtomicLong produced) {
      this.uncompressedBytes = uncompressedBytes;
      this.produced = produced;
    }

    @Override
    public long getContentLength() {
      return -1; // chunked
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      byte[] zeros = new byte[64 * 1024];
      OutputStream raw = sink.outputStream();
      GZIPOutputStream gz = new GZIPOutputStream(raw, 64 * 1024);
      long left = uncompressedBytes;
      while (left > 0) {
        int n = (int) Math.min(zeros.length, left);
        gz.write(zeros, 0, n);
        produced.addAndGet(n);
        left -= n;
      }
      gz.finish();
      gz.flush();
    }
  }

  /** A counter that remembers its highest value. */
  private static final class Concurrency {
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();

    void enter() {
      total.incrementAndGet();
      max.accumulateAndGet(current.incrementAndGet(), Math::max);
    }

    void exit() {
      current.decrementAndGet();
    }

    int max() {
      return max.get();
    }

    int total() {
      return total.get();
    }
  }

  /** Server sockets whose accepted sockets count themselves and can be reset. */
  private static final class CountingServerSocketFactory extends ServerSocketFactory {
    private final Concurrency connections;

    CountingServerSocketFactory(Concurrency connections) {
      this.connections = connections;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new CountingServerSocket(connections);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
        throws IOException {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }
  }

  private static final class CountingServerSocket extends ServerSocket {
    private final Concurrency connections;

    CountingServerSocket(Concurrency connections) throws IOException {
      this.connections = connections;
    }

    @Override
    public Socket accept() throws IOException {
      Socket s = new CountingSocket(connections);
      implAccept(s);
      // mockwebserver writes headers and body separately: with Nagle on, each response would wait
      // for the client's delayed ACK (~40 ms).
      s.setTcpNoDelay(true);
      connections.enter();
      return s;
    }
  }

  private static final class CountingSocket extends Socket {
    private final Concurrency connections;
    private final java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();

    CountingSocket(Concurrency connections) {
      this.connections = connections;
    }

    @Override
    public synchronized void close() throws IOException {
      boolean reset = RESET_ON_CLOSE.get();
      RESET_ON_CLOSE.set(false);
      if (reset && !isClosed()) {
        setSoLinger(true, 0); // close with RST instead of FIN
      }
      if (closed.compareAndSet(false, true)) {
        connections.exit();
      }
      super.close();
    }
  }
}
