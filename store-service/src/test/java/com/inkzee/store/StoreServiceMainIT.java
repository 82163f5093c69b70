package com.inkzee.store;

import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.testing.ServiceMainContract;

class StoreServiceMainIT extends ServiceMainContract<StoreService> {
  @Override
  protected Class<?> mainClass() {
    return StoreServiceMain.class;
  }

  @Override
  protected Class<StoreService> serviceInterface() {
    return StoreService.class;
  }

  @Override
  protected String serviceName() {
    return "store";
  }
}
