package com.inkzee.rpc.server;

import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.RpcException;
import java.time.Duration;

/**
 * What a handler may ask about the call it is serving: its deadline and whether the caller gave up.
 * Long handlers should check {@link #isCancelled()} between steps; blocking ones are also
 * interrupted when the call is cancelled or its deadline passes.
 *
 * <p>A client call made from inside a handler inherits the remaining deadline.
 */
public interface CallContext {

  MethodDescriptor<?, ?> method();

  /** {@link System#nanoTime()} at which the caller stops waiting. */
  long deadlineNanos();

  default Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos() - System.nanoTime()));
  }

  boolean isCancelled();

  /** The remote address of the caller, for logs. */
  String peer();

  /**
   * Frees the handler's thread: the handler returns (anything; null is usual) and the call is
   * answered later, from any thread, through the returned {@link Deferred}. For calls that wait for
   * an event, such as a long poll, so that waiting callers do not each hold one of the server's
   * bounded handler threads. The call keeps its place in the connection's in-flight count and its
   * deadline: if the deadline passes or the caller cancels first, the caller gets that answer and a
   * later {@code complete} is ignored. A handler that throws after deferring answers with that
   * error at once.
   *
   * @throws IllegalStateException when called other than by the call's handler while it runs
   */
  <T> Deferred<T> defer();

  /** The later answer of a deferred call; see {@link CallContext#defer()}. Thread-safe. */
  interface Deferred<T> {
    /** Answers with {@code response}; ignored once the call has ended. */
    void complete(T response);

    /** Answers with {@code error}'s status and detail; ignored once the call has ended. */
    void fail(RpcException error);

    /** Whether the call has ended (answered, expired or cancelled). */
    boolean isDone();
  }

  /** The context of the call running on this thread, or null outside a handler. */
  static CallContext current() {
    return CallScope.CURRENT.get();
  }
}
