package com.inkzee.rpc.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameDecoder;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.FramingLimits;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arbitrary bytes through the server's framing pipeline (the bounded length decoder, then {@link
 * FrameDecoder}), fed in arbitrary chunks as TCP would deliver them.
 *
 * <p>Input layout: byte 0 picks the frame cap (low 2 bits) and the chunk size (the rest; 0 means
 * one write), the remaining bytes are the stream. Findings are: an exception other than a framing
 * error, a frame that breaks an invariant or does not survive re-encoding, or a leaked buffer.
 */
class FrameDecoderFuzzTest {
  /** Small caps reach the too-long path quickly; the largest is the smallest a peer may use. */
  private static final int[] MAX_FRAMES = {
    WireFormat.HEADER_BYTES, 64, 1024, WireFormat.MIN_MAX_FRAME_BYTES
  };

  private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

  @FuzzTest(maxDuration = "20s") // the build overrides this with -Djazzer.max_duration
  @DictionaryFile(resourcePath = "/fuzz/frames.dict")
  void decodesAnyByteStreamIntoValidFramesOrAFramingError(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int maxFrame = MAX_FRAMES[input[0] & 3];
    int chunk = ((input[0] & 0xFF) >>> 2) * 7;
    byte[] stream = Arrays.copyOfRange(input, 1, input.length);

    Sink sink = new Sink();
    EmbeddedChannel channel =
        new EmbeddedChannel(FramingLimits.lengthDecoder(maxFrame), new FrameDecoder(), sink);
    List<ByteBuf> written = new ArrayList<>();
    for (int at = 0; at < stream.length && sink.failure == null; ) {
      int n = chunk == 0 ? stream.length : Math.min(chunk, stream.length - at);
      ByteBuf buf = Unpooled.wrappedBuffer(stream, at, n);
      written.add(buf);
      channel.writeInbound(buf);
      sink.rethrowUnexpected();
      at += n;
    }
    channel.finishAndReleaseAll(); // a truncated tail is decoded (and refused) at close too
    sink.rethrowUnexpected();

    for (ByteBuf buf : written) {
      if (buf.refCnt() != 0) {
        throw new IllegalStateException("an input buffer was never released: " + buf);
      }
    }
  }

  /**
   * The last handler: checks every frame as it is decoded and sorts exceptions. Netty swallows what
   * a handler throws from its callbacks, so findings are kept and rethrown by the caller.
   */
  private static final class Sink extends ChannelInboundHandlerAdapter {
    Throwable failure;
    private Throwable unexpected;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        check((Frame) msg);
      } catch (Throwable t) {
        unexpected = unexpected == null ? t : unexpected;
      } finally {
        if (msg instanceof Frame.WithPayload p) {
          p.release();
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!isFramingError(cause)) {
        // Anything else (an IndexOutOfBoundsException wrapped by MessageToMessageDecoder, say)
        // is a decoder bug.
        unexpected = unexpected == null ? cause : unexpected;
      } else if (failure == null) {
        failure = cause; // a server closes the connection here: stop feeding
      }
    }

    void rethrowUnexpected() {
      if (unexpected instanceof AssertionError a) {
        throw a;
      }
      if (unexpected != null) {
        throw new AssertionError("not a framing error: " + unexpected, unexpected);
      }
    }
  }

  /** What the server turns into a logged close: a bad frame, or one over the cap. */
  static boolean isFramingError(Throwable t) {
    if (t instanceof CorruptedFrameException || t instanceof TooLongFrameException) {
      return true;
    }
    // MessageToMessageDecoder wraps what its decode throws; only a framing error may be inside.
    return t.getClass() == DecoderException.class
        && (t.getCause() instanceof CorruptedFrameException
            || t.getCause() instanceof TooLongFrameException);
  }

  /** Invariants of a decoded frame, and that writing it back and decoding again is lossless. */
  static void check(Frame f) {
    if ((f instanceof Frame.Request || f instanceof Frame.Response || f instanceof Frame.Cancel)
        && f.streamId() <= 0) {
      throw new AssertionError("decoded a stream frame on stream " + f.streamId() + ": " + f);
    }
    ByteBuf again = reencode(f);
    if (again == null) {
      return;
    }
    try {
      int length = again.readInt();
      if (length != again.readableBytes()) {
        throw new AssertionError("FrameWriter wrote length " + length + " for " + f);
      }
      Frame g = FrameDecoder.decode(again);
      if (!sameFrame(f, g)) {
        throw new AssertionError("re-encoding changed the frame: " + f + " became " + g);
      }
      if (g instanceof Frame.WithPayload p) {
        p.release();
      }
    } finally {
      again.release();
    }
  }

  /** The frame through {@link FrameWriter}, or null where the writer would rightly refuse it. */
  private static ByteBuf reencode(Frame f) {
    if (f instanceof Frame.Hello h) {
      boolean fits = h.service().getBytes(StandardCharsets.UTF_8).length <= 255;
      return fits ? FrameWriter.hello(ALLOC, h) : null;
    } else if (f instanceof Frame.Request r) {
      byte[] p = ByteBufUtil.getBytes(r.payload());
      return FrameWriter.request(ALLOC, r.streamId(), r.methodId(), r.timeoutMillis(), p, p.length);
    } else if (f instanceof Frame.Response r) {
      byte[] p = ByteBufUtil.getBytes(r.payload());
      return FrameWriter.response(ALLOC, r.streamId(), p, p.length);
    } else if (f instanceof Frame.Error e) {
      return fitsMessage(e.message())
          ? FrameWriter.error(ALLOC, e.streamId(), e.status(), e.message())
          : null;
    } else if (f instanceof Frame.Cancel c) {
      return FrameWriter.cancel(ALLOC, c.streamId());
    } else if (f instanceof Frame.Ping p) {
      return FrameWriter.ping(ALLOC, p.data());
    } else if (f instanceof Frame.Pong p) {
      return FrameWriter.pong(ALLOC, p.data());
    } else if (f instanceof Frame.GoAway g) {
      return fitsMessage(g.reason())
          ? FrameWriter.goAway(ALLOC, g.lastStreamId(), g.reason())
          : null;
    }
    throw new AssertionError("unknown frame kind " + f);
  }

  /** The writer cuts longer messages to {@link WireFormat#MAX_MESSAGE_BYTES}, by design. */
  private static boolean fitsMessage(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length <= WireFormat.MAX_MESSAGE_BYTES;
  }

  private static boolean sameFrame(Frame a, Frame b) {
    if (a instanceof Frame.Hello x && b instanceof Frame.Hello y) {
      return x.ack() == y.ack()
          && x.minVersion() == y.minVersion()
          && x.maxVersion() == y.maxVersion()
          && x.catalogueMinor() == y.catalogueMinor()
          && x.catalogueFingerprint() == y.catalogueFingerprint()
          && x.service().equals(y.service())
          && Arrays.equals(x.token(), y.token())
          && x.maxFrameBytes() == y.maxFrameBytes();
    }
    if (a instanceof Frame.Request x && b instanceof Frame.Request y) {
      return x.streamId() == y.streamId()
          && x.methodId() == y.methodId()
          && x.timeoutMillis() == y.timeoutMillis()
          && x.payload().equals(y.payload());
    }
    if (a instanceof Frame.Response x && b instanceof Frame.Response y) {
      return x.streamId() == y.streamId() && x.payload().equals(y.payload());
    }
    return a.equals(b); // the other kinds are plain value records
  }
}
