package com.inkzee.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.catalogue.MessageCodec;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.client.RpcFuture;
import com.inkzee.rpc.hostile.RawConnection;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.wire.Frame;
import com.inkzee.rpc.wire.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A handler that defers its answer frees its thread at once and answers later from another thread:
 * what long polls need so that waiting callers do not each hold one of the bounded handler threads.
 */
class DeferredReplyTest {
  /** Echoes, except that texts starting with "defer" are parked until the test answers them. */
  static final class DeferringHandler implements TestService {
    final ConcurrentLinkedQueue<CallContext.Deferred<EchoResponse>> parked =
        new ConcurrentLinkedQueue<>();
    volatile CallContext kept;

    @Override
    public PingResponse ping(PingRequest request) {
      return new PingResponse("test", "1.0", Instant.now(), request.echo(), true);
    }

    @Override
    public EchoResponse echo(EchoRequest request) {
      kept = CallContext.current();
      if (request.text().startsWith("defer")) {
        parked.add(CallContext.current().defer());
        return null;
      }
      return new EchoResponse(request.text(), "h", null, List.of());
    }

    @Override
    public EchoResponse echoOnce(EchoRequest request) {
      return echo(request);
    }
  }

  private static RpcServer server(DeferringHandler handler) {
    // One handler thread: if a deferred call still held it, nothing else could run.
    return RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig().withHandlers(1, 4))
        .service(TestService.class, handler)
        .start();
  }

  private static RpcClient<TestService> client(RpcServer server) {
    return Loopback.client(Loopback.clientConfig(server));
  }

  @Test
  void deferredCallsHoldNoThreadAndAreAnsweredFromAnother() throws Exception {
    DeferringHandler handler = new DeferringHandler();
    try (RpcServer server = server(handler);
        RpcClient<TestService> client = client(server)) {
      List<RpcFuture<EchoResponse>> waiting = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        waiting.add(client.async().call(s -> s.echo(EchoRequest.of("defer"))));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> handler.parked.size() == 5);
      // Five calls wait, yet the single handler thread still serves others.
      assertThat(client.stub().echo(EchoRequest.of("now")).text()).isEqualTo("now");
      assertThat(waiting).noneMatch(RpcFuture::isDone);

      Thread answerer =
          new Thread(
              () -> {
                int n = 0;
                for (CallContext.Deferred<EchoResponse> d : handler.parked) {
                  d.complete(new EchoResponse("later " + n++, "h", null, List.of()));
                }
              });
      answerer.start();
      answerer.join(5_000);
      List<String> texts = new ArrayList<>();
      for (RpcFuture<EchoResponse> f : waiting) {
        texts.add(f.get(5, TimeUnit.SECONDS).text());
      }
      assertThat(texts)
          .containsExactlyInAnyOrder("later 0", "later 1", "later 2", "later 3", "later 4");
      assertThat(handler.parked).allMatch(CallContext.Deferred::isDone);
    }
  }

  @Test
  void aDeferredCallCanFailWithAStatus() {
    DeferringHandler handler = new DeferringHandler();
    try (RpcServer server = server(handler);
        RpcClient<TestService> client = client(server)) {
      RpcFuture<EchoResponse> call = client.async().call(s -> s.echo(EchoRequest.of("defer")));
      await().atMost(Duration.ofSeconds(5)).until(() -> handler.parked.size() == 1);
      handler
          .parked
          .peek()
          .fail(new RpcException(Status.FAILED_PRECONDITION, "the event source left"));
      assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              RpcException.class,
              e -> {
                assertThat(e.status()).isEqualTo(Status.FAILED_PRECONDITION);
                assertThat(e.detail()).contains("the event source left");
              });
    }
  }

  @Test
  void theDeadlineStillEndsADeferredCallAndALateAnswerIsDropped() throws Exception {
    DeferringHandler handler = new DeferringHandler();
    try (RpcServer server = server(handler);
        RpcClient<TestService> client = client(server)) {
      RpcFuture<EchoResponse> call =
          client.async().call(s -> s.echo(EchoRequest.of("defer")), Duration.ofMillis(300));
      assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.DEADLINE_EXCEEDED));
      CallContext.Deferred<EchoResponse> late = handler.parked.peek();
      await().atMost(Duration.ofSeconds(2)).until(late::isDone);
      late.complete(new EchoResponse("too late", "h", null, List.of())); // ignored
      // The connection carries on and the server counted one expiry, no completion for it.
      assertThat(client.stub().echo(EchoRequest.of("after")).text()).isEqualTo("after");
      assertThat(server.metrics().expired() + server.metrics().cancelled()).isEqualTo(1);
    }
  }

  /**
   * With handlers on the event loop a deferred call is still ended by its deadline. Shown with a
   * raw peer that never cancels (the Java client cancels at its own deadline, which would hide a
   * call the server left running): the server itself must answer DEADLINE_EXCEEDED.
   */
  @Test
  void onTheEventLoopTooADeferredCallEndsAtItsDeadline() throws Exception {
    DeferringHandler handler = new DeferringHandler();
    MessageCodec codec = new MessageCodec(TestCatalogue.get(), WireFormat.DEFAULT_MAX_FRAME_BYTES);
    try (RpcServer server =
            RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig())
                .service(TestService.class, handler, HandlerMode.EVENT_LOOP)
                .start();
        RawConnection c = RawConnection.open(server.port()).handshake("test", "")) {
      c.send(RawConnection.requestBytes(1, 1, 300, codec.encodeToBytes(EchoRequest.of("defer"))));
      Frame answer = c.readFrame(); // the raw connection gives up after 5 s
      assertThat(answer).isInstanceOf(Frame.Error.class);
      assertThat(answer.streamId()).isEqualTo(1);
      assertThat(((Frame.Error) answer).status()).isEqualTo(Status.DEADLINE_EXCEEDED);
      assertThat(server.metrics().expired()).isEqualTo(1);
      assertThat(handler.parked).hasSize(1);
      await().atMost(Duration.ofSeconds(2)).until(handler.parked.peek()::isDone);
    }
  }

  @Test
  void onlyTheRunningHandlerMayDefer() {
    DeferringHandler handler = new DeferringHandler();
    try (RpcServer server = server(handler);
        RpcClient<TestService> client = client(server)) {
      assertThat(client.stub().echo(EchoRequest.of("plain")).text()).isEqualTo("plain");
      // The call has been answered: its context can no longer defer, from any thread.
      assertThatThrownBy(() -> handler.kept.defer())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("while it runs");
      assertThat(CallContext.current()).isNull(); // and the test thread is no handler
    }
  }

  @Test
  void aConnectionAtItsInFlightCapStillAnswersHeartbeatsAndCancels() throws Exception {
    DeferringHandler handler = new DeferringHandler();
    // Two calls in flight per connection at most: two long polls fill the connection's window.
    try (RpcServer server =
            RpcServer.builder(
                    TestCatalogue.get(),
                    Loopback.serverConfig().withLimits(WireFormat.DEFAULT_MAX_FRAME_BYTES, 100, 2))
                .service(TestService.class, handler)
                .start();
        RpcClient<TestService> client =
            Loopback.client(Loopback.clientConfig(server).withHeartbeat(Duration.ofMillis(200)))) {
      // Not idempotent: if the client gave the connection up for dead, they would fail.
      RpcFuture<EchoResponse> first =
          client.async().call(s -> s.echoOnce(EchoRequest.of("defer 1")), Duration.ofSeconds(30));
      RpcFuture<EchoResponse> second =
          client.async().call(s -> s.echoOnce(EchoRequest.of("defer 2")), Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(10)).until(() -> handler.parked.size() == 2);

      // Ten heartbeat intervals with the window full: a client that read silence as death
      // would have closed the connection after two.
      Thread.sleep(2_000);
      assertThat(first).isNotDone();
      assertThat(second).isNotDone();

      // A call beyond the cap waits on the server; a CANCEL still gets through and frees the
      // place it takes.
      RpcFuture<EchoResponse> third =
          client.async().call(s -> s.echoOnce(EchoRequest.of("third")), Duration.ofSeconds(30));
      assertThat(first.cancel(true)).isTrue();
      assertThat(third.get(10, TimeUnit.SECONDS).text()).isEqualTo("third");

      handler.parked.stream()
          .filter(d -> !d.isDone())
          .forEach(d -> d.complete(new EchoResponse("answered", "h", null, List.of())));
      assertThat(second.get(10, TimeUnit.SECONDS).text()).isEqualTo("answered");
      assertThat(server.connectionCount()).isEqualTo(1);
    }
  }
}
