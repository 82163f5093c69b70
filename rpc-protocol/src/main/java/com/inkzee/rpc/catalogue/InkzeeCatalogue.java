package com.inkzee.rpc.catalogue;

import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.StoreService;

/**
 * The one catalogue of Inkzee RPC, protocol major version 1.
 *
 * <p>Rules (docs/PROTOCOL.md, "Evolution"): ids are assigned once and never reused; a removed
 * message's id moves to {@code retired}; any change to the schema bumps {@link #MINOR}, and
 * CatalogueCompatibilityTest fails the build on an incompatible one. Id blocks: 100-199 health and
 * shared types, 200-399 store, 400-499 fetcher, 500-699 ranker.
 */
public final class InkzeeCatalogue {
  public static final int MAJOR = 1;
  public static final int MINOR = 0;

  private static final Catalogue CATALOGUE =
      Catalogue.builder(MAJOR, MINOR)
          .message(100, PingRequest.class)
          .message(101, PingResponse.class)
          .service(StoreService.class)
          .service(FetcherService.class)
          .service(RankerService.class)
          .build();

  private InkzeeCatalogue() {}

  public static Catalogue get() {
    return CATALOGUE;
  }
}
