package com.inkzee.rpc.wire;

import com.inkzee.rpc.status.Status;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A decoded frame, as handed from {@link FrameDecoder} to the connection handlers.
 *
 * <p>The byte layout of each kind is in {@link FrameDecoder} and docs/PROTOCOL.md.
 */
public sealed interface Frame {

  /** The stream a frame belongs to; 0 for connection-level frames. */
  int streamId();

  /** The first frame each way: who is speaking, which versions it speaks, and its credentials. */
  record Hello(
      boolean ack,
      int minVersion,
      int maxVersion,
      int catalogueMinor,
      long catalogueFingerprint,
      String service,
      byte[] token,
      int maxFrameBytes)
      implements Frame {
    @Override
    public int streamId() {
      return 0;
    }
  }

  /** A frame that carries a Kryo payload; releasing the frame releases the payload. */
  interface WithPayload extends ReferenceCounted {
    ByteBuf payload();

    @Override
    default int refCnt() {
      return payload().refCnt();
    }

    @Override
    default WithPayload retain() {
      payload().retain();
      return this;
    }

    @Override
    default WithPayload retain(int increment) {
      payload().retain(increment);
      return this;
    }

    @Override
    default WithPayload touch() {
      payload().touch();
      return this;
    }

    @Override
    default WithPayload touch(Object hint) {
      payload().touch(hint);
      return this;
    }

    @Override
    default boolean release() {
      return payload().release();
    }

    @Override
    default boolean release(int decrement) {
      return payload().release(decrement);
    }
  }

  /** A call: method id, the caller's remaining time, and the Kryo-encoded argument. */
  record Request(int streamId, int methodId, int timeoutMillis, ByteBuf payload)
      implements Frame, WithPayload {}

  /** A successful answer: the Kryo-encoded result. */
  record Response(int streamId, ByteBuf payload) implements Frame, WithPayload {}

  /** A failed call (stream > 0) or a refused connection (stream 0). */
  record Error(int streamId, Status status, String message) implements Frame {}

  /** The caller gave up on a stream; the server stops or drops its work. */
  record Cancel(int streamId) implements Frame {}

  record Ping(long data) implements Frame {
    @Override
    public int streamId() {
      return 0;
    }
  }

  record Pong(long data) implements Frame {
    @Override
    public int streamId() {
      return 0;
    }
  }

  /**
   * The sender is shutting down: streams up to {@code lastStreamId} will be finished, later ones
   * were not processed and may be sent elsewhere.
   */
  record GoAway(int lastStreamId, String reason) implements Frame {
    @Override
    public int streamId() {
      return 0;
    }
  }
}
