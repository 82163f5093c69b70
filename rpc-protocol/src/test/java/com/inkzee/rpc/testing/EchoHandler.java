package com.inkzee.rpc.testing;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** The test service's implementation; counts what it saw so tests can check the server side. */
public final class EchoHandler implements TestService {
  private final String name;
  public final AtomicInteger calls = new AtomicInteger();
  public final AtomicInteger interrupted = new AtomicInteger();
  public final AtomicInteger finishedSleeping = new AtomicInteger();
  public volatile String lastThread;

  public EchoHandler(String name) {
    this.name = name;
  }

  @Override
  public PingResponse ping(PingRequest request) {
    return new PingResponse("test", "1.0", Instant.now(), request.echo(), true);
  }

  @Override
  public EchoResponse echo(EchoRequest request) {
    calls.incrementAndGet();
    lastThread = Thread.currentThread().getName();
    if (request.sleepMillis() > 0) {
      try {
        Thread.sleep(request.sleepMillis());
        finishedSleeping.incrementAndGet();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        Thread.currentThread().interrupt();
        throw new RpcException(Status.CANCELLED, "interrupted");
      }
    }
    if ("BAD_RESPONSE".equals(request.failWith())) {
      // A response our encoder refuses (lists cannot hold null): a server-side bug to survive.
      return new EchoResponse(request.text(), name, null, java.util.Arrays.asList("x", null));
    }
    if (request.failWith() != null) {
      throw new RpcException(Status.valueOf(request.failWith()), "asked to fail");
    }
    return new EchoResponse(request.text(), name, request.blob(), request.tags());
  }

  @Override
  public EchoResponse echoOnce(EchoRequest request) {
    return echo(request);
  }
}
