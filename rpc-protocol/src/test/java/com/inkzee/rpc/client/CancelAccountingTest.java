package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bytes queued for a connection's event loop bound the requests a client holds unsent (1 MiB,
 * {@link ClientConnection#MAX_QUEUED_BYTES}). Each CANCEL frame goes through the same queue: were
 * it subtracted when written but never added, every cancel or timeout would lower the count for the
 * connection's life, and the bound would wear away.
 */
class CancelAccountingTest {
  private static final int CANCELLED_CALLS = 20_000;

  @Test
  void cancelsLeaveTheQueuedBytesAtZeroAndTheBoundOnUnsentRequestsUnchanged() throws Exception {
    try (RpcServer server = Loopback.server(new EchoHandler("a"));
        RpcClient<TestService> client = Loopback.client(server)) {
      ClientConnection connection = client.connections().get(0);
      int sentBeforeParking = callsSentBeforeOneParks(client, connection);
      assertThat(sentBeforeParking).isBetween(2, 100);
      await().atMost(Duration.ofSeconds(5)).until(() -> connection.queuedBytes() == 0);

      for (int i = 0; i < CANCELLED_CALLS; i++) {
        client.async().call(s -> s.echo(EchoRequest.sleeping("x", 5_000))).cancel(true);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .failFast("queued bytes went below zero", () -> connection.queuedBytes() < 0)
          .until(() -> connection.queuedBytes() == 0);
      assertThat(connection.state()).isEqualTo(ClientConnection.State.READY);

      assertThat(callsSentBeforeOneParks(client, connection)).isEqualTo(sentBeforeParking);
    }
  }

  /**
   * Holds the connection's event loop, so nothing queued reaches the channel, and makes 64 KiB
   * calls until one parks for want of a connection under its bound; then lets them all go and waits
   * for their answers.
   */
  private static int callsSentBeforeOneParks(
      RpcClient<TestService> client, ClientConnection connection) throws Exception {
    byte[] blob = new byte[64 * 1024];
    List<RpcFuture<EchoResponse>> calls = new ArrayList<>();
    try (HeldEventLoop held = HeldEventLoop.hold(connection.channel())) {
      while (client.waitingCalls() == 0 && calls.size() < 1_000) {
        EchoRequest request = new EchoRequest("c" + calls.size(), 0, blob, List.of(), null);
        calls.add(client.async().call(s -> s.echo(request)));
      }
    }
    for (RpcFuture<EchoResponse> call : calls) {
      assertThat(call.get(10, TimeUnit.SECONDS).text()).startsWith("c");
    }
    return calls.size();
  }
}
