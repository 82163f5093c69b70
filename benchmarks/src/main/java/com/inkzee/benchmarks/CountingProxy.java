package com.inkzee.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback TCP proxy that counts the payload bytes it forwards each way and the connections it
 * accepts, so bytes on the wire per call are counted at the socket for every protocol alike
 * (framing, HTTP headers, HTTP/2 control frames, handshakes and all), without reaching into any
 * client's pipeline.
 *
 * <p>It adds a hop, so it is only used for a separate counting pass, never while calls are timed.
 * Counts are TCP payload: the IP and TCP headers (about 52 bytes per segment on Linux loopback) and
 * the SYN/FIN exchange of each connection come on top.
 */
final class CountingProxy implements AutoCloseable {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final int targetPort;
  private final ServerSocket listener;
  private final ExecutorService pumps;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final LongAdder toServer = new LongAdder();
  private final LongAdder toClient = new LongAdder();
  private final LongAdder connections = new LongAdder();
  private volatile boolean closed;

  private CountingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
    AtomicInteger n = new AtomicInteger();
    this.pumps =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(null, r, "counting-proxy-" + n.incrementAndGet(), 256 * 1024);
              t.setDaemon(true);
              return t;
            });
    pumps.execute(this::acceptLoop);
  }

  /** Starts a proxy on a free loopback port that forwards to {@code targetPort} on loopback. */
  static CountingProxy start(int targetPort) {
    try {
      return new CountingProxy(targetPort);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the counting proxy: " + e, e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Bytes forwarded from clients to the server so far. */
  long bytesToServer() {
    return toServer.sum();
  }

  /** Bytes forwarded from the server to clients so far. */
  long bytesToClient() {
    return toClient.sum();
  }

  /** Client connections accepted so far. */
  long connections() {
    return connections.sum();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.increment();
      try {
        Socket server = new Socket();
        server.setTcpNoDelay(true);
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
        client.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        AtomicInteger directions = new AtomicInteger(2);
        pumps.execute(() -> pump(client, server, toServer, directions));
        pumps.execute(() -> pump(server, client, toClient, directions));
      } catch (IOException | RuntimeException e) {
        closeQuietly(client);
      }
    }
  }

  /**
   * Copies one direction until end of stream and passes the end on (half-close), so a client that
   * closes after its answer, or a server that closes after answering, looks the same through the
   * proxy. The second direction to finish closes both sockets.
   */
  private void pump(Socket from, Socket to, LongAdder counter, AtomicInteger directions) {
    byte[] buffer = new byte[BUFFER_BYTES];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        // Counted before it is forwarded: once the peer has it, the count already includes it.
        counter.add(n);
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
    } catch (IOException e) {
      directions.set(1); // a reset either way ends the connection
    }
    if (directions.decrementAndGet() <= 0) {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do: it is going away
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    open.forEach(CountingProxy::closeQuietly);
    open.clear();
    pumps.shutdownNow();
  }
}
