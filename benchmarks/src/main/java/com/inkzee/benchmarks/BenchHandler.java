package com.inkzee.benchmarks;

import com.inkzee.benchmarks.BenchMessages.RiverPage;
import com.inkzee.benchmarks.BenchMessages.RiverRequest;
import com.inkzee.benchmarks.BenchMessages.SmallRequest;
import com.inkzee.benchmarks.BenchMessages.SmallResponse;

/**
 * The benchmark service's handler: answers from memory at once, so what is measured is the RPC
 * runtime (dispatch, encoding, transport), not handler work.
 */
final class BenchHandler implements BenchService {
  private final RiverPage page = BenchMessages.riverPage();

  @Override
  public SmallResponse small(SmallRequest request) {
    return new SmallResponse(request.userId(), request.feedUrl(), 42);
  }

  @Override
  public RiverPage river(RiverRequest request) {
    return page;
  }
}
