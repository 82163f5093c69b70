package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.server.CallContext;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;

/**
 * The context of one call inside a {@code system.multicall}: the multicall's deadline and
 * cancellation, but no deferring. The calls of a multicall run one after another on its handler
 * thread and answer together, so a call that would wait for its answer (a long poll) has nowhere to
 * wait but that thread; it is refused instead, with a fault saying to call it alone.
 */
final class MulticallMember implements CallContext {
  private final CallContext multicall;
  private final String where;
  private final String methodName;

  /**
   * @param multicall the multicall's own context
   * @param where the call's place, e.g. "system.multicall[3]"
   * @param methodName the method it names
   */
  MulticallMember(CallContext multicall, String where, String methodName) {
    this.multicall = java.util.Objects.requireNonNull(multicall, "multicall");
    this.where = where;
    this.methodName = methodName;
  }

  @Override
  public MethodDescriptor<?, ?> method() {
    return multicall.method();
  }

  @Override
  public long deadlineNanos() {
    return multicall.deadlineNanos();
  }

  @Override
  public boolean isCancelled() {
    return multicall.isCancelled();
  }

  @Override
  public String peer() {
    return multicall.peer();
  }

  @Override
  public <T> Deferred<T> defer() {
    throw new RpcException(
        Status.FAILED_PRECONDITION,
        where
            + ": "
            + methodName
            + " waits for its answer and cannot run inside system.multicall; call it on its own");
  }
}
