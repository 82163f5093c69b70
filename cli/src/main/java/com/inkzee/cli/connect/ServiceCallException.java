package com.inkzee.cli.connect;

import com.inkzee.cli.ExitCodes;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;

/**
 * A call to a running service failed: the service and method, the status and the service's own
 * message, and the exit code that status stands for.
 */
public final class ServiceCallException extends RuntimeException {
  /** The method name used when the connection's handshake, not a call, was refused. */
  public static final String HANDSHAKE = "handshake";

  private final ServiceKind service;
  private final String method;
  private final Status status;
  private final String detail;

  public ServiceCallException(ServiceKind service, String method, RpcException cause) {
    super(
        "the "
            + service.label()
            + "'s "
            + method
            + " failed: "
            + cause.status()
            + ": "
            + cause.detail(),
        cause);
    this.service = service;
    this.method = method;
    this.status = cause.status();
    this.detail = cause.detail();
  }

  public ServiceKind service() {
    return service;
  }

  public String method() {
    return method;
  }

  public Status status() {
    return status;
  }

  /** The service's message, without the status. */
  public String detail() {
    return detail;
  }

  /** What the failure means for the caller: see {@link ExitCodes}. */
  public int exitCode() {
    if (method.equals(HANDSHAKE)) {
      return ExitCodes.REFUSED; // a wrong token or an incompatible catalogue: not our request
    }
    switch (status) {
      case INVALID_ARGUMENT:
        return ExitCodes.USAGE;
      case UNAVAILABLE:
        return ExitCodes.SERVICE_DOWN;
      case UNAUTHENTICATED:
      case PERMISSION_DENIED:
        return ExitCodes.REFUSED;
      default:
        return ExitCodes.FAILED;
    }
  }
}
