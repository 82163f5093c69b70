package com.inkzee.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The raw Netty baseline: the same frame bytes, with no RPC layer on either side. */
final class RawTransport implements Transport {
  private final Workload workload;
  private final RawEchoServer server;
  private final RawEchoClient client;

  private RawTransport(Workload workload) {
    this.workload = workload;
    this.server = RawEchoServer.start(workload.rawEcho() ? null : workload.rawResponseBody());
    try {
      this.client = RawEchoClient.connect(server.port());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  static RawTransport start(Workload workload) {
    return new RawTransport(workload);
  }

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public CompletableFuture<?> call() {
    return client.call(workload.rawRequestBody());
  }

  /** Checks that an answer arrives: the raw server sends bytes back without looking at them. */
  @Override
  public void verify() {
    try {
      client.call(workload.rawRequestBody()).get(5, TimeUnit.SECONDS);
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
    return client.wireBytesPerCall();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
