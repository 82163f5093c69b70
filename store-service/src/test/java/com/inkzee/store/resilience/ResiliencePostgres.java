package com.inkzee.store.resilience;

import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.store.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL side of the resilience tests: the server named by {@code INKZEE_TEST_PG_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}), a fresh schema
 * per test class, SQL counts that see what a batch left behind, and {@code pg_ctlcluster} to stop
 * and start the server. Tests are skipped with a printed reason when PostgreSQL is not reachable,
 * unless {@code INKZEE_TEST_PG=required}.
 */
final class ResiliencePostgres {
  private static final Path PG_CTLCLUSTER = Path.of("/usr/bin/pg_ctlcluster");
  private static final Path PG_ISREADY = Path.of("/usr/bin/pg_isready");
  private static final Path CLUSTERS = Path.of("/etc/postgresql");
  private static final Pattern HOST_PORT = Pattern.compile("//([^:/?]+)(?::(\\d+))?");

  private ResiliencePostgres() {}

  /** The store's environment for PostgreSQL in {@code schema}, plus {@code extra}. */
  static Map<String, String> storeEnv(String schema, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("INKZEE_RPC_PORT", "0");
    env.put("INKZEE_BIND", "127.0.0.1");
    env.put("INKZEE_DB_URL", TestPostgres.inSchema(schema));
    env.put("INKZEE_DB_USER", TestPostgres.USER);
    env.put("INKZEE_DB_PASSWORD", TestPostgres.PASSWORD);
    env.putAll(extra);
    return env;
  }

  /** Batch {@code b}: {@code size} entries keyed {@code b<b>-<i>}, so SQL can count each batch. */
  static List<EntryInput> batch(int b, int size) {
    List<EntryInput> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String key = "b" + b + "-" + i;
      entries.add(
          new EntryInput(
              key,
              key,
              "https://resilience.example/" + key,
              "Entry " + key,
              "tester",
              "summary of " + key,
              "<p>content of " + key + "</p>",
              List.of("test"),
              List.of(),
              Instant.parse("2024-01-01T00:00:00Z").plusSeconds(b * 1000L + i),
              null,
              b * 1000L + i,
              "en"));
    }
    return entries;
  }

  /** Rows per batch number, read straight from the entries table. */
  static Map<Integer, Integer> rowsPerBatch(String schema) throws SQLException {
    Map<Integer, Integer> out = new HashMap<>();
    try (Connection c = TestPostgres.connect(schema);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT split_part(substr(entry_key, 2), '-', 1)::int AS b, count(*)"
                    + " FROM entries GROUP BY 1");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getInt(1), rs.getInt(2));
      }
    }
    return out;
  }

  /** {@code [rows, distinct (feed_id, entry_key), distinct seq]} of the entries table. */
  static long[] entryCounts(String schema) throws SQLException {
    try (Connection c = TestPostgres.connect(schema);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*), count(DISTINCT (feed_id, entry_key)), count(DISTINCT seq)"
                    + " FROM entries");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
    }
  }

  // --- stopping and starting the server -----------------------------------------------------

  /**
   * Why the server cannot be stopped and started here, or null when it can: {@code pg_ctlcluster}
   * must exist and the JVM must run as root (it signals the postmaster as its owner).
   */
  static String whyNoClusterControl() throws IOException, InterruptedException {
    if (!Files.isExecutable(PG_CTLCLUSTER) || !Files.isDirectory(CLUSTERS)) {
      return "pg_ctlcluster is not installed";
    }
    if (clusterVersion() == null) {
      return "no cluster under " + CLUSTERS;
    }
    if (TestPostgres.REQUIRED) {
      return null; // CI runs as root; if it does not, the failure says so
    }
    Run id = run(Duration.ofSeconds(5), "id", "-u");
    if (!"0".equals(id.output().strip())) {
      return "not running as root (uid " + id.output().strip() + ")";
    }
    return null;
  }

  static String clusterVersion() throws IOException {
    try (var dirs = Files.list(CLUSTERS)) {
      return dirs.map(p -> p.getFileName().toString()).sorted().findFirst().orElse(null);
    }
  }

  /** {@code pg_ctlcluster <version> main stop} in fast mode: open transactions are rolled back. */
  static void stopCluster() throws IOException, InterruptedException {
    Run r =
        run(
            Duration.ofSeconds(60),
            PG_CTLCLUSTER.toString(),
            "--skip-systemctl-redirect",
            clusterVersion(),
            "main",
            "stop",
            "--",
            "-m",
            "fast");
    if (r.exit() != 0) {
      throw new IllegalStateException("pg_ctlcluster stop failed: " + r.output());
    }
  }

  /**
   * Starts the cluster if it is not running and waits (at most 60 s) until it accepts connections.
   * Safe to call when it is already up: other tests need it afterwards.
   */
  static void startClusterAndWait() throws IOException, InterruptedException {
    if (!isReady()) {
      Run r =
          run(
              Duration.ofSeconds(60),
              PG_CTLCLUSTER.toString(),
              "--skip-systemctl-redirect",
              clusterVersion(),
              "main",
              "start");
      if (r.exit() != 0 && !isReady()) {
        throw new IllegalStateException("pg_ctlcluster start failed: " + r.output());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!isReady()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("PostgreSQL did not accept connections within 60 s");
      }
      Thread.sleep(100);
    }
  }

  /** {@code pg_isready}: whether the server accepts connections now. */
  static boolean isReady() throws IOException, InterruptedException {
    if (!Files.isExecutable(PG_ISREADY)) {
      try (Connection c = TestPostgres.connect()) {
        return c.isValid(2);
      } catch (SQLException e) {
        return false;
      }
    }
    Matcher m = HOST_PORT.matcher(TestPostgres.URL);
    boolean found = m.find();
    String host = found ? m.group(1) : "127.0.0.1";
    String port = found && m.group(2) != null ? m.group(2) : "5432";
    String[] command = {PG_ISREADY.toString(), "-q", "-h", host, "-p", port, "-t", "2"};
    return run(Duration.ofSeconds(10), command).exit() == 0;
  }

  record Run(int exit, String output) {}

  static Run run(Duration timeout, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("resilience-cmd", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " took over " + timeout);
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
