package com.inkzee.benchmarks;

import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.store.StoreServiceMain;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The store against the local PostgreSQL, in a fresh schema that is dropped at the end: ingest
 * through the real Inkzee RPC (a StoreService server started in this process, its client over
 * loopback) against a plain {@code COPY} of rows of the same shape into the same table, the change
 * feed ({@code entriesSince}), and the lease queue (lease, then one report per feed).
 *
 * <p>Ingest batches are 100 entries of about 2 KB, 20 of them already stored (sent once before the
 * measured run, as a fetcher re-sends a feed's older entries); RPC and COPY run in alternating
 * slices (COPY, RPC, RPC, COPY), so background load and the table's growth weigh on both alike. The
 * COPY baseline streams the same kind of rows (same columns, sizes and indexes, including the
 * generated tsvector and its GIN index) in one COPY per slice, with sequence numbers reserved in
 * one call and content hashes computed before the clock starts: it is the database's bulk-load
 * speed, the ceiling for any ingest path.
 *
 * <p>Every phase is bounded in time, and a watchdog ends the process if the whole run exceeds its
 * limit. The table goes to stdout and, as Markdown, to {@code store-benchmark.md} next to the jar.
 */
public final class StoreBenchmark {
  static final String USAGE =
      String.join(
          "\n",
          "usage: java -cp benchmarks.jar com.inkzee.benchmarks.StoreBenchmark [options]",
          "  --pg-url=URL       PostgreSQL (default $INKZEE_TEST_PG_URL or"
              + " jdbc:postgresql://127.0.0.1:5432/test)",
          "  --pg-user=NAME     default $INKZEE_TEST_PG_USER or postgres",
          "  --slice-rows=N     entries per ingest slice, 4 slices (default 20000)",
          "  --callers=N        concurrent RPC ingest callers and lease fetchers (default 8)",
          "  --lease-feeds=N    feeds in the lease queue (default 1000000, loaded in about 15 s)",
          "  --lease-seconds=S  measured lease time (default 20)",
          "  --out=FILE.md      Markdown report (default: store-benchmark.md next to the jar)",
          "Each option can also be given as a system property: -Dbench.lease-feeds=1000000 ...");

  private static final Duration RUN_LIMIT = Duration.ofMinutes(20);

  private final Map<String, String> options;
  private final String pgUrl;
  private final String pgUser;
  private final String pgPassword;
  private final int sliceRows;
  private final int callers;
  private final int leaseFeeds;
  private final Duration leaseTime;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private String schemaUrl;

  private StoreBenchmark(Map<String, String> options) {
    this.options = options;
    pgUrl = option("pg-url", env("INKZEE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
    pgUser = option("pg-user", env("INKZEE_TEST_PG_USER", "postgres"));
    pgPassword = env("INKZEE_TEST_PG_PASSWORD", "");
    sliceRows =
        Integer.parseInt(option("slice-rows", "20000")) / StorePhase.BATCH * StorePhase.BATCH;
    callers = Integer.parseInt(option("callers", "8"));
    leaseFeeds = Integer.parseInt(option("lease-feeds", "1000000"));
    leaseTime = Duration.ofSeconds(Long.parseLong(option("lease-seconds", "20")));
    if (sliceRows < StorePhase.BATCH * StorePhase.BATCHES_PER_FEED
        || callers < 1
        || leaseFeeds < 1000) {
      throw new IllegalArgumentException(
          "need --slice-rows >= 500, --callers >= 1, --lease-feeds >= 1000");
    }
  }

  public static void main(String[] args) throws Exception {
    // The store logs each start, migration and stop at INFO; only trouble belongs in the output.
    if (System.getenv("INKZEE_LOG_LEVEL") == null
        && System.getProperty("INKZEE_LOG_LEVEL") == null) {
      System.setProperty("INKZEE_LOG_LEVEL", "WARN");
    }
    Map<String, String> options = new HashMap<>();
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println(USAGE);
        return;
      }
      if (!a.startsWith("--") || !a.contains("=")) {
        System.err.println("unknown argument " + a + "\n" + USAGE);
        System.exit(2);
      }
      options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(RUN_LIMIT.toMillis());
                System.err.println("StoreBenchmark: over " + RUN_LIMIT + ", giving up");
                System.exit(3);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    boolean ok;
    try {
      ok = new StoreBenchmark(options).run();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    System.exit(ok ? 0 : 1);
  }

  private boolean run() throws Exception {
    String loadBefore = RpcBenchmark.loadAverage();
    System.out.printf(
        Locale.ROOT,
        "Store benchmark, %s, load average %s, PostgreSQL at %s%n",
        RpcBenchmark.machine(),
        loadBefore,
        pgUrl);
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      try (ResultSet rs = s.executeQuery("SHOW server_version")) {
        rs.next();
        notes.add("PostgreSQL " + rs.getString(1));
      }
    }
    schemaUrl = pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    boolean ok;
    RpcServer server = null;
    try {
      Map<String, String> env = new HashMap<>();
      env.put("INKZEE_DB_URL", schemaUrl);
      env.put("INKZEE_DB_USER", pgUser);
      env.put("INKZEE_DB_PASSWORD", pgPassword);
      env.put("INKZEE_RPC_PORT", "0");
      server = StoreServiceMain.start(new Env(env));
      ClientConfig config =
          ClientConfig.defaults(new Endpoint("127.0.0.1", server.port()))
              .withCallTimeout(Duration.ofSeconds(60));
      try (RpcClient<StoreService> client =
              RpcClient.connect(InkzeeCatalogue.get(), StoreService.class, config);
          Connection db = DriverManager.getConnection(schemaUrl, pgUser, pgPassword)) {
        if (!client.awaitReady(Duration.ofSeconds(5))) {
          throw new IllegalStateException("store client did not connect within 5 s");
        }
        StorePhase.Settings settings =
            new StorePhase.Settings(now, sliceRows, callers, leaseFeeds, leaseTime, rows, notes);
        ok = new StoreIngestPhase(settings).run(client.stub(), db);
        ok &= new StoreChangeFeedPhase(settings).run(client.stub());
        ok &= new StoreLeasePhase(settings).run(client.stub(), db);
      }
    } finally {
      if (server != null) {
        server.close();
      }
      try (Connection c = DriverManager.getConnection(pgUrl, pgUser, pgPassword);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
    String load = loadBefore + " before, " + RpcBenchmark.loadAverage() + " after";
    System.out.println();
    System.out.print(table(false));
    notes.forEach(n -> System.out.println("- " + n));
    System.out.println("load average: " + load);
    Path report = reportPath();
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, markdown(load), StandardCharsets.UTF_8);
    System.out.println("\nMarkdown report: " + report);
    return ok;
  }

  private String table(boolean markdown) {
    StringBuilder out = new StringBuilder();
    if (markdown) {
      out.append("| measure | throughput | details |\n| --- | ---: | --- |\n");
      for (String[] r : rows) {
        out.append("| ").append(String.join(" | ", r)).append(" |\n");
      }
    } else {
      for (String[] r : rows) {
        out.append(
            String.format(Locale.ROOT, "%-48s %18s   %s%n", r[0], r[1], r[2].replace("**", "")));
      }
    }
    return out.toString();
  }

  private String markdown(String load) {
    StringBuilder out = new StringBuilder();
    out.append("# Store benchmark\n\n")
        .append(RpcBenchmark.machine())
        .append(", load average ")
        .append(load)
        .append(".\n\n")
        .append(table(true))
        .append('\n');
    notes.forEach(n -> out.append("- ").append(n).append('\n'));
    return out.toString();
  }

  private Path reportPath() {
    String out = option("out", null);
    if (out != null) {
      return Path.of(out);
    }
    try {
      Path code =
          Path.of(StoreBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent().resolve("store-benchmark.md");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("store-benchmark.md");
    }
  }

  private String option(String name, String fallback) {
    String v = options.get(name);
    if (v == null) {
      v = System.getProperty("bench." + name);
    }
    return v == null || v.isBlank() ? fallback : v;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
