package com.inkzee.ranker;

import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.testing.ServiceMainContract;
import com.inkzee.store.testing.EmbeddedStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class RankerServiceMainIT extends ServiceMainContract<RankerService> {
  @TempDir static Path dataDir;
  private static EmbeddedStore store;

  @BeforeAll
  static void startStore() {
    store = new EmbeddedStore(dataDir.resolve("store"));
  }

  @AfterAll
  static void stopStore() {
    store.close();
  }

  /** The ranker loads its window from a store at start: a real one, on the embedded database. */
  @Override
  protected Map<String, String> extraEnv() {
    return Map.of(
        "INKZEE_STORE_ENDPOINTS",
        "127.0.0.1:" + store.port(),
        "INKZEE_DATA_DIR",
        dataDir.resolve("ranker").toString());
  }

  @Override
  protected List<String> expectedMetrics() {
    return List.of(
        "inkzee_ranker_window_entries 0.0",
        "inkzee_ranker_change_feed_cursor",
        "inkzee_ranker_change_feed_head",
        "inkzee_ranker_change_feed_lag_entries",
        "inkzee_ranker_change_feed_lag_seconds",
        "inkzee_rpc_client_calls_seconds_count{method=\"entriesSince\",service=\"store\",status=\"OK\"}");
  }

  @Override
  protected boolean servesXmlRpc() {
    return true;
  }

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
