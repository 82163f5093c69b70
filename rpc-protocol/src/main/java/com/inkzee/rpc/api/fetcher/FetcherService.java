package com.inkzee.rpc.api.fetcher;

import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshResponse;
import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.service.RpcMethod;
import com.inkzee.rpc.service.RpcService;

/**
 * The fetcher: polls feeds and takes WebSub pushes; users' clients ask it to discover feeds and to
 * import or export OPML, operators to refresh a feed now. Methods 1-4 are new in 1.2; callers must
 * be ready for UNIMPLEMENTED from an older fetcher.
 */
@RpcService("fetcher")
public interface FetcherService extends Pingable {
  /** Idempotent: discovery only reads the web. */
  @RpcMethod(id = 1, idempotent = true)
  DiscoverResponse discoverFeeds(DiscoverRequest request);

  /** Idempotent: subscribing again to a followed feed changes nothing. */
  @RpcMethod(id = 2, idempotent = true)
  ImportOpmlResponse importOpml(ImportOpmlRequest request);

  @RpcMethod(id = 3, idempotent = true)
  ExportOpmlResponse exportOpml(ExportOpmlRequest request);

  /** Idempotent: a feed already due stays due. */
  @RpcMethod(id = 4, idempotent = true)
  RefreshResponse refreshFeed(RefreshRequest request);
}
