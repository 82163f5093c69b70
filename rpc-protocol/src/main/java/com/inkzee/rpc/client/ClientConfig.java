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
 * @param connectTimeout TCP connect plus handshake
 * @param heartbeatInterval a PING is sent after this long without a byte from the server; a second
 *     silent interval marks the connection dead
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
    return new ClientConfig(
        endpoints,
        connectionsPerEndpoint,
        timeout,
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

  public ClientConfig withAuthToken(String token) {
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
        token,
        ssl);
  }

  public ClientConfig withSsl(SslContext sslContext) {
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
        sslContext);
  }

  public ClientConfig withConnections(int perEndpoint, int threads) {
    return new ClientConfig(
        endpoints,
        perEndpoint,
        callTimeout,
        connectTimeout,
        heartbeatInterval,
        reconnectBackoffMin,
        reconnectBackoffMax,
        maxAttempts,
        maxFrameBytes,
        threads,
        authToken,
        ssl);
  }

  public ClientConfig withHeartbeat(Duration interval) {
    return new ClientConfig(
        endpoints,
        connectionsPerEndpoint,
        callTimeout,
        connectTimeout,
        interval,
        reconnectBackoffMin,
        reconnectBackoffMax,
        maxAttempts,
        maxFrameBytes,
        ioThreads,
        authToken,
        ssl);
  }

  public ClientConfig withBackoff(Duration min, Duration max) {
    return new ClientConfig(
        endpoints,
        connectionsPerEndpoint,
        callTimeout,
        connectTimeout,
        heartbeatInterval,
        min,
        max,
        maxAttempts,
        maxFrameBytes,
        ioThreads,
        authToken,
        ssl);
  }

  public ClientConfig withMaxFrameBytes(int bytes) {
    return new ClientConfig(
        endpoints,
        connectionsPerEndpoint,
        callTimeout,
        connectTimeout,
        heartbeatInterval,
        reconnectBackoffMin,
        reconnectBackoffMax,
        maxAttempts,
        bytes,
        ioThreads,
        authToken,
        ssl);
  }
}
