package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.catalogue.Catalogue;
import com.inkzee.rpc.runtime.CallObserver;
import com.inkzee.rpc.runtime.CallObservers;
import com.inkzee.rpc.runtime.ServerSockets;
import com.inkzee.rpc.service.ServiceDescriptor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XML-RPC over HTTP/1.1 (keep-alive) beside Inkzee RPC: the same service interfaces, the same
 * handler objects, the same token, the same kind of bounded handler executor. Served with Netty and
 * a hardened StAX parser, never with Apache XML-RPC's server (whose extensions deserialise Java
 * objects). Methods are {@code <service>.<method>} ({@code store.ingestEntries}, {@code
 * ranker.river}) plus {@code system.listMethods}, {@code system.methodHelp}, {@code
 * system.methodSignature} and {@code system.multicall}; the wire mapping is in docs/XMLRPC.md.
 *
 * <pre>{@code
 * XmlRpcServer xml = XmlRpcServer.builder(InkzeeCatalogue.get(), XmlRpcConfig.defaults(7201))
 *     .service(StoreService.class, handler)   // the object RpcServer serves
 *     .start();
 * int port = xml.port();                      // POST http://127.0.0.1:port/ (any path)
 * xml.shutdown(Duration.ofSeconds(20));       // stop accepting, finish calls, close; or close()
 * }</pre>
 */
