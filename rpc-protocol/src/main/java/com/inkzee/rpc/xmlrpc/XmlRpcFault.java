package com.inkzee.rpc.xmlrpc;

import static java.util.Objects.requireNonNull;

import com.inkzee.rpc.status.Status;

/**
 * An XML-RPC fault: a {@link Status} and a message, answered as {@code <fault>} with {@code
 * faultCode} = the status's Inkzee RPC wire code (so both protocols number failures alike, see
 * docs/XMLRPC.md's table) and {@code faultString} = {@code "STATUS: message"}.
 */
public final class XmlRpcFault extends RuntimeException {
  private final Status status;

  public XmlRpcFault(Status status, String message) {
    super(message, null, false, false);
    this.status = requireNonNull(status, "status");
  }

  public Status status() {
    return status;
  }

  /** The {@code faultCode} member: the status's wire code, 1..12 (0 is UNKNOWN). */
  public int faultCode() {
    return status.code();
  }

  /** The {@code faultString} member. */
  public String faultString() {
    return status.name() + ": " + getMessage();
  }

  static XmlRpcFault invalid(String message) {
    return new XmlRpcFault(Status.INVALID_ARGUMENT, message);
  }
}
