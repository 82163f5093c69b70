package com.inkzee.benchmarks;

import com.inkzee.ranker.feed.WindowLoader;
import com.inkzee.ranker.users.UserCache;
import com.inkzee.ranker.users.UserContext;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.StateMessages.MarkAllReadRequest;
import com.inkzee.rpc.api.store.StateMessages.SetEntryStatesRequest;
import com.inkzee.rpc.api.store.StateMessages.UserStatesResponse;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.store.StoreServiceMain;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reader's load into the ranker's cache (UserCache.get after it aged out), before and after it
 * read only the window's marks: a reader with many marks on entries older than the window and a few
 * hundred on the window's. "Before" is the same UserCache against a store that answers {@code
 * markCountsByFeed} UNIMPLEMENTED, as a store older than catalogue 1.11 does: the ranker then reads
 * and counts every mark, which is exactly the load of before (plus that one refused call). Both run
 * in alternating rounds against one real store (an RpcServer in this process on the embedded H2, or
 * PostgreSQL in a fresh schema with {@code --pg-url}); nothing is asserted.
 */
public final class UserLoadBenchmark {
  static final String USAGE =
      String.join(
          "\n",
          "usage: java -cp benchmarks.jar com.inkzee.benchmarks.UserLoadBenchmark [options]",
          "  --old-marks=N   read marks on entries a month old (default 200000)",
          "  --feeds=N       feeds the reader follows (default 50)",
          "  --recent=N      entries of the last hour, in the window (default 300; half read)",
          "  --rounds=N      alternating before/after rounds (default 10)",
          "  --pg-url=URL    PostgreSQL (user $INKZEE_TEST_PG_USER or postgres) instead of H2");

  private final int oldMarks;
  private final int feeds;
  private final int recent;
  private final int rounds;
  private final String pgUrl;

  private UserLoadBenchmark(Map<String, String> options) {
    oldMarks = Integer.parseInt(options.getOrDefault("old-marks", "200000"));
    feeds = Integer.parseInt(options.getOrDefault("feeds", "50"));
    recent = Integer.parseInt(options.getOrDefault("recent", "300"));
    rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
    pgUrl = options.get("pg-url");
  }

