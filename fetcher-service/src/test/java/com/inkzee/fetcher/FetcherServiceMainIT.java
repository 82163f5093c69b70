package com.inkzee.fetcher;

import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.testing.ServiceMainContract;

class FetcherServiceMainIT extends ServiceMainContract<FetcherService> {
  @Override
  protected Class<?> mainClass() {
    return FetcherServiceMain.class;
  }

  @Override
  protected Class<FetcherService> serviceInterface() {
    return FetcherService.class;
  }

  @Override
  protected String serviceName() {
    return "fetcher";
  }
}
