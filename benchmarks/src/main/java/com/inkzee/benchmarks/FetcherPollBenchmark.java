package com.inkzee.benchmarks;

import com.inkzee.fetcher.fetch.AddressPolicy;
import com.inkzee.fetcher.fetch.FeedFetcher;
import com.inkzee.fetcher.fetch.FetchRequest;
import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.poll.EntryIngester;
import com.inkzee.fetcher.poll.FeedPoller;
import com.inkzee.fetcher.poll.PollLoop;
import com.inkzee.fetcher.poll.PollSettings;
import com.inkzee.fetcher.poll.WebSubHook;
import com.inkzee.fetcher.schedule.ErrorBackoff;
import com.inkzee.fetcher.schedule.HostBackoff;
import com.inkzee.fetcher.schedule.PollInterval;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.client.RpcFuture;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.store.StoreServiceMain;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Feed polls per second of one fetcher: 10,000 feeds on a loopback server (spread over 20 loopback
 * addresses, so the per-host limit of 2 applies as on the real web), 80 % answering 304 and 20 % a
 * changed ~30 KB RSS body, through the whole poll path (lease from the store, conditional GET,
 * parse, sanitise, ingest, report) with the store on PostgreSQL. The baseline, run in the same
 * process against the same server, is the fetch alone: the same conditional GETs at the same
 * concurrency through the same {@link FeedFetcher}, bodies read and dropped. Target: 280 polls/s
 * (1,000,000 an hour).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar com.inkzee.benchmarks.FetcherPollBenchmark
 *     [--feeds=10000] [--hosts=20] [--rounds=2]</pre>
 */
public final class FetcherPollBenchmark {
  private static final double CHANGED = 0.2;
  private static final Duration PASS_LIMIT = Duration.ofMinutes(5);
  private static final long TARGET_POLLS_PER_SECOND = 280;

  private final int feeds;
  private final int hosts;
  private final int rounds;
  private final String pgUrl;