  public static void main(String[] args) throws Exception {
    if (System.getenv("INKZEE_LOG_LEVEL") == null
        && System.getProperty("INKZEE_LOG_LEVEL") == null) {
      System.setProperty("INKZEE_LOG_LEVEL", "WARN");
    }
    Map<String, String> options = new HashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        System.out.println(USAGE);
        System.exit(a.equals("--help") ? 0 : 2);
      }
      options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    new UserLoadBenchmark(options).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("INKZEE_RPC_PORT", "0");
    Path dir = Files.createTempDirectory("user-load-bench");
    env.put("INKZEE_DATA_DIR", dir.toString());
    String pgUser = System.getenv().getOrDefault("INKZEE_TEST_PG_USER", "postgres");
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    if (pgUrl != null) {
      try (Connection c = DriverManager.getConnection(pgUrl, pgUser, "");
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      env.put(
          "INKZEE_DB_URL", pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
      env.put("INKZEE_DB_USER", pgUser);
      env.put("INKZEE_DB_PASSWORD", "");
    }
    String engine = pgUrl == null ? "H2 (embedded)" : "PostgreSQL";
    System.out.printf(
        Locale.ROOT,
        "User load benchmark, %s, %s, load average %s%n",
        RpcBenchmark.machine(),
        engine,
        RpcBenchmark.loadAverage());
    RpcServer server = StoreServiceMain.start(new Env(env));
    try (RpcClient<StoreService> client =
        RpcClient.connect(
            InkzeeCatalogue.get(),
            StoreService.class,
            ClientConfig.defaults(new Endpoint("127.0.0.1", server.port()))
                .withCallTimeout(Duration.ofSeconds(120)))) {
      if (!client.awaitReady(Duration.ofSeconds(10))) {
        throw new IllegalStateException("store client did not connect within 10 s");
      }
      StoreService store = client.stub();
      long start = System.nanoTime();
      long user = fill(store);
      System.out.printf(Locale.ROOT, "filled in %.1f s%n", (System.nanoTime() - start) / 1e9);
      if (pgUrl != null) {
        // Statistics as autovacuum keeps them: without, the planner takes the freshly filled
        // tables for empty ones and nests loops over 200,000 rows.
        try (Connection c = DriverManager.getConnection(env.get("INKZEE_DB_URL"), pgUser, "");
            Statement s = c.createStatement()) {
          s.execute("ANALYZE");
        }
      }
      EntryWindow window = new EntryWindow(EntryWindow.DEFAULT_SPAN, Clock.systemUTC());
      WindowLoader.load(store, window, Instant.now().minus(EntryWindow.DEFAULT_SPAN));
      measure(store, window, user);
      if (pgUrl != null) {
        explain(env.get("INKZEE_DB_URL"), pgUser, user, window.lowestId());
      }
    } finally {
      server.close();
      if (pgUrl != null) {
        try (Connection c = DriverManager.getConnection(pgUrl, pgUser, "");
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    }
  }

  /** The reader: old entries all read (one in a hundred starred too), half the recent ones. */
  private long fill(StoreService store) {
    long user = store.createUser(new CreateUserRequest("bench-reader", null)).user().id();
    long[] feedIds = new long[feeds];
    for (int f = 0; f < feeds; f++) {
      feedIds[f] =
          store
              .subscribe(
                  new SubscribeRequest(user, "https://feed" + f + ".example/rss", null, null, 0))
              .subscription()
              .feedId();
    }
    Instant now = Instant.now();
    Instant monthAgo = now.minus(Duration.ofDays(30));
    ingest(store, feedIds, oldMarks, "old", monthAgo);
    ingest(store, feedIds, recent, "new", now.minus(Duration.ofHours(1)));
    Instant windowStart = now.minus(EntryWindow.DEFAULT_SPAN);
    store.markAllRead(new MarkAllReadRequest(user, List.of(), null, windowStart, null));
    List<Long> starred = new ArrayList<>();
    List<Long> recentRead = new ArrayList<>();
    for (long feed : feedIds) {
      var after = (com.inkzee.rpc.api.store.EntryMessages.EntryCursor) null;
      int i = 0;
      do {
        var page =
            store.listEntries(new ListEntriesRequest(List.of(feed), null, null, 1000, after, true));
        for (var e : page.entries()) {
          if (e.sortAt().isBefore(windowStart)) {
            if (i++ % 100 == 0) {
              starred.add(e.id());
            }
          } else if (e.id() % 2 == 0) {
            recentRead.add(e.id());
          }
        }
        after = page.next();
      } while (after != null);
    }
    for (List<Long> ids : chunks(starred)) {
      store.setEntryStates(new SetEntryStatesRequest(user, ids, null, true, null));
    }
    for (List<Long> ids : chunks(recentRead)) {
      store.setEntryStates(new SetEntryStatesRequest(user, ids, true, null, null));
    }
    return user;
  }

  /** {@code n} entries spread evenly over the feeds, a feed's in batches of the store's limit. */
  private static void ingest(StoreService store, long[] feedIds, int n, String kind, Instant from) {
    int i = 0;
    for (int f = 0; f < feedIds.length; f++) {
      int count = n / feedIds.length + (f < n % feedIds.length ? 1 : 0);
      List<EntryInput> batch = new ArrayList<>();
      for (int j = 0; j < count; j++, i++) {
        String key = kind + "-" + i;
        batch.add(
            new EntryInput(
                key,
                key,
                "https://site.example/" + key,
                "Story " + key,
                null,
                "A short summary of story " + key + ".",
                null,
                List.of(),
                List.of(),
                from.plusSeconds(i),
                null,
                0,
                "en"));
        if (batch.size() == StoreLimits.MAX_BATCH_ENTRIES || j == count - 1) {
          store.ingestEntries(new IngestRequest(feedIds[f], batch));
          batch = new ArrayList<>();
        }
      }
    }
  }

  private static List<List<Long>> chunks(List<Long> ids) {
    List<List<Long>> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += StoreLimits.MAX_IDS) {
      out.add(ids.subList(i, Math.min(ids.size(), i + StoreLimits.MAX_IDS)));
    }
    return out;
  }

  /** A store that counts calls and marks handed out, and can answer as a 1.10 store would. */
  private static final class Counted {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong marks = new AtomicLong();
    final Map<String, AtomicLong> nanosByMethod = new java.util.concurrent.ConcurrentHashMap<>();
    final StoreService store;

    Counted(StoreService real, boolean older) {
      store =
          (StoreService)
              Proxy.newProxyInstance(
                  StoreService.class.getClassLoader(),
                  new Class<?>[] {StoreService.class},
                  (proxy, method, args) -> {
                    calls.incrementAndGet();
                    if (older && method.getName().equals("markCountsByFeed")) {
                      throw new RpcException(
                          Status.UNIMPLEMENTED, "service store has no method 34");
                    }
                    Object answer;
                    long t = System.nanoTime();
                    try {
                      answer = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    } finally {
                      nanosByMethod
                          .computeIfAbsent(method.getName(), m -> new AtomicLong())
                          .addAndGet(System.nanoTime() - t);
                    }
                    if (answer instanceof UserStatesResponse r) {
                      marks.addAndGet(r.states().size());
                    }
                    return answer;
                  });
    }
  }

  private void measure(StoreService store, EntryWindow window, long user) {
    long[][] nanos = new long[2][rounds];
    long[] calls = new long[2];
    long[] marks = new long[2];
    int[] held = new int[2];
    List<Map<String, AtomicLong>> lastSplit = new ArrayList<>(List.of(Map.of(), Map.of()));
    for (int round = -1; round < rounds; round++) { // round -1 warms both up
      for (int k = 0; k < 2; k++) {
        int which = (round & 1) == 0 ? k : 1 - k; // alternate which goes first
        Counted counted = new Counted(store, which == 0);
        UserCache cache =
            new UserCache(
                counted.store, Clock.systemUTC(), Duration.ofMinutes(1), 10, window::lowestId);
        long t = System.nanoTime();
        UserContext context = cache.get(user);
        long took = System.nanoTime() - t;
        if (round >= 0) {
          nanos[which][round] = took;
        }
        calls[which] = counted.calls.get();
        marks[which] = counted.marks.get();
        held[which] = context.view().read().size() + context.view().starred().size();
        lastSplit.set(which, counted.nanosByMethod);
      }
    }
    double before = median(nanos[0]) / 1e6;
    double after = median(nanos[1]) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "reader: %d old read marks (%d starred) over %d feeds, %d window entries%n",
        oldMarks,
        (oldMarks + 99) / 100,
        feeds,
        window.size());
    System.out.printf(
        Locale.ROOT,
        "%-8s %12s %12s %14s %16s%n",
        "",
        "store calls",
        "marks read",
        "marks held",
        "load p50 (ms)");
    System.out.printf(
        Locale.ROOT, "%-8s %12d %12d %14d %16.1f%n", "before", calls[0], marks[0], held[0], before);
    System.out.printf(
        Locale.ROOT, "%-8s %12d %12d %14d %16.1f%n", "after", calls[1], marks[1], held[1], after);
    System.out.printf(
        Locale.ROOT,
        "after/before: time %.4f (%.0fx faster), marks read %.5f, store calls %.3f%n",
        after / before,
        before / after,
        (double) marks[1] / marks[0],
        (double) calls[1] / calls[0]);
    for (int k = 0; k < 2; k++) {
      StringBuilder split = new StringBuilder(k == 0 ? "before" : "after").append(", last round:");
      lastSplit.get(k).entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  split.append(
                      String.format(
                          Locale.ROOT, " %s %.1f ms", e.getKey(), e.getValue().get() / 1e6)));
      System.out.println(split);
    }
    System.out.println("load average after: " + RpcBenchmark.loadAverage());
  }

