package com.inkzee.rpc.api.health;

import com.inkzee.rpc.service.RpcMethod;

/** Method 0 of every service: a cheap liveness and readiness check. */
public interface Pingable {
  @RpcMethod(id = 0, idempotent = true)
  PingResponse ping(PingRequest request);
}
