package com.inkzee.rpc.server;

import com.inkzee.rpc.wire.WireFormat;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;

/**
 * Everything an {@link RpcServer} can be tuned by. Defaults are chosen for a 2-core machine serving
 * a few hundred clients; each limit says what it protects.
 *
 * @param bindHost address to listen on (127.0.0.1 by default; 0.0.0.0 in containers)
 * @param port TCP port; 0 picks a free one (tests)
 * @param maxFrameBytes largest frame accepted or sent; bounds the memory one connection's requests
 *     can cost: four of these in calls in progress (ServerConnection.REQUEST_FRAMES_IN_FLIGHT), 1
 *     MiB of held requests plus one request, and one frame being read
 * @param ioThreads Netty event loop threads: fixed, independent of the number of connections
 * @param handlerThreads threads running service handlers (blocking JDBC calls live here)
 * @param handlerQueueCapacity calls that may wait for a handler thread; beyond it a call is
 *     answered at once with RESOURCE_EXHAUSTED instead of queueing without bound
 * @param maxConnections connections held at once; more are closed on accept
 * @param maxInFlightPerConnection calls one connection may have running or queued; at the limit the
 *     server stops reading from that connection (TCP backpressure) until calls finish
 * @param handshakeTimeout a connection must complete its HELLO within this time
 * @param peerSilenceTimeout a connection that sends no byte (not even a heartbeat) this long is
 *     dead and is closed
 * @param idleTimeout a connection with no calls this long is closed (with GOAWAY)
 * @param maxCallTimeout cap on any call's deadline, and the deadline of a request that sent none
 * @param authToken shared secret every client must present; empty disables the check
 * @param ssl server-side TLS, or null for plain TCP
 */
public record ServerConfig(
    String bindHost,
    int port,
    int maxFrameBytes,
    int ioThreads,
    int handlerThreads,
    int handlerQueueCapacity,
    int maxConnections,
    int maxInFlightPerConnection,
    Duration handshakeTimeout,
    Duration peerSilenceTimeout,
    Duration idleTimeout,
    Duration maxCallTimeout,
    String authToken,
    SslContext ssl) {

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxFrameBytes < WireFormat.MIN_MAX_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "maxFrameBytes must be >= " + WireFormat.MIN_MAX_FRAME_BYTES + ": " + maxFrameBytes);
    }
    checkPositive(ioThreads, "ioThreads");
    checkPositive(handlerThreads, "handlerThreads");
    checkPositive(handlerQueueCapacity, "handlerQueueCapacity");
    checkPositive(maxConnections, "maxConnections");
    checkPositive(maxInFlightPerConnection, "maxInFlightPerConnection");
    checkPositive(handshakeTimeout, "handshakeTimeout");
    checkPositive(peerSilenceTimeout, "peerSilenceTimeout");
    checkPositive(idleTimeout, "idleTimeout");
    checkPositive(maxCallTimeout, "maxCallTimeout");
    authToken = authToken == null ? "" : authToken;
  }

  private static void checkPositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  private static void checkPositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** Defaults for a server on {@code port}. */
  public static ServerConfig defaults(int port) {
    return new ServerConfig(
        "127.0.0.1",
        port,
        WireFormat.DEFAULT_MAX_FRAME_BYTES,
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        // Enough to overlap a few blocking calls per core; every extra idle thread costs
        // context switches under load (measured: 32 threads on 2 cores halved throughput).
        // A JDBC-backed service sizes this to its connection pool instead.
        Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
        1024,
        20_000,
        1024,
        Duration.ofSeconds(5),
        Duration.ofSeconds(90),
        Duration.ofMinutes(10),
        Duration.ofMinutes(5),
        "",
        null);
  }

  public ServerConfig withBind(String host, int newPort) {
    return toBuilder().bind(host, newPort).build();
  }

  public ServerConfig withAuthToken(String token) {
    return toBuilder().authToken(token).build();
  }

  public ServerConfig withSsl(SslContext sslContext) {
    return toBuilder().ssl(sslContext).build();
  }

  public ServerConfig withHandlers(int threads, int queueCapacity) {
    return toBuilder().handlers(threads, queueCapacity).build();
  }

  public ServerConfig withLimits(int frameBytes, int connections, int inFlightPerConnection) {
    return toBuilder().limits(frameBytes, connections, inFlightPerConnection).build();
  }

  public ServerConfig withTimeouts(Duration handshake, Duration peerSilence, Duration idle) {
    return toBuilder().timeouts(handshake, peerSilence, idle).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy of a config to change a few settings of; {@link #build()} validates the result. */
  public static final class Builder {
    private String bindHost;
    private int port;
    private int maxFrameBytes;
    private int ioThreads;
    private int handlerThreads;
    private int handlerQueueCapacity;
    private int maxConnections;
    private int maxInFlightPerConnection;
    private Duration handshakeTimeout;
    private Duration peerSilenceTimeout;
    private Duration idleTimeout;
    private Duration maxCallTimeout;
    private String authToken;
    private SslContext ssl;

    private Builder(ServerConfig c) {
      bindHost = c.bindHost;
      port = c.port;
      maxFrameBytes = c.maxFrameBytes;
      ioThreads = c.ioThreads;
      handlerThreads = c.handlerThreads;
      handlerQueueCapacity = c.handlerQueueCapacity;
      maxConnections = c.maxConnections;
      maxInFlightPerConnection = c.maxInFlightPerConnection;
      handshakeTimeout = c.handshakeTimeout;
      peerSilenceTimeout = c.peerSilenceTimeout;
      idleTimeout = c.idleTimeout;
      maxCallTimeout = c.maxCallTimeout;
      authToken = c.authToken;
      ssl = c.ssl;
    }

    public Builder bind(String host, int newPort) {
      bindHost = host;
      port = newPort;
      return this;
    }

    public Builder authToken(String token) {
      authToken = token;
      return this;
    }

    public Builder ssl(SslContext sslContext) {
      ssl = sslContext;
      return this;
    }

    public Builder handlers(int threads, int queueCapacity) {
      handlerThreads = threads;
      handlerQueueCapacity = queueCapacity;
      return this;
    }

    public Builder limits(int frameBytes, int connections, int inFlightPerConnection) {
      maxFrameBytes = frameBytes;
      maxConnections = connections;
      maxInFlightPerConnection = inFlightPerConnection;
      return this;
    }

    public Builder timeouts(Duration handshake, Duration peerSilence, Duration idle) {
      handshakeTimeout = handshake;
      peerSilenceTimeout = peerSilence;
      idleTimeout = idle;
      return this;
    }

    public Builder maxCallTimeout(Duration timeout) {
      maxCallTimeout = timeout;
      return this;
    }

    public Builder ioThreads(int threads) {
      ioThreads = threads;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          bindHost,
          port,
          maxFrameBytes,
          ioThreads,
          handlerThreads,
          handlerQueueCapacity,
          maxConnections,
          maxInFlightPerConnection,
          handshakeTimeout,
          peerSilenceTimeout,
          idleTimeout,
          maxCallTimeout,
          authToken,
          ssl);
    }
  }
}
