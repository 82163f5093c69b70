package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call that got onto a connection just as its GOAWAY arrived has a stream above the GOAWAY's last
 * id: the server never started it. If the server then closes before answering it, the call is
 * resent (PROTOCOL.md 9.3), even when its method is not idempotent.
 */
class GoAwayRaceTest {
  private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
  private static final MessageCodec CODEC =
      new MessageCodec(TestCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);

  @Test
  void aCallAboveTheGoAwaysLastStreamLostWithTheConnectionIsResentThoughNotIdempotent()
      throws Exception {
    try (ServerSocket fake = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      fake.setSoTimeout(20_000);
      HeldTags tags = new HeldTags();
      CountDownLatch goAwaySent = new CountDownLatch(1);
      CountDownLatch secondSent = new CountDownLatch(1);
      CompletableFuture<Integer> lostStream = new CompletableFuture<>();
      Thread server =
          new Thread(
              () -> {
                try {
                  // First connection: takes call 1, says GOAWAY(1) once call 2 is inside send(),
                  // reads call 2 and hangs up without answering either.
                  try (Socket s = fake.accept()) {
                    s.setSoTimeout(20_000);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    handshake(in, out);
                    assertThat(((Frame.Request) readFrame(in)).streamId()).isEqualTo(1);
                    tags.entered.await(20, TimeUnit.SECONDS); // call 2 is inside send()
                    out.write(bytes(FrameWriter.goAway(ALLOC, 1, "server shutting down")));
                    out.flush();
                    goAwaySent.countDown();
                    secondSent.await(20, TimeUnit.SECONDS);
                    lostStream.complete(((Frame.Request) readFrame(in)).streamId());
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
        ClientConnection connection = client.connections().get(0);
        RpcFuture<EchoResponse> first = client.async().call(s -> s.echoOnce(EchoRequest.of("1")));

        // The second call passes send()'s READY check, then waits in encoding while the GOAWAY
        // arrives; it is written after the GOAWAY's sweep of the calls above stream 1.
        CompletableFuture<RpcFuture<EchoResponse>> second =
            CompletableFuture.supplyAsync(
                () ->
                    client
                        .async()
                        .call(s -> s.echoOnce(new EchoRequest("2", 0, null, tags, null))));
        assertThat(tags.entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(goAwaySent.await(10, TimeUnit.SECONDS)).isTrue();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> connection.state() == ClientConnection.State.DRAINING);
        tags.release.countDown();
        RpcFuture<EchoResponse> call = second.get(10, TimeUnit.SECONDS);
        secondSent.countDown();
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

  private static void handshake(DataInputStream in, OutputStream out) throws IOException {
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

  private static Frame readFrame(DataInputStream in) throws IOException {
    int length = in.readInt();
    assertThat(length).isBetween(WireFormat.HEADER_BYTES, 1 << 20);
    byte[] body = new byte[length];
    in.readFully(body);
    return FrameDecoder.decode(Unpooled.wrappedBuffer(body));
  }

  private static byte[] bytes(ByteBuf buf) {
    try {
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }
}
