package com.inkzee.store;

import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcServerSettings;
import com.inkzee.rpc.config.ServiceLauncher;
import com.inkzee.rpc.server.RpcServer;

/**
 * Starts the store service: Inkzee RPC on {@code INKZEE_RPC_PORT} (default 7101). Stops cleanly on
 * SIGTERM, draining in-flight calls.
 */
public final class StoreServiceMain {
  public static final int DEFAULT_RPC_PORT = 7101;

  private StoreServiceMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run("store", Env.system(), StoreServiceMain::start);
  }

  /** Builds and starts the service from its environment (also used by tests). */
  public static RpcServer start(Env env) {
    return RpcServer.builder(
            InkzeeCatalogue.get(), RpcServerSettings.fromEnv(env, DEFAULT_RPC_PORT))
        .service(StoreService.class, new StoreRpcHandler())
        .start();
  }
}
