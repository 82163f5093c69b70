package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.wire.Frame;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection's stream ids reach the server in increasing order (PROTOCOL.md 4), because a call is
 * numbered as its REQUEST is written, not before it is encoded: a GOAWAY's last stream id then
 * splits the calls the server started from those it did not. And a call can be cancelled on the
 * wire only once its REQUEST is written, so no CANCEL ever goes ahead of its REQUEST.
 */
class StreamOrderTest {

  /**
   * Call A is slow to encode; B, made after it, is sent first. Numbered before encoding, A had
   * stream 1 and B stream 2: the draining server's GOAWAY(last=2) and its "not started" answer to A
   * made the client take A (1 &le; 2) for a call that may have run, and A, not idempotent, failed
   * although another server was ready.
   */
  @Test
  void aCallStillBeingEncodedWhenItsServerDrainsIsAnsweredByAnotherServer() throws Exception {
    int port2;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port2 = free.getLocalPort();
    }
    EchoHandler one = new EchoHandler("one");
    EchoHandler two = new EchoHandler("two");
    RpcServer server1 = Loopback.server(one);
    RpcServer server2 = null;
    Thread shutdown = new Thread(() -> server1.shutdown(Duration.ofSeconds(10)));
    ClientConfig config =
        Loopback.clientConfig(
                List.of(
                    new Endpoint("127.0.0.1", server1.port()), new Endpoint("127.0.0.1", port2)))
            .withCallTimeout(Duration.ofSeconds(15))
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
    try (RpcClient<TestService> client =
        RpcClient.connect(TestCatalogue.get(), TestService.class, config)) {
      assertThat(client.awaitReady(Duration.ofSeconds(5))).isTrue();
      ClientConnection toOne = client.connections().get(0);
      HeldTags tags = new HeldTags();
      CompletableFuture<RpcFuture<EchoResponse>> a =
          CompletableFuture.supplyAsync(
              () ->
                  client.async().call(s -> s.echoOnce(new EchoRequest("A", 0, null, tags, null))));
      assertThat(tags.entered.await(10, TimeUnit.SECONDS)).isTrue();
      RpcFuture<EchoResponse> b = client.async().call(s -> s.echo(EchoRequest.sleeping("B", 1500)));
      await().atMost(Duration.ofSeconds(5)).until(() -> one.calls.get() == 1);

      shutdown.start();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> toOne.state() == ClientConnection.State.DRAINING);
      server2 =
          RpcServer.builder(
                  TestCatalogue.get(), Loopback.serverConfig().withBind("127.0.0.1", port2))
              .service(TestService.class, two)
              .start();
      await().atMost(Duration.ofSeconds(5)).until(() -> client.readyConnections() == 1);
      tags.release.countDown(); // A is encoded after server 1 said GOAWAY

      assertThat(a.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS).servedBy()).isEqualTo("two");
      assertThat(b.get(10, TimeUnit.SECONDS).servedBy()).isEqualTo("one");
      assertThat(one.calls.get()).isEqualTo(1);
      shutdown.join(10_000);
    } finally {
      server1.close();
      if (server2 != null) {
        server2.close();
      }
    }
  }

  /**
   * With the connection's event loop held, call A is queued and then cancelled, and call B queued.
   * A never reaches the wire, neither its REQUEST nor a CANCEL: the first frame the server reads is
   * B's REQUEST, on stream 1.
   */
  @Test
  void aCallCancelledBeforeItsRequestIsWrittenIsNeverSent() throws Exception {
    try (ServerSocket fake = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      fake.setSoTimeout(20_000);
      CompletableFuture<Frame> firstFrame = new CompletableFuture<>();
      CountDownLatch done = new CountDownLatch(1);
      Thread server =
          new Thread(
              () -> {
                try (Socket s = fake.accept()) {
                  s.setSoTimeout(20_000);
                  DataInputStream in = new DataInputStream(s.getInputStream());
                  OutputStream out = s.getOutputStream();
                  GoAwayRaceTest.handshake(in, out);
                  Frame f;
                  do {
                    f = GoAwayRaceTest.readFrame(in);
                  } while (f instanceof Frame.Ping || f instanceof Frame.Pong);
                  firstFrame.complete(f);
                  done.await(20, TimeUnit.SECONDS);
                } catch (Exception | AssertionError e) {
                  firstFrame.completeExceptionally(e);
                }
              });
      server.setDaemon(true);
      server.start();

      ClientConfig config =
          Loopback.clientConfig(List.of(new Endpoint("127.0.0.1", fake.getLocalPort())));
      try (RpcClient<TestService> client =
          RpcClient.connect(TestCatalogue.get(), TestService.class, config)) {
        assertThat(client.awaitReady(Duration.ofSeconds(10))).isTrue();
        ClientConnection connection = client.connections().get(0);
        try (HeldEventLoop held = HeldEventLoop.hold(connection.channel())) {
          RpcFuture<EchoResponse> a = client.async().call(s -> s.echoOnce(EchoRequest.of("A")));
          assertThat(a.cancel(true)).isTrue();
          client.async().call(s -> s.echoOnce(EchoRequest.of("B")));
        }

        Frame first = firstFrame.get(10, TimeUnit.SECONDS);
        assertThat(first).isInstanceOf(Frame.Request.class);
        assertThat(first.streamId()).isEqualTo(1);
        assertThat(
                GoAwayRaceTest.CODEC
                    .decode(((Frame.Request) first).payload(), EchoRequest.class)
                    .text())
            .isEqualTo("B");
      } finally {
        done.countDown();
      }
    }
  }
}
