package com.inkzee.store;

import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcServerSettings;
import com.inkzee.rpc.config.ServiceLauncher;
import com.inkzee.rpc.server.HandlerMode;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.server.ServerConfig;
import com.inkzee.store.db.Database;
import com.inkzee.store.rpc.StoreRpcHandler;
import java.time.Clock;
import java.time.Duration;

/**
 * Starts the store service: opens the database (PostgreSQL from {@code INKZEE_DB_URL}, else the
 * embedded H2 file under {@code INKZEE_DATA_DIR}), applies migrations, and serves Inkzee RPC on
 * {@code INKZEE_RPC_PORT} (default 7101). Stops cleanly on SIGTERM, draining in-flight calls.
 */
public final class StoreServiceMain {
  public static final int DEFAULT_RPC_PORT = 7101;

  private StoreServiceMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run("store", Env.system(), StoreServiceMain::start);
  }

  /** Builds and starts the service from its environment (also used by tests). */
  public static RpcServer start(Env env) {
    StoreConfig store = StoreConfig.fromEnv(env);
    ServerConfig rpc = RpcServerSettings.fromEnv(env, DEFAULT_RPC_PORT);
    if (env.string("INKZEE_HANDLER_THREADS", "").isEmpty()) {
      // Handlers block on JDBC: more threads than connections would only queue in the pool.
      rpc = rpc.toBuilder().handlers(store.poolSize(), rpc.handlerQueueCapacity()).build();
    }
    Duration startupWait = env.seconds("INKZEE_DB_STARTUP_WAIT_SECONDS", 60);
    Database db = Database.open(store, startupWait);
    try {
      return RpcServer.builder(InkzeeCatalogue.get(), rpc)
          .service(
              StoreService.class, new StoreRpcHandler(db, Clock.systemUTC()), HandlerMode.EXECUTOR)
          .start();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }
}
