package com.inkzee.store;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import java.time.Instant;

/**
 * The store's Inkzee RPC face: feeds, entries and users (the storage itself arrives with the
 * store-service issue).
 */
final class StoreRpcHandler implements StoreService {
  @Override
  public PingResponse ping(PingRequest request) {
    return new PingResponse(
        "store", InkzeeCatalogue.get().version(), Instant.now(), request.echo(), true);
  }
}
