package com.inkzee.e2e.feeds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 serving {@link TestFeed}s, which the test changes between polls.
 * It records when each path was requested (the fetchers' polls, counted per feed), can answer a
 * path slowly ({@link #delay}), and can hold a path's requests until released ({@link #hold}), so a
 * test can kill a fetcher in the middle of a fetch.
 */
public final class FeedServer implements AutoCloseable {
  /** Longest a held request waits for its release: a forgotten hold must not hang the run. */
  private static final Duration MAX_HOLD = Duration.ofSeconds(60);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, TestFeed> feeds = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> requests = new ConcurrentHashMap<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();

  private FeedServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static FeedServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "feed-server-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    FeedServer feeds = new FeedServer(server, executor);
    server.createContext("/", feeds::handle);
    server.start();
    return feeds;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String url(TestFeed feed) {
    return baseUrl() + feed.path();
  }

  /** A new, empty feed at {@code path}. */
  public TestFeed feed(String path, String title) {
    TestFeed feed = new TestFeed(path, title);
    if (feeds.putIfAbsent(path, feed) != null) {
      throw new IllegalArgumentException("a feed is already served at " + path);
    }
    return feed;
  }

  /** Answers {@code feed} only after {@code delay} from now on. */
  public void delay(TestFeed feed, Duration delay) {
    delays.put(feed.path(), delay);
  }

  /** From now on requests of {@code feed} wait until the hold is released (at most a minute). */
  public Hold hold(TestFeed feed) {
    Hold hold = new Hold(feed.path());
    holds.put(feed.path(), hold);
    return hold;
  }

  public int requestCount(TestFeed feed) {
    return requestTimes(feed).size();
  }

  /** When each request of {@code feed} arrived, in {@link System#nanoTime()}, in order. */
  public List<Long> requestTimes(TestFeed feed) {
    List<Long> times = requests.get(feed.path());
    if (times == null) {
      return List.of();
    }
    synchronized (times) {
      return new ArrayList<>(times);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      TestFeed feed = feeds.get(path);
      if (feed == null || !"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      List<Long> times = requests.computeIfAbsent(path, p -> new ArrayList<>());
      synchronized (times) {
        times.add(System.nanoTime());
      }
      Hold hold = holds.get(path);
      if (hold != null) {
        hold.waitForRelease();
      }
      Duration delay = delays.get(path);
      if (delay != null) {
        Thread.sleep(delay.toMillis());
      }
      byte[] body = feed.render(baseUrl()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The fetcher went away mid-answer (killed on purpose): nothing to answer to.
    }
  }

  @Override
  public void close() {
    holds.values().forEach(Hold::release);
    server.stop(0);
    executor.shutdownNow();
  }

  /** Requests of one path held until {@link #release()}. */
  public final class Hold implements AutoCloseable {
    private final String path;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();

    private Hold(String path) {
      this.path = path;
    }

    /** Requests waiting in this hold now. */
    public int waiting() {
      return waiting.get();
    }

    /** Lets every held request (and later ones) through, and ends the hold. */
    public void release() {
      holds.remove(path, this);
      released.countDown();
    }

    @Override
    public void close() {
      release();
    }

    private void waitForRelease() throws InterruptedException {
      waiting.incrementAndGet();
      try {
        released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        waiting.decrementAndGet();
      }
    }
  }
}
