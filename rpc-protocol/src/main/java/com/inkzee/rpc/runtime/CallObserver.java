package com.inkzee.rpc.runtime;

/**
 * Told about every call a server answered or a client made, once it ended: how /metrics counts
 * calls by method and status and times them, without the RPC runtime depending on a metrics
 * library. Register one with {@code RpcServer.Builder.observer} or {@code RpcClient.observe}.
 *
 * <p>Called on the thread that ended the call (a Netty event loop or a handler thread), so an
 * implementation must be fast and must not block. An exception it throws is logged and ignored (see
 * {@link CallObservers}): a broken metric never fails a call.
 */
@FunctionalInterface
public interface CallObserver {
  /** Observes nothing. */
  CallObserver NONE = call -> {};

  void callEnded(EndedCall call);
}
