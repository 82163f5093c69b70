package com.inkzee.store.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.testing.ServiceProcess;
import com.inkzee.store.StoreServiceMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a store on the embedded database right after it acknowledged an ingest batch:
 * after a restart the batch is there. (With H2's default write delay the acknowledged batch was
 * still only in memory when the process died.)
 */
class EmbeddedKillDashNineIT {
  private static final int BATCH_SIZE = 100;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void acknowledgedBatchSurvivesKillDashNine(@TempDir Path dataDir) throws Exception {
    Map<String, String> env =
        Map.of(
            "INKZEE_RPC_PORT", "0",
            "INKZEE_BIND", "127.0.0.1",
            "INKZEE_DATA_DIR", dataDir.toAbsolutePath().toString());
    long feed;
    try (ServiceProcess store = ServiceProcess.start(StoreServiceMain.class, env, START_TIMEOUT);
        RpcClient<StoreService> client = connect(store)) {
      long user = client.stub().createUser(new CreateUserRequest("kill9", null)).user().id();
      feed =
          client
              .stub()
              .subscribe(new SubscribeRequest(user, "https://kill9.example/feed", null, null, 0))
              .subscription()
              .feedId();
      int inserted =
          client
              .stub()
              .ingestEntries(new IngestRequest(feed, ResiliencePostgres.batch(0, BATCH_SIZE)))
              .inserted();
      assertThat(inserted).isEqualTo(BATCH_SIZE);
      // Straight after the answer, before any background flush would have come.
      assertThat(store.kill(Duration.ofSeconds(30))).isEqualTo(137);
    }

    try (ServiceProcess store = ServiceProcess.start(StoreServiceMain.class, env, START_TIMEOUT);
        RpcClient<StoreService> client = connect(store)) {
      assertThat(
              client
                  .stub()
                  .ingestEntries(new IngestRequest(feed, ResiliencePostgres.batch(0, BATCH_SIZE)))
                  .unchanged())
          .as("entries of the acknowledged batch found again after the kill")
          .isEqualTo(BATCH_SIZE);
      assertThat(client.stub().entriesSince(new EntriesSinceRequest(0, 1000, false)).entries())
          .hasSize(BATCH_SIZE);
    }
  }

  private static RpcClient<StoreService> connect(ServiceProcess store) {
    ClientConfig config =
        ClientConfig.defaults(new Endpoint("127.0.0.1", store.port())).toBuilder()
            .callTimeout(Duration.ofSeconds(30))
            .maxAttempts(1)
            .build();
    return RpcClient.connect(InkzeeCatalogue.get(), StoreService.class, config);
  }
}
