package com.inkzee.rpc.server;

import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.runtime.DeadlineTimer;
import com.inkzee.rpc.runtime.WriteBatcher;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.FramingLimits;
import com.inkzee.rpc.wire.PeerText;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one connection: handshake, dispatch of requests to the handler executor,
 * deadlines, cancellation, backpressure and drain. All its state is touched only on the
 * connection's event loop; handler threads hand their replies back through {@link #complete}.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ServerConnection.class);

  /**
   * Replies are written without a flush and go out together at the end of a read or of a batch from
   * the handlers, one syscall for many small replies. A reply this big is flushed at once instead:
   * its bytes dwarf the syscall, and the client decodes it while the next ones are still being
   * encoded, where one flush per batch made the two ends take turns (measured: river pages at 16
   * callers kept each end's I/O thread about half idle).
   */
  static final int FLUSH_AT_ONCE_BYTES = 16 * 1024;

  private enum State {
    AWAIT_HELLO,
    OPEN,
    DRAINING,
    CLOSED
  }

  private final RpcServer server;
  private final ServerConfig config;

  /**
   * Request bytes held past the in-flight cap (or past {@link #REQUEST_FRAMES_IN_FLIGHT}) before
   * the server stops reading the connection. At the cap it keeps reading, so that PING and CANCEL
   * are still answered (a client whose pings went unread for two heartbeat intervals took the
   * connection for dead, and long polls fill the window for minutes), holding the requests beyond
   * the cap; only when these pass this many bytes, or one more cap's worth of requests, does it
   * stop reading (TCP backpressure).
   */
  static final int HELD_BYTES_LIMIT = 1024 * 1024;

  /**
   * Request bytes of a connection's calls in progress, in frames of the configured maximum, before
   * further requests are held as if at the in-flight cap. A dispatched call keeps its request until
   * it ends (the payload until a handler decodes it, then what it decoded to), and calls queued for
   * a handler thread are bounded only by the shared handler queue: without this, one peer's 1024
   * calls in flight of 16 MiB each could pin 16 GiB. Four frames keep a few large requests running
   * side by side; a connection's requests then cost at most this, plus the held requests' limit and
   * one frame being read.
   */
  static final int REQUEST_FRAMES_IN_FLIGHT = 4;

  private final Map<Integer, ServerCall> calls = new HashMap<>();
  private long requestBytesInFlight; // of the calls in `calls`; kept by putCall and removeCall
  private final long requestBytesLimit;
  // Requests read past the in-flight cap, copied out of the read buffers (a slice would pin a
  // whole read buffer each): bounded by HELD_BYTES_LIMIT and the cap, plus one socket read's worth.
  private final ArrayDeque<HeldRequest> held = new ArrayDeque<>();
  private long heldBytes;

  /** A request read past the in-flight cap; its deadline counts from when it was read. */
  private record HeldRequest(Frame.Request request, long readNanos) {}

  private ChannelHandlerContext ctx;
  private WriteBatcher<Completion> completions;
  private State state = State.AWAIT_HELLO;
  private ServiceBinding binding;
  private String peer = "?";
  private volatile int peerMaxFrameBytes = WireFormat.DEFAULT_MAX_FRAME_BYTES;
  private int highestStreamId;
  private long lastCallNanos;
  private ScheduledFuture<?> handshakeTimer;
  private ScheduledFuture<?> idleTimer;
  private boolean reading; // inside a socket read, which ends in a flush (event loop only)

  ServerConnection(RpcServer server) {
    this.server = server;
    this.config = server.config();
    this.requestBytesLimit = (long) REQUEST_FRAMES_IN_FLIGHT * config.maxFrameBytes();
  }

  MessageCodec codec() {
    return server.codec();
  }

  ServiceBinding binding() {
    return binding;
  }

  String serviceName() {
    return binding == null ? server.serviceNames() : binding.name();
  }

  String peer() {
    return peer;
  }

  /** The largest frame the client said it accepts. */
  int peerMaxFrameBytes() {
    return peerMaxFrameBytes;
  }

  ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.peer = String.valueOf(ctx.channel().remoteAddress());
    this.completions = new WriteBatcher<>(ctx.channel(), this::finish, c -> c.reply().release());
    server.connectionOpened(this, ctx.channel());
    handshakeTimer =
        ctx.executor()
            .schedule(
                () -> {
                  if (state == State.AWAIT_HELLO) {
                    log.warn(
                        "closing {}: no valid HELLO within {}", peer, config.handshakeTimeout());
                    ctx.close();
                  }
                },
                config.handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    try {
      if (!(msg instanceof Frame frame)) {
        throw new IllegalStateException("unexpected message " + msg.getClass());
      }
      if (state == State.CLOSED) {
        return; // read in the same batch as a refused frame: dropped (and released below)
      }
      if (state == State.AWAIT_HELLO) {
        onHello(frame);
        return;
      }
      if (frame instanceof Frame.Request r) {
        ReferenceCountUtil.retain(r); // the call owns the payload from here on
        onRequest(r);
      } else if (frame instanceof Frame.Cancel c) {
        onCancel(c.streamId());
      } else if (frame instanceof Frame.Ping p) {
        ctx.writeAndFlush(FrameWriter.pong(ctx.alloc(), p.data()));
      } else if (frame instanceof Frame.Pong || frame instanceof Frame.GoAway) {
        // Pongs only prove liveness (the idle handler saw the bytes); a client's GOAWAY needs no
        // action.
      } else if (frame instanceof Frame.Error e) {
        log.info(
            "{} sent error on stream {}: {} {}",
            peer,
            e.streamId(),
            e.status(),
            PeerText.printable(e.message()));
      } else {
        refuse(
            Status.INVALID_ARGUMENT,
            "unexpected " + frame.getClass().getSimpleName() + " after handshake");
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onHello(Frame frame) {
    if (!(frame instanceof Frame.Hello hello) || hello.ack()) {
      refuse(
          Status.INVALID_ARGUMENT,
          "expected HELLO as the first frame, got " + frame.getClass().getSimpleName());
      return;
    }
    if (hello.minVersion() > WireFormat.PROTOCOL_VERSION
        || hello.maxVersion() < WireFormat.PROTOCOL_VERSION) {
      refuse(
          Status.FAILED_PRECONDITION,
          "no common protocol version: client speaks "
              + hello.minVersion()
              + ".."
              + hello.maxVersion()
              + ", server speaks "
              + WireFormat.PROTOCOL_VERSION);
      return;
    }
    byte[] expected = config.authToken().getBytes(StandardCharsets.UTF_8);
    // Constant-time comparison, so the token cannot be guessed byte by byte from response times.
    if (expected.length > 0 && !MessageDigest.isEqual(expected, hello.token())) {
      refuse(Status.UNAUTHENTICATED, "invalid auth token");
      return;
    }
    ServiceBinding b = server.binding(hello.service());
    if (b == null) {
      refuse(
          Status.NOT_FOUND,
          "no service '"
              + PeerText.printable(hello.service())
              + "' here; this server serves "
              + server.serviceNames());
      return;
    }
    if (hello.catalogueFingerprint() != codec().catalogue().fingerprint()) {
      log.info(
          "{} uses catalogue 1.{} (fingerprint {}), this server 1.{}; evolution rules apply",
          peer,
          hello.catalogueMinor(),
          Long.toHexString(hello.catalogueFingerprint()),
          codec().catalogue().minor());
    }
    binding = b;
    peerMaxFrameBytes = Math.max(WireFormat.MIN_MAX_FRAME_BYTES, hello.maxFrameBytes());
    state = State.OPEN;
    // Authenticated: frames up to the configured maximum from now on. The framing decoder hands
    // on each frame before it reads the next, so a REQUEST pipelined behind this HELLO is
    // measured against the new limit.
    FramingLimits.HandshakeLimited framing =
        ctx.pipeline().get(FramingLimits.HandshakeLimited.class);
    if (framing != null) {
      framing.handshakeDone();
    }
    handshakeTimer.cancel(false);
    lastCallNanos = System.nanoTime();
    ctx.writeAndFlush(
        FrameWriter.hello(
            ctx.alloc(),
            new Frame.Hello(
                true,
                WireFormat.PROTOCOL_VERSION,
                WireFormat.PROTOCOL_VERSION,
                codec().catalogue().minor(),
                codec().catalogue().fingerprint(),
                b.name(),
                new byte[0],
                config.maxFrameBytes())));
    scheduleIdleCheck(config.idleTimeout().toNanos());
    if (server.isDraining()) {
      startDrain("server shutting down");
    }
  }

  private void onRequest(Frame.Request r) {
    long now = System.nanoTime();
    if (!held.isEmpty()
        || calls.size() >= config.maxInFlightPerConnection()
        || overRequestBytes(r.payload().readableBytes())) {
      ByteBuf payload = r.payload();
      Frame.Request copy =
          new Frame.Request(
              r.streamId(),
              r.methodId(),
              r.timeoutMillis(),
              ctx.alloc()
                  .buffer(payload.readableBytes())
                  .writeBytes(payload, payload.readerIndex(), payload.readableBytes()));
      r.release();
      held.add(new HeldRequest(copy, now));
      heldBytes += copy.payload().readableBytes();
      updateAutoRead();
      return;
    }
    dispatch(r, now);
  }

  /**
   * Whether a request of {@code bytes} would take the calls in progress past their bytes' limit.
   * One call always goes, so a connection with none never waits.
   */
  private boolean overRequestBytes(int bytes) {
    return !calls.isEmpty() && requestBytesInFlight + bytes > requestBytesLimit;
  }

  private void putCall(ServerCall call) {
    calls.put(call.streamId(), call);
    requestBytesInFlight += call.requestBytes();
  }

  private ServerCall removeCall(int streamId) {
    ServerCall call = calls.remove(streamId);
    if (call != null) {
      requestBytesInFlight -= call.requestBytes();
    }
    return call;
  }

  private void dispatch(Frame.Request r, long readNanos) {
    int streamId = r.streamId();
    MethodDescriptor<?, ?> method = binding.descriptor().method(r.methodId());
    if (state != State.OPEN) {
      r.release();
      if (method != null) {
        server.observe(method, Status.UNAVAILABLE, readNanos, null);
      }
      reply(streamId, Status.UNAVAILABLE, "server is draining; call not started, retry elsewhere");
      return;
    }
    if (method == null) {
      r.release();
      reply(
          streamId,
          Status.UNIMPLEMENTED,
          "service "
              + binding.name()
              + " has no method "
              + r.methodId()
              + " in catalogue "
              + codec().catalogue().version());
      return;
    }
    if (calls.containsKey(streamId)) {
      r.release();
      reply(streamId, Status.INVALID_ARGUMENT, "stream " + streamId + " is already in use");
      return;
    }
    long timeoutNanos =
        r.timeoutMillis() <= 0
            ? config.maxCallTimeout().toNanos()
            : Math.min(
                TimeUnit.MILLISECONDS.toNanos(r.timeoutMillis()),
                config.maxCallTimeout().toNanos());
    long now = System.nanoTime();
    lastCallNanos = now;
    highestStreamId = Math.max(highestStreamId, streamId);
    long deadline = readNanos + timeoutNanos;
    ServerCall call = new ServerCall(this, streamId, method, r.payload(), readNanos, deadline);
    if (binding.runsOnEventLoop()) {
      putCall(call);
      call.run(); // replies through complete(), which writes at once on this thread
      if (calls.get(streamId) == call) {
        // Deferred (CallContext.defer): its deadline still ends it, and it counts in flight.
        call.deadlineTimer =
            DeadlineTimer.schedule(
                () -> onEventLoop(() -> expire(call)), deadline - System.nanoTime());
        updateAutoRead();
      }
      return;
    }
    try {
      server.executor().execute(call);
    } catch (RejectedExecutionException e) {
      call.rejected();
      server.metrics().rejected.increment();
      server.observe(method, Status.RESOURCE_EXHAUSTED, readNanos, null);
      reply(
          streamId,
          Status.RESOURCE_EXHAUSTED,
          "server busy: "
              + config.handlerQueueCapacity()
              + " calls already queued; retry with backoff");
      return;
    }
    putCall(call);
    call.deadlineTimer =
        DeadlineTimer.schedule(() -> onEventLoop(() -> expire(call)), deadline - now);
    updateAutoRead();
  }

  private void expire(ServerCall call) {
    if (calls.get(call.streamId()) != call) {
      return;
    }
    if (call.abort()) {
      server.metrics().expired.increment();
      server.observe(call.method(), Status.DEADLINE_EXCEEDED, call.readNanos(), null);
      removeCall(call.streamId());
      reply(
          call.streamId(),
          Status.DEADLINE_EXCEEDED,
          call.method().qualifiedName() + " passed its deadline; work dropped");
      afterCallEnded();
    }
  }

  private void onCancel(int streamId) {
    ServerCall call = calls.get(streamId);
    if (call != null && call.abort()) {
      server.metrics().cancelled.increment();
      server.observe(call.method(), Status.CANCELLED, call.readNanos(), null);
      removeCall(streamId);
      call.disarm();
      afterCallEnded();
    }
  }

  private void onEventLoop(Runnable task) {
    try {
      ctx.executor().execute(task);
    } catch (RejectedExecutionException e) {
      // the server is shutting down; its connections are closing anyway
    }
  }

  /** A handler thread's reply, on its way to the event loop. */
  private record Completion(ServerCall call, ByteBuf reply) {}

  /**
   * Called by a handler thread with the call's reply frame; replies reach the socket in batches.
   */
  void complete(ServerCall call, ByteBuf reply) {
    if (ctx.executor().inEventLoop()) {
      finish(new Completion(call, reply)); // an EVENT_LOOP handler: flushed at read complete
    } else {
      completions.enqueue(new Completion(call, reply));
    }
  }

  private void finish(Completion c) {
    ServerCall call = c.call();
    if (removeCall(call.streamId()) != call || state == State.CLOSED) {
      c.reply().release();
      return;
    }
    call.disarm();
    server.metrics().completed.increment();
    server.observe(call.method(), call.outcome(), call.readNanos(), call.response());
    ByteBuf reply = c.reply();
    if (reply.readableBytes() >= FLUSH_AT_ONCE_BYTES) {
      ctx.writeAndFlush(reply, ctx.voidPromise());
    } else {
      ctx.write(reply, ctx.voidPromise()); // the read or the handlers' batch ends in one flush
    }
    afterCallEnded();
  }

  private void afterCallEnded() {
    while (!held.isEmpty()
        && calls.size() < config.maxInFlightPerConnection()
        && !overRequestBytes(held.peek().request().payload().readableBytes())) {
      HeldRequest next = held.poll();
      heldBytes -= next.request().payload().readableBytes();
      dispatch(next.request(), next.readNanos());
    }
    updateAutoRead();
    if (state == State.DRAINING && calls.isEmpty()) {
      ctx.flush();
      ctx.close();
    }
  }

  private void reply(int streamId, Status status, String message) {
    ByteBuf error = FrameWriter.error(ctx.alloc(), streamId, status, message);
    if (reading) {
      ctx.write(error, ctx.voidPromise()); // flushed when the read completes, with the rest
    } else {
      ctx.writeAndFlush(error, ctx.voidPromise()); // a deadline's, from the timer
    }
  }

  /** Sends a connection-level error, then closes: the peer learns why before the socket goes. */
  private void refuse(Status status, String message) {
    log.warn("refusing {}: {} {}", peer, status, message);
    ctx.writeAndFlush(FrameWriter.error(ctx.alloc(), 0, status, message))
        .addListener(ChannelFutureListener.CLOSE);
    state = State.CLOSED;
  }

  /**
   * Stops reading while the peer is not reading our replies (the outbound buffer is above its
   * high-water mark) or while the requests held past the in-flight cap are at their limit. At the
   * cap itself it reads on, so that heartbeats and cancels are not stuck behind the requests.
   */
  private void updateAutoRead() {
    boolean read =
        state != State.CLOSED
            && ctx.channel().isWritable()
            && heldBytes < HELD_BYTES_LIMIT
            && held.size() < config.maxInFlightPerConnection();
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    ctx.flush(); // replies written inline during this read go out together
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    updateAutoRead();
    ctx.fireChannelWritabilityChanged();
  }

  /** GOAWAY: finish what was accepted, refuse the rest, close when empty. Event loop only. */
  void startDrain(String reason) {
    if (state == State.AWAIT_HELLO) {
      ctx.close();
      return;
    }
    if (state != State.OPEN) {
      return;
    }
    state = State.DRAINING;
    ctx.writeAndFlush(FrameWriter.goAway(ctx.alloc(), highestStreamId, reason));
    if (calls.isEmpty()) {
      ctx.close();
    }
  }

  private void scheduleIdleCheck(long delayNanos) {
    idleTimer = ctx.executor().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkIdle() {
    if (state != State.OPEN) {
      return;
    }
    long idleFor = System.nanoTime() - lastCallNanos;
    long limit = config.idleTimeout().toNanos();
    if (calls.isEmpty() && idleFor >= limit) {
      log.debug("closing {}: no calls for {}", peer, config.idleTimeout());
      startDrain("idle for " + config.idleTimeout().toSeconds() + "s");
    } else {
      scheduleIdleCheck(Math.max(limit - idleFor, limit / 4));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      log.warn(
          "closing {}: silent for {} (no data, no heartbeat)", peer, config.peerSilenceTimeout());
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (this.ctx == null) { // refused by the connection limiter before it became active here
      ctx.fireChannelInactive();
      return;
    }
    state = State.CLOSED;
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    if (idleTimer != null) {
      idleTimer.cancel(false);
    }
    // The caller is gone: stop its work rather than compute answers nobody reads.
    for (ServerCall call : new ArrayList<>(calls.values())) {
      if (call.abort()) {
        server.metrics().cancelled.increment();
        server.observe(call.method(), Status.CANCELLED, call.readNanos(), null);
      }
      call.disarm();
    }
    calls.clear();
    requestBytesInFlight = 0;
    completions.discardAll();
    held.forEach(h -> h.request().release());
    held.clear();
    heldBytes = 0;
    server.connectionClosed(this);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof FramingLimits.HandshakeFrameTooLongException) {
      log.warn("closing {}: {}", peer, root.getMessage());
      refuse(
          Status.RESOURCE_EXHAUSTED,
          "frame exceeds the "
              + WireFormat.MAX_HANDSHAKE_FRAME_BYTES
              + "-byte limit before the handshake");
    } else if (root instanceof TooLongFrameException) {
      log.warn(
          "closing {}: frame over the {}-byte limit ({})",
          peer,
          config.maxFrameBytes(),
          root.getMessage());
      refuse(
          Status.RESOURCE_EXHAUSTED, "frame exceeds the " + config.maxFrameBytes() + "-byte limit");
    } else if (root instanceof java.io.IOException) {
      log.debug("connection {} failed: {}", peer, root.toString());
      ctx.close();
    } else if (cause instanceof DecoderException) {
      log.warn("closing {}: malformed frame: {}", peer, root.getMessage());
      refuse(Status.INVALID_ARGUMENT, "malformed frame: " + root.getMessage());
    } else {
      log.warn("closing {} after unexpected error", peer, cause);
      ctx.close();
    }
  }
}
