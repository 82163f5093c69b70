package com.inkzee.rpc.wire;

/**
 * Constants of the Inkzee RPC wire format, version 1. See docs/PROTOCOL.md for the whole picture.
 *
 * <pre>
 *  0       4      5       6                10
 *  +-------+------+-------+-----------------+----------------------+
 *  |length | type | flags |    stream id    |  body (length - 6)   |
 *  | u32   |  u8  |  u8   |      u32        |                      |
 *  +-------+------+-------+-----------------+----------------------+
 * </pre>
 *
 * All integers are big-endian. {@code length} counts everything after itself.
 */
public final class WireFormat {
  /** "INKZ": first four body bytes of HELLO and HELLO_ACK, so a stray client is spotted at once. */
  public static final int MAGIC = 0x494E4B5A;

  /** The protocol major version this code speaks. Minor evolution happens in the catalogue. */
  public static final int PROTOCOL_VERSION = 1;

  public static final int LENGTH_FIELD_BYTES = 4;

  /** type + flags + stream id. */
  public static final int HEADER_BYTES = 6;

  /** Default maximum frame (after the length prefix): 16 MiB, as DESIGN.md suggests. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

  /** Largest maximum a peer may announce or configure: 1 GiB. */
  public static final int MAX_ANNOUNCED_FRAME_BYTES = 1 << 30;

  /** Smallest maximum a peer may announce; below this a river page would not fit. */
  public static final int MIN_MAX_FRAME_BYTES = 64 * 1024;

  /** Error messages and GOAWAY reasons are cut to this many UTF-8 bytes. */
  public static final int MAX_MESSAGE_BYTES = 1024;

  /** Service names in HELLO: one length byte. */
  public static final int MAX_SERVICE_NAME_BYTES = 255;

  /** Auth tokens in HELLO. */
  public static final int MAX_TOKEN_BYTES = 1024;

  /**
   * Largest frame a server reads before a HELLO has been accepted. The biggest HELLO version 1 can
   * write is 1,310 bytes (a 255-byte service name, a 1024-byte token); the rest is headroom. Until
   * the peer has authenticated it cannot make the server buffer a full-size frame.
   */
  public static final int MAX_HANDSHAKE_FRAME_BYTES = 4 * 1024;

  private WireFormat() {}
}
