package com.inkzee.rpc.client;

import com.inkzee.rpc.catalogue.Catalogue;
import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.runtime.CallObserver;
import com.inkzee.rpc.runtime.CallObservers;
import com.inkzee.rpc.runtime.DeadlineTimer;
import com.inkzee.rpc.runtime.EndedCall;
import com.inkzee.rpc.server.CallContext;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.service.ServiceDescriptor;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A client of one service over Inkzee RPC: a fixed set of multiplexed connections to the service's
 * endpoints, never one per call. Each call goes to the ready connection with the fewest calls in
 * flight; a call has a deadline (the configured default, or the remaining deadline of the server
 * call it is made from), and only idempotent methods are retried on another connection after a
 * failure.
 *
 * <pre>{@code
 * try (RpcClient<StoreService> store = RpcClient.connect(InkzeeCatalogue.get(), StoreService.class,
 *         ClientConfig.defaults(Endpoint.parseList("127.0.0.1:7101")))) {
 *   PingResponse pong = store.stub().ping(new PingRequest("hi"));            // blocking
 *   RpcFuture<PingResponse> f = store.async().call(s -> s.ping(new PingRequest("hi"))); // async
 * }
 * }</pre>
 */
public final class RpcClient<S> implements AutoCloseable {
  private final ServiceDescriptor<S> service;
  private final ClientConfig config;
  private final MessageCodec codec;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final List<ClientConnection> connections = new ArrayList<>();
  private final ParkedCalls waiting = new ParkedCalls();
  private final S stub;
  private final AsyncStub<S> async;
  private volatile boolean closed;
  private volatile CallObserver observer = CallObserver.NONE;

