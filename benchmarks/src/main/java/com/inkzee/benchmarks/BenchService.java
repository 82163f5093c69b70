package com.inkzee.benchmarks;

import com.inkzee.benchmarks.BenchMessages.RiverPage;
import com.inkzee.benchmarks.BenchMessages.RiverRequest;
import com.inkzee.benchmarks.BenchMessages.SmallRequest;
import com.inkzee.benchmarks.BenchMessages.SmallResponse;
import com.inkzee.rpc.service.RpcMethod;
import com.inkzee.rpc.service.RpcService;

/** The benchmark's own service, so the load does not depend on a real service's behaviour. */
@RpcService("bench")
public interface BenchService {
  @RpcMethod(id = 1, idempotent = true)
  SmallResponse small(SmallRequest request);

  @RpcMethod(id = 2, idempotent = true)
  RiverPage river(RiverRequest request);
}
