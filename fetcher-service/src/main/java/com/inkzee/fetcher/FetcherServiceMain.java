package com.inkzee.fetcher;

import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcServerSettings;
import com.inkzee.rpc.config.ServiceLauncher;
import com.inkzee.rpc.server.RpcServer;

/**
 * Starts the fetcher service: Inkzee RPC on {@code INKZEE_RPC_PORT} (default 7102). Stops cleanly
 * on SIGTERM, draining in-flight calls.
 */
public final class FetcherServiceMain {
  public static final int DEFAULT_RPC_PORT = 7102;

  private FetcherServiceMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run("fetcher", Env.system(), FetcherServiceMain::start);
  }

  /** Builds and starts the service from its environment (also used by tests). */
  public static RpcServer start(Env env) {
    return RpcServer.builder(
            InkzeeCatalogue.get(), RpcServerSettings.fromEnv(env, DEFAULT_RPC_PORT))
        .service(FetcherService.class, new FetcherRpcHandler())
        .start();
  }
}
