package com.inkzee.benchmarks;

import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceResponse;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

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

  private static final int BATCH = 100;
  private static final int ALREADY_STORED = 20;

  /** Batches per feed: a feed gets several batches, as fetches of a busy feed would. */
  private static final int BATCHES_PER_FEED = 5;

  private static final Duration RUN_LIMIT = Duration.ofMinutes(20);
  private static final Duration PHASE_LIMIT = Duration.ofMinutes(3);

  private static final String COPY_ENTRIES =
      "COPY entries (seq, feed_id, entry_key, guid, url, title, author, summary, content,"
          + " categories, enclosures, published_at, updated_at, first_seen_at, sort_at,"
          + " content_hash, fingerprint, language) FROM STDIN";

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
    sliceRows = Integer.parseInt(option("slice-rows", "20000")) / BATCH * BATCH;
    callers = Integer.parseInt(option("callers", "8"));
    leaseFeeds = Integer.parseInt(option("lease-feeds", "1000000"));
    leaseTime = Duration.ofSeconds(Long.parseLong(option("lease-seconds", "20")));
    if (sliceRows < BATCH * BATCHES_PER_FEED || callers < 1 || leaseFeeds < 1000) {
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
        ok = ingest(client.stub(), db);
        ok &= changeFeed(client.stub());
        ok &= lease(client.stub(), db);
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

  // ---------------------------------------------------------------------------------------------
  // (a) Ingest: RPC against COPY

  /** One batch: a feed and its 100 entries, the first 20 of which are stored beforehand. */
  private record Batch(long feedId, List<EntryInput> entries) {}

  private boolean ingest(StoreService store, Connection db) throws Exception {
    int batchesPerSlice = sliceRows / BATCH;
    int feedsPerSlice = batchesPerSlice / BATCHES_PER_FEED;
    // Slices 0 and 1 warm the JIT (COPY, RPC); 2..5 are measured in the order COPY RPC RPC COPY.
    String[] kinds = {"copy", "rpc", "copy", "rpc", "rpc", "copy"};
    int warmupBatches = Math.max(BATCHES_PER_FEED, batchesPerSlice / 10);
    long firstFeed =
        insertFeeds(db, "ingest", kinds.length * feedsPerSlice, now.plusSeconds(86400));
    Random random = new Random(42);
    Words words = new Words(random);
    List<List<Batch>> slices = new ArrayList<>();
    for (int s = 0; s < kinds.length; s++) {
      int n = s < 2 ? warmupBatches : batchesPerSlice;
      List<Batch> batches = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        long feed = firstFeed + (long) s * feedsPerSlice + b / BATCHES_PER_FEED;
        List<EntryInput> entries = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          entries.add(entry(random, words, "s" + s + "-b" + b + "-" + i));
        }
        batches.add(new Batch(feed, entries));
      }
      slices.add(batches);
    }
    // The 20 % already stored, sent through the RPC before anything is measured.
    AtomicLong preErrors = new AtomicLong();
    for (int s = 0; s < kinds.length; s++) {
      if (kinds[s].equals("rpc")) {
        List<Batch> pre =
            slices.get(s).stream()
                .map(b -> new Batch(b.feedId(), b.entries().subList(0, ALREADY_STORED)))
                .toList();
        runRpc(store, pre, ALREADY_STORED, preErrors);
      }
    }
    vacuumAnalyze(db);
    Map<String, long[]> totals = new HashMap<>(); // kind -> {entries, stored, nanos, errors}
    for (int s = 0; s < kinds.length; s++) {
      List<Batch> batches = slices.get(s);
      long started = System.nanoTime();
      long errors;
      long stored;
      if (kinds[s].equals("copy")) {
        stored = runCopy(db, batches);
        errors = 0;
      } else {
        AtomicLong e = new AtomicLong();
        stored = runRpc(store, batches, BATCH - ALREADY_STORED, e);
        errors = e.get();
      }
      long nanos = System.nanoTime() - started;
      long entries = (long) batches.size() * BATCH;
      System.out.printf(
          Locale.ROOT,
          "  ingest %-4s %s %,7d entries in %6.2f s: %,9.0f entries/s%s%n",
          kinds[s],
          s < 2 ? "(warm-up)" : "         ",
          entries,
          nanos / 1e9,
          entries / (nanos / 1e9),
          errors > 0 ? "  ERRORS " + errors : "");
      if (s >= 2) {
        long[] t = totals.computeIfAbsent(kinds[s], k -> new long[4]);
        t[0] += entries;
        t[1] += stored;
        t[2] += nanos;
        t[3] += errors;
      }
    }
    long[] copy = totals.get("copy");
    long[] rpc = totals.get("rpc");
    double copyRate = copy[0] / (copy[2] / 1e9);
    double rpcEntries = rpc[0] / (rpc[2] / 1e9);
    double rpcStored = rpc[1] / (rpc[2] / 1e9);
    double avgBytes = averageEntryBytes(slices.get(2));
    rows.add(
        row(
            "ingest: plain COPY (baseline)",
            "%,.0f rows/s",
            copyRate,
            String.format(Locale.ROOT, "%,d rows, one COPY per slice", copy[0])));
    rows.add(
        row(
            "ingest: Inkzee RPC, entries sent",
            "%,.0f entries/s",
            rpcEntries,
            String.format(
                Locale.ROOT,
                "**%.2f× COPY** (target ≥ 0.5: %s); %,d entries in batches of %d, %d %% already"
                    + " stored, %d callers",
                rpcEntries / copyRate,
                rpcEntries / copyRate >= 0.5 ? "met" : "MISSED",
                rpc[0],
                BATCH,
                ALREADY_STORED,
                callers)));
    rows.add(
        row(
            "ingest: Inkzee RPC, new rows stored",
            "%,.0f rows/s",
            rpcStored,
            String.format(
                Locale.ROOT,
                "%.2f× COPY (the 20 %% unchanged entries not counted)",
                rpcStored / copyRate)));
    notes.add(
        String.format(
            Locale.ROOT,
            "ingest entries: %,.0f B of text each on average (title, summary, content, URL, guid,"
                + " author, 2 categories, 1 enclosure)",
            avgBytes));
    return rpc[3] == 0 && preErrors.get() == 0;
  }

  /** Sends the batches from {@code callers} threads; returns the rows stored. */
  private long runRpc(
      StoreService store, List<Batch> batches, int expectInserted, AtomicLong errors)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong stored = new AtomicLong();
    long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < batches.size() && System.nanoTime() < deadline;
                      i = next.getAndIncrement()) {
                    Batch b = batches.get(i);
                    try {
                      IngestResponse r =
                          store.ingestEntries(new IngestRequest(b.feedId(), b.entries()));
                      stored.addAndGet(r.inserted());
                      if (r.inserted() != expectInserted) {
                        errors.incrementAndGet();
                      }
                    } catch (RuntimeException e) {
                      errors.incrementAndGet();
                      System.err.println("ingest failed: " + e);
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        try {
          f.get();
        } catch (ExecutionException e) {
          errors.incrementAndGet();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (next.get() < batches.size()) {
      errors.incrementAndGet();
      System.err.println("ingest slice cut at " + PHASE_LIMIT);
    }
    return stored.get();
  }

  /**
   * One COPY of every entry of the batches (all 100 of each, as new rows), in one transaction.
   * Returns the rows copied.
   */
  private long runCopy(Connection db, List<Batch> batches) throws SQLException {
    int count = batches.size() * BATCH;
    // Hashes as the store would store them, computed before the clock starts.
    List<String> hashes = new ArrayList<>(count);
    for (Batch b : batches) {
      for (EntryInput e : b.entries()) {
        hashes.add(sha256(e.content()));
      }
    }
    db.setAutoCommit(false);
    long firstSeq;
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT setval('entry_seq', nextval('entry_seq') + " + (count - 1) + ")")) {
      rs.next();
      firstSeq = rs.getLong(1) - (count - 1);
    }
    CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_ENTRIES);
    StringBuilder line = new StringBuilder(4096);
    long seq = firstSeq;
    int h = 0;
    String firstSeen = now.toString();
    for (Batch b : batches) {
      for (EntryInput e : b.entries()) {
        line.setLength(0);
        line.append(seq++).append('\t').append(b.feedId()).append('\t');
        field(line, e.entryKey());
        field(line, e.guid());
        field(line, e.url());
        field(line, e.title());
        field(line, e.author());
        field(line, e.summary());
        field(line, e.content());
        field(line, String.join("\n", e.categories()));
        Enclosure enc = e.enclosures().get(0);
        field(line, enc.lengthBytes() + "\t" + enc.mimeType() + "\t" + enc.url());
        field(line, e.publishedAt().toString());
        field(line, e.updatedAt() == null ? null : e.updatedAt().toString());
        field(line, firstSeen);
        field(line, e.publishedAt().toString());
        field(line, hashes.get(h++));
        line.append(e.fingerprint()).append('\t');
        line.append(e.language()).append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
      }
    }
    long copied = copy.endCopy();
    db.commit();
    db.setAutoCommit(true);
    return copied;
  }

  /** Appends a COPY text field and its tab; escapes backslash, tab and line breaks. */
  private static void field(StringBuilder out, String value) {
    if (value == null) {
      out.append("\\N");
    } else {
      for (int i = 0; i < value.length(); i++) {
        char ch = value.charAt(i);
        switch (ch) {
          case '\\' -> out.append("\\\\");
          case '\t' -> out.append("\\t");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          default -> out.append(ch);
        }
      }
    }
    out.append('\t');
  }

  private EntryInput entry(Random random, Words words, String key) {
    String url = "https://news.example/" + key;
    Instant published = now.minusSeconds(random.nextInt(86400 * 30));
    return new EntryInput(
        key,
        "tag:news.example," + key,
        url,
        words.text(random, 8),
        "author " + random.nextInt(5000),
        words.text(random, 30),
        "<p>" + words.text(random, 150) + "</p>",
        List.of(words.text(random, 1), words.text(random, 1)),
        List.of(new Enclosure(url + ".mp3", "audio/mpeg", 1_000_000 + random.nextInt(1000))),
        published,
        null,
        random.nextLong(),
        "en");
  }

  private static double averageEntryBytes(List<Batch> batches) {
    long bytes = 0;
    long n = 0;
    for (Batch b : batches) {
      for (EntryInput e : b.entries()) {
        bytes +=
            (e.entryKey() + e.guid() + e.url() + e.title() + e.author() + e.summary() + e.content())
                .getBytes(StandardCharsets.UTF_8)
                .length;
        n++;
      }
    }
    return (double) bytes / n;
  }

  // ---------------------------------------------------------------------------------------------
  // (b) The change feed

  private boolean changeFeed(StoreService store) {
    boolean ok = true;
    for (boolean withoutContent : new boolean[] {false, true}) {
      long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
      long started = System.nanoTime();
      long cursor = 0;
      long count = 0;
      long calls = 0;
      while (System.nanoTime() < deadline) {
        EntriesSinceResponse r =
            store.entriesSince(new EntriesSinceRequest(cursor, 1000, withoutContent));
        calls++;
        if (r.entries().isEmpty()) {
          break;
        }
        count += r.entries().size();
        if (r.lastSequence() <= cursor) {
          ok = false; // the cursor must move, or the reader would loop forever
          break;
        }
        cursor = r.lastSequence();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "  entriesSince %s: %,d entries in %.2f s%n",
          withoutContent ? "without content" : "with content   ",
          count,
          seconds);
      rows.add(
          row(
              "entriesSince, " + (withoutContent ? "without content" : "with content"),
              "%,.0f entries/s",
              count / seconds,
              String.format(
                  Locale.ROOT,
                  "%,d entries from sequence 0, pages of 1,000, %,d calls, one reader",
                  count,
                  calls)));
    }
    return ok;
  }

  // ---------------------------------------------------------------------------------------------
  // (c) The lease queue

  private boolean lease(StoreService store, Connection db) throws Exception {
    long started = System.nanoTime();
    insertFeeds(db, "lease", leaseFeeds, null);
    vacuumAnalyze(db);
    System.out.printf(
        Locale.ROOT,
        "  lease queue: %,d due feeds loaded in %.1f s%n",
        leaseFeeds,
        (System.nanoTime() - started) / 1e9);
    AtomicLong leased = new AtomicLong();
    AtomicLong reported = new AtomicLong();
    AtomicLong leaseCalls = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long begin = System.nanoTime();
    long deadline = begin + leaseTime.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        String owner = "bench-fetcher-" + t;
        done.add(
            pool.submit(
                () -> {
                  while (System.nanoTime() < deadline) {
                    List<LeasedFeed> feeds;
                    try {
                      feeds = store.leaseDueFeeds(new LeaseRequest(owner, 100, 600)).feeds();
                    } catch (RuntimeException e) {
                      errors.incrementAndGet();
                      continue;
                    }
                    leaseCalls.incrementAndGet();
                    if (feeds.isEmpty()) {
                      return;
                    }
                    leased.addAndGet(feeds.size());
                    for (LeasedFeed f : feeds) {
                      // What a fetcher reports after a conditional GET answered 304.
                      try {
                        store.reportFetch(
                            new FetchReport(
                                f.feedId(),
                                owner,
                                FetchOutcome.NOT_MODIFIED,
                                304,
                                "\"etag-" + f.feedId() + "\"",
                                null,
                                null,
                                null,
                                0,
                                40,
                                null,
                                null,
                                null,
                                null,
                                null));
                        reported.incrementAndGet();
                      } catch (RuntimeException e) {
                        errors.incrementAndGet();
                      }
                    }
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "  lease: %,d feeds leased, %,d reported in %.1f s%s%n",
        leased.get(),
        reported.get(),
        seconds,
        errors.get() > 0 ? "  ERRORS " + errors.get() : "");
    rows.add(
        row(
            "lease + report, over " + String.format(Locale.ROOT, "%,d", leaseFeeds) + " due feeds",
            "%,.0f feeds/s",
            reported.get() / seconds,
            String.format(
                Locale.ROOT,
                "%d fetchers, leases of 100 (%,.0f lease calls/s), one report call per feed;"
                    + " %,d feeds in %.0f s",
                callers,
                leaseCalls.get() / seconds,
                reported.get(),
                seconds)));
    return errors.get() == 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /**
   * Inserts {@code n} active feeds in one statement and returns the first id; they are due at
   * {@code due}, or spread over the last hour when it is null.
   */
  private long insertFeeds(Connection db, String prefix, int n, Instant due) throws SQLException {
    db.setAutoCommit(true);
    String dueAt =
        due == null ? "now() - (g % 3600) * interval '1 second'" : "'" + due + "'::timestamptz";
    try (PreparedStatement ps =
        db.prepareStatement(
            "INSERT INTO feeds (url, url_hash, state, next_fetch_at, created_at)"
                + " SELECT 'https://"
                + prefix
                + ".example/feed/' || g, md5('"
                + prefix
                + "' || g) || md5('x' || g), 'ACTIVE', "
                + dueAt
                + ", now() FROM generate_series(1, ?) g RETURNING id")) {
      ps.setInt(1, n);
      long first = Long.MAX_VALUE;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          first = Math.min(first, rs.getLong(1));
        }
      }
      return first;
    }
  }

  private static void vacuumAnalyze(Connection db) throws SQLException {
    db.setAutoCommit(true);
    try (Statement s = db.createStatement()) {
      s.execute("VACUUM ANALYZE");
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] row(String what, String format, double value, String detail) {
    return new String[] {what, String.format(Locale.ROOT, format, value), detail};
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

  /**
   * Made-up words drawn with a Zipf-like law, so the generated tsvector and its GIN index cost what
   * real text costs (a few very common words, a long tail).
   */
  private static final class Words {
    private final String[] vocabulary = new String[5_000];
    private final double[] cumulative = new double[vocabulary.length];

    Words(Random random) {
      double sum = 0;
      for (int i = 0; i < vocabulary.length; i++) {
        StringBuilder b = new StringBuilder();
        int length = 3 + random.nextInt(7);
        for (int k = 0; k < length; k++) {
          b.append((char) ('a' + random.nextInt(26)));
        }
        vocabulary[i] = b.append(i).toString();
        sum += 1.0 / (i + 1);
        cumulative[i] = sum;
      }
      for (int i = 0; i < cumulative.length; i++) {
        cumulative[i] /= sum;
      }
    }

    String text(Random random, int count) {
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < count; k++) {
        if (k > 0) {
          b.append(' ');
        }
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        b.append(vocabulary[i < 0 ? Math.min(-i - 1, vocabulary.length - 1) : i]);
      }
      return b.toString();
    }
  }
}
