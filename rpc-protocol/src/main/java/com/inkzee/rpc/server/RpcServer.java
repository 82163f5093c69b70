package com.inkzee.rpc.server;

import com.inkzee.rpc.catalogue.Catalogue;
import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.runtime.CallObserver;
import com.inkzee.rpc.runtime.CallObservers;
import com.inkzee.rpc.runtime.EndedCall;
import com.inkzee.rpc.runtime.ServerSockets;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.service.ServiceDescriptor;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.xmlrpc.XmlRpcServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Inkzee RPC server: one listening socket, a fixed set of Netty event loops for I/O, and a
 * bounded executor for handlers. Serves one or more services; each connection names the one it
 * wants in its HELLO.
 *
 * <pre>{@code
 * RpcServer server = RpcServer.builder(InkzeeCatalogue.get(), ServerConfig.defaults(7101))
 *     .service(StoreService.class, new StoreHandler(...))
 *     .start();
 * ...
 * server.shutdown(Duration.ofSeconds(20)); // GOAWAY, finish in-flight calls, close
 * }</pre>
 */
public final class RpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

  private final ServerConfig config;
  private final MessageCodec codec;
  private final Map<String, ServiceBinding> bindings;
  private final ThreadPoolExecutor executor;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup ioGroup;
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  private final Map<ServerConnection, Channel> channels = new ConcurrentHashMap<>();
  private final ServerMetrics metrics = new ServerMetrics();
  private final List<AutoCloseable> resources;
  private final CallObserver observer;
  private final XmlRpcServer alongside; // null: Inkzee RPC only
  private volatile boolean draining;
  private boolean resourcesClosed; // guarded by this
  private Channel listener;

  private RpcServer(Builder b) {
    this.config = b.config;
    this.codec = new MessageCodec(b.catalogue, config.maxFrameBytes());
    this.bindings = Map.copyOf(b.bindings);
    this.resources = List.copyOf(b.resources);
    this.observer = CallObservers.of(b.observers);
    this.alongside = b.alongside;
    String name = String.join("+", bindings.keySet());
    this.executor =
        ServerSockets.boundedPool(
            "inkzee-" + name + "-handler",
            config.handlerThreads(),
            config.handlerQueueCapacity(),
            60);
    this.bossGroup =
        new NioEventLoopGroup(1, new DefaultThreadFactory("inkzee-" + name + "-accept", true));
    this.ioGroup =
        new NioEventLoopGroup(
            config.ioThreads(), new DefaultThreadFactory("inkzee-" + name + "-io", true));
  }

  public static Builder builder(Catalogue catalogue, ServerConfig config) {
    return new Builder(catalogue, config);
  }

  private RpcServer bind() {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(bossGroup, ioGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            // Above 1 MiB queued for a peer that is not reading, the connection stops reading too.
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
            .childHandler(new ServerChannelInitializer(this));
    listener =
        ServerSockets.bind(
            bootstrap, config.bindHost(), config.port(), "cannot listen on", this::close);
    log.info(
        "Inkzee RPC serving {} on {} (catalogue {}, max frame {} bytes, {} handler threads, auth {}, tls {})",
        bindings.keySet(),
        listener.localAddress(),
        codec.catalogue().version(),
        config.maxFrameBytes(),
        config.handlerThreads(),
        config.authToken().isEmpty() ? "off" : "on",
        config.ssl() == null ? "off" : "on");
    return this;
  }

  /** The bound port (useful when the config asked for port 0). */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  public ServerConfig config() {
    return config;
  }

  /** The XML-RPC server serving the same handlers beside this one, or null if there is none. */
  public XmlRpcServer xmlRpcServer() {
    return alongside;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  /** Calls waiting for a handler thread (at most the handler queue's capacity). */
  public int queuedCalls() {
    return executor.getQueue().size();
  }

  /** Whether {@link #shutdown} has begun: no new call is accepted. */
  public boolean isDraining() {
    return draining;
  }

  /** Tells the observers that a call of {@code method} ended; {@code status} null is success. */
  void observe(MethodDescriptor<?, ?> method, Status status, long readNanos, Object response) {
    if (observer != CallObserver.NONE) {
      observer.callEnded(new EndedCall(method, status, System.nanoTime() - readNanos, response));
    }
  }

  /** Connections that completed or are doing their handshake. */
  public int connectionCount() {
    return connections.size();
  }

  MessageCodec codec() {
    return codec;
  }

  ExecutorService executor() {
    return executor;
  }

  ServiceBinding binding(String service) {
    return bindings.get(service);
  }

  String serviceNames() {
    return String.valueOf(new TreeMap<>(bindings).keySet());
  }

  void connectionOpened(ServerConnection connection, Channel channel) {
    connections.add(connection);
    channels.put(connection, channel);
  }

  void connectionClosed(ServerConnection connection) {
    connections.remove(connection);
    channels.remove(connection);
  }

  /**
   * Graceful stop: close the listener, send GOAWAY on every connection, let accepted calls finish
   * within {@code grace}, then close whatever is left and stop the threads.
   *
   * @return true if every in-flight call finished within the grace period
   */
  public boolean shutdown(Duration grace) {
    // Both doors close at once and both drains share one deadline. Draining XML-RPC first let a
    // slow XML-RPC call use up the whole grace while this side sent no GOAWAY and kept accepting
    // calls, which it then cut off with no grace left.
    long deadline = System.nanoTime() + grace.toNanos();
    draining = true;
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    List<Map.Entry<ServerConnection, Channel>> open = new ArrayList<>(channels.entrySet());
    log.info("draining {} connections (grace {})", open.size(), grace);
    List<io.netty.util.concurrent.Future<?>> goAways = new ArrayList<>();
    for (Map.Entry<ServerConnection, Channel> e : open) {
      try {
        goAways.add(
            e.getValue().eventLoop().submit(() -> e.getKey().startDrain("server shutting down")));
      } catch (RejectedExecutionException closing) {
        // its event loop is stopping: the connection is closing anyway
      }
    }
    // Every connection refuses new calls before the XML-RPC door closes too, so no caller sees one
    // door shut while the other still takes work it cannot finish. Bounded by the deadline.
    for (io.netty.util.concurrent.Future<?> f : goAways) {
      f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    if (alongside != null) {
      alongside.beginDrain();
    }
    while (!connections.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    boolean clean = connections.isEmpty();
    if (!clean) {
      log.warn("{} connections still busy after {}; closing them", connections.size(), grace);
    }
    boolean xmlClean = alongside == null || alongside.finishDrain(deadline);
    close();
    return clean && xmlClean;
  }

  /** Immediate stop: closes every connection and thread without draining. */
  @Override
  public void close() {
    draining = true;
    if (alongside != null) {
      alongside.close();
    }
    if (listener != null) {
      listener.close();
    }
    channels.values().forEach(Channel::close);
    executor.shutdownNow();
    bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    closeResources();
  }

  /** Closes the service's own resources, last registered first, once no call can reach them. */
  private synchronized void closeResources() {
    if (resourcesClosed) {
      return;
    }
    resourcesClosed = true;
    for (int i = resources.size() - 1; i >= 0; i--) {
      AutoCloseable r = resources.get(i);
      try {
        r.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", r, e.toString());
      }
    }
  }

  /** Collects the services to serve. */
  public static final class Builder {
    private final Catalogue catalogue;
    private final ServerConfig config;
    private final Map<String, ServiceBinding> bindings = new TreeMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<CallObserver> observers = new ArrayList<>();
    private XmlRpcServer alongside;

    private Builder(Catalogue catalogue, ServerConfig config) {
      this.catalogue = catalogue;
      this.config = config;
    }

    public <S> Builder service(Class<S> type, S implementation) {
      return service(type, implementation, HandlerMode.EXECUTOR);
    }

    /** Serves {@code type}, running its handlers as {@code mode} says. */
    public <S> Builder service(Class<S> type, S implementation, HandlerMode mode) {
      ServiceDescriptor<S> descriptor = catalogue.service(type);
      if (!type.isInstance(implementation)) {
        throw new IllegalArgumentException(
            implementation + " does not implement " + type.getName());
      }
      if (bindings.put(descriptor.name(), new ServiceBinding(descriptor, implementation, mode))
          != null) {
        throw new IllegalArgumentException("service " + descriptor.name() + " bound twice");
      }
      return this;
    }

    /**
     * Closes {@code resource} when the server stops, after the drain (so calls still running can
     * use it) and in reverse order of registration: a service's pools, loops and clients.
     */
    public Builder alsoClose(AutoCloseable resource) {
      resources.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Tells {@code observer} about every call this server ends (answered, failed, expired,
     * cancelled or refused for overload); several observers are told in turn.
     */
    public Builder observer(CallObserver observer) {
      observers.add(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /**
     * Ties an XML-RPC server (already serving the same handlers) to this one: {@link #shutdown}
     * drains it together with this one (one deadline for both), {@link #close} closes it, and a
     * failure to start closes it. Null: none.
     */
    public Builder alongside(XmlRpcServer xmlRpc) {
      this.alongside = xmlRpc;
      return this;
    }

    /** Binds the port and starts serving. */
    public RpcServer start() {
      if (bindings.isEmpty()) {
        throw new IllegalStateException("no service to serve");
      }
      return new RpcServer(this).bind();
    }
  }
}
