package com.inkzee.rpc.wire;

/** The kind of a frame: its first byte after the length prefix. Values are never renumbered. */
public enum FrameType {
  HELLO(0x01),
  HELLO_ACK(0x02),
  REQUEST(0x03),
  RESPONSE(0x04),
  ERROR(0x05),
  CANCEL(0x06),
  PING(0x07),
  PONG(0x08),
  GOAWAY(0x09);

  private static final FrameType[] BY_CODE = new FrameType[256];

  static {
    for (FrameType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire code, or null for a code this version does not know. */
  public static FrameType fromCode(int code) {
    return BY_CODE[code & 0xFF];
  }
}
