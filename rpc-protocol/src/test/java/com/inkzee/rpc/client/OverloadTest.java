package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Overload is refused at once, or pushed back on the connection; never queued without bound. */
class OverloadTest {

  @Test
  void aFullHandlerQueueAnswersResourceExhaustedAtOnce() throws Exception {
    EchoHandler handler = new EchoHandler("a");
    try (RpcServer server = Loopback.server(handler, Loopback.serverConfig().withHandlers(1, 1));
        RpcClient<TestService> client = Loopback.client(server)) {
      RpcFuture<EchoResponse> running =
          client.async().call(s -> s.echoOnce(EchoRequest.sleeping("running", 1_000)));
      org.awaitility.Awaitility.await().until(() -> handler.calls.get() == 1);
      RpcFuture<EchoResponse> queued =
          client.async().call(s -> s.echoOnce(EchoRequest.sleeping("queued", 10)));
      long start = System.nanoTime();
      RpcFuture<EchoResponse> refused =
          client.async().call(s -> s.echoOnce(EchoRequest.of("refused")));
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
      assertThat(((RpcException) e.getCause()).status()).isEqualTo(Status.RESOURCE_EXHAUSTED);
      // Refused while the first call still ran: the answer did not wait for a handler thread.
      assertThat(running).isNotDone();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(900);
      assertThat(running.get(5, TimeUnit.SECONDS).text()).isEqualTo("running");
      assertThat(queued.get(5, TimeUnit.SECONDS).text()).isEqualTo("queued");
      assertThat(server.metrics().rejected()).isEqualTo(1);
    }
  }

  @Test
  void callsBeyondTheInFlightCapWaitInTcpAndAllComplete() throws Exception {
    EchoHandler handler = new EchoHandler("a");
    // At most 4 calls in flight per connection: the server stops reading until some finish.
    try (RpcServer server =
            Loopback.server(
                handler,
                Loopback.serverConfig()
                    .withLimits(com.inkzee.rpc.wire.WireFormat.DEFAULT_MAX_FRAME_BYTES, 100, 4));
        RpcClient<TestService> client = Loopback.client(server)) {
      List<RpcFuture<EchoResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String text = "c" + i;
        calls.add(client.async().call(s -> s.echoOnce(EchoRequest.sleeping(text, 20))));
      }
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).get(10, TimeUnit.SECONDS).text()).isEqualTo("c" + i);
      }
      assertThat(server.metrics().rejected()).isZero();
    }
  }

  /**
   * A server that stops reading (its one call in flight is slow, and the requests it holds beyond
   * that fill its allowance) backs up the connection: the client parks further calls instead of
   * writing them into a send buffer that nothing bounds, and sends them all once it drains.
   */
  @Test
  void callsWaitWhileTheServerStopsReadingInsteadOfGrowingTheSendBuffer() throws Exception {
    EchoHandler handler = new EchoHandler("a");
    byte[] blob = new byte[64 * 1024];
    try (RpcServer server =
            Loopback.server(
                handler,
                Loopback.serverConfig()
                    .withLimits(com.inkzee.rpc.wire.WireFormat.DEFAULT_MAX_FRAME_BYTES, 100, 1));
        RpcClient<TestService> client = Loopback.client(server)) {
      RpcFuture<EchoResponse> slow =
          client.async().call(s -> s.echoOnce(EchoRequest.sleeping("slow", 3_000)));
      org.awaitility.Awaitility.await().until(() -> handler.calls.get() == 1);
      // 400 requests of 64 KiB: 25 MiB, far more than the server holds and the kernel buffers.
      List<RpcFuture<EchoResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        EchoRequest r = new EchoRequest("c" + i, 0, blob, List.of(), null);
        calls.add(client.async().call(s -> s.echoOnce(r)));
      }
      // Let the event loop move what was handed to it into the channel (all of it, unfixed).
      org.awaitility.Awaitility.await()
          .pollDelay(java.time.Duration.ofMillis(500))
          .until(() -> true);
      // The high-water mark (1 MiB), and what the callers raced into the batcher before it showed.
      assertThat(client.unsentBytes()).isLessThan(4L << 20);
      assertThat(client.waitingCalls()).isPositive();
      assertThat(slow.isDone()).isFalse();

      assertThat(slow.get(10, TimeUnit.SECONDS).text()).isEqualTo("slow");
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).get(30, TimeUnit.SECONDS).text()).isEqualTo("c" + i);
      }
      assertThat(client.waitingCalls()).isZero();
    }
  }
}
