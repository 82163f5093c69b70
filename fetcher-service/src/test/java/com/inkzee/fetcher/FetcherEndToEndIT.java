package com.inkzee.fetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.fetcher.testing.FeedServer;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store and the fetcher as operators run them: two JVMs started from their shaded jars ({@code
 * java -jar}), the store on the embedded database in a temporary {@code INKZEE_DATA_DIR}, both on
 * free ports, the fetcher pointed at the store by {@code INKZEE_STORE_ENDPOINTS} and allowed to
 * fetch from loopback only. A user subscribes through the store's RPC to the seed feed served by a
 * {@link FeedServer} in this JVM; the fetcher process must lease, fetch, parse and store its two
 * entries, and both processes must stop cleanly on SIGTERM.
 *
 * <p>The jars come from the reactor's {@code package} phase: {@code target/fetcher-service.jar} of
 * this module (failsafe runs after it) and {@code ../store-service/target/store-service.jar}
 * (store-service is a dependency of this module, so the reactor packages it first). Run alone with
 * {@code -pl fetcher-service}, the store jar is whatever store-service last packaged; {@code
 * -Dinkzee.store.jar} and {@code -Dinkzee.fetcher.jar} point elsewhere.
 */
class FetcherEndToEndIT {
  private static final String SEED = "/feeds/realworld/inkzee-backend.xml";

  /** A cold JVM with H2 migrations on a shared 2-core machine; it usually takes 2-5 s. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** Lease (idle 1 s), fetch, parse and ingest take well under a second on loopback. */
  private static final Duration ENTRIES_TIMEOUT = Duration.ofSeconds(30);

  /** The services' own drain grace is 20 s (INKZEE_SHUTDOWN_GRACE_SECONDS). */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** 128 + SIGTERM: the JVM's exit after its shutdown hooks ran (see ServiceMainContract). */
  private static final int EXIT_AFTER_SIGTERM = 143;

  @TempDir Path tmp;

  @Test
  void theFetcherProcessPollsASubscribedFeedIntoTheStoreProcessAndBothStopCleanly()
      throws Exception {
    Path storeJar = jar("inkzee.store.jar", "../store-service/target/store-service.jar");
    Path fetcherJar = jar("inkzee.fetcher.jar", "target/fetcher-service.jar");
    Path dataDir = Files.createDirectories(tmp.resolve("data"));

    try (FeedServer web = FeedServer.start().serveCorpus();
        JarProcess store =
            JarProcess.start(
                "store",
                storeJar,
                Map.of("INKZEE_RPC_PORT", "0", "INKZEE_DATA_DIR", dataDir.toString()),
                tmp.resolve("store.log"))) {
      try (JarProcess fetcher =
              JarProcess.start(
                  "fetcher",
                  fetcherJar,
                  Map.of(
                      "INKZEE_RPC_PORT", "0",
                      "INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + store.port(),
                      "INKZEE_FETCH_ALLOW_PRIVATE", "127.0.0.0/8",
                      "INKZEE_FETCH_IDLE_SECONDS", "1"),
                  tmp.resolve("fetcher.log"));
          RpcClient<StoreService> client =
              RpcClient.connect(
                  InkzeeCatalogue.get(),
                  StoreService.class,
                  ClientConfig.defaults(new Endpoint("127.0.0.1", store.port())))) {
        StoreService s = client.stub();
        long user = s.createUser(new CreateUserRequest("e2e-reader", null)).user().id();
        long feed =
            s.subscribe(new SubscribeRequest(user, web.uri(SEED).toString(), null, null, 0))
                .subscription()
                .feedId();

        try {
          await()
              .atMost(ENTRIES_TIMEOUT)
              .pollInterval(Duration.ofMillis(250))
              .until(() -> entries(s, feed).size() == 2);
        } catch (ConditionTimeoutException e) {
          throw new AssertionError(
              "the feed's 2 entries did not reach the store within "
                  + ENTRIES_TIMEOUT
                  + "; entries: "
                  + entries(s, feed)
                  + "\n"
                  + store.describe()
                  + fetcher.describe(),
              e);
        }
        assertThat(entries(s, feed))
            .extracting(Entry::title)
            .contains("Efficent comunication protocols are critical");
        // Fetched by the fetcher process over HTTP, as the user agent says.
        assertThat(web.requestCount(SEED)).isGreaterThanOrEqualTo(1);
        assertThat(web.requests(SEED).get(0).getHeaders().get("User-Agent"))
            .startsWith("Inkzee/")
            .contains("1 subscriber");

        assertStopsCleanly(fetcher);
      }
      assertStopsCleanly(store);
    }
  }

  private static List<Entry> entries(StoreService s, long feedId) {
    return s.listEntries(new ListEntriesRequest(List.of(feedId), null, null, 100, null, false))
        .entries();
  }

  private static void assertStopsCleanly(JarProcess service) throws InterruptedException {
    int exit = service.terminate(STOP_TIMEOUT);
    assertThat(exit).as(service::describe).isEqualTo(EXIT_AFTER_SIGTERM);
    assertThat(service.output())
        .as(service::describe)
        .anyMatch(l -> l.contains(service.name + " stopped"))
        .noneMatch(l -> l.contains("cut off"));
  }

  /** The jar at {@code -D<property>}, else at {@code relative} to this module's directory. */
  private static Path jar(String property, String relative) {
    String configured = System.getProperty(property);
    Path basedir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    Path jar =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : basedir.resolve(relative).normalize();
    assertThat(jar)
        .as(
            "shaded jar %s (built by the module's package phase; -D%s=... to use another)",
            jar, property)
        .isRegularFile();
    return jar;
  }

  /**
   * One service JVM from its shaded jar, its output in a file (a pipe would lose the last lines
   * when the child exits; see ServiceProcess). Its RPC port comes from the "ready on port" line.
   */
  private static final class JarProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("(\\w+) ready on port (\\d+)");

    final String name;
    private final Process process;
    private final Path log;

    private JarProcess(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    static JarProcess start(String name, Path jar, Map<String, String> env, Path log)
        throws IOException, InterruptedException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-jar"));
      command.add(jar.toString());
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      // Only what the test sets: an INKZEE_* of the developer's shell must not leak in.
      pb.environment().keySet().removeIf(k -> k.startsWith("INKZEE_"));
      pb.environment().putAll(env);
      JarProcess p = new JarProcess(name, pb.start(), log);
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (p.port() < 0 && p.process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      if (p.port() < 0) {
        p.process.destroyForcibly();
        p.process.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            name + " did not become ready within " + START_TIMEOUT + "\n" + p.describe());
      }
      return p;
    }

    /** The RPC port from this service's ready line, or -1 before it. */
    int port() {
      for (String line : output()) {
        Matcher m = READY.matcher(line);
        if (m.find() && m.group(1).equals(name)) {
          return Integer.parseInt(m.group(2));
        }
      }
      return -1;
    }

    List<String> output() {
      try {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Sends SIGTERM and waits for the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
      process.destroy();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            name + " did not exit within " + timeout + " of SIGTERM\n" + describe());
      }
      return process.exitValue();
    }

    String describe() {
      return "---- " + name + " output:\n" + String.join("\n", output()) + "\n";
    }

    /** Kills what is still running (a failed test); a clean run has terminated it already. */
    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
