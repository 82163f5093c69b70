package com.inkzee.benchmarks;

import io.grpc.Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The server side of the flood test, alone in its own JVM so that its open file descriptors,
 * threads and heap are the server's and nobody else's. Started by {@link Flood}; not run by hand.
 *
 * <p>It starts one protocol's server on a free loopback port, prints {@code PORT n}, then samples
 * itself every 20 ms and answers commands on standard input, one per line: {@code RESET} (peaks
 * restart from now), {@code STATS} (prints {@code STATS fds threads heapMiB peakFds peakThreads
 * peakHeapMiB peakLiveHeapMiB}), {@code QUIT}. It exits when its input closes, so it never outlives
 * the benchmark.
 */
public final class FloodServer {
  private static final Path FDS = Path.of("/proc/self/fd");

  private long peakFds;
  private long peakThreads;
  private long peakHeap;
  private long peakLiveHeap;

  private FloodServer() {}

  public static void main(String[] args) throws Exception {
    System.setProperty(
        "org.apache.commons.logging.Log", "org.apache.commons.logging.impl.Jdk14Logger");
    java.util.logging.Logger.getLogger("org.apache.xmlrpc").setLevel(java.util.logging.Level.OFF);
    if (args.length != 1) {
      System.err.println("usage: FloodServer inkzee|grpc|xmlrpc-percall|xmlrpc-ours-percall");
      System.exit(2);
    }
    AutoCloseable server;
    int port;
    switch (args[0]) {
      case PeerTransports.INKZEE -> {
        var s = InkzeeTransport.startServer();
        server = s;
        port = s.port();
      }
      case PeerTransports.GRPC -> {
        Server s = GrpcTransport.startServer();
        server = s::shutdownNow;
        port = s.getPort();
      }
      case PeerTransports.XMLRPC_PER_CALL -> {
        ApacheXmlRpcServer s = ApacheXmlRpcServer.start(false);
        server = s;
        port = s.port();
      }
      case PeerTransports.XMLRPC_OURS_PER_CALL -> {
        var s = ApacheXmlRpcTransport.startOurServer();
        server = s;
        port = s.port();
      }
      default -> throw new IllegalArgumentException("no flood server for " + args[0]);
    }
    new FloodServer().serve(server, port);
  }

  private void serve(AutoCloseable server, int port) throws Exception {
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "flood-sampler");
              t.setDaemon(true);
              return t;
            });
    sampler.scheduleAtFixedRate(this::sample, 0, 20, TimeUnit.MILLISECONDS);
    System.out.println("PORT " + port);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("QUIT")) {
      if (line.equals("RESET")) {
        synchronized (this) {
          peakFds = 0;
          peakThreads = 0;
          peakHeap = 0;
          peakLiveHeap = 0;
        }
        sample();
      } else if (line.equals("STATS")) {
        sample();
        synchronized (this) {
          System.out.printf(
              Locale.ROOT,
              "STATS %d %d %d %d %d %d %d%n",
              fds(),
              threads(),
              heap() >> 20,
              peakFds,
              peakThreads,
              peakHeap >> 20,
              peakLiveHeap >> 20);
        }
        System.out.flush();
      }
    }
    sampler.shutdownNow();
    server.close();
    System.exit(0);
  }

  private synchronized void sample() {
    peakFds = Math.max(peakFds, fds());
    peakThreads = Math.max(peakThreads, threads());
    peakHeap = Math.max(peakHeap, heap());
    peakLiveHeap = Math.max(peakLiveHeap, liveHeap());
  }

  /** Heap still in use after the last collection of each heap pool: what the load keeps alive. */
  private static long liveHeap() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  /** Open descriptors of this process, less the one that lists them. */
  private static long fds() {
    try (Stream<Path> list = Files.list(FDS)) {
      return list.count() - 1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static long threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long heap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
