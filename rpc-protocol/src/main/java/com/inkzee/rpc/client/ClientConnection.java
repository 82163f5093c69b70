package com.inkzee.rpc.client;

import com.inkzee.rpc.runtime.WriteBatcher;
import com.inkzee.rpc.serial.WireOutput;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameDecoder;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.FramingLimits;
import com.inkzee.rpc.wire.PeerText;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived connection slot to an endpoint: connects, shakes hands, multiplexes calls by
 * stream id, answers for heartbeats, and reconnects with exponential backoff and jitter whenever
 * the connection is lost. The slot outlives its channels.
 */
final class ClientConnection {
  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  enum State {
    CONNECTING,
    READY,
    DRAINING,
    BACKOFF,
    CLOSED
  }

  private final RpcClient<?> client;
  private final Endpoint endpoint;
  private final Map<Integer, PendingCall> pending = new ConcurrentHashMap<>();
  private final AtomicInteger nextStreamId = new AtomicInteger(1);
  private static final AtomicReferenceFieldUpdater<ClientConnection, State> STATE =
      AtomicReferenceFieldUpdater.newUpdater(ClientConnection.class, State.class, "state");

  private volatile State state = State.CONNECTING;
  private volatile Channel channel;

  /**
   * Bound on {@link Outbound#queuedBytes}: the channel's own high-water mark. Callers enqueue
   * frames faster than the event loop moves them into the channel, whose buffer (and so its
   * writability) does not see them until then.
   */
  static final long MAX_QUEUED_BYTES = 1 << 20;

  private volatile Outbound outbound; // set before channel, for the same channel

  private volatile int goAwayLastStreamId = Integer.MAX_VALUE;
  private volatile String lastError = "not connected yet";
  private volatile Status lastRefusal; // set when the server refused our HELLO
  private volatile int peerMaxFrameBytes = WireFormat.DEFAULT_MAX_FRAME_BYTES;
  private int failures; // consecutive; touched on event loops, one channel at a time

