package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Every call deadline in the process fires on one timer thread. Calls waiting for a connection that
 * never comes (the endpoint is down) leave the waiting queue when they expire: a scan of the queue
 * per expiry made that thread O(n) per deadline, and with tens of thousands of waiting calls every
 * deadline in the process, theirs and any other call's, fired many seconds late.
 */
class ParkedCallExpiryTest {
  private static final int WAITING_CALLS = 40_000;
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  /** What "on time" means here: the timer's tick and a busy machine, not a performance bound. */
  private static final long LATE_BOUND_MILLIS = 2_000;

  @Test
  void manyCallsWaitingForADownEndpointExpireNearTheirDeadlineAndDelayNoOtherDeadline()
      throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    ClientConfig config =
        Loopback.clientConfig(List.of(new Endpoint("127.0.0.1", port)))
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
    try (RpcClient<TestService> client =
        RpcClient.connect(TestCatalogue.get(), TestService.class, config)) {
      AtomicLong latestLateMillis = new AtomicLong();
      List<CompletableFuture<Status>> calls = new ArrayList<>(WAITING_CALLS);
      for (int i = 0; i < WAITING_CALLS; i++) {
        long started = System.nanoTime();
        calls.add(
            client
                .async()
                .call(s -> s.echo(EchoRequest.of("x")), TIMEOUT)
                .handle(
                    (value, failure) -> {
                      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                      latestLateMillis.accumulateAndGet(took - TIMEOUT.toMillis(), Math::max);
                      return statusOf(failure);
                    }));
      }
      // A call made after them, with its own deadline on the same timer.
      long probeStarted = System.nanoTime();
      RpcFuture<EchoResponse> probe =
          client.async().call(s -> s.echo(EchoRequest.of("probe")), Duration.ofMillis(600));
      try {
        probe.get(600 + LATE_BOUND_MILLIS, TimeUnit.MILLISECONDS);
        throw new AssertionError("the probe cannot succeed: nothing listens");
      } catch (ExecutionException e) {
        assertThat(((RpcException) e.getCause()).status()).isEqualTo(Status.UNAVAILABLE);
      } catch (TimeoutException e) {
        throw new AssertionError(
            "a 600 ms call behind "
                + WAITING_CALLS
                + " waiting calls had not expired after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - probeStarted)
                + " ms",
            e);
      }
      for (CompletableFuture<Status> call : calls) {
        assertThat(call.get(LATE_BOUND_MILLIS, TimeUnit.MILLISECONDS))
            .isEqualTo(Status.UNAVAILABLE);
      }
      assertThat(latestLateMillis.get()).isLessThan(LATE_BOUND_MILLIS);
      assertThat(client.waitingCalls()).isZero();
    }
  }

  private static Status statusOf(Throwable failure) {
    return failure instanceof RpcException r ? r.status() : null;
  }
}
