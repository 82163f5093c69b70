package com.inkzee.benchmarks;

import java.util.concurrent.CompletableFuture;

/** One way of making the benchmark call, so the load runner drives both transports identically. */
interface Transport extends AutoCloseable {

  /** Short name for the report, e.g. {@code inkzee} or {@code raw}. */
  String name();

  /** Starts one call; the future completes when its answer has arrived. Safe from any thread. */
  CompletableFuture<?> call();

  /**
   * Makes one call and checks its answer before any load, so a broken setup fails loudly instead of
   * producing numbers.
   */
  void verify();

  /** Request plus response bytes on the wire per call, length prefixes included. */
  double wireBytesPerCall();

  /** Stops the client and the server; never throws. */
  @Override
  void close();
}
