package com.inkzee.fetcher.websub;

import com.inkzee.rpc.runtime.ServerSockets;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server hubs call back: {@code GET /websub/{feedId}} for intent verification and denials,
 * {@code POST /websub/{feedId}} for content distribution (W3C WebSub §5.3, §6, §7).
 *
 * <p>Intent verification echoes {@code hub.challenge} only for a pending or active subscription of
 * that feed, in that mode, to exactly that topic; anything else is 404, so nobody can subscribe us
 * to something we did not ask for. Pushes are answered 202 at once, before the signature is checked
 * on a push thread, so the answer tells a forger nothing; only pushes whose {@code X-Hub-Signature}
 * matches the subscription's secret reach the {@link PushSink}. Unsigned and mis-signed pushes are
 * counted ({@link #stats()}) and logged with feed id and hub, never handed on.
 *
 * <p>Status codes: a feed id with no subscription gets 404, not 410. 410 makes a hub delete the
 * subscription (§7), and our table is in memory: after a restart, or behind a load balancer that
 * sends the push to another fetcher, "unknown here" does not mean "unwanted". A hub retries a 404
 * and the lease lapses on its own if nobody renews it. 410 is reserved for a feed we are
 * unsubscribing, where dropping the subscription is exactly what we want.
 */
public final class WebSubCallbackServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebSubCallbackServer.class);

  /** Callback URLs are {@code <callbackBase>/websub/<feedId>}. */
  public static final String CALLBACK_PATH_PREFIX = "/websub/";

  /**
   * Push bytes allowed to wait for the sink at once; beyond it pushes get 503 and the hub retries
   * later. Six full-size pushes: enough to ride out a burst, bounded however many hubs call.
   */
  public static final long MAX_QUEUED_PUSH_BYTES = 64L * 1024 * 1024;

  /**
   * Push bodies being received at once, over every connection (each counted at its declared length,
   * or the body limit when it declares none); beyond it a push is answered 503 from its head.
   * Without it, the bound above would only count pushes once whole.
   */
  public static final long MAX_RECEIVING_PUSH_BYTES = 64L * 1024 * 1024;

  /** Threads handing verified pushes to the sink (which may block on the store). */
  static final int PUSH_THREADS = 2;

  /** Pushes that may wait for a push thread; the byte bound above usually bites first. */
  static final int PUSH_QUEUE_CAPACITY = 256;

  private final WebSubConfig config;
  private final SubscriptionTable table;
  private final PushSink sink;
  private final WebSubStats stats = new WebSubStats();
  private final AtomicLong queuedPushBytes = new AtomicLong();
  private final AtomicLong receivingBytes = new AtomicLong();
  private volatile long receivingBudget = MAX_RECEIVING_PUSH_BYTES;
  private final ThreadPoolExecutor pushExecutor;
  private EventLoopGroup bossGroup;
  private EventLoopGroup ioGroup;
  private Channel listener;

  /** A server not yet listening; {@link #start()} binds it. */
  public WebSubCallbackServer(WebSubConfig config, SubscriptionTable table, PushSink sink) {
    this.config = Objects.requireNonNull(config, "config");
    this.table = Objects.requireNonNull(table, "table");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.pushExecutor =
        ServerSockets.boundedPool("inkzee-websub-push", PUSH_THREADS, PUSH_QUEUE_CAPACITY, 60);
  }

  /** Binds {@link WebSubConfig#bindHost()}:{@link WebSubConfig#port()} and starts serving. */
  public synchronized WebSubCallbackServer start() {
    if (listener != null) {
      throw new IllegalStateException("already started");
    }
    bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("inkzee-websub-accept", true));
    ioGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("inkzee-websub-io", true));
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(bossGroup, ioGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new CallbackChannelInitializer(this));
    listener =
        ServerSockets.bind(
            bootstrap,
            config.bindHost(),
            config.port(),
            "cannot listen for WebSub callbacks on",
            this::close);
    log.info(
        "WebSub callbacks on {} (public base {}, max push {} bytes, secrets {})",
        listener.localAddress(),
        config.callbackBase(),
        config.maxBodyBytes(),
        config.secrets().source());
    return this;
  }

  /** The bound port (useful when the config asked for port 0). */
  public int port() {
    if (listener == null) {
      throw new IllegalStateException("not started");
    }
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  public WebSubStats stats() {
    return stats;
  }

  WebSubConfig config() {
    return config;
  }

  /** Push body bytes reserved by connections receiving a push now ({@link PushGate}). */
  AtomicLong receivingBytes() {
    return receivingBytes;
  }

  long receivingBudget() {
    return receivingBudget;
  }

  /** A smaller budget than {@link #MAX_RECEIVING_PUSH_BYTES}, for tests of what happens at it. */
  void receivingBudget(long bytes) {
    receivingBudget = bytes;
  }

  SubscriptionTable table() {
    return table;
  }

  PushSink sink() {
    return sink;
  }

  ThreadPoolExecutor pushExecutor() {
    return pushExecutor;
  }

  AtomicLong queuedPushBytes() {
    return queuedPushBytes;
  }

  /** Stops listening, closes connections, and lets pushes already handed off finish briefly. */
  @Override
  public synchronized void close() {
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    if (bossGroup != null) {
      bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    pushExecutor.shutdown();
    try {
      if (!pushExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
        pushExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      pushExecutor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
