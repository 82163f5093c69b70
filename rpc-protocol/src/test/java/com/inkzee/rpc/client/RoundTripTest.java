package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundTripTest {
  @Test
  void blockingAndAsyncCallsRoundTrip() throws Exception {
    EchoHandler handler = new EchoHandler("a");
    try (RpcServer server = Loopback.server(handler);
        RpcClient<TestService> client = Loopback.client(server)) {
      EchoResponse r =
          client
              .stub()
              .echo(new EchoRequest("hello", 0, new byte[] {1, 2}, List.of("x", "y"), null));
      assertThat(r.text()).isEqualTo("hello");
      assertThat(r.blob()).containsExactly(1, 2);
      assertThat(r.tags()).containsExactly("x", "y");
      assertThat(client.async().call(s -> s.ping(new PingRequest("p"))).get().echo())
          .isEqualTo("p");
    }
  }
}