  private FetcherPollBenchmark(Map<String, String> options) {
    feeds = Integer.parseInt(options.getOrDefault("feeds", "10000"));
    hosts = Integer.parseInt(options.getOrDefault("hosts", "20"));
    rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
    String env = System.getenv("INKZEE_TEST_PG_URL");
    pgUrl =
        options.getOrDefault("pg-url", env != null ? env : "jdbc:postgresql://127.0.0.1:5432/test");
    if (feeds < 100 || hosts < 1 || hosts > 250 || rounds < 1) {
      throw new IllegalArgumentException("need --feeds >= 100, --hosts in 1..250, --rounds >= 1");
    }
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("INKZEE_LOG_LEVEL") == null
        && System.getenv("INKZEE_LOG_LEVEL") == null) {
      System.setProperty("INKZEE_LOG_LEVEL", "WARN");
    }
    Map<String, String> options = new HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        System.err.println(
            "usage: FetcherPollBenchmark [--feeds=10000] [--hosts=20] [--rounds=2] [--pg-url=jdbc:...]");
        System.exit(2);
      }
      options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    new FetcherPollBenchmark(options).run();
    System.exit(0);
  }

  private void run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Fetcher poll benchmark, %s, load average %s%n%d feeds on %d loopback hosts, %.0f %% changed per poll, store on %s%n",
        RpcBenchmark.machine(),
        RpcBenchmark.loadAverage(),
        feeds,
        hosts,
        CHANGED * 100,
        pgUrl);
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String schemaUrl = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    Map<String, String> env = new HashMap<>();
    env.put("INKZEE_DB_URL", schemaUrl);
    env.put("INKZEE_DB_USER", "postgres");
    env.put("INKZEE_RPC_PORT", "0");
    RpcServer store = StoreServiceMain.start(new Env(env));
    FetchSettings fetchSettings =
        FetchSettings.defaults().withAddressPolicy(AddressPolicy.parse("127.0.0.0/8"));
    try (PollFeedServer server = new PollFeedServer(feeds, hosts);
        RpcClient<StoreService> client =
            RpcClient.connect(
                InkzeeCatalogue.get(),
                StoreService.class,
                ClientConfig.defaults(new Endpoint("127.0.0.1", store.port()))
                    .withCallTimeout(Duration.ofSeconds(60)));
        FeedFetcher fetcher = new FeedFetcher(fetchSettings);
        Connection db = DriverManager.getConnection(schemaUrl, "postgres", "")) {
      StoreService stub = client.stub();
      subscribeAll(client, server);
      Clock clock = Clock.systemUTC();
      HostBackoff hostBackoff = new HostBackoff(clock);
      FeedPoller poller =
          new FeedPoller(
              fetcher,
              new FeedParser(clock),
              new EntryIngester(stub),
              new PollInterval(RandomGenerator.getDefault()),
              new ErrorBackoff(RandomGenerator.getDefault()),
              hostBackoff,
              WebSubHook.OFF,
              "bench-fetcher",
              clock);
      PollLoop loop =
          new PollLoop(
              stub,
              poller,
              new PollSettings("bench-fetcher", 200, Duration.ofMinutes(5), Duration.ofMillis(20)),
              fetchSettings.maxConcurrentFetches(),
              fetchSettings.maxConnectionsPerHost(),
              hostBackoff,
              clock);
      loop.start();
      // First pass: every feed is new, so every poll is an unconditional 200 (also the warm-up).
      Pass first = awaitPolls(loop, feeds, "first fetch (all 200, no validators)", server);
      first.print();
      server.setChangeRatio(CHANGED);
      List<Pass> full = new ArrayList<>();
      List<Pass> raw = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        raw.add(rawPass(fetcher, db, fetchSettings.maxConcurrentFetches(), server));
        raw.get(r).print();
        makeAllDue(db);
        full.add(
            awaitPolls(loop, loop.polled() + feeds, "full poll (80 % 304, 20 % changed)", server));
        full.get(r).print();
      }
      loop.shutdown(Duration.ofSeconds(30));
      double fullRate = full.stream().mapToDouble(Pass::perSecond).max().orElse(0);
      double rawRate = raw.stream().mapToDouble(Pass::perSecond).max().orElse(0);
      System.out.printf(
          Locale.ROOT,
          "%nbest full poll %,.0f polls/s (%,.0f an hour), fetch-only baseline %,.0f/s, ratio %.2f; target >= %d polls/s: %s%n",
          fullRate,
          fullRate * 3600,
          rawRate,
          fullRate / rawRate,
          TARGET_POLLS_PER_SECOND,
          fullRate >= TARGET_POLLS_PER_SECOND ? "MET" : "MISSED");
      System.out.println("load average after: " + RpcBenchmark.loadAverage());
    } finally {
      store.close();
      try (Connection c = DriverManager.getConnection(pgUrl, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  /** One user follows every feed, so the store leases them all (64 subscribe calls in flight). */
  private void subscribeAll(RpcClient<StoreService> client, PollFeedServer server)
      throws Exception {
    long user = client.stub().createUser(new CreateUserRequest("bench", null)).user().id();
    List<RpcFuture<?>> inFlight = new ArrayList<>();
    for (int n = 0; n < feeds; n++) {
      int feed = n;
      inFlight.add(
          client
              .async()
              .call(s -> s.subscribe(new SubscribeRequest(user, server.url(feed), null, null, 0))));
      if (inFlight.size() == 64) {
        for (RpcFuture<?> f : inFlight) {
          f.await();
        }
        inFlight.clear();
      }
    }
    for (RpcFuture<?> f : inFlight) {
      f.await();
    }
  }

  /** Every feed due now: the benchmark's shortcut past the adaptive interval. */
  private static void makeAllDue(Connection db) throws Exception {
    try (Statement s = db.createStatement()) {
      s.executeUpdate("UPDATE feeds SET next_fetch_at = now() - interval '1 second'");
    }
  }

  private Pass awaitPolls(PollLoop loop, long until, String name, PollFeedServer server)
      throws InterruptedException {
    Meter meter = new Meter(server);
    long startPolls = loop.polled();
    long deadline = System.nanoTime() + PASS_LIMIT.toNanos();
    while (loop.polled() < until && System.nanoTime() < deadline) {
      meter.sampleHeap();
      Thread.sleep(50);
    }
    return meter.finish(name, loop.polled() - startPolls);
  }

  /** The baseline: the same conditional GETs through the same fetcher, nothing parsed or stored. */
  private Pass rawPass(FeedFetcher fetcher, Connection db, int concurrency, PollFeedServer server)
      throws Exception {
    List<String[]> rows = new ArrayList<>();
    try (PreparedStatement ps =
            db.prepareStatement("SELECT url, etag, last_modified, id FROM feeds");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    Meter meter = new Meter(server);
    AtomicLong done = new AtomicLong();
    Map<Long, String> newEtags = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String[] row : rows) {
        futures.add(
            pool.submit(
                () -> {
                  var r =
                      fetcher.fetch(new FetchRequest(URI.create(row[0]), row[1], row[2], 1, false));
                  if (r.status() == 200) {
                    newEtags.put(Long.parseLong(row[3]), r.etag());
                  }
                  done.incrementAndGet();
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        while (true) {
          try {
            f.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            break;
          } catch (java.util.concurrent.TimeoutException e) {
            meter.sampleHeap();
          }
        }
      }
    } finally {
      pool.shutdown();
    }
    Pass pass = meter.finish("fetch only (baseline)", done.get());
    // The server moved these feeds on; store their new validators as a poll would have, so the
    // next full pass meets the same 80/20 mix and not this pass's changes on top.
    try (PreparedStatement ps = db.prepareStatement("UPDATE feeds SET etag = ? WHERE id = ?")) {
      for (Map.Entry<Long, String> e : newEtags.entrySet()) {
        ps.setString(1, e.getValue());
        ps.setLong(2, e.getKey());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return pass;
  }

  /** Wall time, process CPU, peak heap and what the server answered, over one pass. */
  private static final class Meter {
    private final PollFeedServer server;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long startNanos = System.nanoTime();
    private final long startCpu = cpuNanos();
    private final long startOk;
    private final long startNotModified;
    private long peakHeap;

    Meter(PollFeedServer server) {
      this.server = server;
      this.startOk = server.okCount();
      this.startNotModified = server.notModifiedCount();
    }

    void sampleHeap() {
      peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
    }

    Pass finish(String name, long polls) {
      sampleHeap();
      long wall = System.nanoTime() - startNanos;
      return new Pass(
          name,
          polls,
          wall,
          cpuNanos() - startCpu,
          peakHeap,
          server.okCount() - startOk,
          server.notModifiedCount() - startNotModified);
    }

    private static long cpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }
  }

  private record Pass(
      String name,
      long polls,
      long wallNanos,
      long cpuNanos,
      long peakHeapBytes,
      long ok,
      long notModified) {
    double perSecond() {
      return polls * 1e9 / wallNanos;
    }

    void print() {
      int cores = Runtime.getRuntime().availableProcessors();
      System.out.printf(
          Locale.ROOT,
          "  %-40s %,7d polls in %6.1f s = %,6.0f/s   CPU %3.0f %% of %d cores   peak heap %,4d MiB   server: %,d x 200, %,d x 304%n",
          name,
          polls,
          wallNanos / 1e9,
          perSecond(),
          100.0 * cpuNanos / wallNanos / cores,
          cores,
          peakHeapBytes >> 20,
          ok,
          notModified);
    }
  }
}
