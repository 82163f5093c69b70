package com.inkzee.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.hostile.RawConnection;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A big reply leaves at once rather than with the rest of its read's replies, so the client can
 * decode it while the server works on the next ones. Shown with handlers on the event loop, where a
 * slow call read in the same batch holds the batch's end: the big reply must not wait for it.
 */
class BigReplyFlushTest {
  private static final int ECHO = 1;
  private static final MessageCodec CODEC =
      new MessageCodec(TestCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);

  @Test
  void aBigReplyIsNotHeldUntilTheEndOfItsRead() throws Exception {
    EchoHandler handler = new EchoHandler("flush");
    String big = "x".repeat(2 * ServerConnection.FLUSH_AT_ONCE_BYTES);
    long slowMillis = 2_000;
    try (RpcServer server =
            RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig())
                .service(TestService.class, handler, HandlerMode.EVENT_LOOP)
                .start();
        RawConnection c = RawConnection.open(server.port()).handshake("test", "")) {
      // Both requests in one write, so the server reads them in one batch.
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.write(request(1, EchoRequest.of(big)));
      both.write(request(3, EchoRequest.sleeping("slow", slowMillis)));
      long start = System.nanoTime();
      c.send(both.toByteArray());

      Frame first = c.readFrame();
      Duration bigArrived = Duration.ofNanos(System.nanoTime() - start);
      Frame second = c.readFrame();
      Duration slowArrived = Duration.ofNanos(System.nanoTime() - start);

      assertThat(first).isInstanceOf(Frame.Response.class);
      assertThat(first.streamId()).isEqualTo(1);
      EchoResponse echoed = CODEC.decode(((Frame.Response) first).payload(), EchoResponse.class);
      assertThat(echoed.text()).isEqualTo(big);
      assertThat(second.streamId()).isEqualTo(3);
      assertThat(slowArrived)
          .as("the slow call really held its batch")
          .isGreaterThanOrEqualTo(Duration.ofMillis(slowMillis));
      // Held to the end of the read, the big reply would have come with the slow one.
      assertThat(bigArrived).isLessThan(Duration.ofMillis(slowMillis / 2));
    }
  }

  private static byte[] request(int streamId, EchoRequest r) {
    return RawConnection.requestBytes(streamId, ECHO, CODEC.encodeToBytes(r));
  }
}
