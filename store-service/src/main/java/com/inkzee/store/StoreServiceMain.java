package com.inkzee.store;

import com.inkzee.ops.ServiceOps;
import com.inkzee.ops.ServiceRunner;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcServerSettings;
import com.inkzee.rpc.config.XmlRpcSettings;
import com.inkzee.rpc.server.HandlerMode;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.server.ServerConfig;
import com.inkzee.rpc.xmlrpc.XmlRpcServer;
import com.inkzee.store.db.Database;
import com.inkzee.store.ops.StoreOps;
import com.inkzee.store.rpc.StoreRpcHandler;
import java.time.Clock;
import java.time.Duration;

/**
 * Starts the store service: opens the database (PostgreSQL from {@code INKZEE_DB_URL}, else the
 * embedded H2 file under {@code INKZEE_DATA_DIR}), applies migrations, and serves Inkzee RPC on
 * {@code INKZEE_RPC_PORT} (default 7101) and XML-RPC on {@code INKZEE_XMLRPC_PORT} (default 7201,
 * -1 for none; the same handler), with /healthz and /metrics on {@code INKZEE_ADMIN_PORT} (default
 * 7301). Stops cleanly on SIGTERM, draining in-flight calls.
 */
public final class StoreServiceMain {
  public static final int DEFAULT_RPC_PORT = 7101;
  public static final int DEFAULT_XMLRPC_PORT = 7201;
  public static final int DEFAULT_ADMIN_PORT = 7301;

  private StoreServiceMain() {}

  public static void main(String[] args) {
    ServiceRunner.run("store", Env.system(), DEFAULT_ADMIN_PORT, StoreServiceMain::start);
  }

  /** Builds and starts the service from its environment (tests; no admin server). */
  public static RpcServer start(Env env) {
    ServiceOps ops = ServiceOps.create("store");
    try {
      return start(env, ops, ops);
    } catch (RuntimeException e) {
      ops.close();
      throw e;
    }
  }

  /** Builds and starts the service, registering its metrics and health checks on {@code ops}. */
  public static RpcServer start(Env env, ServiceOps ops) {
    return start(env, ops, () -> {});
  }

  private static RpcServer start(Env env, ServiceOps ops, AutoCloseable alsoClose) {
    StoreConfig store = StoreConfig.fromEnv(env);
    ServerConfig rpc = RpcServerSettings.fromEnv(env, DEFAULT_RPC_PORT);
    // isSet, not a read: reading again recorded "" over the value RpcServerSettings printed.
    if (!env.isSet("INKZEE_HANDLER_THREADS")) {
      // Handlers block on JDBC: more threads than connections would only queue in the pool.
      rpc = rpc.toBuilder().handlers(store.poolSize(), rpc.handlerQueueCapacity()).build();
      env.derived("INKZEE_HANDLER_THREADS", Integer.toString(store.poolSize()));
    }
    Duration startupWait = env.seconds("INKZEE_DB_STARTUP_WAIT_SECONDS", 60);
    Database db = Database.open(store, startupWait);
    XmlRpcServer xmlRpc = null;
    try {
      StoreOps.bind(ops, db, Clock.systemUTC());
      StoreRpcHandler handler = new StoreRpcHandler(db, Clock.systemUTC());
      xmlRpc =
          XmlRpcSettings.start(
              env,
              DEFAULT_XMLRPC_PORT,
              rpc,
              InkzeeCatalogue.get(),
              StoreService.class,
              handler,
              ops.xmlRpcCalls());
      return RpcServer.builder(InkzeeCatalogue.get(), rpc)
          .service(StoreService.class, handler, HandlerMode.EXECUTOR)
          .alongside(xmlRpc)
          .observer(ops.serverCalls())
          .observer(StoreOps.ingestedRows(ops.registry()))
          .alsoClose(db)
          .alsoClose(alsoClose)
          .start();
    } catch (RuntimeException e) {
      if (xmlRpc != null) {
        xmlRpc.close();
      }
      db.close();
      throw e;
    }
  }
}
