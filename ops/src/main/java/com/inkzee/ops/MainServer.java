package com.inkzee.ops;

import com.inkzee.rpc.server.RpcServer;
import java.time.Duration;
import java.util.Objects;

/**
 * The server a service process exists for, as {@link ServiceRunner} sees it: the port it announces
 * ({@code "<service> ready on port N"}) and what it drains on SIGTERM. The store, fetcher and
 * ranker serve Inkzee RPC ({@link #rpc}); the web reader serves HTTP and implements this itself.
 */
public interface MainServer {
  /** The port listened on (the chosen one when started with port 0). */
  int port();

  /**
   * Stops accepting, lets the work in flight finish within {@code grace} (the rest is cut off),
   * then closes what the service holds. Returns whether everything finished in time.
   */
  boolean shutdown(Duration grace);

  /** Appended to the ready line, e.g. {@code ": open http://127.0.0.1:8080/"}; empty by default. */
  default String readyNote() {
    return "";
  }

  /** An Inkzee RPC server as a main server: RPC drains with GOAWAY, then its services close. */
  static MainServer rpc(RpcServer server) {
    Objects.requireNonNull(server, "server");
    return new MainServer() {
      @Override
      public int port() {
        return server.port();
      }

      @Override
      public boolean shutdown(Duration grace) {
        return server.shutdown(grace);
      }

      @Override
      public String toString() {
        return "RPC server on port " + server.port();
      }
    };
  }
}
