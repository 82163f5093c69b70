package com.inkzee.cli.testing;

import com.inkzee.cli.demo.DemoFeedServer;
import com.inkzee.fetcher.FetcherServiceMain;
import com.inkzee.ranker.RankerServiceMain;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.store.testing.EmbeddedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole backend in-process, each part as it runs in production and reached over loopback
 * sockets: a store on the embedded database, a fetcher and a ranker started by their own main
 * classes (the fetcher opened to 127.0.0.1 only, as in demo mode), and the demo's feed server
 * serving the repository's {@code demo/feeds}. {@link #env()} is the environment a command line
 * needs to find them.
 */
public final class LiveServices implements AutoCloseable {
  /** The repository's sample feeds, as ./inkzee up --demo serves them. */
  public static final Path DEMO_FEEDS = Path.of("..", "demo", "feeds");

  private final EmbeddedStore store;
  private final RpcServer fetcher;
  private final RpcServer ranker;
  private final DemoFeedServer feeds;
  private final Path rankerData;
  private final int closedPort;

  public LiveServices(Path dir) {
    try {
      closedPort = freePort();
      feeds = DemoFeedServer.start(DEMO_FEEDS, 0, Instant.now());
      store = new EmbeddedStore(dir.resolve("store"));
      String storeAt = "127.0.0.1:" + store.port();
      fetcher =
          FetcherServiceMain.start(
              new Env(
                  Map.of(
                      "INKZEE_RPC_PORT", "0",
                      "INKZEE_STORE_ENDPOINTS", storeAt,
                      "INKZEE_FETCH_ALLOW_PRIVATE", "127.0.0.1/32",
                      "INKZEE_FETCH_IDLE_SECONDS", "1",
                      "INKZEE_FETCHER_ID", "cli-test-fetcher")));
      rankerData = Files.createDirectories(dir.resolve("ranker"));
      ranker =
          RankerServiceMain.start(
              new Env(
                  Map.of(
                      "INKZEE_RPC_PORT", "0",
                      "INKZEE_STORE_ENDPOINTS", storeAt,
                      "INKZEE_DATA_DIR", rankerData.toString(),
                      "INKZEE_RANKER_TAIL_IDLE_MILLIS", "50",
                      "INKZEE_RANKER_USER_CACHE_SECONDS", "1")));
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
  }

  /** What a command line needs to reach these services (the web reader: a closed port). */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + store.port());
    env.put("INKZEE_FETCHER_ENDPOINTS", "127.0.0.1:" + fetcher.port());
    env.put("INKZEE_RANKER_ENDPOINTS", "127.0.0.1:" + ranker.port());
    env.put("INKZEE_WEB_URL", "http://127.0.0.1:" + closedPort + "/");
    env.put("INKZEE_DATA_DIR", rankerData.toString());
    env.put("USER", "cli-tester");
    return env;
  }

  /** {@link #env()} with one variable changed. */
  public Map<String, String> envWith(String name, String value) {
    Map<String, String> env = env();
    env.put(name, value);
    return env;
  }

  /** A loopback port nothing listens on. */
  public int closedPort() {
    return closedPort;
  }

  public EmbeddedStore store() {
    return store;
  }

  public DemoFeedServer feeds() {
    return feeds;
  }

  /** A loopback port that was free a moment ago: connecting to it is refused. */
  public static int closedPortNow() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** How long a test waits for the fetcher and the ranker's tail to bring entries in. */
  public static final Duration PIPELINE_WAIT = Duration.ofSeconds(30);

  @Override
  public void close() {
    if (ranker != null) {
      ranker.shutdown(Duration.ofSeconds(2));
    }
    if (fetcher != null) {
      fetcher.shutdown(Duration.ofSeconds(2));
    }
    if (store != null) {
      store.close();
    }
    if (feeds != null) {
      feeds.close();
    }
  }
}
