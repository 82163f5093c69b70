package com.inkzee.benchmarks;

import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.StoreService;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Phase (a): ingest through the store's Inkzee RPC against a plain {@code COPY} of the same rows
 * into the same table, in alternating slices.
 */
final class StoreIngestPhase extends StorePhase {
  static final String COPY_ENTRIES =
      "COPY entries (seq, feed_id, entry_key, guid, url, title, author, summary, content,"
          + " categories, enclosures, published_at, updated_at, first_seen_at, sort_at,"
          + " content_hash, fingerprint, language) FROM STDIN";

  StoreIngestPhase(StorePhase.Settings settings) {
    super(settings);
  }

  /** One batch: a feed and its 100 entries, the first 20 of which are stored beforehand. */
  private record Batch(long feedId, List<EntryInput> entries) {}

  boolean run(StoreService store, Connection db) throws Exception {
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
        List.of(new Enclosure(url + ".mp3", "audio/mpeg", 1_000_000 + random.nextInt(1000), 0)),
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
}
