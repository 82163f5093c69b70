package com.inkzee.rpc.server;

/**
 * Which call the current thread is serving, for {@link CallContext#current()}. Inkzee RPC's own
 * calls set it; another front door onto the same handlers (the XML-RPC server) sets it too, so a
 * handler sees its call's deadline and can {@link CallContext#defer() defer} whichever protocol
 * brought the call.
 */
public final class CallScope {
  static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  private CallScope() {}

  /**
   * Runs {@code body} with {@code call} as this thread's current call (null: none, so a handler
   * behaves as when called directly), then restores the previous one.
   */
  public static <T> T run(CallContext call, Body<T> body) throws Throwable {
    CallContext outer = CURRENT.get();
    if (call == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(call);
    }
    try {
      return body.call();
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** The code run in a call's scope. */
  @FunctionalInterface
  public interface Body<T> {
    T call() throws Throwable;
  }
}
