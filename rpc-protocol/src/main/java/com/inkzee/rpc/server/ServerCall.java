package com.inkzee.rpc.server;

import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.serial.MalformedMessageException;
import com.inkzee.rpc.serial.WireOutput;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on its way through a handler thread: decode, invoke, encode, reply. Exactly one of
 * the handler, the deadline timer or a CANCEL frame ends it, decided by a compare-and-set on its
 * state; the loser's work is dropped.
 */
final class ServerCall implements Runnable, CallContext {
  private static final Logger log = LoggerFactory.getLogger(ServerCall.class);

  private static final int QUEUED = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  private final ServerConnection connection;
  private final int streamId;
  private final MethodDescriptor<?, ?> method;
  private final ByteBuf payload;
  private final int requestBytes;
  private final long deadlineNanos;
  private final long readNanos;
  private final AtomicInteger state = new AtomicInteger(QUEUED);
  private volatile boolean cancelled;
  private volatile boolean deferred;
  private Thread runner; // guarded by this
  // How the handler path ended, for call observers: written by the handler thread before the
  // reply is handed to the event loop (the handoff publishes them), read there in finish().
  private Status outcome;
  private Object response;
  io.netty.util.Timeout deadlineTimer; // set and cancelled on the event loop

  ServerCall(
      ServerConnection connection,
      int streamId,
      MethodDescriptor<?, ?> method,
      ByteBuf payload,
      long readNanos,
      long deadlineNanos) {
    this.connection = connection;
    this.streamId = streamId;
    this.method = method;
    this.payload = payload;
    this.requestBytes = payload.readableBytes();
    this.readNanos = readNanos;
    this.deadlineNanos = deadlineNanos;
  }

  /** {@link System#nanoTime()} when the request was read: call latency counts from here. */
  long readNanos() {
    return readNanos;
  }

  /** The error status the handler path answered with, or null for a response. */
  Status outcome() {
    return outcome;
  }

  /** The handler's response when it answered one, else null. */
  Object response() {
    return response;
  }

  /** Cancels the deadline timer, if one was armed (EVENT_LOOP calls finish before it is). */
  void disarm() {
    if (deadlineTimer != null) {
      deadlineTimer.cancel();
    }
  }

  int streamId() {
    return streamId;
  }

  /** The size of the request's payload, counted against its connection until the call ends. */
  int requestBytes() {
    return requestBytes;
  }

