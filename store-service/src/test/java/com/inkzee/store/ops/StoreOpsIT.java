package com.inkzee.store.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ops.ServiceOps;
import com.inkzee.ops.ServiceRunner;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.config.Env;
import com.inkzee.store.StoreServiceMain;
import com.inkzee.store.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's /healthz and /metrics against a real PostgreSQL database made for this test: the
 * database check follows the database as it stops accepting connections and comes back (done with
 * {@code ALLOW_CONNECTIONS} on this throwaway database, never by stopping the shared server), and
 * the metrics show real RPC calls, ingested rows, queue depth and pool use.
 */
class StoreOpsIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private String database;
  private ServiceRunner.Running store;

  @BeforeEach
  void createDatabase() throws Exception {
    TestPostgres.assumeReachable("StoreOpsIT");
    database = "inkzee_ops_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("CREATE DATABASE " + database);
    Env env =
        new Env(
            Map.of(
                "INKZEE_RPC_PORT", "0",
                "INKZEE_ADMIN_PORT", "0",
                "INKZEE_DB_URL", urlOf(database),
                "INKZEE_DB_USER", TestPostgres.USER,
                "INKZEE_DB_PASSWORD", TestPostgres.PASSWORD,
                "INKZEE_DB_CONNECT_TIMEOUT_SECONDS", "1",
                "INKZEE_DB_STARTUP_WAIT_SECONDS", "10"));
    store =
        ServiceRunner.start(
            "store",
            env,
            StoreServiceMain.DEFAULT_ADMIN_PORT,
            ServiceOps.create("store"),
            StoreServiceMain::start);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    if (store != null) {
      store.stop(Duration.ofSeconds(5));
    }
    if (database != null) {
      sql("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
      sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  @Test
  void healthzFollowsTheDatabaseAsItGoesAwayAndComesBack() throws Exception {
    HttpResponse<String> up = get("/healthz");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    assertThat(up.body())
        .contains("\"database\":{\"status\":\"UP\",\"detail\":\"postgresql answers\"}");

    sql("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
    sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
            + database
            + "'");
    HttpResponse<String> down = awaitHealthz(503);
    assertThat(down.body())
        .contains("\"reason\":\"check failed: database\"")
        .contains("\"database\":{\"status\":\"DOWN\"");

    sql("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    HttpResponse<String> back = awaitHealthz(200);
    assertThat(back.body()).contains("\"database\":{\"status\":\"UP\"");
  }

  @Test
  void metricsShowCallsIngestedRowsQueueDepthAndPoolUse() throws Exception {
    ClientConfig config = ClientConfig.defaults(new Endpoint("127.0.0.1", store.server().port()));
    try (RpcClient<StoreService> client =
        RpcClient.connect(InkzeeCatalogue.get(), StoreService.class, config)) {
      StoreService s = client.stub();
      long user = s.createUser(new CreateUserRequest("ops-reader", null)).user().id();
      long feed =
          s.subscribe(new SubscribeRequest(user, "https://ops.example/feed.xml", "Ops", null, 0))
              .subscription()
              .feedId();
      s.ingestEntries(new IngestRequest(feed, entries(3)));
      s.ingestEntries(new IngestRequest(feed, entries(4))); // 3 unchanged, 1 new
    }
    String metrics = awaitMetric("inkzee_store_queue_feeds{state=\"due\"} 1.0");
    assertThat(metrics)
        .contains(
            "inkzee_rpc_server_calls_seconds_count{method=\"ingestEntries\",service=\"store\",status=\"OK\"} 2")
        .contains(
            "inkzee_rpc_server_calls_seconds_count{method=\"createUser\",service=\"store\",status=\"OK\"} 1")
        .contains("inkzee_store_ingested_rows_total{result=\"inserted\"} 4.0")
        .contains("inkzee_store_ingested_rows_total{result=\"unchanged\"} 3.0")
        .contains("inkzee_store_queue_feeds{state=\"leased\"} 0.0")
        .contains("hikaricp_connections_active{pool=\"store-db\"}")
        .contains("hikaricp_connections_max{pool=\"store-db\"}")
        .contains("inkzee_rpc_server_connections");
  }

  private static List<EntryInput> entries(int n) {
    List<EntryInput> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = "ops-" + i;
      out.add(
          new EntryInput(
              key,
              key,
              "https://ops.example/" + key,
              "Entry " + key,
              "tester",
              "summary " + key,
              "<p>content " + key + "</p>",
              List.of(),
              List.of(),
              Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i),
              null,
              i,
              "en"));
    }
    return out;
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + store.admin().port() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> awaitHealthz(int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> r = get("/healthz");
    while (r.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = get("/healthz");
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return r;
  }

  /** Queue-depth gauges are sampled in the background: wait (bounded) for the first sample. */
  private String awaitMetric(String line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String body = get("/metrics").body();
    while (!body.contains(line) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      body = get("/metrics").body();
    }
    assertThat(body).contains(line);
    return body;
  }

  private static String urlOf(String db) {
    String url = TestPostgres.URL;
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    return base.substring(0, base.lastIndexOf('/') + 1)
        + db
        + (query < 0 ? "" : url.substring(query));
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = TestPostgres.connect();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
