package com.inkzee.e2e.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out free loopback ports, never the same one twice in a run. A port is free when asked for;
 * another program could take it before the service binds it, which on a test machine is rare and
 * shows as the service failing to start with "address in use" in its log.
 */
final class FreePorts {
  private final Set<Integer> given = new HashSet<>();

  synchronized int next() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = s.getLocalPort();
        if (given.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free loopback port", e);
      }
    }
    throw new IllegalStateException("no new free loopback port after 50 attempts");
  }
}
