package com.inkzee.store;

import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.testing.ServiceMainContract;
import java.util.List;

class StoreServiceMainIT extends ServiceMainContract<StoreService> {
  @Override
  protected boolean servesXmlRpc() {
    return true;
  }

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

  @Override
  protected List<String> expectedMetrics() {
    return List.of(
        "inkzee_store_queue_feeds{state=\"due\"}",
        "inkzee_store_queue_feeds{state=\"leased\"}",
        "inkzee_store_ingested_rows_total{result=\"inserted\"} 0.0",
        "hikaricp_connections_max{pool=\"store-db\"}",
        "hikaricp_connections_active{pool=\"store-db\"}");
  }
}
