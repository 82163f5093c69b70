package com.inkzee.rpc.server;

import java.util.concurrent.atomic.LongAdder;

/** Counters of what a server did with the calls it received; read by tests and /metrics. */
public final class ServerMetrics {
  final LongAdder completed = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder expired = new LongAdder();
  final LongAdder cancelled = new LongAdder();

  /** Calls answered by their handler (successfully or with the handler's error). */
  public long completed() {
    return completed.sum();
  }

  /** Calls refused with RESOURCE_EXHAUSTED because the handler queue was full. */
  public long rejected() {
    return rejected.sum();
  }

  /** Calls whose deadline passed on the server; their work was dropped or interrupted. */
  public long expired() {
    return expired.sum();
  }

  /** Calls the client cancelled, or whose connection closed, before they finished. */
  public long cancelled() {
    return cancelled.sum();
  }
}
