package com.inkzee.store.testing;

import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcClientSettings;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.store.StoreServiceMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real store service on the embedded database in a temporary directory, reached over Inkzee RPC
 * on loopback as the fetcher and ranker reach it in production: the harness their tests share.
 */
public final class EmbeddedStore implements AutoCloseable {
  private final RpcServer server;
  private final RpcClient<StoreService> client;

  public EmbeddedStore(Path dataDir) {
    this(dataDir, Map.of());
  }

  /**
   * A store with more variables, e.g. {@code INKZEE_TLS_CERT} and {@code INKZEE_TLS_KEY}; with
   * {@code INKZEE_TLS_CA} too, the harness's own client speaks TLS to it, dialling {@code
   * localhost} (the name a test certificate carries).
   */
  public EmbeddedStore(Path dataDir, Map<String, String> moreEnv) {
    Map<String, String> variables = new HashMap<>(moreEnv);
    variables.put("INKZEE_DATA_DIR", dataDir.toString());
    variables.put("INKZEE_RPC_PORT", "0");
    Env env = new Env(variables);
    server = StoreServiceMain.start(env);
    String host = variables.containsKey("INKZEE_TLS_CA") ? "localhost" : "127.0.0.1";
    client =
        RpcClient.connect(
            InkzeeCatalogue.get(),
            StoreService.class,
            RpcClientSettings.fromEnv(env, List.of(new Endpoint(host, server.port()))));
    if (!client.awaitReady(Duration.ofSeconds(10))) {
      close();
      throw new IllegalStateException("store did not answer within 10 s");
    }
  }

  /** The store's Inkzee RPC port on 127.0.0.1. */
  public int port() {
    return server.port();
  }

  /** The store's XML-RPC port on 127.0.0.1 (a free port: the RPC port is 0 here). */
  public int xmlRpcPort() {
    return server.xmlRpcServer().port();
  }

  /** Every method the store's XML-RPC endpoint answers. */
  public java.util.List<String> xmlRpcMethodNames() {
    return server.xmlRpcServer().methodNames();
  }

  public StoreService store() {
    return client.stub();
  }

  public long createUser(String name) {
    return store().createUser(new CreateUserRequest(name, null)).user().id();
  }

  /** Subscribes {@code userId} to {@code url}; returns the feed id. */
  public long subscribe(long userId, String url) {
    return store()
        .subscribe(new SubscribeRequest(userId, url, null, null, 0))
        .subscription()
        .feedId();
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    server.close();
  }
}
