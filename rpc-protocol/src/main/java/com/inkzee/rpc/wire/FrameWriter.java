package com.inkzee.rpc.wire;

import com.inkzee.rpc.status.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Encodes frames, length prefix included, into buffers ready to write to a channel.
 *
 * <p>Callers encode on their own thread (a handler thread or the calling thread), so the event loop
 * only copies bytes to the socket. The layouts are those documented on {@link FrameDecoder}.
 */
public final class FrameWriter {
  private FrameWriter() {}

  public static ByteBuf hello(ByteBufAllocator alloc, Frame.Hello h) {
    byte[] service = h.service().getBytes(StandardCharsets.UTF_8);
    if (service.length > WireFormat.MAX_SERVICE_NAME_BYTES) {
      throw new IllegalArgumentException("service name longer than 255 bytes: " + h.service());
    }
    if (h.token().length > WireFormat.MAX_TOKEN_BYTES) {
      throw new IllegalArgumentException(
          "auth token of " + h.token().length + " bytes exceeds " + WireFormat.MAX_TOKEN_BYTES);
    }
    int body = 4 + 2 + 2 + 2 + 8 + 1 + service.length + 2 + h.token().length + 4;
    ByteBuf buf = header(alloc, h.ack() ? FrameType.HELLO_ACK : FrameType.HELLO, 0, body);
    buf.writeInt(WireFormat.MAGIC);
    buf.writeShort(h.minVersion());
    buf.writeShort(h.maxVersion());
    buf.writeShort(h.catalogueMinor());
    buf.writeLong(h.catalogueFingerprint());
    buf.writeByte(service.length);
    buf.writeBytes(service);
    buf.writeShort(h.token().length);
    buf.writeBytes(h.token());
    buf.writeInt(h.maxFrameBytes());
    return buf;
  }

  /** A REQUEST whose Kryo payload is {@code payload[0..payloadLength)}. */
  public static ByteBuf request(
      ByteBufAllocator alloc,
      int streamId,
      int methodId,
      int timeoutMillis,
      byte[] payload,
      int payloadLength) {
    ByteBuf buf = header(alloc, FrameType.REQUEST, streamId, 6 + payloadLength);
    buf.writeShort(methodId);
    buf.writeInt(Math.max(0, timeoutMillis));
    buf.writeBytes(payload, 0, payloadLength);
    return buf;
  }

  /**
   * Sets the stream id of a frame made here, still unread: a client numbers a REQUEST only as it
   * writes it, so that its stream ids reach the server in increasing order (docs/PROTOCOL.md 4).
   */
  public static void setStreamId(ByteBuf frame, int streamId) {
    frame.setInt(frame.readerIndex() + STREAM_ID_OFFSET, streamId);
  }

  /** Where the stream id sits in a frame from here: after the length, type and flags. */
  private static final int STREAM_ID_OFFSET = WireFormat.LENGTH_FIELD_BYTES + 2;

  /** A RESPONSE whose Kryo payload is {@code payload[0..payloadLength)}. */
  public static ByteBuf response(
      ByteBufAllocator alloc, int streamId, byte[] payload, int payloadLength) {
    ByteBuf buf = header(alloc, FrameType.RESPONSE, streamId, payloadLength);
    buf.writeBytes(payload, 0, payloadLength);
    return buf;
  }

  public static ByteBuf error(ByteBufAllocator alloc, int streamId, Status status, String message) {
    byte[] text = truncatedUtf8(message);
    ByteBuf buf = header(alloc, FrameType.ERROR, streamId, 1 + 2 + text.length);
    buf.writeByte(status.code());
    buf.writeShort(text.length);
    buf.writeBytes(text);
    return buf;
  }

  public static ByteBuf cancel(ByteBufAllocator alloc, int streamId) {
    return header(alloc, FrameType.CANCEL, streamId, 0);
  }

  public static ByteBuf ping(ByteBufAllocator alloc, long data) {
    return header(alloc, FrameType.PING, 0, 8).writeLong(data);
  }

  public static ByteBuf pong(ByteBufAllocator alloc, long data) {
    return header(alloc, FrameType.PONG, 0, 8).writeLong(data);
  }

  public static ByteBuf goAway(ByteBufAllocator alloc, int lastStreamId, String reason) {
    byte[] text = truncatedUtf8(reason);
    ByteBuf buf = header(alloc, FrameType.GOAWAY, 0, 4 + 2 + text.length);
    buf.writeInt(lastStreamId);
    buf.writeShort(text.length);
    buf.writeBytes(text);
    return buf;
  }

  private static ByteBuf header(ByteBufAllocator alloc, FrameType type, int streamId, int body) {
    int frameBytes = WireFormat.HEADER_BYTES + body;
    ByteBuf buf = alloc.buffer(WireFormat.LENGTH_FIELD_BYTES + frameBytes);
    buf.writeInt(frameBytes);
    buf.writeByte(type.code());
    buf.writeByte(0); // flags
    buf.writeInt(streamId);
    return buf;
  }

  /** UTF-8 of {@code s}, cut on a character boundary to {@link WireFormat#MAX_MESSAGE_BYTES}. */
  static byte[] truncatedUtf8(String s) {
    byte[] bytes = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= WireFormat.MAX_MESSAGE_BYTES) {
      return bytes;
    }
    int end = WireFormat.MAX_MESSAGE_BYTES;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // do not split a multi-byte character
    }
    return java.util.Arrays.copyOf(bytes, end);
  }
}
