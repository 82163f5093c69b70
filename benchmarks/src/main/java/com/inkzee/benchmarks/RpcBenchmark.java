package com.inkzee.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Measures Inkzee RPC against raw Netty carrying the same bytes in the same process, so the ratio
 * shows what the RPC layer costs on this machine, and prints it as a table.
 *
 * <p>For each message (a small call, a 50-entry river page) and each number of closed-loop callers
 * (1, 16, 256 by default), it starts the raw baseline and Inkzee RPC side by side, each with its
 * own server and client on 127.0.0.1 and one connection, loads them in alternating slices ({@link
 * CellRunner}), and reports calls/s, p50/p99 latency, bytes per call and the Inkzee/raw ratio. The
 * table goes to stdout and, as Markdown, to {@code target/rpc-benchmark.md}. Run {@code java -jar
 * benchmarks/target/benchmarks.jar --help} for the options.
 */
public final class RpcBenchmark {
  /** Callers during the JIT warm-up: enough to exercise the multiplexed paths. */
  private static final int JIT_WARMUP_CALLERS = 16;

  private RpcBenchmark() {}

  public static void main(String[] args) throws Exception {
    // The servers and clients log each start and stop at INFO; only trouble belongs in the output.
    if (System.getenv("INKZEE_LOG_LEVEL") == null
        && System.getProperty("INKZEE_LOG_LEVEL") == null) {
      System.setProperty("INKZEE_LOG_LEVEL", "WARN");
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    System.exit(run(options) ? 0 : 1);
  }

  /**
   * Runs every cell, prints the table and writes the report.
   *
   * @return false if any call failed, since such numbers cannot be trusted
   */
  static boolean run(BenchOptions options) throws InterruptedException, IOException {
    String machine = machine();
    String loadBefore = loadAverage();
    System.out.printf(
        Locale.ROOT,
        "Inkzee RPC vs raw Netty, %s, load average %s%n"
            + "per cell and transport: warm-up %s, measured %s in %d alternating slices;"
            + " %d cells, about %d s%n",
        machine,
        loadBefore,
        seconds(options.warmup().toMillis()),
        seconds(options.measure().toMillis()),
        options.rounds(),
        options.callers().size() * options.messages().size(),
        options.estimatedRunTime().toSeconds());
    if (busy(loadBefore)) {
      System.out.println(
          "note: other processes keep this machine busy; expect noisy numbers and compare ratios");
    }
    System.out.println();
    List<Workload> workloads = options.messages().stream().map(Workload::byName).toList();
    LoadRunner loads = new LoadRunner(options.maxCallsPerRun());
    warmUpJit(loads, workloads, options.jitWarmup());
    CellRunner cells = new CellRunner(loads, options.warmup(), options.measure(), options.rounds());
    List<Comparison> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Workload workload : workloads) {
      labels.add(
          String.format(
              Locale.ROOT,
              "%s: %s; request frame %d B, response frame %d B (Inkzee encoding)",
              workload.name(),
              workload.label(),
              workload.requestFrame().readableBytes(),
              workload.responseFrame().readableBytes()));
      for (int callers : options.callers()) {
        Comparison row = cells.run(workload, callers);
        rows.add(row);
        System.out.printf(
            Locale.ROOT,
            "  %-5s x%-4d raw %,10.0f calls/s   inkzee %,10.0f calls/s   ratio %s%n",
            workload.name(),
            callers,
            row.raw().callsPerSecond(),
            row.inkzee().callsPerSecond(),
            row.ratioText("-"));
      }
    }
    String load = loadBefore + " before, " + loadAverage() + " after";
    System.out.println();
    System.out.print(ResultTable.text(rows));
    System.out.println();
    System.out.println(
        "CPU per call by thread, and the busiest thread's share of the measured time"
            + " (near 100 %: that thread is the bottleneck):");
    System.out.print(ResultTable.threadsText(rows));
    labels.forEach(System.out::println);
    System.out.println("load average: " + load);
    Path report = reportPath(options);
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(
        report, markdown(options, machine, load, labels, rows), StandardCharsets.UTF_8);
    System.out.println("\nMarkdown report: " + report);
    return rows.stream().noneMatch(Comparison::hasErrors);
  }

  /**
   * Runs each transport on each message unmeasured first, so the first measured cells are not the
   * ones that pay for JIT compilation.
   */
  private static void warmUpJit(LoadRunner loads, List<Workload> workloads, Duration time)
      throws InterruptedException {
    for (Workload workload : workloads) {
      for (Function<Workload, Transport> start :
          List.<Function<Workload, Transport>>of(RawTransport::start, InkzeeTransport::start)) {
        try (Transport transport = start.apply(workload)) {
          transport.verify();
          loads.run(transport, JIT_WARMUP_CALLERS, time, Duration.ZERO);
        }
      }
    }
  }

  private static String markdown(
      BenchOptions options,
      String machine,
      String load,
      List<String> labels,
      List<Comparison> rows) {
    StringBuilder b = new StringBuilder();
    b.append("# Inkzee RPC vs raw Netty\n\n");
    b.append("Run ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(" on ")
        .append(machine)
        .append("; load average ")
        .append(load)
        .append(".\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "Closed-loop callers on one loopback connection per transport. Per cell and"
                + " transport: %s warm-up, then %s measured in %d slices that alternate raw and"
                + " Inkzee (ABBA), so background load weighs on both alike. Latencies are p50 / p99"
                + " in microseconds. Bytes per call are request plus response frames, length"
                + " prefixes included (raw: counted on the socket; Inkzee: the frames its encoder"
                + " produces). The target applies at %d callers and more.\n\n",
            seconds(options.warmup().toMillis()),
            seconds(options.measure().toMillis()),
            options.rounds(),
            Comparison.TARGET_MIN_CALLERS));
    b.append(ResultTable.markdown(rows)).append('\n');
    b.append(
        "CPU per call by thread role (each thread's own CPU clock over the measured slices), and"
            + " the share of the measured time the role's busiest thread was running: near 100 %,"
            + " that thread is the transport's bottleneck whatever the rest of the machine does."
            + " Handlers and timers are Inkzee's only; \"other\" is JIT, GC and the rest of the"
            + " process during that transport's slices.\n\n");
    b.append(ResultTable.threadsMarkdown(rows)).append('\n');
    for (String label : labels) {
      b.append("- ").append(label).append('\n');
    }
    return b.toString();
  }

  /** The report goes next to the jar (benchmarks/target/) unless --out says otherwise. */
  private static Path reportPath(BenchOptions options) {
    if (options.markdown() != null) {
      return options.markdown();
    }
    try {
      Path code =
          Path.of(RpcBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // benchmarks/target/benchmarks.jar or, from an IDE, benchmarks/target/classes
      return code.getParent().resolve("rpc-benchmark.md");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("rpc-benchmark.md");
    }
  }

  static String machine() {
    return String.format(
        Locale.ROOT,
        "%d cores, Java %s (%s), %s %s",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }

  /** The 1-minute load average, or "n/a" where the OS does not publish /proc/loadavg. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** Whether other work already uses more than half of the cores. */
  private static boolean busy(String loadAverage) {
    try {
      return Double.parseDouble(loadAverage) > Runtime.getRuntime().availableProcessors() / 2.0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0
        ? millis / 1000 + " s"
        : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
