package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.wire.WireFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A message too big for the peer fails that one call, not the connection it would have cut. */
class FrameLimitTest {
  private static final int SMALL_LIMIT = 64 * 1024;

  @Test
  void aRequestOverTheServersLimitFailsAloneWithInvalidArgument() {
    EchoHandler handler = new EchoHandler("a");
    try (RpcServer server =
            Loopback.server(handler, Loopback.serverConfig().withLimits(SMALL_LIMIT, 100, 100));
        RpcClient<TestService> client = Loopback.client(server)) {
      EchoRequest big = new EchoRequest("big", 0, new byte[SMALL_LIMIT + 1], List.of(), null);
      assertThatThrownBy(() -> client.stub().echo(big))
          .isInstanceOfSatisfying(
              RpcException.class,
              e -> {
                assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
                assertThat(e.detail())
                    .contains("exceeds the server's frame limit of " + SMALL_LIMIT);
              });
      assertThat(handler.calls.get()).isZero();
      assertThat(client.stub().echo(EchoRequest.of("small")).text()).isEqualTo("small");
    }
  }

  @Test
  void aResponseOverTheClientsLimitBecomesResourceExhausted() {
    EchoHandler handler = new EchoHandler("a");
    try (RpcServer server = Loopback.server(handler);
        RpcClient<TestService> client =
            Loopback.client(Loopback.clientConfig(server).withMaxFrameBytes(SMALL_LIMIT))) {
      EchoRequest big = new EchoRequest("big", 0, new byte[SMALL_LIMIT], List.of(), null);
      // The request itself fits the server's 16 MiB; the echoed answer does not fit ours.
      assertThat(WireFormat.DEFAULT_MAX_FRAME_BYTES).isGreaterThan(SMALL_LIMIT * 2);
      assertThatThrownBy(() -> client.stub().echo(big))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.RESOURCE_EXHAUSTED));
      // echo is idempotent, but RESOURCE_EXHAUSTED is the caller's to retry, with backoff
      // (PROTOCOL.md 9.3): the handler ran once, not once per attempt.
      assertThat(handler.calls.get()).isEqualTo(1);
      assertThat(client.stub().echo(EchoRequest.of("small")).text()).isEqualTo("small");
    }
  }
}
