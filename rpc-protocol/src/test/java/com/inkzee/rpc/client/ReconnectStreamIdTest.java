package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request still being encoded when its connection is lost took a stream id of that connection.
 * The calls in flight are kept per connection slot, not per channel, so had the next connection
 * numbered its calls from 1 again, that request would take over the entry of the new call with the
 * same id, and the new call's answer would find nobody waiting for it.
 */
class ReconnectStreamIdTest {
  @Test
  void aRequestNumberedBeforeAReconnectNeverTakesTheIdOfACallOnTheNextConnection()
      throws Exception {
    try (RpcServer server = Loopback.server(new EchoHandler("a"), Loopback.serverConfig());
        RpcClient<TestService> client = Loopback.client(server)) {
      ClientConnection slot = client.connections().get(0);
      assertThat(client.stub().echo(EchoRequest.of("first")).text()).isEqualTo("first"); // id 1

      HeldTags tags = new HeldTags();
      CompletableFuture<EchoResponse> held =
          CompletableFuture.supplyAsync(
              () -> client.stub().echo(new EchoRequest("held", 0, null, tags, null))); // id 2
      assertThat(tags.entered.await(5, TimeUnit.SECONDS)).isTrue();

      Channel lost = slot.channel();
      lost.close().syncUninterruptibly();
      await().atMost(Duration.ofSeconds(5)).until(() -> slot.channel() != lost && slot.isReady());

      assertThat(client.stub().echo(EchoRequest.of("after")).text()).isEqualTo("after");
      // In flight while the held request goes on: numbered from 1 again it would be id 2.
      CompletableFuture<EchoResponse> slow =
          client.async().call(s -> s.echo(EchoRequest.sleeping("slow", 1_000)));
      tags.release.countDown();

      assertThat(held.get(10, TimeUnit.SECONDS).text()).isEqualTo("held");
      assertThat(slow.get(5, TimeUnit.SECONDS).text()).isEqualTo("slow");
      assertThat(client.waitingCalls()).isZero();
    }
  }
}
