package com.inkzee.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.inkzee.cli.testing.CliRun;
import com.inkzee.cli.testing.LiveServices;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.store.StoreServiceMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line says when the services are not there, or will not talk to it: a closed
 * loopback port, something that listens but does not speak Inkzee RPC, a store that wants another
 * token. Each message names the service and the address and says how to fix it.
 */
class ServiceDownTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> nothingRunning() {
    return Map.of(
        "INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + LiveServices.closedPortNow(),
        "INKZEE_FETCHER_ENDPOINTS", "127.0.0.1:" + LiveServices.closedPortNow(),
        "INKZEE_RANKER_ENDPOINTS", "127.0.0.1:" + LiveServices.closedPortNow(),
        "INKZEE_WEB_URL", "http://127.0.0.1:" + LiveServices.closedPortNow() + "/",
        "USER", "someone");
  }

  @Test
  void aReadingCommandNamesTheStoppedServiceAndHowToStartIt() {
    Map<String, String> env = nothingRunning();
    CliRun run = CliRun.run(env, "river");
    assertThat(run.code()).isEqualTo(ExitCodes.SERVICE_DOWN);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith(
            "inkzee: the store is not running at "
                + env.get("INKZEE_STORE_ENDPOINTS")
                + " ("
                + env.get("INKZEE_STORE_ENDPOINTS")
                + ": connection refused).")
        .contains("Start everything with `./inkzee up`, or only the store with `./inkzee store`")
        .contains("set INKZEE_STORE_ENDPOINTS=host:port");
  }

  @Test
  void everyEndpointTriedIsListed() {
    String a = "127.0.0.1:" + LiveServices.closedPortNow();
    String b = "127.0.0.1:" + LiveServices.closedPortNow();
    CliRun run =
        CliRun.run(Map.of("INKZEE_STORE_ENDPOINTS", a + "," + b), "digest", "--minutes", "5");
    assertThat(run.code()).isEqualTo(ExitCodes.SERVICE_DOWN);
    assertThat(run.err())
        .contains("not running at any of [" + a + ", " + b + "]")
        .contains(a + ": connection refused; " + b + ": connection refused");
  }

  @Test
  void statusReportsEveryServiceDown() throws IOException {
    CliRun run = CliRun.run(nothingRunning(), "status", "--json");
    assertThat(run.code()).isEqualTo(ExitCodes.SERVICE_DOWN);
    JsonNode doc = JSON.readTree(run.out());
    assertThat(doc.get("healthy").asBoolean()).isFalse();
    List<String> names = new ArrayList<>();
    for (JsonNode s : doc.get("services")) {
      names.add(s.get("name").asText());
      assertThat(s.get("up").asBoolean()).isFalse();
      assertThat(s.get("problem").asText()).contains("connection refused");
    }
    assertThat(names).containsExactly("store", "fetcher", "ranker", "web");
    assertThat(doc.get("queue").isNull()).isTrue();
    assertThat(doc.get("changeFeed").isNull()).isTrue();

    CliRun text = CliRun.run(nothingRunning(), "status");
    assertThat(text.code()).isEqualTo(ExitCodes.SERVICE_DOWN);
    assertThat(text.out())
        .contains("DOWN")
        .contains("(start it with ./inkzee ranker)")
        .contains("unknown: the store is not answering")
        .contains("Not all services are up and ready.");
  }

  @Test
  void somethingElseOnThePortIsNotTakenForTheService() throws Exception {
    // A listener that accepts and never answers: not an Inkzee service (a wrong port).
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                List<Socket> held = new ArrayList<>();
                try {
                  while (!silent.isClosed() && held.size() < 5) {
                    held.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              },
              "silent-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      CliRun run =
          CliRun.run(
              Map.of("INKZEE_RANKER_ENDPOINTS", "127.0.0.1:" + silent.getLocalPort()),
              "status",
              "--json");
      JsonNode ranker = JSON.readTree(run.out()).get("services").get(2);
      assertThat(ranker.get("up").asBoolean()).isFalse();
      assertThat(ranker.get("problem").asText())
          .contains("something listens but does not answer Inkzee RPC");
    }
  }

  @Test
  void aWrongTokenIsRefusedAndSaysWhichVariable(@TempDir Path dir) {
    RpcServer store =
        StoreServiceMain.start(
            new Env(
                Map.of(
                    "INKZEE_DATA_DIR", dir.toString(),
                    "INKZEE_RPC_PORT", "0",
                    "INKZEE_AUTH_TOKEN", "the-right-token")));
    try {
      String at = "127.0.0.1:" + store.port();
      CliRun wrong =
          CliRun.run(
              Map.of("INKZEE_STORE_ENDPOINTS", at, "INKZEE_AUTH_TOKEN", "a-wrong-token"),
              "river",
              "--user",
              "x");
      assertThat(wrong.code()).as(wrong.toString()).isEqualTo(ExitCodes.REFUSED);
      assertThat(wrong.err())
          .contains("the store's handshake failed: UNAUTHENTICATED")
          .contains("Set INKZEE_AUTH_TOKEN");

      CliRun right =
          CliRun.run(
              Map.of("INKZEE_STORE_ENDPOINTS", at, "INKZEE_AUTH_TOKEN", "the-right-token"),
              "river",
              "--user",
              "x");
      assertThat(right.code()).as(right.toString()).isEqualTo(ExitCodes.FAILED);
      assertThat(right.err()).contains("no user named 'x'");
    } finally {
      store.close();
    }
  }
}
