package com.inkzee.ranker;

import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.testing.ServiceMainContract;

class RankerServiceMainIT extends ServiceMainContract<RankerService> {
  @Override
  protected Class<?> mainClass() {
    return RankerServiceMain.class;
  }

  @Override
  protected Class<RankerService> serviceInterface() {
    return RankerService.class;
  }

  @Override
  protected String serviceName() {
    return "ranker";
  }
}
