package com.inkzee.benchmarks;

import com.inkzee.benchmarks.BenchMessages.BenchEntry;
import com.inkzee.benchmarks.BenchMessages.RiverPage;
import com.inkzee.benchmarks.BenchMessages.RiverRequest;
import com.inkzee.benchmarks.BenchMessages.SmallRequest;
import com.inkzee.benchmarks.BenchMessages.SmallResponse;
import com.inkzee.rpc.catalogue.Catalogue;

/**
 * A catalogue holding only the benchmark messages, so the benchmark uses the real Kryo setup
 * without registering test types in the production catalogue.
 */
public final class BenchCatalogue {
  private static final Catalogue CATALOGUE =
      Catalogue.builder(1, 0)
          .message(100, SmallRequest.class)
          .message(101, SmallResponse.class)
          .message(102, RiverRequest.class)
          .message(103, BenchEntry.class)
          .message(104, RiverPage.class)
          .service(BenchService.class)
          .build();

  private BenchCatalogue() {}

  public static Catalogue get() {
    return CATALOGUE;
  }
}
