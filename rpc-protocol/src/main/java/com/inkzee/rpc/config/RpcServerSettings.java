package com.inkzee.rpc.config;

import com.inkzee.rpc.server.ServerConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Reads a service's Inkzee RPC server configuration from {@code INKZEE_*} variables. */
public final class RpcServerSettings {
  private RpcServerSettings() {}

  /**
   * The server config for a service whose default port is {@code defaultPort}.
   *
   * <p>{@code INKZEE_RPC_PORT}, {@code INKZEE_BIND} (127.0.0.1), {@code INKZEE_AUTH_TOKEN}, {@code
   * INKZEE_MAX_FRAME_BYTES} (16 MiB), {@code INKZEE_HANDLER_THREADS} (2 per core, at least 4),
   * {@code INKZEE_HANDLER_QUEUE} (1024), {@code INKZEE_MAX_CONNECTIONS} (20000), {@code
   * INKZEE_IDLE_TIMEOUT_SECONDS} (600), {@code INKZEE_TLS_CERT} and {@code INKZEE_TLS_KEY} (PEM
   * files; both set turns TLS on).
   */
  public static ServerConfig fromEnv(Env env, int defaultPort) {
    ServerConfig d = ServerConfig.defaults(defaultPort);
    int port = env.port("INKZEE_RPC_PORT", defaultPort);
    String bind = env.string("INKZEE_BIND", "127.0.0.1");
    String token = env.secret("INKZEE_AUTH_TOKEN");
    int maxFrame = env.integer("INKZEE_MAX_FRAME_BYTES", d.maxFrameBytes(), 64 * 1024, 1 << 30);
    int threads = env.integer("INKZEE_HANDLER_THREADS", d.handlerThreads(), 1, 4096);
    int queue = env.integer("INKZEE_HANDLER_QUEUE", d.handlerQueueCapacity(), 1, 1_000_000);
    int maxConnections = env.integer("INKZEE_MAX_CONNECTIONS", d.maxConnections(), 1, 1_000_000);
    Duration idle = env.seconds("INKZEE_IDLE_TIMEOUT_SECONDS", d.idleTimeout().toSeconds());
    if (idle.isZero()) {
      throw new IllegalArgumentException("INKZEE_IDLE_TIMEOUT_SECONDS must be at least 1");
    }
    String cert = env.string("INKZEE_TLS_CERT", "");
    String key = env.string("INKZEE_TLS_KEY", "");
    return d.toBuilder()
        .bind(bind, port)
        .authToken(token)
        .handlers(threads, queue)
        .limits(maxFrame, maxConnections, d.maxInFlightPerConnection())
        .timeouts(d.handshakeTimeout(), d.peerSilenceTimeout(), idle)
        .ssl(tls(cert, key))
        .build();
  }

  private static SslContext tls(String cert, String key) {
    if (cert.isEmpty() && key.isEmpty()) {
      return null;
    }
    if (cert.isEmpty() || key.isEmpty()) {
      throw new IllegalArgumentException("INKZEE_TLS_CERT and INKZEE_TLS_KEY must be set together");
    }
    try {
      return SslContextBuilder.forServer(new File(cert), new File(key)).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot load TLS certificate " + cert + " and key " + key + ": " + e.getMessage(), e);
    }
  }
}
