package com.inkzee.store.resilience;

import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.store.StoreServiceMain;
import java.time.Duration;
import java.util.Map;

/**
 * The store in this JVM, built by {@link StoreServiceMain#start} from its environment as the real
 * process is, on PostgreSQL in a given schema with short database timeouts, plus a client and one
 * subscribed feed.
 */
final class StoreUnderTest implements AutoCloseable {
  static final int CONNECT_TIMEOUT_SECONDS = 2;
  static final int SOCKET_TIMEOUT_SECONDS = 3;

  /**
   * The longest any call may take while the database is down or hung: a connect attempt (the pool's
   * wait) plus a statement on a dead socket, plus slack for a busy two-core machine.
   */
  static final Duration FAILURE_BOUND =
      Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS + SOCKET_TIMEOUT_SECONDS + 3);

  /** Longer than {@link #FAILURE_BOUND}: a call the store left hanging shows as a timeout. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final RpcServer server;
  private final RpcClient<StoreService> client;
  private final long feed;

  private StoreUnderTest(RpcServer server, RpcClient<StoreService> client, long feed) {
    this.server = server;
    this.client = client;
    this.feed = feed;
  }

  static StoreUnderTest start(String schema) {
    Map<String, String> env =
        ResiliencePostgres.storeEnv(
            schema,
            Map.of(
                "INKZEE_DB_POOL_SIZE", "4",
                "INKZEE_DB_CONNECT_TIMEOUT_SECONDS", Integer.toString(CONNECT_TIMEOUT_SECONDS),
                "INKZEE_DB_SOCKET_TIMEOUT_SECONDS", Integer.toString(SOCKET_TIMEOUT_SECONDS)));
    RpcServer server = StoreServiceMain.start(new Env(env));
    RpcClient<StoreService> client = null;
    try {
      // One attempt per call: every failure the store answers is seen, not retried away.
      ClientConfig config =
          ClientConfig.defaults(new Endpoint("127.0.0.1", server.port())).toBuilder()
              .callTimeout(CALL_TIMEOUT)
              .maxAttempts(1)
              .build();
      client = RpcClient.connect(InkzeeCatalogue.get(), StoreService.class, config);
      long user = client.stub().createUser(new CreateUserRequest("resilience", null)).user().id();
      long feed =
          client
              .stub()
              .subscribe(
                  new SubscribeRequest(user, "https://resilience.example/feed", null, null, 0))
              .subscription()
              .feedId();
      return new StoreUnderTest(server, client, feed);
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      server.close();
      throw e;
    }
  }

  RpcClient<StoreService> client() {
    return client;
  }

  long feed() {
    return feed;
  }

  @Override
  public void close() {
    client.close();
    server.shutdown(Duration.ofSeconds(10));
  }
}
