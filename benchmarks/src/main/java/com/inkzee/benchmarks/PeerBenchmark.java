package com.inkzee.benchmarks;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Inkzee RPC against its peers in one process and one run: the raw Netty limit, gRPC-java carrying
 * the same Kryo bytes, and Apache XML-RPC 3.1.3 (client and server) with a connection per call and
 * with keep-alive; then the original failure, thousands of concurrent callers per protocol against
 * a server in its own JVM ({@link Flood}).
 *
 * <p>Per message and number of callers, every transport is started side by side, then measured
 * closed-loop in slices whose order reverses each round (so drifting background load weighs on all
 * alike), then open-loop at a fixed offered rate with latency corrected for coordinated omission
 * ({@link OpenLoopRunner}). Bytes per call are counted at a proxy's sockets in a separate pass
 * ({@link WireCount}); CPU per call is the whole process's CPU time over the measured periods
 * divided by the calls, so it covers client and server. Report: {@code target/peer-benchmark.md}.
 */
public final class PeerBenchmark {
  /** The targets apply to the small call at these caller counts. */
  private static final List<Integer> TARGET_CALLERS = List.of(16, 256);

  private PeerBenchmark() {}

  /** One transport in one cell. */
  record Row(
      String message,
      int callers,
      String transport,
      Sample closed,
      OpenLoopRunner.Result open,
      long openGcMillis,
      WireCount.Result wire) {
    double callsPerSecond() {
      return closed.nanos() == 0 ? 0 : closed.calls() / (closed.nanos() / 1e9);
    }

    double cpuMicrosPerCall() {
      return closed.calls() == 0 ? 0 : closed.cpuNanos() / 1e3 / closed.calls();
    }
  }

