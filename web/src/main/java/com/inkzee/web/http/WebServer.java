package com.inkzee.web.http;

import com.inkzee.rpc.runtime.ServerSockets;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 server: Netty event loops parse and write, a bounded pool of worker threads runs the
 * application (whose calls to the ranker block). When the pool and its queue are full a request is
 * answered 503 at once rather than queued without bound.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  /** Requests that may wait for a worker; beyond it, 503. */
  static final int QUEUE_REQUESTS = 256;

  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final ThreadPoolExecutor workers;
  private final Channel channel;

  private WebServer(
      EventLoopGroup boss, EventLoopGroup io, ThreadPoolExecutor workers, Channel channel) {
    this.boss = boss;
    this.io = io;
    this.workers = workers;
    this.channel = channel;
  }

  /**
   * Binds {@code bind:port} and serves {@code app} within {@code limits}. {@code hsts} adds
   * Strict-Transport-Security; {@code observer} hears of every request answered (not those refused
   * while reading them: a body over the limit, a request not whole by the deadline, a connection
   * over the cap).
   */
  public static WebServer start(
      String bind,
      int port,
      RequestHandler app,
      ServerLimits limits,
      boolean hsts,
      RequestObserver observer) {
    EventLoopGroup boss =
        new NioEventLoopGroup(1, new DefaultThreadFactory("inkzee-web-accept", true));
    EventLoopGroup io = new NioEventLoopGroup(0, new DefaultThreadFactory("inkzee-web-io", true));
    ThreadPoolExecutor workers =
        ServerSockets.boundedPool("inkzee-web-worker", limits.threads(), QUEUE_REQUESTS, 60);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, io)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new WebChannelInitializer(app, workers, limits, hsts, observer));
    Channel ch =
        ServerSockets.bind(
            bootstrap,
            bind,
            port,
            "cannot listen on",
            () -> {
              boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
              io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
              workers.shutdownNow();
            });
    return new WebServer(boss, io, workers, ch);
  }

  /** The port listened on (the chosen one when started with port 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /**
   * Stops accepting, lets the requests in hand finish within {@code grace}, then closes every
   * connection. Returns whether all finished in time.
   */
  public boolean stop(Duration grace) {
    channel.close().syncUninterruptibly();
    workers.shutdown();
    boolean clean;
    try {
      clean = workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    }
    if (!clean) {
      log.warn("web: requests still running after {}; cutting them off", grace);
      workers.shutdownNow();
    }
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    return clean;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(2));
  }
}
