package com.inkzee.rpc.api.ranker;

import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.service.RpcService;

/** The ranker: each reader's ranked river, duplicate clusters, filters, alerts and digests. */
@RpcService("ranker")
public interface RankerService extends Pingable {}
