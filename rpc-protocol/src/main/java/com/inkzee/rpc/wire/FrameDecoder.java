package com.inkzee.rpc.wire;

import com.inkzee.rpc.status.Status;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns one length-delimited frame (the length prefix already stripped by {@link
 * io.netty.handler.codec.LengthFieldBasedFrameDecoder}) into a {@link Frame}.
 *
 * <p>Bodies by type (after the 6-byte header):
 *
 * <pre>
 * HELLO, HELLO_ACK  magic u32 | minVersion u16 | maxVersion u16 | catalogueMinor u16
 *                   | fingerprint u64 | serviceLen u8 | service | tokenLen u16 | token
 *                   | maxFrameBytes u32
 * REQUEST           methodId u16 | timeoutMillis u32 | payload (Kryo, rest of frame)
 * RESPONSE          payload (Kryo, rest of frame)
 * ERROR             status u8 | messageLen u16 | message (UTF-8)
 * CANCEL            (empty)
 * PING, PONG        data u64
 * GOAWAY            lastStreamId u32 | reasonLen u16 | reason (UTF-8)
 * </pre>
 *
 * Every length is checked against the bytes left in the frame before anything is read, so a
 * malformed frame fails with {@link CorruptedFrameException} and allocates nothing. Frames of a
 * type this version does not know yield nothing, before or after the handshake: a newer peer may
 * send them, and a stray peer's first frame still has to be a valid HELLO within the handshake
 * timeout.
 */
public final class FrameDecoder extends MessageToMessageDecoder<ByteBuf> {

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    Frame frame = decode(in);
    if (frame != null) {
      out.add(frame);
    }
  }

  /**
   * Decodes one frame body; REQUEST and RESPONSE payloads are retained slices of {@code in}.
   *
   * @return the frame, or null when its type is unknown to this version
   */
  public static Frame decode(ByteBuf in) {
    need(in, WireFormat.HEADER_BYTES, "frame header");
    int typeCode = in.readUnsignedByte();
    in.readUnsignedByte(); // flags: none defined in version 1, ignored for forward compatibility
    int streamId = in.readInt();
    FrameType type = FrameType.fromCode(typeCode);
    if (type == null) {
      return null;
    }
    switch (type) {
      case HELLO:
      case HELLO_ACK:
        return readHello(in, type == FrameType.HELLO_ACK);
      case REQUEST:
        requireStream(streamId, type);
        need(in, 6, "REQUEST method id and timeout");
        int methodId = in.readUnsignedShort();
        long timeout = in.readUnsignedInt();
        return new Frame.Request(
            streamId,
            methodId,
            (int) Math.min(Integer.MAX_VALUE, timeout),
            in.readRetainedSlice(in.readableBytes()));
      case RESPONSE:
        requireStream(streamId, type);
        return new Frame.Response(streamId, in.readRetainedSlice(in.readableBytes()));
      case ERROR:
        need(in, 1, "ERROR status");
        Status status = Status.fromCode(in.readUnsignedByte());
        return new Frame.Error(streamId, status, readShortString(in, "ERROR message"));
      case CANCEL:
        requireStream(streamId, type);
        return new Frame.Cancel(streamId);
      case PING:
        need(in, 8, "PING data");
        return new Frame.Ping(in.readLong());
      case PONG:
        need(in, 8, "PONG data");
        return new Frame.Pong(in.readLong());
      case GOAWAY:
        need(in, 4, "GOAWAY last stream id");
        int last = in.readInt();
        return new Frame.GoAway(last, readShortString(in, "GOAWAY reason"));
      default:
        throw new IllegalStateException("unhandled frame type " + type);
    }
  }

  private static Frame.Hello readHello(ByteBuf in, boolean ack) {
    need(in, 4 + 2 + 2 + 2 + 8 + 1, "HELLO fixed fields");
    int magic = in.readInt();
    if (magic != WireFormat.MAGIC) {
      throw new CorruptedFrameException(
          String.format("bad magic 0x%08X in HELLO, expected 0x%08X", magic, WireFormat.MAGIC));
    }
    int minVersion = in.readUnsignedShort();
    int maxVersion = in.readUnsignedShort();
    int catalogueMinor = in.readUnsignedShort();
    long fingerprint = in.readLong();
    int serviceLen = in.readUnsignedByte();
    need(in, serviceLen, "HELLO service name");
    String service = in.readCharSequence(serviceLen, StandardCharsets.UTF_8).toString();
    need(in, 2, "HELLO token length");
    int tokenLen = in.readUnsignedShort();
    if (tokenLen > WireFormat.MAX_TOKEN_BYTES) {
      throw new CorruptedFrameException(
          "HELLO token of " + tokenLen + " bytes exceeds " + WireFormat.MAX_TOKEN_BYTES);
    }
    need(in, tokenLen, "HELLO token");
    byte[] token = new byte[tokenLen];
    in.readBytes(token);
    need(in, 4, "HELLO max frame bytes");
    long maxFrame = in.readUnsignedInt();
    return new Frame.Hello(
        ack,
        minVersion,
        maxVersion,
        catalogueMinor,
        fingerprint,
        service,
        token,
        (int) Math.min(Integer.MAX_VALUE, maxFrame));
  }

  private static String readShortString(ByteBuf in, String what) {
    need(in, 2, what + " length");
    int len = in.readUnsignedShort();
    need(in, len, what);
    return in.readCharSequence(len, StandardCharsets.UTF_8).toString();
  }

  private static void requireStream(int streamId, FrameType type) {
    if (streamId <= 0) {
      throw new CorruptedFrameException(type + " frame with invalid stream id " + streamId);
    }
  }

  private static void need(ByteBuf in, int bytes, String what) {
    if (in.readableBytes() < bytes) {
      throw new CorruptedFrameException(
          "truncated frame: "
              + what
              + " needs "
              + bytes
              + " bytes, "
              + in.readableBytes()
              + " left");
    }
  }
}
