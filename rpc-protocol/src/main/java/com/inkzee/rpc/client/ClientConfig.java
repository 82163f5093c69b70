package com.inkzee.rpc.client;

import com.inkzee.rpc.wire.WireFormat;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;

/**
 * How an {@link RpcClient} reaches one service.
 *
 * @param endpoints the service's instances; calls are spread over the healthy ones
 * @param connectionsPerEndpoint connections kept to each endpoint (calls are multiplexed on them)
 * @param callTimeout deadline of a call that names none; every call has one
 * @param connectTimeout bounds the TCP connect, and then separately the wait for HELLO_ACK (TLS
 *     handshake included): up to twice this in all
 * @param heartbeatInterval a PING is sent after this long without a complete frame from the server;
 *     a second such interval marks the connection dead
 * @param reconnectBackoffMin first reconnect delay; doubles per failure, with jitter
 * @param reconnectBackoffMax cap on the reconnect delay
 * @param maxAttempts tries per idempotent call across endpoints after connection failures
 * @param maxFrameBytes largest frame accepted from the server
 * @param ioThreads Netty event loop threads of this client
 * @param authToken the shared secret presented in HELLO
 * @param ssl client-side TLS (with the trust anchors to verify the server), or null
 */
public record ClientConfig(
    List<Endpoint> endpoints,
    int connectionsPerEndpoint,
    Duration callTimeout,
    Duration connectTimeout,
    Duration heartbeatInterval,
    Duration reconnectBackoffMin,
    Duration reconnectBackoffMax,
    int maxAttempts,
    int maxFrameBytes,
    int ioThreads,
    String authToken,
    SslContext ssl) {

  public ClientConfig {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("a client needs at least one endpoint");
    }
    if (connectionsPerEndpoint <= 0 || maxAttempts <= 0 || ioThreads <= 0) {
      throw new IllegalArgumentException(
          "connectionsPerEndpoint, maxAttempts and ioThreads must be positive");
    }
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
    }
    authToken = authToken == null ? "" : authToken;
  }

  /** Defaults: one connection per endpoint, 10 s calls, 5 s heartbeats, 100 ms..10 s backoff. */
  public static ClientConfig defaults(List<Endpoint> endpoints) {
    return new ClientConfig(
        endpoints,
        1,
        Duration.ofSeconds(10),
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        Duration.ofMillis(100),
        Duration.ofSeconds(10),
        3,
        WireFormat.DEFAULT_MAX_FRAME_BYTES,
        Math.min(2, Runtime.getRuntime().availableProcessors()),
        "",
        null);
  }

  public static ClientConfig defaults(Endpoint... endpoints) {
    return defaults(List.of(endpoints));
  }

  public ClientConfig withCallTimeout(Duration timeout) {
    return toBuilder().callTimeout(timeout).build();
  }

  public ClientConfig withAuthToken(String token) {
    return toBuilder().authToken(token).build();
  }

  public ClientConfig withSsl(SslContext sslContext) {
    return toBuilder().ssl(sslContext).build();
  }

  public ClientConfig withConnections(int perEndpoint, int threads) {
    return toBuilder().connections(perEndpoint, threads).build();
  }

  public ClientConfig withHeartbeat(Duration interval) {
    return toBuilder().heartbeat(interval).build();
  }

  public ClientConfig withBackoff(Duration min, Duration max) {
    return toBuilder().backoff(min, max).build();
  }

  public ClientConfig withMaxFrameBytes(int bytes) {
    return toBuilder().maxFrameBytes(bytes).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy of a config to change a few settings of; {@link #build()} validates the result. */
  public static final class Builder {
    private List<Endpoint> endpoints;
    private int connectionsPerEndpoint;
    private Duration callTimeout;
    private Duration connectTimeout;
    private Duration heartbeatInterval;
    private Duration reconnectBackoffMin;
    private Duration reconnectBackoffMax;
    private int maxAttempts;
    private int maxFrameBytes;
    private int ioThreads;
    private String authToken;
    private SslContext ssl;

    private Builder(ClientConfig c) {
      endpoints = c.endpoints;
      connectionsPerEndpoint = c.connectionsPerEndpoint;
      callTimeout = c.callTimeout;
      connectTimeout = c.connectTimeout;
      heartbeatInterval = c.heartbeatInterval;
      reconnectBackoffMin = c.reconnectBackoffMin;
      reconnectBackoffMax = c.reconnectBackoffMax;
      maxAttempts = c.maxAttempts;
      maxFrameBytes = c.maxFrameBytes;
      ioThreads = c.ioThreads;
      authToken = c.authToken;
      ssl = c.ssl;
    }

    public Builder endpoints(List<Endpoint> list) {
      endpoints = list;
      return this;
    }

    public Builder callTimeout(Duration timeout) {
      callTimeout = timeout;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      connectTimeout = timeout;
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

    public Builder connections(int perEndpoint, int threads) {
      connectionsPerEndpoint = perEndpoint;
      ioThreads = threads;
      return this;
    }

    public Builder heartbeat(Duration interval) {
      heartbeatInterval = interval;
      return this;
    }

    public Builder backoff(Duration min, Duration max) {
      reconnectBackoffMin = min;
      reconnectBackoffMax = max;
      return this;
    }

    public Builder maxAttempts(int attempts) {
      maxAttempts = attempts;
      return this;
    }

    public Builder maxFrameBytes(int bytes) {
      maxFrameBytes = bytes;
      return this;
    }

    public ClientConfig build() {
      return new ClientConfig(
          endpoints,
          connectionsPerEndpoint,
          callTimeout,
          connectTimeout,
          heartbeatInterval,
          reconnectBackoffMin,
          reconnectBackoffMax,
          maxAttempts,
          maxFrameBytes,
          ioThreads,
          authToken,
          ssl);
    }
  }
}
