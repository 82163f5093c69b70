package com.inkzee.rpc.status;

import static java.util.Objects.requireNonNull;

/**
 * A call's failure as seen by both sides: a {@link Status} and a human-readable message.
 *
 * <p>Handlers throw it to answer with a status; clients receive it from every failed call. Only the
 * status and the message cross the wire, never a stack trace or a cause.
 */
public class RpcException extends RuntimeException {
  private final Status status;

  public RpcException(Status status, String message) {
    super(message, null, false, false);
    this.status = requireNonNull(status, "status");
  }

  public RpcException(Status status, String message, Throwable cause) {
    super(message, cause);
    this.status = requireNonNull(status, "status");
  }

  public Status status() {
    return status;
  }

  @Override
  public String getMessage() {
    return status + ": " + super.getMessage();
  }

  /** The message alone, without the status prefix, as it travels on the wire. */
  public String detail() {
    return super.getMessage();
  }

  public static RpcException invalidArgument(String message) {
    return new RpcException(Status.INVALID_ARGUMENT, message);
  }

  public static RpcException notFound(String message) {
    return new RpcException(Status.NOT_FOUND, message);
  }

  public static RpcException unavailable(String message) {
    return new RpcException(Status.UNAVAILABLE, message);
  }

  public static RpcException unavailable(String message, Throwable cause) {
    return new RpcException(Status.UNAVAILABLE, message, cause);
  }

  public static RpcException deadlineExceeded(String message) {
    return new RpcException(Status.DEADLINE_EXCEEDED, message);
  }

  public static RpcException resourceExhausted(String message) {
    return new RpcException(Status.RESOURCE_EXHAUSTED, message);
  }

  public static RpcException unimplemented(String message) {
    return new RpcException(Status.UNIMPLEMENTED, message);
  }

  public static RpcException internal(String message) {
    return new RpcException(Status.INTERNAL, message);
  }
}
