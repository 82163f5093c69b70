package com.inkzee.rpc.hostile;

import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameDecoder;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking socket that speaks the wire format by hand, so a test can send exactly the bytes an
 * attacker would: valid frames built with {@link FrameWriter}, or anything else.
 */
public final class RawConnection implements AutoCloseable {
  /** Replies bigger than this are not expected from a server answering an attack. */
  private static final int MAX_REPLY_BYTES = 1 << 20;

  static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  public static RawConnection open(int port) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    s.setSoTimeout(5_000);
    return new RawConnection(s);
  }

  /** A HELLO as {@code ClientConnection} sends it, with the fields a test wants to get wrong. */
  static Frame.Hello hello(String service, String token, int minVersion, int maxVersion) {
    return new Frame.Hello(
        false,
        minVersion,
        maxVersion,
        TestCatalogue.get().minor(),
        TestCatalogue.get().fingerprint(),
        service,
        token.getBytes(StandardCharsets.UTF_8),
        WireFormat.DEFAULT_MAX_FRAME_BYTES);
  }

  static byte[] helloBytes(String service, String token) {
    return toBytes(
        FrameWriter.hello(
            ALLOC,
            hello(service, token, WireFormat.PROTOCOL_VERSION, WireFormat.PROTOCOL_VERSION)));
  }

  public static byte[] requestBytes(int streamId, int methodId, byte[] payload) {
    return requestBytes(streamId, methodId, 10_000, payload);
  }

  /** A REQUEST with its own deadline, {@code timeoutMillis} from when the server reads it. */
  public static byte[] requestBytes(int streamId, int methodId, int timeoutMillis, byte[] payload) {
    return toBytes(
        FrameWriter.request(ALLOC, streamId, methodId, timeoutMillis, payload, payload.length));
  }

  static byte[] toBytes(ByteBuf buf) {
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  public RawConnection send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Completes a handshake; fails unless the server answers HELLO_ACK. */
  public RawConnection handshake(String service, String token) throws IOException {
    send(helloBytes(service, token));
    Frame reply = readFrame();
    if (!(reply instanceof Frame.Hello h) || !h.ack()) {
      throw new AssertionError("expected HELLO_ACK, got " + reply);
    }
    return this;
  }

  /**
   * Reads one frame. REQUEST and RESPONSE payloads are copied out of the read buffer, so nothing
   * needs releasing.
   */
  public Frame readFrame() throws IOException {
    int length = in.readInt();
    if (length < WireFormat.HEADER_BYTES || length > MAX_REPLY_BYTES) {
      throw new AssertionError("server sent a frame of implausible length " + length);
    }
    byte[] body = new byte[length];
    in.readFully(body);
    Frame f = FrameDecoder.decode(Unpooled.wrappedBuffer(body));
    if (f instanceof Frame.Response r) {
      return new Frame.Response(
          r.streamId(), Unpooled.wrappedBuffer(ByteBufUtil.getBytes(r.payload())));
    }
    return f;
  }

  /**
   * Reads frames until the server closes the connection.
   *
   * @return the frames it sent before closing
   * @throws AssertionError if the connection is still open after {@code within}
   */
  List<Frame> readUntilClosed(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    List<Frame> frames = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("server kept the connection open for " + within + ": " + frames);
      }
      socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      try {
        frames.add(readFrame());
      } catch (SocketTimeoutException e) {
        throw new AssertionError("server kept the connection open for " + within + ": " + frames);
      } catch (EOFException | SocketException closed) {
        return frames; // FIN or RST: either way the server is done with us
      }
    }
  }

  /** Sends, tolerating the server closing the connection halfway (it may refuse early). */
  boolean sendUntilClosed(byte[] bytes) {
    try {
      send(bytes);
      return true;
    } catch (IOException closed) {
      return false;
    }
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  int localPort() {
    return socket.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
