package com.inkzee.rpc.wire;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Builds the bounded length-prefix decoder shared by clients and servers. */
public final class FramingLimits {
  private FramingLimits() {}

  /**
   * A decoder that strips the 4-byte length and fails fast on a frame over {@code maxFrameBytes}:
   * the oversized bytes are discarded as they arrive, never buffered, so a peer declaring 2 GiB
   * costs nothing.
   */
  public static LengthFieldBasedFrameDecoder lengthDecoder(int maxFrameBytes) {
    if (maxFrameBytes < WireFormat.HEADER_BYTES) {
      throw new IllegalArgumentException("maxFrameBytes must be >= 6: " + maxFrameBytes);
    }
    // maxFrameLength counts the length field itself.
    return new LengthFieldBasedFrameDecoder(
        maxFrameBytes + WireFormat.LENGTH_FIELD_BYTES,
        0,
        WireFormat.LENGTH_FIELD_BYTES,
        0,
        WireFormat.LENGTH_FIELD_BYTES,
        true);
  }
}
