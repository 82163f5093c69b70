package com.inkzee.benchmarks;

import com.inkzee.benchmarks.PeerBenchmark.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Renders {@link PeerBenchmark}'s rows, flood results and the targets as Markdown. */
final class PeerReport {
  /** Threads a server may add under the flood and still count as flat (samplers, timers). */
  static final int FLAT_THREADS_SLACK = 2;

  private PeerReport() {}

  static String markdown(
      PeerOptions o,
      String machine,
      String load,
      Instant started,
      Duration took,
      List<Row> rows,
      List<Flood.Result> floods,
      String floodProblem) {
    StringBuilder b = new StringBuilder();
    b.append("# Inkzee RPC vs its peers\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "Run %s on %s; load average %s; took %d s. Handlers: %s. JIT warm-up %s per"
                + " transport. Closed loop: %s warm-up,"
                + " %s measured in %d slice(s) per transport and cell. Open loop: %.0f%% of the"
                + " closed-loop rate (binary transports: of the slowest binary one), %s measured."
                + " Bytes: %d calls per transport through a counting proxy.%n%n",
            started.truncatedTo(ChronoUnit.SECONDS),
            machine,
            load,
            took.toSeconds(),
            System.getProperty("bench.handlers", "executor"),
            secs(o.jitWarmup()),
            secs(o.warmup()),
            secs(o.measure()),
            o.rounds(),
            o.openLoad() * 100,
            secs(o.openMeasure()),
            o.wireCalls()));
    for (String message : o.messages()) {
      b.append("## ").append(Workload.byName(message).label()).append("\n\n");
      b.append(
          "| callers | transport | calls/s | Inkzee ÷ it | it ÷ raw | closed p50 / p99 / p99.9"
              + " | open-loop offered | open p50 / p99 / p99.9 (corrected) | GC in open loop | CPU/call | B/call"
              + " (req + resp) | conn/call | failed |\n");
      b.append(
          "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (Row r : rows) {
        if (!r.message().equals(message)) {
          continue;
        }
        double inkzee =
            find(rows, message, r.callers(), PeerTransports.INKZEE)
                .map(Row::callsPerSecond)
                .orElse(Double.NaN);
        double raw =
            find(rows, message, r.callers(), PeerTransports.RAW)
                .map(Row::callsPerSecond)
                .orElse(Double.NaN);
        b.append(
            String.format(
                Locale.ROOT,
                "| %d | %s | %,.0f | %s | %s | %s µs | %,.0f/s | %s µs | %d ms | %.1f µs | %,.0f (%,.0f +"
                    + " %,.0f) | %s | %d |%n",
                r.callers(),
                r.transport(),
                r.callsPerSecond(),
                ratio(inkzee, r.callsPerSecond()),
                ratio(r.callsPerSecond(), raw),
                latencies(r.closed().latencies()),
                r.open().offeredPerSecond(),
                latencies(r.open().sample().latencies()),
                r.openGcMillis(),
                r.cpuMicrosPerCall(),
                r.wire().bytesPerCall(),
                r.wire().requestBytes(),
                r.wire().responseBytes(),
                String.format(Locale.ROOT, "%.3f", r.wire().connectionsPerCall()),
                r.closed().errors() + r.open().sample().errors()));
      }
      b.append('\n');
      for (Row r : rows) {
        if (r.message().equals(message) && r.closed().firstError() != null) {
          b.append("- ")
              .append(r.transport())
              .append(" x")
              .append(r.callers())
              .append(": ")
              .append(r.closed().firstError())
              .append('\n');
        }
        if (r.message().equals(message) && r.open().sample().firstError() != null) {
          b.append("- ")
              .append(r.transport())
              .append(" x")
              .append(r.callers())
              .append(" (open loop): ")
              .append(r.open().sample().firstError())
              .append('\n');
        }
      }
      b.append(lagNote(rows, message)).append('\n');
    }
    if (o.floodCallers() > 0) {
      b.append("## ").append(o.floodCallers()).append(" concurrent callers (small call)\n\n");
    }
    if (floodProblem != null) {
      b.append("Not run: ").append(floodProblem).append(".\n\n");
    } else if (!floods.isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "Server alone in its own JVM (-Xmx512m), warmed for %s at 16 callers; then all"
                  + " callers start at once, %s of closed-loop load measured after 0.5 s; the"
                  + " server's figures sampled every 20 ms (idle: after the warm-up).%n%n",
              secs(o.jitWarmup().dividedBy(2)),
              secs(o.floodTime())));
      b.append(
          "| protocol | calls ok | calls/s | failed | p50 / p99 | server fds idle → peak |"
              + " threads idle → peak | heap peak (live after GC) | first failure |\n");
      b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
      for (Flood.Result f : floods) {
        Sample s = f.sample();
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %,.0f | %,d | %s / %s ms | %,d → %,d | %,d → %,d | %,d MiB (%,d MiB) | %s |%n",
                f.protocol(),
                s.calls(),
                s.calls() / (s.nanos() / 1e9),
                s.errors(),
                millis(s.latencies(), 50),
                millis(s.latencies(), 99),
                f.idle().fds(),
                f.peak().fds(),
                f.idle().threads(),
                f.peak().threads(),
                f.peak().heapMiB(),
                f.peak().liveHeapMiB(),
                s.firstError() == null ? "" : s.firstError().replace('|', '/')));
      }
      b.append('\n');
    }
    b.append(targets(rows, floods));
    return b.toString();
  }

  /** The targets, each with what was measured and whether it was met. */
  static String targets(List<Row> rows, List<Flood.Result> floods) {
    StringBuilder b = new StringBuilder("## Targets (small call)\n\n");
    b.append("| target | callers | measured | |\n| --- | ---: | --- | --- |\n");
    for (int callers : PeerBenchmark.targetCallers()) {
      Optional<Row> inkzee = find(rows, "small", callers, PeerTransports.INKZEE);
      Optional<Row> grpc = find(rows, "small", callers, PeerTransports.GRPC);
      if (inkzee.isEmpty()) {
        continue;
      }
      Row i = inkzee.get();
      if (grpc.isPresent()) {
        Row g = grpc.get();
        double r = i.callsPerSecond() / g.callsPerSecond();
        b.append(
            line(
                "Inkzee ≥ 1.5× gRPC calls/s",
                callers,
                String.format(
                    Locale.ROOT,
                    "%.2f× (%,.0f vs %,.0f)",
                    r,
                    i.callsPerSecond(),
                    g.callsPerSecond()),
                r >= 1.5));
        long cp99 = p(i.closed().latencies(), 99);
        long cg99 = p(g.closed().latencies(), 99);
        b.append(
            line(
                "Inkzee p99 no worse than gRPC (closed loop, same callers)",
                callers,
                String.format(Locale.ROOT, "%s vs %s µs", micros(cp99), micros(cg99)),
                cp99 <= cg99));
        long ip99 = p(i.open().sample().latencies(), 99);
        long gp99 = p(g.open().sample().latencies(), 99);
        b.append(
            line(
                "Inkzee p99 no worse than gRPC (open loop, same offered rate)",
                callers,
                String.format(Locale.ROOT, "%s vs %s µs", micros(ip99), micros(gp99)),
                ip99 <= gp99));
      }
      for (String x : PeerTransports.XMLRPC) {
        Optional<Row> xml = find(rows, "small", callers, x);
        if (xml.isPresent()) {
          double r = i.callsPerSecond() / xml.get().callsPerSecond();
          b.append(
              line(
                  "Inkzee ≥ 30× " + x + " calls/s",
                  callers,
                  String.format(Locale.ROOT, "%.1f×", r),
                  r >= 30));
          double bytes = xml.get().wire().bytesPerCall() / i.wire().bytesPerCall();
          b.append(
              line(
                  "Inkzee bytes/call ≤ 1/5 of " + x,
                  callers,
                  String.format(
                      Locale.ROOT,
                      "1/%.1f (%,.0f vs %,.0f B)",
                      bytes,
                      i.wire().bytesPerCall(),
                      xml.get().wire().bytesPerCall()),
                  bytes >= 5));
        }
      }
    }
    for (Flood.Result f : floods) {
      if (f.protocol().equals(PeerTransports.INKZEE)) {
        long added = f.peak().threads() - f.idle().threads();
        b.append(
            line(
                "server threads stay flat",
                f.callers(),
                String.format(Locale.ROOT, "%d → %d", f.idle().threads(), f.peak().threads()),
                added <= FLAT_THREADS_SLACK));
        b.append(
            line(
                "no call fails",
                f.callers(),
                f.sample().errors() + " failed",
                f.sample().errors() == 0 && f.sample().firstError() == null));
      }
    }
    return b.toString();
  }

  private static String line(String target, int callers, String measured, boolean met) {
    return "| "
        + target
        + " | "
        + callers
        + " | "
        + measured
        + " | "
        + (met ? "met" : "MISSED")
        + " |\n";
  }

  static String progressLine(Row r) {
    return String.format(
        Locale.ROOT,
        "%-5s x%-4d %-16s %,9.0f calls/s  p99 %s µs  open p99 %s µs @ %,.0f/s (GC %d ms)  %.1f µs"
            + " CPU/call%s",
        r.message(),
        r.callers(),
        r.transport(),
        r.callsPerSecond(),
        micros(p(r.closed().latencies(), 99)),
        micros(p(r.open().sample().latencies(), 99)),
        r.open().offeredPerSecond(),
        r.openGcMillis(),
        r.cpuMicrosPerCall(),
        r.closed().errors() + r.open().sample().errors() > 0
            ? "  FAILED " + (r.closed().errors() + r.open().sample().errors())
            : "");
  }

  static String floodLine(Flood.Result f) {
    return String.format(
        Locale.ROOT,
        "%-15s x%d: %,d ok, %,d failed; server fds %d → %d, threads %d → %d, heap %d MiB%s",
        f.protocol(),
        f.callers(),
        f.sample().calls(),
        f.sample().errors(),
        f.idle().fds(),
        f.peak().fds(),
        f.idle().threads(),
        f.peak().threads(),
        f.peak().heapMiB(),
        f.sample().firstError() == null ? "" : "; first failure: " + f.sample().firstError());
  }

  /** How late the open-loop generator itself issued calls, worst over the message's cells. */
  private static String lagNote(List<Row> rows, String message) {
    long worst = 0;
    for (Row r : rows) {
      if (r.message().equals(message) && r.open().dispatchLag().getTotalCount() > 0) {
        worst = Math.max(worst, r.open().dispatchLag().getValueAtPercentile(50));
      }
    }
    return String.format(
        Locale.ROOT,
        "- open-loop generator: its median lateness in issuing a due call (timer wake-up, or all"
            + " callers busy) was at most %s µs in any cell; it is included in the corrected"
            + " latencies.%n",
        micros(worst));
  }

  private static Optional<Row> find(List<Row> rows, String message, int callers, String t) {
    return rows.stream()
        .filter(r -> r.message().equals(message) && r.callers() == callers)
        .filter(r -> r.transport().equals(t))
        .findFirst();
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0
        ? "–"
        : String.format(Locale.ROOT, "%.2f", a / b);
  }

  private static String latencies(Histogram h) {
    return micros(p(h, 50)) + " / " + micros(p(h, 99)) + " / " + micros(p(h, 99.9));
  }

  private static long p(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile);
  }

  private static String micros(long nanos) {
    double us = nanos / 1000.0;
    return us < 100
        ? String.format(Locale.ROOT, "%.1f", us)
        : String.format(Locale.ROOT, "%,.0f", us);
  }

  private static String millis(Histogram h, double percentile) {
    return String.format(Locale.ROOT, "%,.1f", p(h, percentile) / 1e6);
  }

  private static String secs(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
