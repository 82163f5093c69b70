package com.inkzee.benchmarks;

import com.inkzee.benchmarks.ApacheXmlRpcTransport.Connections;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The original failure, replayed: thousands of concurrent callers against one server, for each
 * protocol, with the server in its own JVM ({@link FloodServer}) so that its file descriptors,
 * threads and heap can be read apart from the callers'.
 *
 * <p>Callers are closed-loop and all start at once. Inkzee RPC and gRPC callers share one client
 * (one connection), as a service's callers do; XML-RPC callers each open a connection per call, as
 * the original system's did, so each needs a thread and a socket of its own.
 */
final class Flood {
  /** Descriptors the process needs beyond one per caller: jars, epoll, pipes, the JVM's own. */
  private static final int SPARE_FDS = 1_000;

  /** Callers while the server's JVM warms up, before the flood. */
  private static final int WARMUP_CALLERS = 16;

  private Flood() {}

  /**
   * What the server went through.
   *
   * @param idle the server's figures after start and one call, before the flood
   * @param peak the highest of each figure sampled during the flood (every 20 ms)
   */
  record Result(String protocol, int callers, Sample sample, Stats idle, Stats peak) {}

  /**
   * A server's open descriptors, live threads, heap in use (MiB) and heap still in use after the
   * last collection (MiB; what the load keeps alive rather than what awaits collection).
   */
  record Stats(long fds, long threads, long heapMiB, long liveHeapMiB) {}

  /**
   * Why the flood cannot run with {@code callers} callers under this process's open-files limit, or
   * null when it can. Two descriptors per per-call XML-RPC caller may be open at once in this
   * process (the client's socket; the server runs elsewhere), plus the JVM's own.
   */
  static String limitProblem(int callers) {
    long limit = openFilesLimit();
    long needed = callers + SPARE_FDS;
    if (limit >= 0 && limit < needed) {
      return String.format(
          "the open-files limit is %d, but %d callers need about %d descriptors in this process"
              + " and in the server's; raise it first (ulimit -n 65536, as .ci/run does) or pass"
              + " --flood-callers=%d",
          limit, callers, needed, Math.max(1, limit - SPARE_FDS));
    }
    return null;
  }

  /** The soft limit on open files from /proc/self/limits, or -1 where it cannot be read. */
  static long openFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no way to tell
    }
    return -1;
  }

  /** Floods one protocol's server with {@code callers} callers for {@code time}. */
  static Result run(String protocol, Workload workload, int callers, Duration warmup, Duration time)
      throws IOException, InterruptedException {
    File log = File.createTempFile("flood-server-" + protocol + "-", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-DINKZEE_LOG_LEVEL=WARN");
    command.add("-Dbench.handlers=" + System.getProperty("bench.handlers", "executor"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FloodServer.class.getName());
    command.add(protocol);
    Process server =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8)) {
      String first = out.readLine();
      if (first == null || !first.startsWith("PORT ")) {
        throw new IllegalStateException(
            protocol + " flood server did not start; see " + log + ": " + first);
      }
      int port = Integer.parseInt(first.substring(5).trim());
      try (Transport client = connect(protocol, workload, port, callers)) {
        client.verify();
        // The server's JVM is new: warm it at a modest load first, so the flood measures
        // concurrency, not JIT compilation.
        LoadRunner loads = new LoadRunner(Long.MAX_VALUE, Long.MAX_VALUE);
        loads.run(client, WARMUP_CALLERS, warmup, Duration.ofMillis(1));
        Thread.sleep(500); // let the server settle
        Stats idle = stats(in, out)[0];
        in.println("RESET");
        // Count every failure: failures are the finding here, not a reason to stop.
        Sample sample = loads.run(client, callers, Duration.ofMillis(500), time);
        Stats peak = stats(in, out)[1];
        return new Result(protocol, callers, sample, idle, peak);
      } finally {
        in.println("QUIT");
      }
    } finally {
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
      if (log.length() == 0) {
        log.delete();
      }
    }
  }

  private static Transport connect(String protocol, Workload workload, int port, int callers) {
    return switch (protocol) {
      case PeerTransports.INKZEE -> InkzeeTransport.connect(workload, port);
      case PeerTransports.GRPC -> GrpcTransport.connect(workload, port);
      case PeerTransports.XMLRPC_PER_CALL, PeerTransports.XMLRPC_OURS_PER_CALL ->
          ApacheXmlRpcTransport.against(
              protocol, workload, port, Connections.PER_CALL, callers, null);
      default -> throw new IllegalArgumentException("no flood for " + protocol);
    };
  }

  /** Asks the server for its figures: {now, peak since RESET}. */
  private static Stats[] stats(PrintWriter in, BufferedReader out) throws IOException {
    in.println("STATS");
    String line = out.readLine();
    if (line == null || !line.startsWith("STATS ")) {
      throw new IllegalStateException("flood server answered " + line);
    }
    String[] f = line.substring(6).trim().split(" ");
    return new Stats[] {
      new Stats(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), -1),
      new Stats(
          Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]))
    };
  }
}
