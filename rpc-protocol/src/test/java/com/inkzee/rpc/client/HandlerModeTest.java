package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.server.HandlerMode;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Blocking handlers run on the handler executor; in-memory ones may opt into the event loop. */
class HandlerModeTest {

  @Test
  void handlersRunOnTheExecutorByDefaultNeverOnAnEventLoop() {
    EchoHandler handler = new EchoHandler("a");
    try (RpcServer server = Loopback.server(handler);
        RpcClient<TestService> client = Loopback.client(server)) {
      client.stub().echo(EchoRequest.of("x"));
      assertThat(handler.lastThread).contains("-handler-").doesNotContain("-io-");
    }
  }

  @Test
  void eventLoopHandlersRunInlineAndStillMultiplex() throws Exception {
    EchoHandler handler = new EchoHandler("a");
    try (RpcServer server =
            RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig())
                .service(TestService.class, handler, HandlerMode.EVENT_LOOP)
                .start();
        RpcClient<TestService> client = Loopback.client(server)) {
      List<RpcFuture<EchoResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        String text = "c" + i;
        calls.add(client.async().call(s -> s.echo(EchoRequest.of(text)), Duration.ofSeconds(10)));
      }
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).get(10, TimeUnit.SECONDS).text()).isEqualTo("c" + i);
      }
      assertThat(handler.lastThread).contains("-io-");
      assertThat(server.metrics().completed()).isEqualTo(1_000);
    }
  }
}
