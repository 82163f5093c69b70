package com.inkzee.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's settings, from {@code --name=value} arguments or {@code -Dbench.name=value}
 * system properties (arguments win), so a run can be shortened or focused without a rebuild.
 *
 * @param jitWarmup unmeasured load per transport and message before the first cell, so the first
 *     cells do not pay for compiling code that later cells get for free
 * @param warmup unmeasured load before each cell's measured period, so the JIT and pools settle
 * @param measure the measured time of each transport in each cell
 * @param rounds slices the measured time is split into, alternating the transports
 * @param callers the concurrency levels, each a cell per message
 * @param messages which workloads to run: {@code small}, {@code river}
 * @param maxCallsPerRun hard cap on calls in one run (warm-up and slice), whatever the durations
 * @param markdown where the Markdown report goes, or null for next to the jar
 */
record BenchOptions(
    Duration jitWarmup,
    Duration warmup,
    Duration measure,
    int rounds,
    List<Integer> callers,
    List<String> messages,
    long maxCallsPerRun,
    Path markdown) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar benchmarks.jar [--quick] [--jit-warmup=S] [--warmup=S] [--measure=S]",
          "         [--rounds=N] [--callers=1,16,256] [--messages=small,river] [--max-calls=N]",
          "         [--out=FILE.md]",
          "  --quick        1 s warm-up, 2 s measured in 2 rounds (about 45 s in all)",
          "  --jit-warmup=S seconds of load per transport and message before the cells (default 2)",
          "  --warmup=S     seconds of unmeasured load per transport and cell (default 2)",
          "  --measure=S    seconds measured per transport and cell (default 8; ~2.5 min in all)",
          "  --rounds=N     slices of the measured time, alternating raw and Inkzee (default 8)",
          "  --callers      closed-loop callers per cell, comma-separated (default 1,16,256)",
          "  --messages     workloads: small (~100 B each way), river (50-entry page, ~20 KB)",
          "  --max-calls    cap on calls per slice (default 50,000,000)",
          "  --out          Markdown report (default: rpc-benchmark.md next to the jar)",
          "Each option can also be given as a system property: -Dbench.warmup=3 ...");

  private static final long MAX_DURATION_SECONDS = 600;

  BenchOptions {
    callers = List.copyOf(callers);
    messages = List.copyOf(messages);
    if (callers.isEmpty() || messages.isEmpty()) {
      throw new IllegalArgumentException("need at least one caller count and one message");
    }
    for (int c : callers) {
      if (c < 1 || c > 10_000) {
        throw new IllegalArgumentException("callers must be 1..10000: " + c);
      }
    }
    for (String m : messages) {
      if (!m.equals("small") && !m.equals("river")) {
        throw new IllegalArgumentException("unknown message '" + m + "' (small, river)");
      }
    }
    if (rounds < 1 || rounds > 100) {
      throw new IllegalArgumentException("rounds must be 1..100: " + rounds);
    }
    if (maxCallsPerRun < 1) {
      throw new IllegalArgumentException("max-calls must be positive: " + maxCallsPerRun);
    }
  }

  /**
   * Reads the settings.
   *
   * @return the options, or null when help was asked for
   * @throws IllegalArgumentException for an unknown or malformed option
   */
  static BenchOptions parse(String[] args) {
    boolean quick = Boolean.getBoolean("bench.quick");
    String jitWarmup = System.getProperty("bench.jit-warmup");
    String warmup = System.getProperty("bench.warmup");
    String measure = System.getProperty("bench.measure");
    String rounds = System.getProperty("bench.rounds");
    String callers = System.getProperty("bench.callers", "1,16,256");
    String messages = System.getProperty("bench.messages", "small,river");
    String maxCalls = System.getProperty("bench.max-calls", "50000000");
    String out = System.getProperty("bench.out");
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String value = eq < 0 ? null : arg.substring(eq + 1);
      switch (name) {
        case "--help", "-h" -> {
          return null;
        }
        case "--quick" -> quick = true;
        case "--jit-warmup" -> jitWarmup = required(name, value);
        case "--warmup" -> warmup = required(name, value);
        case "--measure" -> measure = required(name, value);
        case "--rounds" -> rounds = required(name, value);
        case "--callers" -> callers = required(name, value);
        case "--messages" -> messages = required(name, value);
        case "--max-calls" -> maxCalls = required(name, value);
        case "--out" -> out = required(name, value);
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    return new BenchOptions(
        seconds("jit-warmup", jitWarmup, quick ? 0.5 : 2),
        seconds("warmup", warmup, quick ? 1 : 2),
        seconds("measure", measure, quick ? 2 : 8),
        rounds == null ? (quick ? 2 : 8) : integer("rounds", rounds),
        integers(callers),
        words(messages),
        Long.parseLong(maxCalls.replace("_", "").replace(",", "")),
        out == null ? null : Path.of(out));
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " needs a value: " + name + "=...");
    }
    return value;
  }

  private static Duration seconds(String name, String value, double fallback) {
    double s;
    try {
      s = value == null ? fallback : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a number of seconds: " + value, e);
    }
    if (!(s > 0 && s <= MAX_DURATION_SECONDS)) {
      throw new IllegalArgumentException(
          name + " must be in (0, " + MAX_DURATION_SECONDS + "] seconds: " + value);
    }
    return Duration.ofNanos((long) (s * 1e9));
  }

  private static List<Integer> integers(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String w : words(csv)) {
      out.add(integer("caller count", w));
    }
    return out;
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a whole number: " + value, e);
    }
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

  /** Wall time of a whole run, excluding start-up of servers and clients. */
  Duration estimatedRunTime() {
    Duration cell = new CellRunner(null, warmup, measure, rounds).duration();
    return jitWarmup
        .multipliedBy(2L * messages.size())
        .plus(cell.multipliedBy((long) callers.size() * messages.size()));
  }

  /**
   * Client connections per transport ({@code -Dbench.connections}, default 1), each with its own
   * I/O thread on both sides: the same topology for Inkzee and the raw baseline.
   */
  static int connections() {
    int n = Integer.getInteger("bench.connections", 1);
    if (n < 1 || n > 64) {
      throw new IllegalArgumentException("bench.connections=" + n + ": expected 1..64");
    }
    return n;
  }
}
