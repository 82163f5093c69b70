package com.inkzee.rpc.testing;

import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.service.RpcMethod;
import com.inkzee.rpc.service.RpcService;

/** A service for protocol tests: echo (idempotent) and a non-idempotent twin. */
@RpcService("test")
public interface TestService extends Pingable {
  @RpcMethod(id = 1, idempotent = true)
  EchoResponse echo(EchoRequest request);

  @RpcMethod(id = 2)
  EchoResponse echoOnce(EchoRequest request);
}
