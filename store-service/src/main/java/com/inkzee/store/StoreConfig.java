package com.inkzee.store;

import com.inkzee.rpc.config.Env;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The store's database configuration, read once at start.
 *
 * @param dbUrl JDBC URL of PostgreSQL ({@code INKZEE_DB_URL}); null means the embedded H2 file
 * @param dbUser {@code INKZEE_DB_USER}
 * @param dbPassword {@code INKZEE_DB_PASSWORD} (printed masked)
 * @param dataDir where the embedded database lives ({@code INKZEE_DATA_DIR}, default {@code
 *     ./data})
 * @param poolSize connections in the pool ({@code INKZEE_DB_POOL_SIZE}, default 10); the handler
 *     threads default to the same number, so a call never waits for a connection behind another
 * @param connectTimeout {@code INKZEE_DB_CONNECT_TIMEOUT_SECONDS} (5): opening a connection, and
 *     waiting for a free one in the pool
 * @param socketTimeout {@code INKZEE_DB_SOCKET_TIMEOUT_SECONDS} (30): pgjdbc's default is infinite,
 *     which hangs a pool for hours when the database stops answering
 */
public record StoreConfig(
    String dbUrl,
    String dbUser,
    String dbPassword,
    Path dataDir,
    int poolSize,
    Duration connectTimeout,
    Duration socketTimeout) {

  public static StoreConfig fromEnv(Env env) {
    String url = env.string("INKZEE_DB_URL", null);
    String user = env.string("INKZEE_DB_USER", "inkzee");
    String password = env.secret("INKZEE_DB_PASSWORD");
    Path dataDir = Path.of(env.string("INKZEE_DATA_DIR", "./data"));
    int pool = env.integer("INKZEE_DB_POOL_SIZE", 10, 1, 500);
    Duration connect = env.seconds("INKZEE_DB_CONNECT_TIMEOUT_SECONDS", 5);
    Duration socket = env.seconds("INKZEE_DB_SOCKET_TIMEOUT_SECONDS", 30);
    if (connect.isZero() || socket.isZero()) {
      throw new IllegalArgumentException("database timeouts must be at least 1 second");
    }
    return new StoreConfig(url, user, password, dataDir, pool, connect, socket);
  }

  public boolean embedded() {
    return dbUrl == null || dbUrl.isBlank();
  }
}
