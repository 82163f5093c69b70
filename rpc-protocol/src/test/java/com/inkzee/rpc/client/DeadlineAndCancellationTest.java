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
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every call has a deadline that both sides enforce, and a caller can give up early. */
class DeadlineAndCancellationTest {

  @Nested
  class Deadlines {
    @Test
    void failsAtTheDeadlineAndInterruptsTheServerWork() {
      EchoHandler handler = new EchoHandler("a");
      try (RpcServer server = Loopback.server(handler);
          RpcClient<TestService> client = Loopback.client(server)) {
        long start = System.nanoTime();
        assertThatThrownBy(
                () -> client.stub(Duration.ofMillis(500)).echo(EchoRequest.sleeping("x", 5_000)))
            .isInstanceOfSatisfying(
                RpcException.class,
                e -> assertThat(e.status()).isEqualTo(Status.DEADLINE_EXCEEDED));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Not before the deadline, and long before the handler's 5 s: the deadline ended it. (The
        // upper bound leaves room for a loaded machine; 550 ms failed on a 2-core CI box at load
        // 17 while still proving nothing waited for the handler.)
        assertThat(tookMillis).isBetween(450L, 3_000L);
        // The server's own timer fired too: the sleeping handler was interrupted, not left running.
        await().atMost(Duration.ofSeconds(2)).until(() -> handler.interrupted.get() == 1);
        assertThat(handler.finishedSleeping.get()).isZero();
        // Ended by the server's deadline timer or by the client's CANCEL, whichever came first.
        assertThat(server.metrics().expired() + server.metrics().cancelled()).isEqualTo(1);
      }
    }

    @Test
    void everyCallHasTheDefaultTimeoutWhenItNamesNone() {
      EchoHandler handler = new EchoHandler("a");
      try (RpcServer server = Loopback.server(handler);
          RpcClient<TestService> client =
              Loopback.client(
                  Loopback.clientConfig(server).withCallTimeout(Duration.ofMillis(300)))) {
        assertThatThrownBy(() -> client.stub().echo(EchoRequest.sleeping("x", 3_000)))
            .isInstanceOfSatisfying(
                RpcException.class,
                e -> assertThat(e.status()).isEqualTo(Status.DEADLINE_EXCEEDED));
      }
    }

    @Test
    void dropsAQueuedCallWhoseDeadlinePassedWithoutRunningIt() throws Exception {
      EchoHandler handler = new EchoHandler("a");
      try (RpcServer server =
              Loopback.server(handler, Loopback.serverConfig().withHandlers(1, 10));
          RpcClient<TestService> client = Loopback.client(server)) {
        RpcFuture<EchoResponse> busy =
            client.async().call(s -> s.echo(EchoRequest.sleeping("busy", 800)));
        RpcFuture<EchoResponse> queued =
            client.async().call(s -> s.echo(EchoRequest.of("late")), Duration.ofMillis(200));
        assertThatThrownBy(queued::get).hasCauseInstanceOf(RpcException.class);
        assertThat(busy.get(5, TimeUnit.SECONDS).text()).isEqualTo("busy");
        // Give the executor the chance to pick up the expired call: it must not run it.
        Thread.sleep(100);
        assertThat(handler.calls.get()).isEqualTo(1);
        assertThat(server.metrics().expired() + server.metrics().cancelled()).isEqualTo(1);
      }
    }
  }

  @Nested
  class Cancellation {
    @Test
    void cancellingOnTheClientInterruptsTheHandler() {
      EchoHandler handler = new EchoHandler("a");
      try (RpcServer server = Loopback.server(handler);
          RpcClient<TestService> client = Loopback.client(server)) {
        RpcFuture<EchoResponse> call =
            client.async().call(s -> s.echo(EchoRequest.sleeping("x", 10_000)));
        await().atMost(Duration.ofSeconds(2)).until(() -> handler.calls.get() == 1);
        assertThat(call.cancel(true)).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> handler.interrupted.get() == 1);
        assertThat(server.metrics().cancelled()).isEqualTo(1);
        assertThat(call).isCancelled();
        // The connection is unharmed.
        assertThat(client.stub().echo(EchoRequest.of("after")).text()).isEqualTo("after");
      }
    }

    @Test
    void interruptingABlockingCallerCancelsItsCall() throws Exception {
      EchoHandler handler = new EchoHandler("a");
      try (RpcServer server = Loopback.server(handler);
          RpcClient<TestService> client = Loopback.client(server)) {
        Thread caller =
            new Thread(
                () -> {
                  try {
                    client.stub().echo(EchoRequest.sleeping("x", 10_000));
                  } catch (RpcException expected) {
                    // CANCELLED
                  }
                });
        caller.start();
        await().atMost(Duration.ofSeconds(2)).until(() -> handler.calls.get() == 1);
        caller.interrupt();
        caller.join(2_000);
        assertThat(caller.isAlive()).isFalse();
        await().atMost(Duration.ofSeconds(2)).until(() -> handler.interrupted.get() == 1);
      }
    }

    @Test
    void cancelledCallsThatWaitForAConnectionLeaveTheWaitingQueue() throws Exception {
      // Nothing listens on the port: every call waits for a connection that never comes.
      int port;
      try (java.net.ServerSocket free =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = free.getLocalPort();
      }
      ClientConfig config =
          Loopback.clientConfig(java.util.List.of(new Endpoint("127.0.0.1", port)))
              .withCallTimeout(Duration.ofSeconds(60));
      try (RpcClient<TestService> client =
          RpcClient.connect(TestCatalogue.get(), TestService.class, config)) {
        java.util.List<RpcFuture<EchoResponse>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
          calls.add(client.async().call(s -> s.echo(EchoRequest.of("x"))));
        }
        assertThat(client.waitingCalls()).isEqualTo(200);
        for (RpcFuture<EchoResponse> call : calls) {
          assertThat(call.cancel(true)).isTrue();
        }
        // Gone at once, request bytes and all, not at their deadline a minute from now.
        assertThat(client.waitingCalls()).isZero();
      }
    }
  }

  @Test
  void aHandlersErrorStatusReachesTheCallerWithoutAStackTrace() throws Exception {
    EchoHandler handler = new EchoHandler("a");
    try (RpcServer server = Loopback.server(handler);
        RpcClient<TestService> client = Loopback.client(server)) {
      RpcFuture<EchoResponse> call =
          client
              .async()
              .call(s -> s.echo(new EchoRequest("x", 0, null, java.util.List.of(), "NOT_FOUND")));
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, call::get);
      RpcException rpc = (RpcException) e.getCause();
      assertThat(rpc.status()).isEqualTo(Status.NOT_FOUND);
      assertThat(rpc.detail()).isEqualTo("asked to fail").doesNotContain("at com.");
    }
  }

  @Test
  void aResponseThatCannotBeEncodedAnswersInternalAtOnce() {
    try (RpcServer server = Loopback.server(new EchoHandler("a"));
        RpcClient<TestService> client = Loopback.client(server)) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  client
                      .stub(Duration.ofSeconds(5))
                      .echo(new EchoRequest("x", 0, null, java.util.List.of(), "BAD_RESPONSE")))
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.INTERNAL));
      // Answered, not left to the 5 s deadline.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(client.stub().echo(EchoRequest.of("after")).text()).isEqualTo("after");
    }
  }
}
