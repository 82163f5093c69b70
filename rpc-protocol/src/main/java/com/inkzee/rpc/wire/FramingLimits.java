package com.inkzee.rpc.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

/** Builds the bounded length-prefix decoder shared by clients and servers. */
public final class FramingLimits {
  private FramingLimits() {}

  /**
   * The server's decoder: {@link WireFormat#MAX_HANDSHAKE_FRAME_BYTES} until {@link
   * HandshakeLimited#handshakeDone()}, then {@code maxFrameBytes}. With the full limit from the
   * first byte, anyone who can open a connection could make the server buffer a maximum frame per
   * connection for the whole handshake timeout, on every connection it allows.
   */
  public static HandshakeLimited serverDecoder(int maxFrameBytes) {
    return new HandshakeLimited(maxFrameBytes);
  }

  /** A frame larger than the handshake allows arrived before the HELLO was accepted. */
  public static final class HandshakeFrameTooLongException extends TooLongFrameException {
    private static final long serialVersionUID = 1L;

    HandshakeFrameTooLongException(long declared) {
      super(
          "frame of "
              + declared
              + " bytes before the handshake; the limit until a HELLO is accepted is "
              + WireFormat.MAX_HANDSHAKE_FRAME_BYTES);
    }
  }

  /** See {@link #serverDecoder}. Event loop only, like every handler. */
  public static final class HandshakeLimited extends LengthFieldBasedFrameDecoder {
    private final int maxFrameBytes;
    private boolean handshakeDone;
    private boolean refused;

    private HandshakeLimited(int maxFrameBytes) {
      super(
          checked(maxFrameBytes) + WireFormat.LENGTH_FIELD_BYTES,
          0,
          WireFormat.LENGTH_FIELD_BYTES,
          0,
          WireFormat.LENGTH_FIELD_BYTES,
          true);
      this.maxFrameBytes = maxFrameBytes;
    }

    /** The HELLO was accepted: frames up to the configured maximum from now on. */
    public void handshakeDone() {
      handshakeDone = true;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
      if (refused) { // the connection is closing: drop what still arrives, buffer nothing
        in.skipBytes(in.readableBytes());
        return null;
      }
      if (!handshakeDone && in.readableBytes() >= WireFormat.LENGTH_FIELD_BYTES) {
        long declared = in.getUnsignedInt(in.readerIndex());
        // Above the configured maximum the usual path refuses it, with its usual message.
        if (declared > WireFormat.MAX_HANDSHAKE_FRAME_BYTES && declared <= maxFrameBytes) {
          refused = true;
          in.skipBytes(in.readableBytes());
          throw new HandshakeFrameTooLongException(declared);
        }
      }
      return super.decode(ctx, in);
    }
  }

  private static int checked(int maxFrameBytes) {
    if (maxFrameBytes < WireFormat.HEADER_BYTES) {
      throw new IllegalArgumentException("maxFrameBytes must be >= 6: " + maxFrameBytes);
    }
    return maxFrameBytes;
  }

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
