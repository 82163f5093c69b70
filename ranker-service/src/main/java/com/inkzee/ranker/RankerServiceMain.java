package com.inkzee.ranker;

import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcServerSettings;
import com.inkzee.rpc.config.ServiceLauncher;
import com.inkzee.rpc.server.RpcServer;

/**
 * Starts the ranker service: Inkzee RPC on {@code INKZEE_RPC_PORT} (default 7103). Stops cleanly on
 * SIGTERM, draining in-flight calls.
 */
public final class RankerServiceMain {
  public static final int DEFAULT_RPC_PORT = 7103;

  private RankerServiceMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run("ranker", Env.system(), RankerServiceMain::start);
  }

  /** Builds and starts the service from its environment (also used by tests). */
  public static RpcServer start(Env env) {
    return RpcServer.builder(
            InkzeeCatalogue.get(), RpcServerSettings.fromEnv(env, DEFAULT_RPC_PORT))
        .service(RankerService.class, new RankerRpcHandler())
        .start();
  }
}
