package com.inkzee.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of {@link PeerBenchmark}, from {@code --name=value} arguments.
 *
 * @param jitWarmup unmeasured load per transport before the first message's cells, so no cell pays
 *     for JIT compilation (a third of it before each later message, and for XML-RPC)
 * @param warmup unmeasured closed-loop load before each transport's first slice in a cell
 * @param measure closed-loop measured time per transport and cell, split over the rounds
 * @param rounds slices per transport and cell; the order of transports reverses every round
 * @param openMeasure open-loop measured time per transport and cell (after a quarter as warm-up)
 * @param openLoad the open-loop offered rate as a share of the closed-loop throughput
 * @param callers concurrency levels
 * @param messages workloads: small, river
 * @param transports which transports (see {@link PeerTransports#ALL})
 * @param wireCalls calls counted per transport and message for bytes on the wire
 * @param floodCallers callers in the flood test (0: no flood)
 * @param floodTime flood length per protocol
 * @param markdown report path, or null for target/peer-benchmark.md next to the jar
 */
record PeerOptions(
    Duration jitWarmup,
    Duration warmup,
    Duration measure,
    int rounds,
    Duration openMeasure,
    double openLoad,
    List<Integer> callers,
    List<String> messages,
    List<String> transports,
    int wireCalls,
    int floodCallers,
    Duration floodTime,
    Path markdown) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -cp benchmarks.jar com.inkzee.benchmarks.PeerBenchmark [--quick] [options]",
          "  --quick           shorter periods (about 3 minutes in all instead of about 8)",
          "  --jit-warmup=S    load per transport before the cells (default 15; quick 5): on a"
              + " busy 2-core machine C2 needs ~10 s of CPU for gRPC's paths",
          "  --warmup=S        closed-loop warm-up per transport and cell (default 2; quick 0.5)",
          "  --measure=S       closed-loop measured time per transport and cell (default 4; quick 1)",
          "  --rounds=N        slices of it, transport order reversed each round (default 2; quick 1)",
          "  --open-measure=S  open-loop measured time per transport and cell, in the same rounds"
              + " (default 4; quick 1)",
          "  --open-load=F     open-loop rate as a share of closed-loop calls/s (default 0.5)",
          "  --callers=LIST    concurrency levels (default 1,16,256)",
          "  --messages=LIST   small, river (default both)",
          "  --transports=LIST " + String.join(",", PeerTransports.ALL) + " (default all)",
          "  --wire-calls=N    calls counted for bytes per call (default 2000; quick 500)",
          "  --flood-callers=N callers of the flood test; 0 skips it (default 5000)",
          "  --flood-seconds=S flood length per protocol (default 15; quick 6)",
          "  --out=FILE.md     report (default: peer-benchmark.md next to the jar)");

  PeerOptions {
    callers = List.copyOf(callers);
    messages = List.copyOf(messages);
    transports = List.copyOf(transports);
    for (String t : transports) {
      if (!PeerTransports.ALL.contains(t)) {
        throw new IllegalArgumentException("unknown transport '" + t + "'");
      }
    }
    for (String m : messages) {
      if (!m.equals("small") && !m.equals("river")) {
        throw new IllegalArgumentException("unknown message '" + m + "' (small, river)");
      }
    }
    for (int c : callers) {
      if (c < 1 || c > 10_000) {
        throw new IllegalArgumentException("callers must be 1..10000: " + c);
      }
    }
    if (!(openLoad > 0 && openLoad <= 1.5)) {
      throw new IllegalArgumentException("open-load must be in (0, 1.5]: " + openLoad);
    }
    if (rounds < 1 || rounds > 20 || wireCalls < 1 || floodCallers < 0 || floodCallers > 20_000) {
      throw new IllegalArgumentException("rounds 1..20, wire-calls >= 1, flood-callers 0..20000");
    }
  }

  /**
   * Reads the settings.
   *
   * @return the options, or null when help was asked for
   */
  static PeerOptions parse(String[] args) {
    boolean quick = false;
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      quick |= arg.equals("--quick");
    }
    Duration jitWarmup = seconds(quick ? 5 : 15);
    Duration warmup = seconds(quick ? 0.5 : 2);
    Duration measure = seconds(quick ? 1 : 4);
    int rounds = quick ? 1 : 2;
    Duration openMeasure = seconds(quick ? 1 : 4);
    double openLoad = 0.5;
    String callers = "1,16,256";
    String messages = "small,river";
    String transports = String.join(",", PeerTransports.ALL);
    int wireCalls = quick ? 500 : 2000;
    int floodCallers = 5000;
    Duration floodTime = seconds(quick ? 6 : 15);
    Path out = null;
    for (String arg : args) {
      if (arg.equals("--quick")) {
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("unknown option " + arg);
      }
      String value = arg.substring(eq + 1);
      switch (arg.substring(0, eq)) {
        case "--jit-warmup" -> jitWarmup = seconds(number(arg, value));
        case "--warmup" -> warmup = seconds(number(arg, value));
        case "--measure" -> measure = seconds(number(arg, value));
        case "--rounds" -> rounds = (int) number(arg, value);
        case "--open-measure" -> openMeasure = seconds(number(arg, value));
        case "--open-load" -> openLoad = number(arg, value);
        case "--callers" -> callers = value;
        case "--messages" -> messages = value;
        case "--transports" -> transports = value;
        case "--wire-calls" -> wireCalls = (int) number(arg, value);
        case "--flood-callers" -> floodCallers = (int) number(arg, value);
        case "--flood-seconds" -> floodTime = seconds(number(arg, value));
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    List<Integer> counts = new ArrayList<>();
    for (String w : words(callers)) {
      counts.add((int) number("--callers", w));
    }
    return new PeerOptions(
        jitWarmup,
        warmup,
        measure,
        rounds,
        openMeasure,
        openLoad,
        counts,
        words(messages),
        words(transports),
        wireCalls,
        floodCallers,
        floodTime,
        out);
  }

  private static double number(String option, String value) {
    try {
      double d = Double.parseDouble(value.strip());
      if (!(d >= 0 && d <= 100_000)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a usable number: " + value, e);
    }
  }

  private static Duration seconds(double s) {
    if (!(s > 0 && s <= 600)) {
      throw new IllegalArgumentException("durations must be in (0, 600] seconds: " + s);
    }
    return Duration.ofNanos((long) (s * 1e9));
  }

  private static List<String> words(String csv) {
    List<String> out = new ArrayList<>();
    for (String w : csv.split(",")) {
      if (!w.isBlank()) {
        out.add(w.strip().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }
}
