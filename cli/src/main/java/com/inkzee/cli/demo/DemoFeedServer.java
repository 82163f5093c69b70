package com.inkzee.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;

/**
 * Serves the demo's sample feeds on loopback, so {@code ./inkzee up --demo} fills a river with no
 * internet: every file of one directory, read once at start, its dates filled in relative to the
 * start ({@link DemoTemplate}) and the same bytes served on every fetch (so the fetcher sees
 * unchanged feeds, not new entries).
 *
 * <p>Bound to 127.0.0.1 only. Only the files found at start are served, by exact name: a request
 * for anything else (another path, {@code ..}) is a 404, never a look at the file system.
 */
public final class DemoFeedServer implements AutoCloseable {
  /** The default port: beside the fetcher's WebSub port (7402) in the HTTP range of DESIGN.md. */
  public static final int DEFAULT_PORT = 7490;

  /** Largest sample file served: the shipped ones are a few KiB. */
  public static final long MAX_FILE_BYTES = 1024 * 1024;

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

  private static final Map<String, String> TYPES =
      Map.of(
          "rss", "application/rss+xml; charset=utf-8",
          "atom", "application/atom+xml; charset=utf-8",
          "xml", "application/xml; charset=utf-8",
          "json", "application/feed+json; charset=utf-8",
          "html", "text/html; charset=utf-8");

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Served> files;

  private record Served(byte[] body, String contentType) {}

  private DemoFeedServer(HttpServer server, ExecutorService executor, Map<String, Served> files) {
    this.server = server;
    this.executor = executor;
    this.files = files;
  }

  /**
   * Reads {@code dir} and serves it on 127.0.0.1:{@code port} (0: any free port).
   *
   * @throws IllegalArgumentException if the directory has no file to serve
   * @throws IOException if the directory cannot be read or the port is taken
   */
  public static DemoFeedServer start(Path dir, int port, Instant now) throws IOException {
    Map<String, Served> files = load(dir, now);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    ExecutorService executor = Executors.newFixedThreadPool(2, daemon());
    DemoFeedServer s = new DemoFeedServer(server, executor, files);
    server.createContext("/", s::handle);
    server.setExecutor(executor);
    server.start();
    return s;
  }

  /** The names served, sorted: the feeds and the index page. */
  public List<String> names() {
    return new ArrayList<>(files.keySet());
  }

  /** The feeds among them (everything but HTML pages), sorted. */
  public List<String> feedNames() {
    return feedNames(names());
  }

  /** The feed files of a list of names: everything but HTML pages. */
  public static List<String> feedNames(List<String> names) {
    return names.stream().filter(n -> !n.endsWith(".html")).sorted().toList();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String name = path.equals("/") ? "index.html" : path.substring(1);
      Served f = files.get(name);
      if (f == null) {
        byte[] body = ("no demo file " + path + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(404, method.equals("HEAD") ? -1 : body.length);
        if (!method.equals("HEAD")) {
          exchange.getResponseBody().write(body);
        }
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", f.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, f.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(f.body());
      }
    }
  }

  private static Map<String, Served> load(Path dir, Instant now) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no demo feed directory " + dir);
    }
    Map<String, Served> files = new TreeMap<>();
    try (var list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        String name = p.getFileName().toString();
        String type = TYPES.get(extension(name));
        if (type == null || !FILE_NAME.matcher(name).matches() || !Files.isRegularFile(p)) {
          continue;
        }
        if (Files.size(p) > MAX_FILE_BYTES) {
          throw new IllegalArgumentException(
              p + " is larger than the " + MAX_FILE_BYTES + " bytes a sample feed may be");
        }
        String text = Files.readString(p, StandardCharsets.UTF_8);
        files.put(
            name,
            new Served(DemoTemplate.render(text, now).getBytes(StandardCharsets.UTF_8), type));
      }
    }
    if (feedNames(new ArrayList<>(files.keySet())).isEmpty()) {
      throw new IllegalArgumentException("no sample feed (.rss, .atom, .xml, .json) in " + dir);
    }
    return files;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "inkzee-demo-feeds");
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
