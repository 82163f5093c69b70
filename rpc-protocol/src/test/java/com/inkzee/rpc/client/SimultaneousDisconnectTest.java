package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every connection of one I/O thread is lost in the same event-loop pass. Netty marks a closed
 * channel inactive at once but fires channelInactive later, so while the first connection retries
 * its in-flight call, the others still look ready though their channels are gone. The retry must
 * neither spin between them (three connections) nor recurse through connectionReady (two).
 */
class SimultaneousDisconnectTest {

  @ParameterizedTest
  @ValueSource(ints = {2, 3})
  void aRetryAfterEveryConnectionDroppedAtOnceEndsAndTheClientRecovers(int connections)
      throws Exception {
    EchoHandler handler = new EchoHandler("a");
    try (RpcServer server = Loopback.server(handler)) {
      ClientConfig config =
          Loopback.clientConfig(server)
              // Long enough that the hang guard below, not the deadline, ends a stuck call.
              .withCallTimeout(Duration.ofSeconds(60))
              .withConnections(connections, 1);
      try (RpcClient<TestService> client = Loopback.client(config)) {
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> client.readyConnections() == connections);
        // Idempotent, so losing its connection retries it on another one.
        RpcFuture<EchoResponse> call =
            client.async().call(s -> s.echo(EchoRequest.sleeping("x", 300)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handler.calls.get() == 1);

        // The connection carrying the call is closed first, so its channelInactive (which
        // retries the call) runs while the others' are still queued behind it.
        List<Channel> channels = new ArrayList<>();
        for (ClientConnection c : client.connections()) {
          if (c.inFlight() > 0) {
            channels.add(0, c.channel());
          } else {
            channels.add(c.channel());
          }
        }
        assertThat(channels.get(0).eventLoop()).isSameAs(channels.get(1).eventLoop());
        channels.get(0).eventLoop().execute(() -> channels.forEach(Channel::close));

        // Hang guard: the call ends, as a success after a reconnect or as UNAVAILABLE.
        try {
          assertThat(call.get(20, TimeUnit.SECONDS).text()).isEqualTo("x");
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(RpcException.class);
          assertThat(((RpcException) e.getCause()).status()).isEqualTo(Status.UNAVAILABLE);
        }
        // And the client is still usable: the I/O thread is neither stuck nor dead.
        RpcFuture<EchoResponse> later =
            client.async().call(s -> s.echo(EchoRequest.of("later")), Duration.ofSeconds(10));
        assertThat(later.get(20, TimeUnit.SECONDS).text()).isEqualTo("later");
      }
    }
  }
}
