package com.inkzee.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ops.ConfigPrinter;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's printed configuration, on the embedded database. */
class StoreConfigurationPrintoutTest {
  @TempDir Path dataDir;

  private Env env(Map<String, String> more) {
    Map<String, String> vars = new java.util.HashMap<>(more);
    vars.put("INKZEE_DATA_DIR", dataDir.toString());
    vars.put("INKZEE_RPC_PORT", "0");
    vars.put("INKZEE_XMLRPC_PORT", "0");
    return new Env(vars);
  }

  /**
   * Unset, the store's handler threads follow its pool size; StoreServiceMain read the variable a
   * second time to decide that, recording "" over the printed value: "INKZEE_HANDLER_THREADS=".
   */
  @Test
  void showsTheHandlerThreadsTheStoreUsesWhenTheyFollowThePoolSize() {
    Env env = env(Map.of("INKZEE_DB_POOL_SIZE", "7"));
    RpcServer server = StoreServiceMain.start(env);
    try {
      assertThat(ConfigPrinter.lines("store", env))
          .contains("config INKZEE_HANDLER_THREADS=7")
          .contains("config INKZEE_DB_POOL_SIZE=7");
    } finally {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void showsTheHandlerThreadsSetExplicitly() {
    Env env = env(Map.of("INKZEE_HANDLER_THREADS", "5"));
    RpcServer server = StoreServiceMain.start(env);
    try {
      assertThat(ConfigPrinter.lines("store", env)).contains("config INKZEE_HANDLER_THREADS=5");
    } finally {
      server.shutdown(Duration.ofSeconds(5));
    }
  }
}
