package com.inkzee.rpc.serial;

/**
 * A payload that cannot be a valid message: a length beyond the frame or a limit, an unknown type
 * id, a wrong wire type. Thrown before anything of the claimed size is allocated.
 */
public final class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message, null, false, false);
  }
}
