package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.server.ServerConfig;
import java.time.Duration;

/**
 * Everything an {@link XmlRpcServer} is tuned by; each limit says what it protects.
 *
 * @param bindHost address to listen on (127.0.0.1 by default; 0.0.0.0 in containers)
 * @param port TCP port; 0 picks a free one (tests)
 * @param maxBodyBytes largest request body; a larger one is answered 413 with a fault and the
 *     connection closed, so a request never costs more than this much memory
 * @param maxResponseBytes largest answer, in UTF-8 bytes: a handler's response (or a multicall's
 *     results together) past it is answered with a RESOURCE_EXHAUSTED fault instead, so one call
 *     never makes the server build an unbounded document (16 MiB by default, an Inkzee RPC frame)
 * @param maxDepth deepest XML element nesting accepted (64 allows structs nested ~20 deep, far more
 *     than any catalogue message; a depth bomb is refused before it is descended into)
 * @param ioThreads Netty event loop threads, independent of the number of connections
 * @param handlerThreads threads running handlers (parse, bind, invoke, encode)
 * @param handlerQueueCapacity calls that may wait for a handler thread; beyond it a call is
 *     answered at once with a RESOURCE_EXHAUSTED fault
 * @param maxConnections connections held at once; more are closed on accept
 * @param idleTimeout a keep-alive connection with no request this long is closed
 * @param callTimeout the deadline of every call (XML-RPC carries none): past it the handler is
 *     interrupted and the caller gets a DEADLINE_EXCEEDED fault
 * @param authToken shared secret every request must present (see docs/XMLRPC.md); empty disables
 */
public record XmlRpcConfig(
    String bindHost,
    int port,
    int maxBodyBytes,
    int maxResponseBytes,
    int maxDepth,
    int ioThreads,
    int handlerThreads,
    int handlerQueueCapacity,
    int maxConnections,
    Duration idleTimeout,
    Duration callTimeout,
    String authToken) {

  /** 16 MiB, Inkzee RPC's default frame limit: the same ingest batch fits both (XML is larger). */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

  /** 16 MiB: no answer larger than an Inkzee RPC frame of the default limit could be. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  public static final int DEFAULT_MAX_DEPTH = 64;

  public XmlRpcConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes must be >= 1024: " + maxBodyBytes);
    }
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException("maxResponseBytes must be >= 1024: " + maxResponseBytes);
    }
    if (maxDepth < 8) {
      throw new IllegalArgumentException("maxDepth must be >= 8: " + maxDepth);
    }
    checkPositive(ioThreads, "ioThreads");
    checkPositive(handlerThreads, "handlerThreads");
    checkPositive(handlerQueueCapacity, "handlerQueueCapacity");
    checkPositive(maxConnections, "maxConnections");
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
    if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
    }
    bindHost = bindHost == null ? "127.0.0.1" : bindHost;
    authToken = authToken == null ? "" : authToken;
  }

  private static void checkPositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }

  /** Defaults for a server on loopback {@code port}, no token. */
  public static XmlRpcConfig defaults(int port) {
    return from(ServerConfig.defaults(0), port);
  }

  /**
   * The XML-RPC side of a service whose Inkzee RPC server uses {@code rpc}: the same bind address,
   * token, handler pool sizes, connection limit, idle timeout and call cap (its {@code
   * maxCallTimeout}), its frame limit as the body limit and the response limit, on {@code port}.
   */
  public static XmlRpcConfig from(ServerConfig rpc, int port) {
    return new XmlRpcConfig(
        rpc.bindHost(),
        port,
        Math.max(rpc.maxFrameBytes(), 1024),
        Math.max(rpc.maxFrameBytes(), 1024),
        DEFAULT_MAX_DEPTH,
        rpc.ioThreads(),
        rpc.handlerThreads(),
        rpc.handlerQueueCapacity(),
        rpc.maxConnections(),
        rpc.idleTimeout(),
        rpc.maxCallTimeout(),
        rpc.authToken());
  }

  public XmlRpcConfig withPort(int newPort) {
    return new XmlRpcConfig(
        bindHost,
        newPort,
        maxBodyBytes,
        maxResponseBytes,
        maxDepth,
        ioThreads,
        handlerThreads,
        handlerQueueCapacity,
        maxConnections,
        idleTimeout,
        callTimeout,
        authToken);
  }

  public XmlRpcConfig withAuthToken(String token) {
    return new XmlRpcConfig(
        bindHost,
        port,
        maxBodyBytes,
        maxResponseBytes,
        maxDepth,
        ioThreads,
        handlerThreads,
        handlerQueueCapacity,
        maxConnections,
        idleTimeout,
        callTimeout,
        token);
  }

  public XmlRpcConfig withLimits(int bodyBytes, int depth) {
    return new XmlRpcConfig(
        bindHost,
        port,
        bodyBytes,
        maxResponseBytes,
        depth,
        ioThreads,
        handlerThreads,
        handlerQueueCapacity,
        maxConnections,
        idleTimeout,
        callTimeout,
        authToken);
  }

  /** The same config with {@code bytes} as the largest answer. */
  public XmlRpcConfig withResponseLimit(int bytes) {
    return new XmlRpcConfig(
        bindHost,
        port,
        maxBodyBytes,
        bytes,
        maxDepth,
        ioThreads,
        handlerThreads,
        handlerQueueCapacity,
        maxConnections,
        idleTimeout,
        callTimeout,
        authToken);
  }

  public XmlRpcConfig withHandlers(int threads, int queueCapacity) {
    return new XmlRpcConfig(
        bindHost,
        port,
        maxBodyBytes,
        maxResponseBytes,
        maxDepth,
        ioThreads,
        threads,
        queueCapacity,
        maxConnections,
        idleTimeout,
        callTimeout,
        authToken);
  }

  public XmlRpcConfig withCallTimeout(Duration timeout) {
    return new XmlRpcConfig(
        bindHost,
        port,
        maxBodyBytes,
        maxResponseBytes,
        maxDepth,
        ioThreads,
        handlerThreads,
        handlerQueueCapacity,
        maxConnections,
        idleTimeout,
        timeout,
        authToken);
  }
}
