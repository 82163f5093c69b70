package com.inkzee.ranker.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) serving pages and feeds set by the test, which
 * may change them between fetches; unknown paths answer 404. For discovery and OPML through a real
 * fetcher.
 */
public final class SiteServer implements AutoCloseable {
  private record Doc(String contentType, byte[] body) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final Map<String, Doc> docs = new ConcurrentHashMap<>();
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();

  /**
   * Requests for one path held before they are answered, until {@link #release}: a fetch the test
   * knows is in flight. Bounded: a held request is answered after {@link #MAX_HOLD} anyway.
   */
  public static final class Hold {
    static final Duration MAX_HOLD = Duration.ofSeconds(60);
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Whether a request for the path arrived within {@code timeout}. */
    public boolean awaitRequest(Duration timeout) throws InterruptedException {
      return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets held requests (and later ones) be answered. */
    public void release() {
      released.countDown();
    }

    void hold() {
      arrived.countDown();
      try {
        released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public SiteServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Hold h = holds.get(exchange.getRequestURI().getPath());
            if (h != null) {
              h.hold();
            }
            Doc d = docs.get(exchange.getRequestURI().getPath());
            if (d == null) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            exchange.getResponseHeaders().set("Content-Type", d.contentType());
            exchange.sendResponseHeaders(200, d.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(d.body());
            }
          }
        });
    server.start();
  }

  /** Serves {@code body} at {@code path} from now on. */
  public SiteServer serve(String path, String contentType, String body) {
    docs.put(path, new Doc(contentType, body.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  /** Holds the requests for {@code path} until the returned hold is released. */
  public Hold hold(String path) {
    Hold h = new Hold();
    holds.put(path, h);
    return h;
  }

  /** {@code http://127.0.0.1:port} followed by {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** An RSS 2.0 feed named {@code title} with one item per {@code items} pair (title, guid). */
  public static String rss(String title, String siteUrl, String... titlesAndGuids) {
    StringBuilder b =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>"
                + title
                + "</title><link>"
                + siteUrl
                + "</link><description>test feed</description>");
    for (int i = 0; i + 1 < titlesAndGuids.length; i += 2) {
      b.append("<item><title>")
          .append(titlesAndGuids[i])
          .append("</title><guid isPermaLink=\"false\">")
          .append(titlesAndGuids[i + 1])
          .append("</guid><link>")
          .append(siteUrl)
          .append("/")
          .append(titlesAndGuids[i + 1])
          .append("</link><description>&lt;p&gt;")
          .append(titlesAndGuids[i])
          .append(". Reporters followed the story through the week and spoke with people on")
          .append(" every side of it.&lt;/p&gt;</description></item>");
    }
    return b.append("</channel></rss>").toString();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
