package com.inkzee.rpc.status;

/**
 * The small, closed set of outcomes a call can have, each with a fixed one-byte wire code.
 *
 * <p>Codes are never renumbered. A code this peer does not know (sent by a newer peer) reads as
 * {@link #UNKNOWN}, so adding a code is a compatible change.
 */
public enum Status {
  UNKNOWN(0, false),
  INVALID_ARGUMENT(1, false),
  NOT_FOUND(2, false),
  /** The peer could not be reached or the connection broke; safe to retry idempotent calls. */
  UNAVAILABLE(3, true),
  DEADLINE_EXCEEDED(4, false),
  /** The server is overloaded (executor queue or a limit full); retry later, with backoff. */
  RESOURCE_EXHAUSTED(5, true),
  UNIMPLEMENTED(6, false),
  UNAUTHENTICATED(7, false),
  INTERNAL(8, false),
  CANCELLED(9, false),
  /** The peers cannot talk: no common protocol version. (An unknown service is NOT_FOUND.) */
  FAILED_PRECONDITION(10, false),
  ALREADY_EXISTS(11, false),
  PERMISSION_DENIED(12, false);

  private static final Status[] BY_CODE = new Status[256];

  static {
    for (Status s : values()) {
      BY_CODE[s.code] = s;
    }
  }

  private final int code;
  private final boolean retryable;

  Status(int code, boolean retryable) {
    this.code = code;
    this.retryable = retryable;
  }

  /** The byte sent on the wire. */
  public int code() {
    return code;
  }

  /** Whether a client may retry an idempotent call that failed with this status. */
  public boolean retryable() {
    return retryable;
  }

  /** Maps a wire code back; unknown codes from newer peers become {@link #UNKNOWN}. */
  public static Status fromCode(int code) {
    Status s = (code >= 0 && code < BY_CODE.length) ? BY_CODE[code] : null;
    return s == null ? UNKNOWN : s;
  }
}