public final class XmlRpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(XmlRpcServer.class);

  private final XmlRpcConfig config;
  private final XmlRpcDispatcher dispatcher;
  private final CallObserver observer;
  private final XmlRpcParser parser;
  private final TokenCheck authorizer;
  private final ThreadPoolExecutor executor;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup ioGroup;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger callsInFlight = new AtomicInteger();
  private final LongAdder refused = new LongAdder();
  private final LongAdder refusedUnnamed = new LongAdder();
  private final String name;
  private volatile boolean draining;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private Channel listener;

  private XmlRpcServer(Builder b) {
    this.config = b.config;
    this.dispatcher = new XmlRpcDispatcher(b.methods, config.maxResponseBytes());
    this.observer = CallObservers.of(b.observers);
    this.parser = new XmlRpcParser(config.maxDepth());
    this.authorizer = new TokenCheck(config.authToken());
    this.name = String.join("+", b.services);
    this.executor =
        ServerSockets.boundedPool(
            "inkzee-" + name + "-xmlrpc-handler",
            config.handlerThreads(),
            config.handlerQueueCapacity(),
            60);
    this.bossGroup =
        new NioEventLoopGroup(
            1, new DefaultThreadFactory("inkzee-" + name + "-xmlrpc-accept", true));
    this.ioGroup =
        new NioEventLoopGroup(
            config.ioThreads(), new DefaultThreadFactory("inkzee-" + name + "-xmlrpc-io", true));
  }

  /** Starts collecting the services to serve; the catalogue checks each is registered. */
  public static Builder builder(Catalogue catalogue, XmlRpcConfig config) {
    return new Builder(catalogue, config);
  }

  private XmlRpcServer bind() {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(bossGroup, ioGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // Above 1 MiB of answers queued for a client that is not reading them, the connection
            // serves and reads nothing more until the client catches up (XmlRpcHttpHandler.next),
            // as an Inkzee RPC connection does (RpcServer).
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
            .childHandler(new XmlRpcChannelInitializer(this));
    listener =
        ServerSockets.bind(
            bootstrap,
            config.bindHost(),
            config.port(),
            "cannot listen for XML-RPC on",
            this::close);
    log.info(
        "XML-RPC serving {} on {} (max body {} bytes, depth {}, {} handler threads, auth {})",
        name,
        listener.localAddress(),
        config.maxBodyBytes(),
        config.maxDepth(),
        config.handlerThreads(),
        config.authToken().isEmpty() ? "off" : "on");
    return this;
  }

  /** Who is told about each call that ends ({@link Builder#observer}). */
  CallObserver observer() {
    return observer;
  }

  /** The bound port (useful when the config asked for port 0). */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  public XmlRpcConfig config() {
    return config;
  }

  /** Every method name this server answers, as {@code system.listMethods} lists them. */
  public List<String> methodNames() {
    return dispatcher.listMethods();
  }

  /** Open HTTP connections. */
  public int connectionCount() {
    return openConnections.get();
  }

  /** Calls queued or running. */
  public int callsInFlight() {
    return callsInFlight.get();
  }

  public boolean isDraining() {
    return draining;
  }

  XmlRpcDispatcher dispatcher() {
    return dispatcher;
  }

  XmlRpcParser parser() {
    return parser;
  }

  TokenCheck authorizer() {
    return authorizer;
  }

  ExecutorService executor() {
    return executor;
  }

  /**
   * Calls refused with RESOURCE_EXHAUSTED because the handler queue was full, whether or not their
   * method could be named for the observer (see {@link #refusedUnnamed}).
   */
  public long refused() {
    return refused.sum();
  }

  /**
   * Refused calls whose body named no known method at its start, so the observer (/metrics) could
   * not count them under a method: odd bodies, or ones naming methods this server does not have.
   */
  public long refusedUnnamed() {
    return refusedUnnamed.sum();
  }

  /** Counts a call refused at a full queue; {@code named}: the observer was told its method. */
  void refused(boolean named) {
    refused.increment();
    if (!named) {
      refusedUnnamed.increment();
    }
  }

  void callStarted() {
    callsInFlight.incrementAndGet();
  }

  void callEnded() {
    callsInFlight.decrementAndGet();
  }

  /** Admits a new connection, or refuses it (false) at the connection limit or while draining. */
  boolean connectionOpened(Channel ch) {
    if (draining || openConnections.incrementAndGet() > config.maxConnections()) {
      if (!draining) {
        openConnections.decrementAndGet();
        log.warn("XML-RPC connection limit of {} reached; refusing", config.maxConnections());
      }
      return false;
    }
    channels.add(ch);
    ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
    return true;
  }

  /**
   * Graceful stop: stop accepting, answer the calls in flight (their connections then close; idle
   * keep-alive connections close at once), and stop the threads after at most {@code grace}.
   *
   * @return true if every call in flight was answered within the grace period
   */
  public boolean shutdown(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    beginDrain();
    return finishDrain(deadline);
  }

  /**
   * The first half of {@link #shutdown}: stop accepting; calls in flight go on. An Inkzee RPC
   * server with this one alongside starts both drains together and finishes both against one
   * deadline.
   */
  public void beginDrain() {
    draining = true;
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
  }

  /**
   * The second half of {@link #shutdown}: waits until {@code deadlineNanos} (a {@link
   * System#nanoTime} value) for the calls in flight, then closes.
   *
   * @return true if every call in flight was answered in time
   */
  public boolean finishDrain(long deadlineNanos) {
    long deadline = deadlineNanos;
    while (callsInFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    boolean clean = callsInFlight.get() == 0;
    if (!clean) {
      log.warn("XML-RPC: {} calls still running at the deadline; cutting them off", callsInFlight);
    }
    close();
    return clean;
  }

  /** Immediate stop: closes every connection and thread. Idempotent. */
  @Override
  public void close() {
    draining = true;
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (listener != null) {
      listener.close();
    }
    channels.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    executor.shutdownNow();
    bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Collects the services to serve. */
  public static final class Builder {
    private final Catalogue catalogue;
    private final XmlRpcConfig config;
    private final Map<String, XmlRpcDispatcher.Bound> methods = new HashMap<>();
    private final Set<String> services = new TreeSet<>();
    private final List<CallObserver> observers = new ArrayList<>();

    private Builder(Catalogue catalogue, XmlRpcConfig config) {
      this.catalogue = java.util.Objects.requireNonNull(catalogue, "catalogue");
      this.config = java.util.Objects.requireNonNull(config, "config");
    }

    /**
     * Serves {@code type}'s methods as {@code <service>.<method>}, calling {@code implementation}.
     */
    public <S> Builder service(Class<S> type, S implementation) {
      ServiceDescriptor<S> descriptor = catalogue.service(type);
      if (!type.isInstance(implementation)) {
        throw new IllegalArgumentException(
            implementation + " does not implement " + type.getName());
      }
      if (!services.add(descriptor.name())) {
        throw new IllegalArgumentException("service " + descriptor.name() + " bound twice");
      }
      XmlRpcDispatcher.bind(methods, descriptor, implementation);
      return this;
    }

    /**
     * Tells {@code observer} about every call of a service method this server ends (answered,
     * failed, timed out or cancelled), as {@code RpcServer.Builder.observer} does for Inkzee RPC;
     * several observers are told in turn.
     */
    public Builder observer(CallObserver observer) {
      observers.add(java.util.Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /** Binds the port and starts serving. */
    public XmlRpcServer start() {
      if (services.isEmpty()) {
        throw new IllegalStateException("no service to serve");
      }
      return new XmlRpcServer(this).bind();
    }
  }
}
