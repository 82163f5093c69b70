package com.inkzee.benchmarks;

/**
 * Where a benchmark client connects, given its server's port: straight to it, or to a {@link
 * CountingProxy} in front of it when the bytes on the wire are being counted.
 */
@FunctionalInterface
interface PortRoute {
  /** Connect straight to the server. */
  PortRoute DIRECT = serverPort -> serverPort;

  /**
   * The loopback port the client should connect to for a server listening on {@code serverPort}.
   */
  int clientPort(int serverPort);
}