  @Override
  public MethodDescriptor<?, ?> method() {
    return method;
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public String peer() {
    return connection.peer();
  }

  @Override
  public void run() {
    if (!state.compareAndSet(QUEUED, RUNNING)) {
      return; // expired or cancelled while queued; whoever ended it released the payload
    }
    synchronized (this) {
      runner = Thread.currentThread();
    }
    ByteBuf reply = null;
    boolean won;
    CallScope.CURRENT.set(this);
    try {
      reply = execute();
    } catch (RuntimeException | Error e) {
      // A bug in our own encoding path: answer INTERNAL rather than leave the caller waiting.
      log.error("{} failed outside its handler for {}", method, peer(), e);
      reply = error(Status.INTERNAL, "internal error in " + method.qualifiedName());
    } finally {
      CallScope.CURRENT.remove();
      synchronized (this) {
        // A deferred call stays RUNNING: its Deferred (or the deadline, or a CANCEL) ends it.
        won = reply != null && state.compareAndSet(RUNNING, DONE);
        runner = null; // from here on an abort must not interrupt this thread
      }
    }
    // An interrupt aimed at this call must not leak into the next task on this thread.
    Thread.interrupted();
    if (won) {
      connection.complete(this, reply);
    } else if (reply != null) {
      reply.release();
    }
  }

  @Override
  public <T> Deferred<T> defer() {
    if (CallScope.CURRENT.get() != this || state.get() != RUNNING) {
      throw new IllegalStateException(
          "defer() is for the handler of " + method.qualifiedName() + ", while it runs");
    }
    deferred = true;
    return new Deferred<>() {
      @Override
      public void complete(T response) {
        finishLater(() -> encode(response));
      }

      @Override
      public void fail(RpcException error) {
        finishLater(() -> error(error.status(), error.detail()));
      }

      @Override
      public boolean isDone() {
        return state.get() == DONE;
      }
    };
  }

  /**
   * Ends a deferred call from whatever thread has its answer: first come (this, the deadline or a
   * CANCEL) wins; a loser's frame is dropped.
   */
  private void finishLater(Supplier<ByteBuf> answer) {
    if (state.get() != RUNNING) {
      return; // already ended: the deadline passed or the caller cancelled
    }
    ByteBuf reply;
    try {
      reply = answer.get();
    } catch (RuntimeException e) {
      log.error("{} failed to encode its deferred reply for {}", method, peer(), e);
      reply = error(Status.INTERNAL, "internal error in " + method.qualifiedName());
    }
    if (state.compareAndSet(RUNNING, DONE)) {
      connection.complete(this, reply);
    } else {
      reply.release();
    }
  }

  private ByteBuf execute() {
    MessageCodec codec = connection.codec();
    Object request;
    try {
      request = codec.decode(payload, method.requestType());
    } catch (MalformedMessageException | IllegalArgumentException e) {
      log.warn("{}: bad {} from {}: {}", connection.serviceName(), method, peer(), e.getMessage());
      return error(
          Status.INVALID_ARGUMENT,
          "bad " + method.requestType().getSimpleName() + ": " + e.getMessage());
    } finally {
      payload.release();
    }
    Object response;
    try {
      response = connection.binding().invoke(method, request);
    } catch (RpcException e) {
      return error(e.status(), e.detail());
    } catch (Throwable t) {
      if (cancelled) {
        return error(Status.CANCELLED, "call cancelled");
      }
      String ref = Long.toHexString(ThreadLocalRandom.current().nextLong());
      log.error("{} failed for {} (ref {})", method, peer(), ref, t);
      return error(
          Status.INTERNAL, "internal error in " + method.qualifiedName() + " (ref " + ref + ")");
    }
    if (deferred) {
      return null; // answered later through its Deferred; whatever it returned is not the answer
    }
    if (response == null) {
      log.error("{} returned null", method);
      return error(Status.INTERNAL, method.qualifiedName() + " returned no response");
    }
    return encode(response);
  }

  /** The response frame for {@code response}, or an error frame when it cannot be sent. */
  private ByteBuf encode(Object response) {
    MessageCodec codec = connection.codec();
    try {
      WireOutput out = codec.encode(response);
      int frameBytes = WireFormat.HEADER_BYTES + out.position();
      if (frameBytes > connection.peerMaxFrameBytes()) {
        log.warn("{}: response of {} bytes exceeds the client's limit", method, frameBytes);
        return error(
            Status.RESOURCE_EXHAUSTED,
            "response of "
                + frameBytes
                + " bytes exceeds this client's frame limit of "
                + connection.peerMaxFrameBytes());
      }
      this.response = response;
      return FrameWriter.response(connection.alloc(), streamId, out.getBuffer(), out.position());
    } catch (MessageCodec.MessageTooLargeException e) {
      log.warn("{}: response too large: {}", method, e.getMessage());
      return error(Status.RESOURCE_EXHAUSTED, e.getMessage());
    }
  }

  private ByteBuf error(Status status, String message) {
    outcome = status;
    response = null;
    return FrameWriter.error(connection.alloc(), streamId, status, message);
  }

  /**
   * Ends the call from outside the handler: its deadline passed or the client cancelled it. Called
   * on the event loop.
   *
   * @return true if this ended it (the caller then replies if it should)
   */
  boolean abort() {
    if (state.compareAndSet(QUEUED, DONE)) {
      cancelled = true;
      payload.release();
      return true;
    }
    synchronized (this) {
      if (state.compareAndSet(RUNNING, DONE)) {
        cancelled = true;
        if (runner != null) {
          runner.interrupt();
        }
        return true;
      }
    }
    return false;
  }

  /** Releases what a never-started call holds when it cannot be queued. */
  void rejected() {
    if (state.compareAndSet(QUEUED, DONE)) {
      payload.release();
    }
  }
}