  private RpcClient(Catalogue catalogue, Class<S> type, ClientConfig config) {
    this.service = catalogue.service(type);
    this.config = config;
    // Outgoing frames are bounded by each server's announced limit (checked per connection);
    // config.maxFrameBytes bounds what this client accepts.
    this.codec = new MessageCodec(catalogue, WireFormat.MAX_ANNOUNCED_FRAME_BYTES);
    this.group =
        new NioEventLoopGroup(
            config.ioThreads(),
            new DefaultThreadFactory("inkzee-" + service.name() + "-client", true));
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(512 * 1024, 1024 * 1024));
    for (Endpoint e : config.endpoints()) {
      for (int i = 0; i < config.connectionsPerEndpoint(); i++) {
        connections.add(new ClientConnection(this, e));
      }
    }
    this.stub = newStub(config.callTimeout());
    this.async = new AsyncStub<>(this);
    connections.forEach(ClientConnection::connect);
  }

  /** Creates the client and starts connecting to every endpoint in the background. */
  public static <S> RpcClient<S> connect(Catalogue catalogue, Class<S> type, ClientConfig config) {
    return new RpcClient<>(catalogue, type, config);
  }

  /**
   * Tells {@code observer} about every call made from now on, once it ended (its status and how
   * long it took, retries included). Replaces the previous observer.
   */
  public RpcClient<S> observe(CallObserver observer) {
    this.observer = java.util.Objects.requireNonNull(observer, "observer");
    return this;
  }

  /** A blocking proxy of the service whose calls have the default timeout. */
  public S stub() {
    return stub;
  }

  /** A blocking proxy whose calls have {@code timeout}. */
  public S stub(Duration timeout) {
    return newStub(timeout);
  }

  /** The asynchronous call style: {@code async().call(s -> s.ping(request))}. */
  public AsyncStub<S> async() {
    return async;
  }

  public ServiceDescriptor<S> service() {
    return service;
  }

  /** Starts a call with the default timeout. */
  public <Q, R> RpcFuture<R> call(MethodDescriptor<Q, R> method, Q request) {
    return call(method, request, config.callTimeout());
  }

  /** Starts a call that fails with DEADLINE_EXCEEDED if no answer comes within {@code timeout}. */
  public <Q, R> RpcFuture<R> call(MethodDescriptor<Q, R> method, Q request, Duration timeout) {
    @SuppressWarnings("unchecked")
    RpcFuture<Object> future = (RpcFuture<Object>) (RpcFuture<?>) new RpcFuture<R>();
    CallObserver watching = observer;
    if (watching != CallObserver.NONE) {
      long started = System.nanoTime();
      future.whenComplete(
          (value, failure) ->
              CallObservers.tell(
                  watching,
                  new EndedCall(method, statusOf(failure), System.nanoTime() - started, value)));
    }
    if (request == null) {
      future.completeExceptionally(RpcException.invalidArgument(method + ": request is null"));
      return cast(future);
    }
    long timeoutNanos = timeout.toNanos();
    CallContext parent = CallContext.current();
    if (parent != null) {
      // Deadline propagation: a call made while serving a call cannot outlive its caller.
      timeoutNanos = Math.min(timeoutNanos, parent.deadlineNanos() - System.nanoTime());
    }
    long deadline = System.nanoTime() + timeoutNanos;
    if (closed) {
      future.completeExceptionally(
          RpcException.unavailable("client of " + service.name() + " is closed"));
      return cast(future);
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    future.deadlineTimer =
        DeadlineTimer.schedule(() -> expire(future, method, millis), timeoutNanos);
    future.client = this;
    dispatch(new PendingCall(future, method, request, deadline, 1), null);
    return cast(future);
  }

  /**
   * The deadline passed. A call that never found a ready connection fails UNAVAILABLE with the
   * reasons (refused, TLS failure...), which says more than a bare DEADLINE_EXCEEDED.
   */
  private void expire(RpcFuture<Object> future, MethodDescriptor<?, ?> method, long millis) {
    if (waiting.remove(future)) {
      boolean backedUp = pick(null, null) != null;
      future.abort(
          Status.UNAVAILABLE,
          backedUp
              ? "every connection to "
                  + service.name()
                  + " stayed backed up (the server is not reading its requests) for "
                  + millis
                  + " ms"
              : "no connection to "
                  + service.name()
                  + " became ready within "
                  + millis
                  + " ms: "
                  + lastErrors());
    } else {
      future.abort(
          Status.DEADLINE_EXCEEDED,
          method.qualifiedName() + " got no answer within " + millis + " ms");
    }
  }

  /** Null for success, else the status the call failed with. */
  private static Status statusOf(Throwable failure) {
    Throwable t =
        failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
    if (t == null) {
      return null;
    }
    if (t instanceof RpcException r) {
      return r.status();
    }
    return t instanceof CancellationException ? Status.CANCELLED : Status.UNKNOWN;
  }

  @SuppressWarnings("unchecked")
  private static <R> RpcFuture<R> cast(RpcFuture<Object> f) {
    return (RpcFuture<R>) (RpcFuture<?>) f;
  }

  /**
   * Hands an attempt to the least-loaded ready connection, or parks it until one is ready. {@code
   * avoid} (where the previous attempt failed) is taken only if it is the sole connection; a
   * connection that refused the attempt here is never tried again in this dispatch, so the loop
   * ends after at most one try per connection, even when several connections were lost in one
   * event-loop pass and still look ready.
   *
   * <p>A call also parks while every ready connection is backed up (over its write-buffer
   * high-water mark: the server is not reading), until one drains: written there it would only grow
   * a buffer that nothing bounds, and stay in it after the call's deadline had passed.
   */
  void dispatch(PendingCall call, ClientConnection avoid) {
    Set<ClientConnection> refused = null;
    while (!call.future().isDone()) {
      ClientConnection c = pick(avoid, refused);
      if (c != null && !c.isWritable()) {
        c = null; // pick() prefers writable connections: none is
      }
      if (c == null) {
        Status refusal = refusalOfAll();
        if (refusal != null) {
          call.fail(
              refusal,
              "no endpoint of " + service.name() + " accepts this client: " + lastErrors());
          return;
        }
        waiting.park(call);
        if (call.future()
            .isDone()) { // cancelled since the loop looked: cancel() may have missed it
          waiting.remove(call.future());
          return;
        }
        // A connection may have become ready (or drained) between pick() and add(): look again,
        // but in a task of its own. Calling connectionReady() from here would recurse into
        // dispatch() for as long as a connection looks ready without taking calls (to a
        // StackOverflowError).
        ClientConnection now = pick(null, null);
        if (now != null && now.isWritable()) {
          scheduleConnectionReady();
        }
        return;
      }
      if (c.send(call)) {
        return;
      }
      if (refused == null) {
        refused = Collections.newSetFromMap(new IdentityHashMap<>());
      }
      refused.add(c);
    }
  }

  private void scheduleConnectionReady() {
    try {
      timer().execute(this::connectionReady);
    } catch (RejectedExecutionException e) { // the client is closing: close() fails what waits
      if (closed) {
        failWaiting(Status.UNAVAILABLE, "client closed");
      }
    }
  }

  private ClientConnection pick(ClientConnection avoid, Set<ClientConnection> refused) {
    ClientConnection best = null;
    int n = connections.size();
    int start = ThreadLocalRandom.current().nextInt(n);
    for (int i = 0; i < n; i++) {
      ClientConnection c = connections.get((start + i) % n);
      if (!c.isReady() || (c == avoid && n > 1) || (refused != null && refused.contains(c))) {
        continue;
      }
      // Prefer a connection whose server keeps up (writable), then the least loaded.
      if (best == null
          || (c.isWritable() && !best.isWritable())
          || (c.isWritable() == best.isWritable() && c.inFlight() < best.inFlight())) {
        best = c;
      }
    }
    return best;
  }

  /** If every connection was refused at handshake (bad token...), the status; else null. */
  private Status refusalOfAll() {
    Status status = null;
    for (ClientConnection c : connections) {
      if (c.lastRefusal() == null) {
        return null;
      }
      status = c.lastRefusal();
    }
    return status;
  }

  private String lastErrors() {
    List<String> errors = new ArrayList<>();
    for (ClientConnection c : connections) {
      errors.add(c.lastError());
    }
    return String.join("; ", errors);
  }

  /**
   * Retries a failed attempt on another connection when that is safe (the method is idempotent, or
   * the server never started it), the deadline allows and attempts remain; else fails it.
   */
  void retryOrFail(
      PendingCall call,
      ClientConnection failed,
      Status status,
      String message,
      boolean notStarted) {
    boolean safe = notStarted || call.method().idempotent();
    boolean canRetry =
        safe
            && !closed
            && call.remainingNanos() > 0
            && (notStarted || call.attempt() < config.maxAttempts());
    if (canRetry) {
      dispatch(notStarted ? call : call.nextAttempt(), failed);
    } else {
      call.fail(status, message);
    }
  }

  /**
   * A connection finished its handshake, or drained below its low-water mark: send the calls that
   * were waiting for one.
   */
  void connectionReady() {
    // Take what waits now, then dispatch: a call that finds no connection after all goes back to
    // waiting, and polling until empty would take it again and again.
    for (PendingCall c : waiting.takeAll()) {
      dispatch(c, null);
    }
  }

  /**
   * A handshake was refused; if no endpoint will take us, waiting calls fail now, not at their
   * deadline.
   */
  void connectionRefused(ClientConnection c) {
    Status refusal = refusalOfAll();
    if (refusal != null) {
      for (PendingCall call : waiting.takeAll()) {
        call.fail(
            refusal, "no endpoint of " + service.name() + " accepts this client: " + lastErrors());
      }
    }
  }

  private void failWaiting(Status status, String message) {
    for (PendingCall call : waiting.takeAll()) {
      call.fail(status, message);
    }
  }

  /** The call was cancelled: drop it from the calls waiting for a connection, if it is there. */
  void forget(RpcFuture<?> future) {
    waiting.remove(future);
  }

  /** Bytes written to the connections' sockets' buffers and not yet sent (tests). */
  long unsentBytes() {
    long n = 0;
    for (ClientConnection c : connections) {
      n += c.unsentBytes();
    }
    return n;
  }

  /** Calls parked until a connection is ready (tests check that none is left behind). */
  int waitingCalls() {
    return waiting.size();
  }

  /** Ready connections, for health reporting. */
  public int readyConnections() {
    return (int) connections.stream().filter(ClientConnection::isReady).count();
  }

  /**
   * Waits until at least one connection is ready, every endpoint refused this client, or the
   * timeout passes.
   */
  public boolean awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (readyConnections() == 0 && refusalOfAll() == null && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return readyConnections() > 0;
  }

  ClientConfig config() {
    return config;
  }

  /** The connection slots, for tests in this package. */
  List<ClientConnection> connections() {
    return connections;
  }

  MessageCodec codec() {
    return codec;
  }

  Bootstrap bootstrap() {
    return bootstrap;
  }

  String serviceName() {
    return service.name();
  }

  EventLoop timer() {
    return group.next();
  }

  private S newStub(Duration timeout) {
    Object proxy =
        Proxy.newProxyInstance(
            service.type().getClassLoader(),
            new Class<?>[] {service.type()},
            (self, method, args) -> {
              MethodDescriptor<?, ?> m = service.method(method);
              if (m == null) {
                return objectMethod(self, method.getName(), args);
              }
              @SuppressWarnings("unchecked")
              MethodDescriptor<Object, Object> typed = (MethodDescriptor<Object, Object>) m;
              return call(typed, args[0], timeout).await();
            });
    return service.type().cast(proxy);
  }

  private Object objectMethod(Object self, String name, Object[] args) {
    switch (name) {
      case "toString":
        return "RpcClient stub of " + service.name() + " " + config.endpoints();
      case "hashCode":
        return System.identityHashCode(self);
      case "equals":
        return self == args[0];
      default:
        throw new UnsupportedOperationException(name);
    }
  }

  /** Closes every connection; pending calls fail with UNAVAILABLE. */
  @Override
  public void close() {
    closed = true;
    connections.forEach(ClientConnection::close);
    failWaiting(Status.UNAVAILABLE, "client closed");
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
