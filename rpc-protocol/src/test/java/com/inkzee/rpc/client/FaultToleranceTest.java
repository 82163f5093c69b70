package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.FrameWriter;
import com.inkzee.rpc.wire.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Servers die, restart, drain and go silent; clients fail fast, retry safely and recover. */
class FaultToleranceTest {

  @Test
  void serverKilledMidCallFailsTheCallWithUnavailableAndTheClientReconnects() throws Exception {
    EchoHandler handler = new EchoHandler("a");
    RpcServer server = Loopback.server(handler);
    int port = server.port();
    try (RpcClient<TestService> client = Loopback.client(server)) {
      // echoOnce is not idempotent: it must not be retried, only failed.
      RpcFuture<EchoResponse> call =
          client.async().call(s -> s.echoOnce(EchoRequest.sleeping("x", 5_000)));
      await().atMost(Duration.ofSeconds(2)).until(() -> handler.calls.get() == 1);
      server.close();
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
      assertThat(((RpcException) e.getCause()).status()).isEqualTo(Status.UNAVAILABLE);

      RpcServer restarted =
          Loopback.server(
              new EchoHandler("b"), Loopback.serverConfig().withBind("127.0.0.1", port));
      try {
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () ->
                    assertThat(client.stub().echo(EchoRequest.of("back")).servedBy())
                        .isEqualTo("b"));
      } finally {
        restarted.close();
      }
    }
  }

  @Test
  void idempotentCallsMoveToTheSecondEndpointWhenTheFirstDies() throws Exception {
    EchoHandler first = new EchoHandler("first");
    EchoHandler second = new EchoHandler("second");
    RpcServer a = Loopback.server(first);
    try (RpcServer b = Loopback.server(second);
        RpcClient<TestService> client = Loopback.client(a, b)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> client.readyConnections() == 2);
      List<RpcFuture<EchoResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(client.async().call(s -> s.echo(EchoRequest.sleeping("x", 500))));
      }
      await().atMost(Duration.ofSeconds(2)).until(() -> first.calls.get() > 0);
      int startedOnFirst = first.calls.get();
      a.close();
      for (RpcFuture<EchoResponse> call : calls) {
        assertThat(call.get(10, TimeUnit.SECONDS).servedBy()).isIn("first", "second");
      }
      // The calls cut off on the first endpoint were not lost: they ran again on the second.
      assertThat(first.finishedSleeping.get()).isZero();
      assertThat(startedOnFirst).isPositive();
      assertThat(calls).allSatisfy(c -> assertThat(c.join().servedBy()).isEqualTo("second"));
      assertThat(second.calls.get()).isEqualTo(calls.size());
      // While the first endpoint is down, every new call goes to the second.
      for (int i = 0; i < 10; i++) {
        assertThat(client.stub().echo(EchoRequest.of("y")).servedBy()).isEqualTo("second");
      }
    }
  }

  @Test
  void gracefulDrainFinishesEveryAcceptedCallAndSendsNewOnesElsewhere() throws Exception {
    EchoHandler first = new EchoHandler("first");
    EchoHandler second = new EchoHandler("second");
    RpcServer a = Loopback.server(first);
    try (RpcServer b = Loopback.server(second);
        RpcClient<TestService> client = Loopback.client(a, b)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> client.readyConnections() == 2);
      List<RpcFuture<EchoResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        // Not idempotent: success proves the calls finished where they were, not a retry.
        calls.add(client.async().call(s -> s.echoOnce(EchoRequest.sleeping("x", 300))));
      }
      await().atMost(Duration.ofSeconds(2)).until(() -> first.calls.get() > 0);
      Thread drain = new Thread(() -> a.shutdown(Duration.ofSeconds(10)));
      drain.start();
      for (RpcFuture<EchoResponse> call : calls) {
        assertThat(call.get(10, TimeUnit.SECONDS).text()).isEqualTo("x");
      }
      drain.join(10_000);
      assertThat(first.calls.get() + second.calls.get()).isEqualTo(50);
      assertThat(first.interrupted.get()).isZero();
      assertThat(client.stub().echoOnce(EchoRequest.of("after")).servedBy()).isEqualTo("second");
    }
  }

  @Test
  void heartbeatsDetectAPeerThatWentSilent() throws Exception {
    // A fake server that completes the handshake and then never answers anything.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket s = silent.accept()) {
                  DataInputStream in = new DataInputStream(s.getInputStream());
                  byte[] hello = new byte[in.readInt()];
                  in.readFully(hello);
                  OutputStream out = s.getOutputStream();
                  out.write(helloAck());
                  out.flush();
                  Thread.sleep(10_000);
                } catch (Exception ignored) {
                  // the test closes the socket
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      ClientConfig config =
          ClientConfig.defaults(new Endpoint("127.0.0.1", silent.getLocalPort()))
              .withHeartbeat(Duration.ofMillis(200))
              .withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5));
      try (RpcClient<TestService> client = Loopback.client(config)) {
        assertThat(client.readyConnections()).isEqualTo(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.stub().echoOnce(EchoRequest.of("hello?")))
            .isInstanceOfSatisfying(
                RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.UNAVAILABLE));
        // One interval to send the ping, one more to give up: well before the 10 s call timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      }
    }
  }

  private static byte[] helloAck() {
    ByteBuf buf =
        FrameWriter.hello(
            ByteBufAllocator.DEFAULT,
            new Frame.Hello(
                true,
                1,
                1,
                0,
                com.inkzee.rpc.testing.TestCatalogue.get().fingerprint(),
                "test",
                new byte[0],
                WireFormat.DEFAULT_MAX_FRAME_BYTES));
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    buf.release();
    return bytes;
  }
}
