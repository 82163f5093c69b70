package com.inkzee.fetcher;

import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import java.time.Instant;

/**
 * The fetcher's Inkzee RPC face: operator calls such as refresh-now (polling arrives with the
 * fetcher-service issue).
 */
final class FetcherRpcHandler implements FetcherService {
  @Override
  public PingResponse ping(PingRequest request) {
    return new PingResponse(
        "fetcher", InkzeeCatalogue.get().version(), Instant.now(), request.echo(), true);
  }
}
