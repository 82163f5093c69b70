package com.inkzee.rpc.client;

import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;

/**
 * One attempt of a call, from the moment it is handed to a connection until its reply. A retry
 * makes a new attempt with the same future, request and deadline.
 */
record PendingCall(
    RpcFuture<Object> future,
    MethodDescriptor<?, ?> method,
    Object request,
    long deadlineNanos,
    int attempt) {

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
