package com.inkzee.rpc.server;

/** Where a service's handlers run. */
public enum HandlerMode {
  /**
   * On the server's bounded handler executor: the default, and the only choice for handlers that
   * block (JDBC, file or network I/O, locks). Costs two thread hand-offs per call.
   */
  EXECUTOR,
  /**
   * Directly on the connection's event loop, like gRPC's direct executor: no hand-off, so the
   * fastest, but a handler that blocks or runs long stalls every connection on that loop. Only for
   * handlers that compute from memory in microseconds. Such calls are not interrupted at their
   * deadline: they are over before it.
   */
  EVENT_LOOP
}
