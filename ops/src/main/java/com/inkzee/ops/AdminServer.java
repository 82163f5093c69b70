package com.inkzee.ops;

import com.inkzee.rpc.runtime.ServerSockets;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's admin HTTP endpoint, on its own port ({@code INKZEE_ADMIN_PORT}: store 7301, fetcher
 * 7302, ranker 7303, web 7304), for load balancers, container healthchecks and Prometheus:
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 and a small JSON body when the service is ready and every {@link
 *       HealthCheck} is up; 503 naming the reason (starting, draining, the failing checks)
 *       otherwise.
 *   <li>{@code GET /livez}: 200 while the process answers at all (no dependency is asked).
 *   <li>{@code GET /metrics}: the registry in Prometheus text format.
 * </ul>
 *
 * <p>Other paths are 404, other methods on these paths 405. Requests are bounded (request line,
 * headers, body, connections, time to send a request: see {@link AdminChannelInitializer}); each
 * response closes its connection. Health checks and scrapes run on a small worker pool, never on
 * the event loop.
 *
 * <pre>{@code
 * AdminServer admin = AdminServer.start(7301, "127.0.0.1", health, registry);
 * ...
 * admin.close();
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  /** Threads answering /healthz and /metrics: probes and scrapes come every few seconds. */
  static final int WORKER_THREADS = 2;

  /** Requests that may wait for a worker; beyond, 503 at once rather than an unbounded queue. */
  static final int WORKER_QUEUE = 32;

  private final EventLoopGroup group;
  private final ThreadPoolExecutor workers;
  private final Channel listener;

  private AdminServer(EventLoopGroup group, ThreadPoolExecutor workers, Channel listener) {
    this.group = group;
    this.workers = workers;
    this.listener = listener;
  }

  /**
   * Listens on {@code bind:port} (port 0 picks a free one) and serves {@code health} and {@code
   * registry}.
   *
   * @throws IllegalStateException naming the address when it cannot listen
   */
  public static AdminServer start(
      int port, String bind, HealthChecks health, PrometheusMeterRegistry registry) {
    return start(port, bind, health, registry, AdminChannelInitializer.REQUEST_TIMEOUT);
  }

  /** As above, with {@code requestTimeout} instead of 10 s to send a request (tests). */
  static AdminServer start(
      int port,
      String bind,
      HealthChecks health,
      PrometheusMeterRegistry registry,
      Duration requestTimeout) {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(registry, "registry");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin port out of range: " + port);
    }
    EventLoopGroup group =
        new NioEventLoopGroup(1, new DefaultThreadFactory("inkzee-admin-io", true));
    ThreadPoolExecutor workers =
        ServerSockets.boundedPool("inkzee-admin", WORKER_THREADS, WORKER_QUEUE, 30);
    AdminHandler.Endpoints endpoints = new AdminHandler.Endpoints(health, registry, workers);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(new AdminChannelInitializer(endpoints, requestTimeout));
    Channel listener =
        ServerSockets.bind(
            bootstrap,
            bind,
            port,
            "admin server cannot listen on",
            () -> {
              workers.shutdownNow();
              group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            });
    AdminServer server = new AdminServer(group, workers, listener);
    log.info("admin endpoint http://{}:{}/ (/healthz, /livez, /metrics)", bind, server.port());
    return server;
  }

  /** The bound port (useful when asked for port 0). */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Stops listening and answering; a request being answered is cut off. */
  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    workers.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
