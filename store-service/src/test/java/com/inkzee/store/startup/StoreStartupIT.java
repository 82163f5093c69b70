package com.inkzee.store.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.store.StoreServiceMain;
import com.inkzee.store.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The store may start before its database (docker compose starts them together): it waits up to
 * INKZEE_DB_STARTUP_WAIT_SECONDS, then gives up with one clear line instead of a stack trace.
 */
class StoreStartupIT {

  @Test
  void givesUpAfterTheWaitNamingTheDatabaseButNotItsSecrets() throws IOException {
    int closedPort = freePort();
    Env env =
        new Env(
            Map.of(
                "INKZEE_RPC_PORT", "0",
                "INKZEE_DB_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/x?password=s3cret",
                "INKZEE_DB_STARTUP_WAIT_SECONDS", "2",
                "INKZEE_DB_CONNECT_TIMEOUT_SECONDS", "1"));
    long start = System.nanoTime();

    assertThatThrownBy(() -> StoreServiceMain.start(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("not reachable after 2 s")
        .hasMessageNotContaining("s3cret");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(1_500), Duration.ofSeconds(20));
  }

  @Test
  void startsOnceADatabaseThatWasDownComesUp() throws Exception {
    TestPostgres.assumeReachable("StoreStartupIT");
    URI pg = URI.create(TestPostgres.URL.substring("jdbc:".length()));
    int port = freePort();
    // Nothing listens on the port for the first 1.5 s; then a forwarder to the real database.
    Thread late =
        new Thread(
            () -> {
              try {
                Thread.sleep(1_500);
                forward(port, pg.getHost(), pg.getPort(), Duration.ofSeconds(60));
              } catch (Exception ignored) {
                // the test fails on its own if the store never starts
              }
            });
    late.setDaemon(true);
    late.start();
    String schema = TestPostgres.newSchema("startup_");
    Env env =
        new Env(
            Map.of(
                "INKZEE_RPC_PORT",
                "0",
                "INKZEE_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + port + pg.getPath() + "?currentSchema=" + schema,
                "INKZEE_DB_USER",
                TestPostgres.USER,
                "INKZEE_DB_PASSWORD",
                TestPostgres.PASSWORD,
                "INKZEE_DB_STARTUP_WAIT_SECONDS",
                "30",
                "INKZEE_DB_CONNECT_TIMEOUT_SECONDS",
                "1"));
    try (RpcServer server = StoreServiceMain.start(env)) {
      assertThat(server.port()).isPositive();
    } finally {
      TestPostgres.dropSchema(schema);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Accepts connections on {@code port} for {@code lifetime}, piping each to host:targetPort. */
  private static void forward(int port, String host, int targetPort, Duration lifetime)
      throws IOException {
    try (ServerSocket listener = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout((int) lifetime.toMillis());
      long end = System.nanoTime() + lifetime.toNanos();
      while (System.nanoTime() < end) {
        Socket client = listener.accept();
        Socket server = new Socket(host, targetPort);
        pipe(client.getInputStream(), server.getOutputStream());
        pipe(server.getInputStream(), client.getOutputStream());
      }
    }
  }

  private static void pipe(InputStream in, OutputStream out) {
    Thread t =
        new Thread(
            () -> {
              try (in;
                  out) {
                in.transferTo(out);
              } catch (IOException ignored) {
                // one side closed
              }
            });
    t.setDaemon(true);
    t.start();
  }
}
