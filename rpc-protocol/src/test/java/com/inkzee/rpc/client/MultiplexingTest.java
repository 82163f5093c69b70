package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many calls share one connection, matched by stream id, answered in any order. */
class MultiplexingTest {
  private EchoHandler handler;
  private RpcServer server;
  private RpcClient<TestService> client;

  @BeforeEach
  void start() {
    handler = new EchoHandler("a");
    server = Loopback.server(handler);
    client = Loopback.client(server);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void answersArriveOutOfOrderAndMatchTheirCalls() throws Exception {
    ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    RpcFuture<EchoResponse> slow =
        client.async().call(s -> s.echo(EchoRequest.sleeping("slow", 400)));
    slow.thenAccept(r -> order.add(r.text()));
    RpcFuture<EchoResponse> fast = client.async().call(s -> s.echo(EchoRequest.of("fast")));
    fast.thenAccept(r -> order.add(r.text()));

    assertThat(fast.get(5, TimeUnit.SECONDS).text()).isEqualTo("fast");
    assertThat(slow.get(5, TimeUnit.SECONDS).text()).isEqualTo("slow");
    assertThat(order).containsExactly("fast", "slow");
    assertThat(client.readyConnections()).isEqualTo(1);
  }

  @Test
  void holdsTenThousandCallsInFlightOnOneConnection() throws Exception {
    int calls = 10_000;
    List<RpcFuture<EchoResponse>> futures = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      String text = "call-" + i;
      futures.add(client.call(echo(), EchoRequest.of(text), Duration.ofSeconds(60)));
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    for (int i = 0; i < calls; i++) {
      assertThat(futures.get(i).get().text()).isEqualTo("call-" + i);
    }
    assertThat(handler.calls.get()).isEqualTo(calls);
    assertThat(client.readyConnections()).isEqualTo(1);
  }

  @Test
  void slowCallDoesNotHoldUpFastOnes() throws Exception {
    RpcFuture<EchoResponse> slow =
        client.async().call(s -> s.echo(EchoRequest.sleeping("slow", 2_000)));
    for (int i = 0; i < 200; i++) {
      assertThat(client.stub().echo(EchoRequest.of("fast-" + i)).text()).isEqualTo("fast-" + i);
    }
    // All 200 fast round trips finished while the slow call was still running.
    assertThat(slow).isNotDone();
    assertThat(slow.get(5, TimeUnit.SECONDS).text()).isEqualTo("slow");
  }

  @SuppressWarnings("unchecked")
  private com.inkzee.rpc.service.MethodDescriptor<EchoRequest, EchoResponse> echo() {
    return (com.inkzee.rpc.service.MethodDescriptor<EchoRequest, EchoResponse>)
        client.service().method(1);
  }
}