  public static void main(String[] args) throws Exception {
    if (System.getenv("INKZEE_LOG_LEVEL") == null
        && System.getProperty("INKZEE_LOG_LEVEL") == null) {
      System.setProperty("INKZEE_LOG_LEVEL", "WARN");
    }
    // Apache XML-RPC logs each refused or reset connection through Commons Logging (which would
    // pick a stray log4j 1 on the class path): send it to java.util.logging and silence it there;
    // failures are counted by the callers instead.
    System.setProperty(
        "org.apache.commons.logging.Log", "org.apache.commons.logging.impl.Jdk14Logger");
    java.util.logging.Logger.getLogger("org.apache.xmlrpc").setLevel(java.util.logging.Level.OFF);
    PeerOptions options;
    try {
      options = PeerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(PeerOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(PeerOptions.USAGE);
      return;
    }
    System.exit(run(options) ? 0 : 1);
  }

  static boolean run(PeerOptions o) throws Exception {
    String machine = RpcBenchmark.machine();
    String loadBefore = RpcBenchmark.loadAverage();
    Instant started = Instant.now();
    System.out.printf(
        Locale.ROOT,
        "Inkzee RPC vs its peers, %s, load average %s; transports %s%n",
        machine,
        loadBefore,
        o.transports());
    List<Row> rows = new ArrayList<>();
    for (String message : o.messages()) {
      Workload workload = Workload.byName(message);
      Map<String, WireCount.Result> wire = new HashMap<>();
      for (String t : o.transports()) {
        wire.put(t, WireCount.count(t, workload, o.wireCalls()));
        System.out.printf(
            Locale.ROOT,
            "  %-5s %-16s %,8.0f B/call on the wire (%,.0f + %,.0f), %.3f connections/call%n",
            message,
            t,
            wire.get(t).bytesPerCall(),
            wire.get(t).requestBytes(),
            wire.get(t).responseBytes(),
            wire.get(t).connectionsPerCall());
      }
      warmUpJit(o, workload, rows.isEmpty());
      for (int callers : o.callers()) {
        rows.addAll(cell(o, workload, callers, wire));
      }
    }
    List<Flood.Result> floods = new ArrayList<>();
    String floodProblem = null;
    if (o.floodCallers() > 0) {
      floodProblem = Flood.limitProblem(o.floodCallers());
      if (floodProblem != null) {
        System.out.println("flood test skipped: " + floodProblem);
      } else {
        for (String p :
            List.of(
                PeerTransports.INKZEE,
                PeerTransports.GRPC,
                PeerTransports.XMLRPC_PER_CALL,
                PeerTransports.XMLRPC_OURS_PER_CALL)) {
          Flood.Result r =
              Flood.run(
                  p, Workload.small(), o.floodCallers(), o.jitWarmup().dividedBy(2), o.floodTime());
          floods.add(r);
          System.out.println("  flood " + PeerReport.floodLine(r));
        }
      }
    }
    String load = loadBefore + " before, " + RpcBenchmark.loadAverage() + " after";
    String report =
        PeerReport.markdown(
            o,
            machine,
            load,
            started,
            Duration.between(started, Instant.now()),
            rows,
            floods,
            floodProblem);
    System.out.println();
    System.out.println(report);
    Path path = reportPath(o);
    Files.createDirectories(path.toAbsolutePath().getParent());
    Files.writeString(path, report, StandardCharsets.UTF_8);
    System.out.println("Markdown report: " + path);
    return rows.stream().allMatch(r -> r.closed().errors() == 0 && r.open().sample().errors() == 0);
  }

  /**
   * Loads each transport unmeasured at {@link WireCount#IN_FLIGHT} callers, so that JIT compilation
   * (which on a busy machine takes gRPC's larger code paths many seconds) is not charged to the
   * first cells. Later messages share most of the code and get a third of it, as do the XML-RPC
   * transports, whose cost is elsewhere.
   */
  private static void warmUpJit(PeerOptions o, Workload workload, boolean first)
      throws InterruptedException {
    LoadRunner loads = new LoadRunner(50_000_000L);
    for (String t : o.transports()) {
      Duration time =
          first && PeerTransports.BINARY.contains(t) ? o.jitWarmup() : o.jitWarmup().dividedBy(3);
      try (Transport transport =
          PeerTransports.start(t, workload, WireCount.IN_FLIGHT, PortRoute.DIRECT)) {
        transport.verify();
        loads.run(transport, WireCount.IN_FLIGHT, time, Duration.ofMillis(1));
      }
    }
  }

  /** Starts every transport for one message and caller count, and measures each. */
  private static List<Row> cell(
      PeerOptions o, Workload workload, int callers, Map<String, WireCount.Result> wire)
      throws InterruptedException {
    Map<String, Transport> started = new LinkedHashMap<>();
    try {
      for (String t : o.transports()) {
        Transport transport = PeerTransports.start(t, workload, callers, PortRoute.DIRECT);
        started.put(t, transport);
        transport.verify();
      }
      LoadRunner loads = new LoadRunner(50_000_000L);
      Map<String, Sample> closed = new HashMap<>();
      Duration slice = o.measure().dividedBy(o.rounds());
      List<String> order = new ArrayList<>(o.transports());
      for (int round = 0; round < o.rounds(); round++) {
        Duration warm = round == 0 ? o.warmup() : CellRunner.REWARM;
        for (String t : order) {
          Sample s = loads.run(started.get(t), callers, warm, slice);
          closed.merge(t, s, Sample::plus);
        }
        java.util.Collections.reverse(order);
      }
      // Open loop: the binary transports all get the same offered rate, a share of the slowest
      // one's closed-loop throughput, so their latencies compare at equal load; an XML-RPC
      // transport cannot sustain that rate and gets the same share of its own throughput.
      double binaryRate = Double.MAX_VALUE;
      for (String t : o.transports()) {
        if (PeerTransports.BINARY.contains(t)) {
          binaryRate = Math.min(binaryRate, rate(closed.get(t)));
        }
      }
      // In slices too, the order reversed each round: a stall of the machine lands in one slice
      // of one transport, and sets that slice's p99; spreading each transport's time over the
      // cell keeps one stall from deciding a comparison.
      Map<String, OpenLoopRunner.Result> open = new HashMap<>();
      Map<String, Long> openGc = new HashMap<>();
      Duration openSlice = o.openMeasure().dividedBy(o.rounds());
      for (int round = 0; round < o.rounds(); round++) {
        for (String t : order) {
          double offered =
              o.openLoad() * (PeerTransports.BINARY.contains(t) ? binaryRate : rate(closed.get(t)));
          long gcBefore = gcMillis();
          OpenLoopRunner.Result r =
              OpenLoopRunner.run(
                  started.get(t), callers, Math.max(1, offered), openSlice.dividedBy(4), openSlice);
          open.merge(t, r, OpenLoopRunner.Result::plus);
          openGc.merge(t, gcMillis() - gcBefore, Long::sum);
        }
        java.util.Collections.reverse(order);
      }
      List<Row> rows = new ArrayList<>();
      for (String t : o.transports()) {
        Row row =
            new Row(
                workload.name(),
                callers,
                t,
                closed.get(t),
                open.get(t),
                openGc.get(t),
                wire.get(t));
        rows.add(row);
        System.out.println("  " + PeerReport.progressLine(row));
      }
      return rows;
    } finally {
      started.values().forEach(Transport::close);
    }
  }

  /**
   * Collection time of every collector so far: the open-loop passes report how much of their time
   * the JVM spent collecting, since a pause there shows in every transport's tail alike.
   */
  private static long gcMillis() {
    long total = 0;
    for (java.lang.management.GarbageCollectorMXBean gc :
        java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static double rate(Sample s) {
    return s.nanos() == 0 ? 0 : s.calls() / (s.nanos() / 1e9);
  }

  static List<Integer> targetCallers() {
    return TARGET_CALLERS;
  }

  private static Path reportPath(PeerOptions o) {
    if (o.markdown() != null) {
      return o.markdown();
    }
    try {
      Path code =
          Path.of(PeerBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent().resolve("peer-benchmark.md");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("peer-benchmark.md");
    }
  }
}
