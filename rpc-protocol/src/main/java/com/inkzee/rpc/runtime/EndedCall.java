package com.inkzee.rpc.runtime;

import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.status.Status;

/**
 * One call as it ended, for a {@link CallObserver}.
 *
 * @param method the method called
 * @param status how it failed, or null when it succeeded
 * @param durationNanos server: from reading the request to handing over the reply (queueing
 *     included); client: from starting the call to its result
 * @param response the response on success (read-only: it is on its way to the wire), else null
 */
public record EndedCall(
    MethodDescriptor<?, ?> method, Status status, long durationNanos, Object response) {

  /** The label for {@link #status}: {@code OK} for a success, else the status's name. */
  public String statusName() {
    return status == null ? "OK" : status.name();
  }
}
