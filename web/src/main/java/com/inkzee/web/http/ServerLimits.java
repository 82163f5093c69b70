package com.inkzee.web.http;

import java.time.Duration;

/**
 * What the web server lets its clients take.
 *
 * @param threads workers running the application (its calls block on RPC)
 * @param maxBodyBytes largest request body; larger is 413
 * @param maxConnections connections open at once; more are closed as soon as they are accepted
 * @param requestDeadline how long a request may take to arrive whole, from its first byte; later is
 *     408 and the connection closed
 */
public record ServerLimits(
    int threads, int maxBodyBytes, int maxConnections, Duration requestDeadline) {
  public ServerLimits {
    if (threads < 1 || maxBodyBytes < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("threads, body size and connections must be positive");
    }
    if (requestDeadline.isNegative() || requestDeadline.isZero()) {
      throw new IllegalArgumentException("the request deadline must be positive");
    }
  }
}
