package com.inkzee.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.client.RpcFuture;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.wire.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A dispatched call keeps its request until it ends, and the calls queued for handler threads are
 * bounded only by the shared handler queue: without a bound on their bytes, one peer's calls in
 * flight (1024 by default) of a full frame each would pin a thousand frames. The server holds a
 * connection's further requests, as at its in-flight cap, while its calls in progress carry {@link
 * ServerConnection#REQUEST_FRAMES_IN_FLIGHT} frames' worth of requests, and starts them as calls
 * end: none is dropped.
 */
class RequestBytesInFlightTest {
  private static final int FRAME_BYTES = WireFormat.MIN_MAX_FRAME_BYTES; // 64 KiB
  private static final int BLOB_BYTES = 50 * 1024;
  private static final int CALLS = 20;

  @Test
  void largeRequestsBeyondTheConnectionsBytesInFlightWaitAndAllComplete() throws Exception {
    BlockingEcho handler = new BlockingEcho();
    ServerConfig config =
        Loopback.serverConfig().withLimits(FRAME_BYTES, 100, 1024).withHandlers(16, 1024);
    try (RpcServer server =
            RpcServer.builder(TestCatalogue.get(), config)
                .service(TestService.class, handler)
                .start();
        RpcClient<TestService> client = Loopback.client(server)) {
      byte[] blob = new byte[BLOB_BYTES];
      List<RpcFuture<EchoResponse>> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        EchoRequest request = new EchoRequest("c" + i, 0, blob, List.of(), null);
        calls.add(client.async().call(s -> s.echoOnce(request)));
      }
      // As many 50 KiB requests as fit in four 64 KiB frames run; the handler threads to run all
      // twenty are there, idle.
      int fit = (int) (ServerConnection.REQUEST_FRAMES_IN_FLIGHT * (long) FRAME_BYTES / BLOB_BYTES);
      await().atMost(Duration.ofSeconds(10)).until(() -> handler.started.get() >= fit - 1);
      await().pollDelay(Duration.ofMillis(500)).until(() -> true); // what else would start, has
      assertThat(handler.started.get()).isBetween(fit - 1, fit);

      handler.release.countDown();
      for (int i = 0; i < CALLS; i++) {
        assertThat(calls.get(i).get(20, TimeUnit.SECONDS).text()).isEqualTo("c" + i);
      }
      assertThat(handler.started.get()).isEqualTo(CALLS);
      assertThat(server.metrics().rejected()).isZero();
    }
  }

  /** Counts the calls started and holds each until released. */
  private static final class BlockingEcho implements TestService {
    final AtomicInteger started = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public PingResponse ping(PingRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public EchoResponse echo(EchoRequest request) {
      started.incrementAndGet();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new EchoResponse(request.text(), "blocking", null, List.of());
    }

    @Override
    public EchoResponse echoOnce(EchoRequest request) {
      return echo(request);
    }
  }
}
