package com.inkzee.rpc.server;

import com.inkzee.rpc.service.MethodDescriptor;
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

  /** The context of the call running on this thread, or null outside a handler. */
  static CallContext current() {
    return ServerCall.CURRENT.get();
  }
}