  /** PostgreSQL's plans for the two queries a load now makes, with their timings. */
  private static void explain(String url, String user, long userId, long floor) throws Exception {
    String[] queries = {
      "SELECT e.feed_id, SUM(CASE WHEN s.is_read THEN 1 ELSE 0 END),"
          + " SUM(CASE WHEN s.starred THEN 1 ELSE 0 END), SUM(CASE WHEN s.liking > 0 THEN 1 ELSE 0"
          + " END), SUM(CASE WHEN s.liking < 0 THEN 1 ELSE 0 END) FROM entry_states s JOIN entries"
          + " e ON e.id = s.entry_id WHERE s.user_id = "
          + userId
          + " AND (s.is_read OR s.starred OR s.liking <> 0) AND e.feed_id IN (SELECT feed_id FROM"
          + " subscriptions WHERE user_id = "
          + userId
          + ") GROUP BY e.feed_id ORDER BY e.feed_id",
      "SELECT s.entry_id, e.feed_id, s.is_read, s.starred, s.liking, s.read_at FROM entry_states s"
          + " JOIN entries e ON e.id = s.entry_id WHERE s.user_id = "
          + userId
          + " AND s.entry_id > "
          + (floor - 1)
          + " AND (s.is_read OR s.starred OR s.liking <> 0) ORDER BY s.entry_id LIMIT 1000"
    };
    try (Connection c = DriverManager.getConnection(url, user, "");
        Statement s = c.createStatement()) {
      for (String q : queries) {
        System.out.println("EXPLAIN ANALYZE " + q.substring(0, 40) + "...");
        try (var rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + q)) {
          while (rs.next()) {
            System.out.println("  " + rs.getString(1));
          }
        }
      }
    }
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
