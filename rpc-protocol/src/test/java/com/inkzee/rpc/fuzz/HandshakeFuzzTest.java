package com.inkzee.rpc.fuzz;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameDecoder;
import com.inkzee.rpc.wire.FrameType;
import com.inkzee.rpc.wire.FramingLimits;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.slf4j.LoggerFactory;

/**
 * Arbitrary bytes into the server's side of a connection before and during its handshake: the real
 * {@code ServerConnection} of a running server, behind the real framing, in an {@link
 * EmbeddedChannel}.
 *
 * <p>{@code ServerConnection} is package-private; it is built by reflection (the test classpath is
 * one unnamed module, so this needs no JVM flag). Requests after a successful handshake are dropped
 * before it: they would run on the server's handler threads, which must not touch an embedded event
 * loop.
 *
 * <p>Input layout: byte 0 picks the chunk size (0: one write), the rest is the stream. Findings: an
 * error the server did not expect (logged with a throwable), a HELLO_ACK for anything but a valid
 * HELLO with the right token, a refusal that does not close, an error message carrying a stack
 * trace, a connection the server still counts after it closed, or a leaked buffer.
 */
class HandshakeFuzzTest {
  private static final String TOKEN = "fuzz-token";
  private static final String SERVICE = "test";

  private static final RpcServer SERVER =
      Loopback.server(
          new EchoHandler("fuzz"),
          Loopback.serverConfig()
              .withAuthToken(TOKEN)
              .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(90), Duration.ofMinutes(10)));
  private static final int MAX_FRAME = SERVER.config().maxFrameBytes();
  private static final Constructor<?> SERVER_CONNECTION = serverConnectionConstructor();
  private static final UnexpectedErrors UNEXPECTED = UnexpectedErrors.install();

  private static Constructor<?> serverConnectionConstructor() {
    try {
      Constructor<?> c =
          Class.forName("com.inkzee.rpc.server.ServerConnection")
              .getDeclaredConstructor(RpcServer.class);
      c.setAccessible(true);
      return c;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("ServerConnection(RpcServer) is gone: update this test", e);
    }
  }

  @AfterAll
  static void stopServerAndRestoreLogging() {
    SERVER.close();
    UNEXPECTED.uninstall();
  }

  @FuzzTest(maxDuration = "20s") // the build overrides this with -Djazzer.max_duration
  @DictionaryFile(resourcePath = "/fuzz/frames.dict")
  void acknowledgesOnlyAValidHelloAndClosesOnEveryRefusal(byte[] input)
      throws ReflectiveOperationException {
    if (input.length == 0) {
      return;
    }
    int chunk = (input[0] & 0xFF) * 3;
    byte[] stream = Arrays.copyOfRange(input, 1, input.length);
    UNEXPECTED.clear();

    Gate gate = new Gate();
    EmbeddedChannel channel =
        new EmbeddedChannel(
            FramingLimits.lengthDecoder(MAX_FRAME),
            new FrameDecoder(),
            gate,
            (ChannelHandler) SERVER_CONNECTION.newInstance(SERVER));
    List<ByteBuf> written = new ArrayList<>();
    for (int at = 0; at < stream.length && channel.isOpen(); ) {
      int n = chunk == 0 ? stream.length : Math.min(chunk, stream.length - at);
      ByteBuf buf = Unpooled.wrappedBuffer(stream, at, n);
      written.add(buf);
      channel.writeInbound(buf);
      at += n;
    }
    channel.checkException(); // nothing may get past ServerConnection
    boolean closedByServer = !channel.isOpen();
    List<Frame> sent = sentFrames(channel);
    channel.finishAndReleaseAll();

    UNEXPECTED.rethrow();
    checkReplies(stream, sent, closedByServer);
    if (SERVER.connectionCount() != 0) {
      throw new AssertionError("the server still counts a closed connection: " + sent);
    }
    for (ByteBuf buf : written) {
      if (buf.refCnt() != 0) {
        throw new AssertionError("an input buffer was never released; replies " + sent);
      }
    }
  }

  private static void checkReplies(byte[] stream, List<Frame> sent, boolean closedByServer) {
    for (int i = 0; i < sent.size(); i++) {
      Frame f = sent.get(i);
      if (f instanceof Frame.Hello h) {
        if (i != 0 || !h.ack()) {
          throw new AssertionError("HELLO_ACK must be the first reply, and only one: " + sent);
        }
        Frame opening = firstFrame(stream);
        if (!isValidHello(opening)) {
          throw new AssertionError("HELLO_ACK sent for " + describe(opening));
        }
        if (!h.service().equals(SERVICE)
            || h.catalogueFingerprint() != TestCatalogue.get().fingerprint()) {
          throw new AssertionError("wrong HELLO_ACK " + h);
        }
      } else if (f instanceof Frame.Error e) {
        // A NOT_FOUND refusal quotes the service the peer asked for: that part is the peer's.
        String m = e.message();
        if (firstFrame(stream) instanceof Frame.Hello h && !h.service().isEmpty()) {
          m = m.replace(h.service(), "");
        }
        if (m.contains("\tat ") || m.contains("Exception") || e.message().length() > 1024) {
          throw new AssertionError("error message leaks internals: " + e.message());
        }
        if (e.streamId() == 0) {
          if (i != sent.size() - 1 || !closedByServer) {
            throw new AssertionError("a refusal must be the last frame, then close: " + sent);
          }
          if (e.status() == Status.UNKNOWN || e.status() == Status.INTERNAL) {
            throw new AssertionError("refused with " + e.status() + ": " + m);
          }
        }
      }
    }
    if (!sent.isEmpty() && !(sent.get(0) instanceof Frame.Hello) && !closedByServer) {
      throw new AssertionError("answered before any handshake, yet still open: " + sent);
    }
  }

  private static boolean isValidHello(Frame f) {
    return f instanceof Frame.Hello h
        && !h.ack()
        && h.minVersion() <= WireFormat.PROTOCOL_VERSION
        && h.maxVersion() >= WireFormat.PROTOCOL_VERSION
        && h.service().equals(SERVICE)
        && Arrays.equals(h.token(), TOKEN.getBytes(StandardCharsets.UTF_8));
  }

  private static String describe(Frame f) {
    return f instanceof Frame.Hello h
        ? h + " with token " + new String(h.token(), StandardCharsets.UTF_8)
        : String.valueOf(f);
  }

  /**
   * The first frame the server acts on, found independently of it: frames of unknown type are
   * skipped (a newer peer may send them), and null is returned where framing fails first.
   */
  private static Frame firstFrame(byte[] stream) {
    ByteBuf in = Unpooled.wrappedBuffer(stream);
    while (in.readableBytes() >= 4) {
      long length = in.readUnsignedInt();
      if (length > MAX_FRAME || length > in.readableBytes()) {
        return null;
      }
      ByteBuf body = in.readSlice((int) length);
      try {
        Frame f = FrameDecoder.decode(body);
        if (f != null) {
          if (f instanceof Frame.WithPayload p) {
            p.release();
          }
          return f;
        }
      } catch (CorruptedFrameException e) {
        return null;
      }
    }
    return null;
  }

  private static List<Frame> sentFrames(EmbeddedChannel channel) {
    List<Frame> frames = new ArrayList<>();
    for (Object o; (o = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) o;
      try {
        while (buf.isReadable()) {
          int length = buf.readInt();
          Frame f = FrameDecoder.decode(buf.readSlice(length));
          if (f instanceof Frame.WithPayload p) {
            throw new AssertionError("the server answered a call during the handshake: " + f);
          }
          frames.add(f);
        }
      } finally {
        buf.release();
      }
    }
    return frames;
  }

  /**
   * Drops requests once the server has sent HELLO_ACK (they would go to real handler threads). It
   * sits between the decoder and the connection, so it sees the connection's writes too.
   */
  private static final class Gate extends ChannelDuplexHandler {
    private boolean acked;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof ByteBuf b
          && b.readableBytes() > WireFormat.LENGTH_FIELD_BYTES
          && b.getUnsignedByte(b.readerIndex() + WireFormat.LENGTH_FIELD_BYTES)
              == FrameType.HELLO_ACK.code()) {
        acked = true;
      }
      ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (acked && msg instanceof Frame.Request r) {
        r.release();
        return;
      }
      ctx.fireChannelRead(msg);
    }
  }

  /**
   * Replaces the server's log output for this JVM: thousands of refusals a second would flood the
   * test report. Lines with a throwable are what the server logs for errors it did not expect, and
   * are findings.
   */
  private static final class UnexpectedErrors extends AppenderBase<ILoggingEvent> {
    private volatile ILoggingEvent first;

    static UnexpectedErrors install() {
      Logger logger = (Logger) LoggerFactory.getLogger("com.inkzee.rpc.server");
      UnexpectedErrors appender = new UnexpectedErrors();
      appender.setContext(logger.getLoggerContext());
      appender.start();
      logger.addAppender(appender);
      logger.setAdditive(false);
      return appender;
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getThrowableProxy() != null && first == null) {
        first = event;
      }
    }

    void clear() {
      first = null;
    }

    void uninstall() {
      Logger logger = (Logger) LoggerFactory.getLogger("com.inkzee.rpc.server");
      logger.detachAppender(this);
      logger.setAdditive(true);
      stop();
    }

    void rethrow() {
      ILoggingEvent e = first;
      if (e != null) {
        throw new AssertionError(
            "server logged an unexpected error: "
                + e.getFormattedMessage()
                + ": "
                + e.getThrowableProxy().getClassName()
                + ": "
                + e.getThrowableProxy().getMessage());
      }
    }
  }
}
