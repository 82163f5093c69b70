package com.inkzee.ranker;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import java.time.Instant;

/**
 * The ranker's Inkzee RPC face: the reader-facing API (rivers and digests arrive with the
 * ranker-service issue).
 */
final class RankerRpcHandler implements RankerService {
  @Override
  public PingResponse ping(PingRequest request) {
    return new PingResponse(
        "ranker", InkzeeCatalogue.get().version(), Instant.now(), request.echo(), true);
  }
}
