package com.inkzee.rpc.api.fetcher;

import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.service.RpcService;

/** The fetcher: polls feeds and takes WebSub pushes; operators ask it to refresh a feed now. */
@RpcService("fetcher")
public interface FetcherService extends Pingable {}
