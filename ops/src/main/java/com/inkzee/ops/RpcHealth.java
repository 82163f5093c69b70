package com.inkzee.ops;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.status.RpcException;
import java.time.Duration;

/** Health checks of the services a service calls over Inkzee RPC. */
public final class RpcHealth {
  /** How long a ping may take: under {@link HealthChecks#DEFAULT_CHECK_TIMEOUT}. */
  public static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

  private RpcHealth() {}

  /**
   * Up when the service behind {@code client} answers a ping within {@link #PING_TIMEOUT}; the
   * detail says whether that service calls itself ready (the store: its database answers).
   */
  public static HealthCheck ping(RpcClient<? extends Pingable> client) {
    return () -> {
      try {
        PingResponse pong = client.stub(PING_TIMEOUT).ping(new PingRequest("healthz"));
        return Health.up(
            pong.service()
                + " answers (catalogue "
                + pong.catalogueVersion()
                + ", "
                + (pong.ready() ? "ready" : "not ready itself")
                + ")");
      } catch (RpcException e) {
        return Health.down(client.service().name() + " unreachable: " + e.getMessage());
      }
    };
  }
}
