package com.inkzee.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The raw Netty baseline: the same frame bytes, with no RPC layer on either side. */
final class RawTransport implements Transport {
  private final Workload workload;
  private final RawEchoServer server;
  private final List<RawEchoClient> clients = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  private RawTransport(Workload workload, PortRoute route) {
    this.workload = workload;
    this.server = RawEchoServer.start(workload.rawEcho() ? null : workload.rawResponseBody());
    try {
      // As many connections (each with its own I/O thread) as the Inkzee client is given.
      for (int i = 0; i < BenchOptions.connections(); i++) {
        clients.add(RawEchoClient.connect(route.clientPort(server.port())));
      }
    } catch (RuntimeException e) {
      clients.forEach(RawEchoClient::close);
      server.close();
      throw e;
    }
  }

  /** Calls spread round-robin over the connections, as closed-loop callers would. */
  private RawEchoClient client() {
    return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
  }

  static RawTransport start(Workload workload) {
    return new RawTransport(workload, PortRoute.DIRECT);
  }

  /** Starts the server, and clients that connect through {@code route}. */
  static RawTransport start(Workload workload, PortRoute route) {
    return new RawTransport(workload, route);
  }

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public CompletableFuture<?> call() {
    return client().call(workload.rawRequestBody());
  }

  /** Checks that an answer arrives: the raw server sends bytes back without looking at them. */
  @Override
  public void verify() {
    try {
      client().call(workload.rawRequestBody()).get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("raw " + workload.name() + " call got no answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the raw transport", e);
    }
  }

  /** Counted on the client's socket end. */
  @Override
  public double wireBytesPerCall() {
    return clients.stream().mapToDouble(RawEchoClient::wireBytesPerCall).average().orElse(0);
  }

  @Override
  public void close() {
    clients.forEach(RawEchoClient::close);
    server.close();
  }
}
