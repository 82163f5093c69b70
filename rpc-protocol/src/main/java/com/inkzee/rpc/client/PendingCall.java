package com.inkzee.rpc.client;

import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import io.netty.buffer.ByteBuf;

/**
 * One attempt of a call, from the moment it is handed to a connection until its reply. A retry
 * makes a new attempt with the same future, request and deadline.
 *
 * <p>While its encoded REQUEST waits in a connection's write queue the attempt itself is the queued
 * item and carries the frame ({@link #frame}), so queueing a call allocates nothing beyond the
 * frame: the stream id is given and patched in only as the frame is written (ClientConnection).
 */
final class PendingCall {
  private final RpcFuture<Object> future;
  private final MethodDescriptor<?, ?> method;
  private final Object request;
  private final long deadlineNanos;
  private final int attempt;

  /**
   * The REQUEST frame between send() and its write on the event loop; null otherwise. Written by
   * the sending thread before the call is queued and read by the event loop after it is taken from
   * the queue, which orders the two.
   */
  ByteBuf frame;

  PendingCall(
      RpcFuture<Object> future,
      MethodDescriptor<?, ?> method,
      Object request,
      long deadlineNanos,
      int attempt) {
    this.future = future;
    this.method = method;
    this.request = request;
    this.deadlineNanos = deadlineNanos;
    this.attempt = attempt;
  }

  RpcFuture<Object> future() {
    return future;
  }

  MethodDescriptor<?, ?> method() {
    return method;
  }

  Object request() {
    return request;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  int attempt() {
    return attempt;
  }

  PendingCall nextAttempt() {
    return new PendingCall(future, method, request, deadlineNanos, attempt + 1);
  }

  void succeed(Object value) {
    future.stopTimer();
    future.complete(value);
  }

  void fail(Status status, String message) {
    future.stopTimer();
    future.completeExceptionally(new RpcException(status, message));
  }

  long remainingNanos() {
    return deadlineNanos - System.nanoTime();
  }
}