  ClientConnection(RpcClient<?> client, Endpoint endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  State state() {
    return state;
  }

  /**
   * Ready for new calls. A READY slot whose channel has closed is not: Netty marks a closed channel
   * inactive at once but runs channelInactive later, as a separate event-loop task, and until then
   * the state still says READY.
   */
  boolean isReady() {
    Channel ch = channel;
    return state == State.READY && ch != null && ch.isActive();
  }

  /** Bytes in the channel's outbound buffer, not yet written to the socket (tests). */
  long unsentBytes() {
    Channel ch = channel;
    io.netty.channel.ChannelOutboundBuffer buffer =
        ch == null ? null : ch.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }

  /**
   * False while the socket's outbound buffer is over its high-water mark (the server is slow), or
   * frames not yet in it are.
   */
  boolean isWritable() {
    Channel ch = channel;
    Outbound out = outbound;
    return ch != null && ch.isWritable() && out.queuedBytes.get() < MAX_QUEUED_BYTES;
  }

  /** Bytes of frames queued for the current channel's event loop and not yet written (tests). */
  long queuedBytes() {
    Outbound out = outbound;
    return out == null ? 0 : out.queuedBytes.get();
  }

  int inFlight() {
    return pending.size();
  }

  /** The current channel (tests close it to simulate a lost connection). */
  Channel channel() {
    return channel;
  }

  String lastError() {
    return lastError;
  }

  /** The status of the server's refusal of our handshake (UNAUTHENTICATED...), or null. */
  Status lastRefusal() {
    return lastRefusal;
  }

  void connect() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CONNECTING;
    // Stream ids go on from the last connection's: the pending map is this slot's, not the
    // channel's, so an id is never reused while a lost channel's calls may still be in it. Only
    // after 2^31 calls do they start from 1 again.
    if (nextStreamId.get() <= 0) {
      nextStreamId.set(1);
    }
    goAwayLastStreamId = Integer.MAX_VALUE;
    Bootstrap b = client.bootstrap().clone().handler(new Initializer());
    // The new channel becomes this slot's in Initializer.initChannel, not here: the handshake can
    // finish on its event loop before this thread gets back from connect().
    ChannelFuture f = b.connect(endpoint.host(), endpoint.port());
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            lastError = "connect to " + endpoint + " failed: " + done.cause().getMessage();
            // channelInactive does not fire for a channel that never connected.
            if (!f.channel().isActive()) {
              scheduleReconnect(f.channel());
            }
          }
        });
  }

  /**
   * Sends an attempt on this connection: encodes it on the caller's thread and queues it for the
   * event loop, which numbers it as it writes it ({@link Outbound#write}).
   *
   * @return false if the connection is not ready (the caller picks another)
   */
  boolean send(PendingCall call) {
    Channel ch = channel;
    if (state != State.READY || ch == null) {
      return false;
    }
    // The queue of this channel, taken now: a request encoded while a reconnect happened goes to
    // the channel it was meant for, whose event loop finds it closed and sends the call elsewhere.
    Outbound out = outbound;
    if (!ch.isActive() || out.channel != ch) {
      closedUnderUs(ch);
      return false;
    }
    long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(call.remainingNanos()));
    ByteBuf frame;
    try {
      WireOutput output = client.codec().encode(call.request());
      int frameBytes = WireFormat.HEADER_BYTES + 6 + output.position();
      if (frameBytes > peerMaxFrameBytes) {
        // The server would close the whole connection on it: refuse this one call instead.
        call.fail(
            Status.INVALID_ARGUMENT,
            call.method()
                + " request of "
                + frameBytes
                + " bytes exceeds the server's frame limit of "
                + peerMaxFrameBytes);
        return true;
      }
      frame =
          FrameWriter.request(
              ch.alloc(),
              0, // numbered as it is written
              call.method().id(),
              (int) Math.min(Integer.MAX_VALUE, remainingMillis),
              output.getBuffer(),
              output.position());
    } catch (RuntimeException e) {
      call.fail(
          Status.INVALID_ARGUMENT,
          "cannot encode " + call.method() + " request: " + e.getMessage());
      return true;
    }
    call.frame = frame;
    out.enqueue(call, frame.readableBytes());
    return true;
  }

  /**
   * One channel's frames on their way to its event loop, and their bytes. Every frame queued, a
   * CANCEL as much as a REQUEST, is counted when queued and subtracted once when it leaves
   * (written, or discarded): a CANCEL that was only subtracted drove the count 10 bytes lower for
   * good, so each cancel or timeout wore away the bound on unsent requests. One count per channel,
   * so frames a lost channel's queue still holds never count against (or for) the next channel's.
   *
   * <p>A REQUEST is queued as its call ({@link PendingCall#frame}) and takes its stream id, and its
   * place among the calls in flight, only here on the event loop, as it is written: ids then reach
   * the server in increasing order, whatever the order in which callers finished encoding, which is
   * what a GOAWAY's last stream id relies on (a call the server had not started must have a higher
   * id than every call it had). And a call can be cancelled on the wire only once it is in flight,
   * so its CANCEL is always queued behind its REQUEST.
   */
  private final class Outbound {
    final Channel channel;
    final WriteBatcher<Object> frames;
    final AtomicLong queuedBytes = new AtomicLong();

    Outbound(Channel ch) {
      this.channel = ch;
      this.frames = new WriteBatcher<>(ch, this::write, this::discard);
    }

    void enqueue(ByteBuf frame) {
      queuedBytes.addAndGet(frame.readableBytes());
      frames.enqueue(frame);
    }

    void enqueue(PendingCall call, int frameBytes) {
      queuedBytes.addAndGet(frameBytes);
      frames.enqueue(call);
    }

    /** On the event loop, in the order the frames were queued. */
    private void write(Object item) {
      if (item instanceof PendingCall call) {
        writeRequest(call);
        return;
      }
      ByteBuf buf = (ByteBuf) item;
      int n = buf.readableBytes();
      channel.write(buf, channel.voidPromise());
      handedOver(n);
    }

    private void writeRequest(PendingCall call) {
      ByteBuf frame = call.frame;
      call.frame = null;
      int n = frame.readableBytes();
      if (call.future().isDone()) { // cancelled or timed out before it left: never sent
        frame.release();
        handedOver(n);
        return;
      }
      // GOAWAY, the loss of the channel and close() are all seen on this event loop: a call that
      // gets here after them was never sent, so it goes elsewhere whatever its method.
      if (state != State.READY || ClientConnection.this.channel != channel || !channel.isActive()) {
        frame.release();
        handedOver(n);
        notSent(call);
        return;
      }
      int streamId = nextStreamId.getAndIncrement();
      if (streamId <= 0) { // stream ids exhausted after 2^31 calls: start a fresh connection
        state = State.DRAINING;
        channel.close();
        frame.release();
        handedOver(n);
        notSent(call);
        return;
      }
      FrameWriter.setStreamId(frame, streamId);
      pending.put(streamId, call);
      call.future().attachedTo(ClientConnection.this, streamId);
      // Cancelled between the check above and attachedTo: cancel() may not have seen the stream.
      if (call.future().isDone()) {
        pending.remove(streamId, call);
        frame.release();
        handedOver(n);
        return;
      }
      // A failed write closes the channel (void promise), and channelInactive fails or retries
      // every pending call, so no per-write listener is needed.
      channel.write(frame, channel.voidPromise());
      handedOver(n);
    }

    /** The event loop is gone (the client is closing): nothing queued will be written. */
    private void discard(Object item) {
      if (item instanceof PendingCall call) {
        ByteBuf frame = call.frame;
        call.frame = null;
        handedOver(frame.readableBytes());
        frame.release();
        call.fail(
            Status.UNAVAILABLE,
            "connection to " + endpoint + " closed before " + call.method() + " was sent");
        return;
      }
      ByteBuf buf = (ByteBuf) item;
      handedOver(buf.readableBytes());
      buf.release();
    }

    private void notSent(PendingCall call) {
      client.retryOrFail(
          call,
          ClientConnection.this,
          Status.UNAVAILABLE,
          "connection to " + endpoint + " closed before " + call.method() + " was sent",
          true);
    }

    /**
     * Frames left the queue for the channel. Once the queue falls below its bound with the channel
     * writable, calls parked while this connection was backed up can go: no writability event would
     * say so, as the channel's own buffer may never have filled.
     */
    private void handedOver(int bytes) {
      long after = queuedBytes.addAndGet(-bytes);
      if (after < MAX_QUEUED_BYTES && after + bytes >= MAX_QUEUED_BYTES && channel.isWritable()) {
        client.connectionReady();
      }
    }
  }

  /**
   * The channel is closed but its channelInactive has not run yet: leave READY now, so that no
   * other call picks this slot in the meantime. Compare-and-set, so a concurrent close() (CLOSED)
   * or the reconnect of a newer channel is never overwritten; channelInactive then moves the slot
   * on to BACKOFF as usual.
   */
  private void closedUnderUs(Channel ch) {
    if (channel == ch) {
      STATE.compareAndSet(this, State.READY, State.DRAINING);
    }
  }

  /** The caller gave up: forget the stream and tell the server to stop its work. */
  void cancel(int streamId, RpcFuture<?> future) {
    PendingCall p = pending.get(streamId);
    if (p != null && p.future() == future && pending.remove(streamId, p)) {
      Outbound out = outbound;
      if (out != null && out.channel.isActive()) {
        out.enqueue(FrameWriter.cancel(out.channel.alloc(), streamId));
      }
    }
  }

  void close() {
    state = State.CLOSED;
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
    failAll(Status.UNAVAILABLE, "client closed");
  }

  private void failAll(Status status, String message) {
    for (Integer id : new ArrayList<>(pending.keySet())) {
      PendingCall p = pending.remove(id);
      if (p != null) {
        p.fail(status, message);
      }
    }
  }

  private void scheduleReconnect(Channel dead) {
    if (state == State.CLOSED || channel != dead) {
      return;
    }
    state = State.BACKOFF;
    failures++;
    long min = client.config().reconnectBackoffMin().toNanos();
    long max = client.config().reconnectBackoffMax().toNanos();
    long ceiling = Math.min(max, min << Math.min(failures - 1, 20));
    // "Equal jitter": half fixed, half random, so a restarted server is not hit by every client at
    // once.
    long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    log.debug("{}: reconnecting in {} ms ({})", endpoint, delay / 1_000_000, lastError);
    client.timer().schedule(this::connect, delay, TimeUnit.NANOSECONDS);
  }

  /** The connection's pipeline: TLS, flush batching, heartbeats, framing, frames, handler. */
  private final class Initializer extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      // On the event loop as the channel registers, before it connects: the slot takes the channel
      // before its handshake can finish. Set after connect() returned, the handshake's
      // connectionReady() could run while the slot still named the last, closed channel: the calls
      // waiting for a connection found none ready, parked again, and stayed parked beside a READY
      // connection until their deadlines (GoAwayRaceTest, about one run in twenty under load).
      outbound = new Outbound(ch);
      channel = ch;
      if (state == State.CLOSED) { // close() came between connect() and here
        ch.close();
        return;
      }
      ClientConfig config = client.config();
      ChannelPipeline p = ch.pipeline();
      if (config.ssl() != null) {
        SSLEngine engine = config.ssl().newEngine(ch.alloc(), endpoint.host(), endpoint.port());
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm(
            "HTTPS"); // verify the host name, not just the chain
        engine.setSSLParameters(params);
        p.addLast("tls", new SslHandler(engine));
      }
      p.addLast("flush", new FlushConsolidationHandler(256, true));
      // Ahead of the framing: any bytes from the server count as a sign of life, so a large
      // answer arriving slowly, with the PONG queued behind it, does not look like a dead peer.
      p.addLast(
          "heartbeat",
          new IdleStateHandler(config.heartbeatInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
      p.addLast("framing", FramingLimits.lengthDecoder(config.maxFrameBytes()));
      p.addLast("frames", new FrameDecoder());
      p.addLast("connection", new Handler());
    }
  }

  private final class Handler extends ChannelInboundHandlerAdapter {
    private boolean awaitingPong;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(
          FrameWriter.hello(
              ctx.alloc(),
              new Frame.Hello(
                  false,
                  WireFormat.PROTOCOL_VERSION,
                  WireFormat.PROTOCOL_VERSION,
                  client.codec().catalogue().minor(),
                  client.codec().catalogue().fingerprint(),
                  client.serviceName(),
                  client.config().authToken().getBytes(StandardCharsets.UTF_8),
                  client.config().maxFrameBytes())));
      ctx.executor()
          .schedule(
              () -> {
                if (state == State.CONNECTING && channel == ctx.channel()) {
                  lastError =
                      "no HELLO_ACK from "
                          + endpoint
                          + " within "
                          + client.config().connectTimeout();
                  ctx.close();
                }
              },
              client.config().connectTimeout().toMillis(),
              TimeUnit.MILLISECONDS);
      ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      // Calls park while every connection is backed up: this one drained, so send them.
      if (ctx.channel().isWritable() && state == State.READY) {
        client.connectionReady();
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      awaitingPong = false;
      try {
        Frame frame = (Frame) msg;
        if (frame instanceof Frame.Response r) {
          onResponse(r);
        } else if (frame instanceof Frame.Error e) {
          onError(ctx, e);
        } else if (frame instanceof Frame.Hello h && h.ack() && state == State.CONNECTING) {
          onHelloAck(ctx, h);
        } else if (frame instanceof Frame.Ping p) {
          ctx.writeAndFlush(FrameWriter.pong(ctx.alloc(), p.data()), ctx.voidPromise());
        } else if (frame instanceof Frame.GoAway g) {
          onGoAway(ctx, g);
        } else if (!(frame instanceof Frame.Pong)) {
          log.warn("{}: unexpected {}; closing", endpoint, frame.getClass().getSimpleName());
          ctx.close();
        }
        if (state == State.DRAINING && pending.isEmpty()) {
          ctx.close();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void onHelloAck(ChannelHandlerContext ctx, Frame.Hello h) {
      if (h.minVersion() != WireFormat.PROTOCOL_VERSION
          || !h.service().equals(client.serviceName())) {
        lastError =
            endpoint + " answered with protocol " + h.minVersion() + " for service " + h.service();
        ctx.close();
        return;
      }
      if (h.catalogueFingerprint() != client.codec().catalogue().fingerprint()) {
        log.info(
            "{} runs catalogue 1.{}, this client 1.{}; evolution rules apply",
            endpoint,
            h.catalogueMinor(),
            client.codec().catalogue().minor());
      }
      peerMaxFrameBytes = h.maxFrameBytes();
      failures = 0;
      lastRefusal = null;
      state = State.READY;
      client.connectionReady();
    }

    private void onResponse(Frame.Response r) {
      PendingCall p = pending.remove(r.streamId());
      if (p == null) {
        return; // timed out or cancelled already
      }
      Object value;
      try {
        value = client.codec().decode(r.payload(), p.method().responseType());
      } catch (RuntimeException e) { // MalformedMessageException, or a bug: fail this call only
        p.fail(
            Status.INTERNAL,
            "undecodable response from " + endpoint + " to " + p.method() + ": " + e.getMessage());
        return;
      }
      p.succeed(value);
    }

    private void onError(ChannelHandlerContext ctx, Frame.Error e) {
      if (e.streamId() == 0) {
        lastError =
            endpoint
                + " refused the connection: "
                + e.status()
                + " "
                + PeerText.printable(e.message());
        log.warn(lastError);
        if (state == State.CONNECTING) {
          lastRefusal = e.status();
          client.connectionRefused(ClientConnection.this);
        }
        ctx.close();
        return;
      }
      PendingCall p = pending.remove(e.streamId());
      if (p == null) {
        return;
      }
      // A stream past the GOAWAY's last id was never started: safe to resend whatever it is.
      boolean notStarted = e.streamId() > goAwayLastStreamId;
      // Only UNAVAILABLE is resent here (PROTOCOL.md 9.3). RESOURCE_EXHAUSTED is retryable() to
      // the caller, who should back off: resent at once it would triple an overloaded server's
      // load, or run a handler whose answer can never fit three times over.
      if (e.status() == Status.UNAVAILABLE) {
        client.retryOrFail(p, ClientConnection.this, e.status(), e.message(), notStarted);
      } else {
        p.fail(e.status(), e.message());
      }
    }

    private void onGoAway(ChannelHandlerContext ctx, Frame.GoAway g) {
      log.info(
          "{} is going away ({}); finishing {} calls there",
          endpoint,
          PeerText.printable(g.reason()),
          pending.size());
      goAwayLastStreamId = g.lastStreamId();
      state = State.DRAINING;
      for (Integer id : new ArrayList<>(pending.keySet())) {
        if (id > g.lastStreamId()) {
          PendingCall p = pending.remove(id);
          if (p != null) {
            client.retryOrFail(
                p, ClientConnection.this, Status.UNAVAILABLE, "server going away", true);
          }
        }
      }
      // With calls still running, channelRead closes once the last one is answered.
      if (pending.isEmpty()) {
        ctx.close();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        if (awaitingPong) {
          lastError =
              endpoint
                  + " did not answer a heartbeat within "
                  + client.config().heartbeatInterval();
          log.warn("{}; closing the connection", lastError);
          ctx.close();
        } else {
          awaitingPong = true;
          ctx.writeAndFlush(FrameWriter.ping(ctx.alloc(), System.nanoTime()), ctx.voidPromise());
        }
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (channel != ctx.channel()) {
        return;
      }
      if (state != State.CLOSED && !lastError.startsWith(endpoint + " refused")) {
        lastError = "connection to " + endpoint + " lost";
      }
      // Read before scheduleReconnect: a new channel's connect() resets it.
      int lastStarted = goAwayLastStreamId;
      List<Map.Entry<Integer, PendingCall>> lost = new ArrayList<>();
      for (Integer id : new ArrayList<>(pending.keySet())) {
        PendingCall p = pending.remove(id);
        if (p != null) {
          lost.add(Map.entry(id, p));
        }
      }
      scheduleReconnect(ctx.channel());
      for (Map.Entry<Integer, PendingCall> e : lost) {
        PendingCall p = e.getValue();
        // A stream above the GOAWAY's last id was never started (it got onto the connection as
        // the GOAWAY swept the others): resend it whatever its method, as PROTOCOL.md 9.3 says.
        client.retryOrFail(
            p,
            ClientConnection.this,
            Status.UNAVAILABLE,
            "connection to " + endpoint + " lost while " + p.method() + " was in flight",
            e.getKey() > lastStarted);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Throwable root =
          cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
      lastError = "connection to " + endpoint + " failed: " + root.getMessage();
      if (!(root instanceof java.io.IOException)) {
        log.warn("{}: closing after {}", endpoint, root.toString());
      }
      ctx.close();
    }
  }
}
