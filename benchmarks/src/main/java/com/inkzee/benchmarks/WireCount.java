package com.inkzee.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts bytes on the wire per call at the socket, the same way for every transport: the client
 * connects through a {@link CountingProxy}, makes one checked call (connection set-up, handshakes),
 * then the counters start and a fixed number of calls run, at most {@link #IN_FLIGHT} at a time.
 *
 * <p>So the figures are steady-state: a persistent connection's handshake (Inkzee's HELLO, HTTP/2's
 * preface and SETTINGS) is left out, while a protocol that opens a connection per call pays its
 * HTTP request and status lines and headers on every call, as it does in use. TCP/IP headers are
 * not included (about 52 bytes per segment on loopback, and a per-call connection adds a SYN and
 * FIN exchange of six or more segments).
 */
final class WireCount {
  /** Concurrent calls while counting: enough for batching on multiplexed connections to show. */
  static final int IN_FLIGHT = 16;

  private WireCount() {}

  /**
   * What was counted.
   *
   * @param requestBytes client-to-server payload bytes per call
   * @param responseBytes server-to-client payload bytes per call
   * @param connectionsPerCall TCP connections opened per call (1 for one per call)
   * @param failed calls that failed while counting
   */
  record Result(double requestBytes, double responseBytes, double connectionsPerCall, long failed) {
    double bytesPerCall() {
      return requestBytes + responseBytes;
    }
  }

  /** Starts {@code transport} behind a proxy, counts {@code calls} calls, and stops it. */
  static Result count(String transport, Workload workload, int calls) throws InterruptedException {
    AtomicReference<CountingProxy> proxy = new AtomicReference<>();
    PortRoute route =
        serverPort -> {
          CountingProxy p = CountingProxy.start(serverPort);
          proxy.set(p);
          return p.port();
        };
    try (Transport t = PeerTransports.start(transport, workload, IN_FLIGHT, route)) {
      t.verify();
      CountingProxy p = proxy.get();
      long toServer0 = p.bytesToServer();
      long toClient0 = p.bytesToClient();
      long connections0 = p.connections();
      Semaphore free = new Semaphore(IN_FLIGHT);
      LongAdder failed = new LongAdder();
      for (int i = 0; i < calls; i++) {
        free.acquire();
        CompletableFuture<?> call = t.call();
        call.whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                failed.increment();
              }
              free.release();
            });
      }
      if (!free.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(transport + ": calls unanswered 30 s after the last");
      }
      return new Result(
          (double) (p.bytesToServer() - toServer0) / calls,
          (double) (p.bytesToClient() - toClient0) / calls,
          (double) (p.connections() - connections0) / calls,
          failed.sum());
    } finally {
      CountingProxy p = proxy.get();
      if (p != null) {
        p.close();
      }
    }
  }
}
