package com.inkzee.store.db;

import com.inkzee.rpc.config.ConfigMask;
import com.inkzee.store.StoreConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's connection pool and transactions. Migrations (Flyway, {@code db/migration/common}
 * plus {@code db/migration/<vendor>}) are applied when it opens. Every unit of work runs in one
 * transaction; SQL failures leave as {@link DatabaseUnavailableException} (the database is down or
 * hung: retry later) or {@link DatabaseException} (anything else).
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource pool;
  private final Dialect dialect;

  private Database(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /** Opens the pool described by {@code config} and migrates the schema. */
  public static Database open(StoreConfig config) {
    return open(config, Duration.ZERO);
  }

  /**
   * Opens the pool and migrates the schema, waiting up to {@code startupWait} for a database that
   * is not reachable yet (in {@code docker compose}, the store may start before PostgreSQL).
   *
   * @throws IllegalStateException naming the database when it is still unreachable after the wait
   */
  public static Database open(StoreConfig config, Duration startupWait) {
    String url = config.embedded() ? embeddedUrl(config.dataDir()) : config.dbUrl();
    long deadline = System.nanoTime() + startupWait.toNanos();
    long pauseMillis = 500;
    while (true) {
      try {
        return open(url, config.dbUser(), config.dbPassword(), config);
      } catch (RuntimeException e) {
        if (!isConnectionFailure(e)) {
          throw e;
        }
        if (System.nanoTime() + pauseMillis * 1_000_000L > deadline) {
          throw new IllegalStateException(
              "database "
                  + redacted(url)
                  + " not reachable after "
                  + startupWait.toSeconds()
                  + " s (INKZEE_DB_STARTUP_WAIT_SECONDS): "
                  + rootMessage(e),
              e);
        }
        log.warn("database {} not reachable yet ({}); retrying", redacted(url), rootMessage(e));
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the database", ie);
        }
        pauseMillis = Math.min(5_000, pauseMillis * 2);
      }
    }
  }

  /** A failure to reach the database at all (SQLState class 08), as opposed to a bad migration. */
  private static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException
          || (t instanceof java.sql.SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("08"))) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** The URL without query parameters, which may carry a password, and without a user's one. */
  private static String redacted(String url) {
    int q = url.indexOf('?');
    return ConfigMask.maskCredentials(q < 0 ? url : url.substring(0, q));
  }

  /** Opens a pool on an explicit URL (tests point it at a fresh schema or in-memory database). */
  public static Database open(String url, String user, String password, StoreConfig config) {
    Dialect dialect = Dialect.of(url);
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("store-db");
    hikari.setJdbcUrl(url);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(Math.min(2, config.poolSize()));
    hikari.setAutoCommit(false);
    // Waiting for a pooled connection is bounded like connecting: a call fails UNAVAILABLE
    // instead of queueing behind a dead database.
    hikari.setConnectionTimeout(Math.max(250, config.connectTimeout().toMillis()));
    // Start even when PostgreSQL is down; calls fail UNAVAILABLE until it returns.
    hikari.setInitializationFailTimeout(-1);
    if (dialect == Dialect.POSTGRESQL) {
      hikari.addDataSourceProperty("connectTimeout", seconds(config.connectTimeout()));
      hikari.addDataSourceProperty("socketTimeout", seconds(config.socketTimeout()));
      hikari.addDataSourceProperty("loginTimeout", seconds(config.connectTimeout()));
      // PostgreSQL gives up on a statement shortly before the socket timeout would: the
      // statement is cancelled in the database, its locks released, the connection kept. The
      // socket timeout alone only closes our end; the backend notices its client is gone when it
      // next writes, so a statement stuck behind a lock stays there holding the change-feed lock
      // and a connection slot until the lock goes (one more such session per timed-out call).
      hikari.addDataSourceProperty(
          "options", "-c statement_timeout=" + statementTimeoutMillis(config.socketTimeout()));
      // JDBC batches of INSERTs become multi-row INSERTs: one round trip per ingest batch.
      hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
      hikari.addDataSourceProperty("ApplicationName", "inkzee-store");
    }
    HikariDataSource pool = new HikariDataSource(hikari);
    try {
      migrate(pool, dialect);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    if (!dialect.sharedByProcesses()) {
      log.info(
          "embedded database at {}: one store process only; full-text search uses LIKE (use"
              + " PostgreSQL for several fetchers and store processes, see docs/STORE.md)",
          url);
    }
    return new Database(pool, dialect);
  }

  /** The socket timeout less a second (less half of it, when it is under two seconds). */
  static long statementTimeoutMillis(Duration socketTimeout) {
    long socket = socketTimeout.toMillis();
    return socket - Math.min(1000, socket / 2);
  }

  private static String seconds(Duration d) {
    return Long.toString(Math.max(1, d.toSeconds()));
  }

  static String embeddedUrl(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create INKZEE_DATA_DIR " + dataDir, e);
    }
    // LOCK_TIMEOUT: ingest batches queue on the change-feed lock; H2's 1 s default is too short.
    // WRITE_DELAY=0: H2 2.x acknowledges a commit and writes it to the file up to 500 ms later
    // (the MVStore's auto-commit delay), so a kill -9 lost batches the fetcher was told were
    // stored and would never resend. At 0 each commit is written to the file before the commit
    // returns, which survives the process dying (H2 does not fsync each commit, so a power
    // failure may still lose the last ones: see docs/STORE.md).
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("inkzee")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000"
        + ";WRITE_DELAY=0";
  }

  private static void migrate(DataSource ds, Dialect dialect) {
    String vendor = dialect == Dialect.POSTGRESQL ? "postgresql" : "h2";
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
        .load()
        .migrate();
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Asks the database whether it answers: a pooled connection, validated within {@code timeout}.
   * For the store's health check.
   *
   * @throws DatabaseUnavailableException naming why when it does not
   */
  public void ping(Duration timeout) {
    int seconds = (int) Math.max(1, timeout.toSeconds());
    boolean valid = inTransaction(c -> c.isValid(seconds));
    if (!valid) {
      throw new DatabaseUnavailableException(
          "database connection not valid within " + seconds + " s", null);
    }
  }

  /** Reports the pool's use (connections active, idle, pending; wait times) to {@code registry}. */
  public void bindMetrics(MeterRegistry registry) {
    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
  }

  /** Runs {@code work} in one transaction and commits; any failure rolls it back. */
  public <T> T inTransaction(Work<T> work) {
    try (Connection c = pool.getConnection()) {
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The connection is broken; Hikari evicts it. The original failure is what matters.
    }
  }

  /** Whether an SQL failure means "the database is not there" rather than "this query failed". */
  static boolean isUnavailable(SQLException e) {
    if (e instanceof SQLTransientConnectionException) {
      return true; // Hikari: no connection within connectionTimeout
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        // 08: connection exception; 57P01-03: admin shutdown, crash, cannot connect now;
        // 53: insufficient resources; 40001/40P01: serialization failure or deadlock (retry);
        // 57014: statement cancelled, which statement_timeout does when the database hangs.
        if (state.startsWith("08")
            || state.equals("57014")
            || state.startsWith("57P")
            || state.startsWith("53")
            || state.equals("40001")
            || state.equals("40P01")
            || state.equals("HYT00")) {
          return true;
        }
      }
      if (t instanceof java.net.SocketTimeoutException || t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  static RuntimeException translate(SQLException e) {
    if (isUnavailable(e)) {
      return new DatabaseUnavailableException("database unavailable: " + e.getMessage(), e);
    }
    return new DatabaseException("database error: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    pool.close();
  }

  /** A unit of work inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }
}
