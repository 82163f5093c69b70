package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameDecoder;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call that got onto a connection just as its GOAWAY arrived (written before the client read the
 * GOAWAY, so the two crossed on the wire) has a stream above the GOAWAY's last id: the server never
 * started it. Though the server then closes without answering it, the call is resent (PROTOCOL.md
 * 9.3), even when its method is not idempotent.
 *
 * <p>A call still being encoded when the GOAWAY arrives is never written to the draining connection
 * at all: StreamOrderTest.
 */
class GoAwayRaceTest {
  static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
  static final MessageCodec CODEC =
      new MessageCodec(TestCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);

  @Test
  void aCallThatCrossedTheGoAwayIsResentThoughNotIdempotentAndUnanswered() throws Exception {
    try (ServerSocket fake = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      fake.setSoTimeout(20_000);
      CompletableFuture<Integer> lostStream = new CompletableFuture<>();
      Thread server =
          new Thread(
              () -> {
                try {
                  // First connection: takes call 1 and reads call 2, as a server that decided to
                  // drain just before call 2 arrived; says GOAWAY(1) and hangs up without
                  // answering either.
                  try (Socket s = fake.accept()) {
                    s.setSoTimeout(20_000);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    handshake(in, out);
                    assertThat(((Frame.Request) readFrame(in)).streamId()).isEqualTo(1);
                    lostStream.complete(((Frame.Request) readFrame(in)).streamId());
                    out.write(bytes(FrameWriter.goAway(ALLOC, 1, "server shutting down")));
                    out.flush();
                  }
                  // The reconnect: answers whatever comes.
                  try (Socket s = fake.accept()) {
                    s.setSoTimeout(20_000);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    handshake(in, out);
                    Frame.Request r = (Frame.Request) readFrame(in);
                    byte[] payload =
                        CODEC.encodeToBytes(new EchoResponse("resent", "fake", null, List.of()));
                    out.write(
                        bytes(FrameWriter.response(ALLOC, r.streamId(), payload, payload.length)));
                    out.flush();
                    Thread.sleep(5_000); // until the test is done with the connection
                  }
                } catch (Exception | AssertionError e) {
                  lostStream.completeExceptionally(e);
                }
              });
      server.setDaemon(true);
      server.start();

      ClientConfig config =
          ClientConfig.defaults(new Endpoint("127.0.0.1", fake.getLocalPort()))
              .withCallTimeout(Duration.ofSeconds(30))
              .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
      try (RpcClient<TestService> client =
          RpcClient.connect(TestCatalogue.get(), TestService.class, config)) {
        assertThat(client.awaitReady(Duration.ofSeconds(10))).isTrue();
        RpcFuture<EchoResponse> first = client.async().call(s -> s.echoOnce(EchoRequest.of("1")));
        RpcFuture<EchoResponse> call = client.async().call(s -> s.echoOnce(EchoRequest.of("2")));
        assertThat(lostStream.get(10, TimeUnit.SECONDS)).isEqualTo(2);

        // Stream 1 was accepted and may have run: not idempotent, so it fails.
        try {
          first.get(20, TimeUnit.SECONDS);
          throw new AssertionError("call 1 should have failed");
        } catch (ExecutionException e) {
          assertThat(((RpcException) e.getCause()).status()).isEqualTo(Status.UNAVAILABLE);
        }
        // Stream 2 was above the GOAWAY's last id: never started, so resent after the reconnect.
        assertThat(call.get(20, TimeUnit.SECONDS).text()).isEqualTo("resent");
      }
    }
  }

  static void handshake(DataInputStream in, OutputStream out) throws IOException {
    Frame hello = readFrame(in);
    assertThat(hello).isInstanceOf(Frame.Hello.class);
    out.write(
        bytes(
            FrameWriter.hello(
                ALLOC,
                new Frame.Hello(
                    true,
                    1,
                    1,
                    TestCatalogue.get().minor(),
                    TestCatalogue.get().fingerprint(),
                    "test",
                    new byte[0],
                    WireFormat.DEFAULT_MAX_FRAME_BYTES))));
    out.flush();
  }

  static Frame readFrame(DataInputStream in) throws IOException {
    int length = in.readInt();
    assertThat(length).isBetween(WireFormat.HEADER_BYTES, 1 << 20);
    byte[] body = new byte[length];
    in.readFully(body);
    return FrameDecoder.decode(Unpooled.wrappedBuffer(body));
  }

  static byte[] bytes(ByteBuf buf) {
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }
}
