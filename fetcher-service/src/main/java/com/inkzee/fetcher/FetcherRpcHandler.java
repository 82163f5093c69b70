package com.inkzee.fetcher;

import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshResponse;
import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.status.RpcException;
import java.time.Instant;

/**
 * The fetcher's Inkzee RPC face: operator calls such as refresh-now (polling arrives with the
 * fetcher-service issue).
 *
 * <p>The catalogue 1.2 methods are placeholders until the fetcher implements them: a handler must
 * implement its whole interface to be bound, and UNIMPLEMENTED is what callers are told to expect
 * from a fetcher without them (docs/PROTOCOL.md, 13.4).
 */
final class FetcherRpcHandler implements FetcherService {
  @Override
  public PingResponse ping(PingRequest request) {
    return new PingResponse(
        "fetcher", InkzeeCatalogue.get().version(), Instant.now(), request.echo(), true);
  }

  @Override
  public DiscoverResponse discoverFeeds(DiscoverRequest request) {
    throw notYetWired("discoverFeeds");
  }

  @Override
  public ImportOpmlResponse importOpml(ImportOpmlRequest request) {
    throw notYetWired("importOpml");
  }

  @Override
  public ExportOpmlResponse exportOpml(ExportOpmlRequest request) {
    throw notYetWired("exportOpml");
  }

  @Override
  public RefreshResponse refreshFeed(RefreshRequest request) {
    throw notYetWired("refreshFeed");
  }

  private static RpcException notYetWired(String method) {
    return RpcException.unimplemented(method + " is not yet wired in this fetcher");
  }
}
