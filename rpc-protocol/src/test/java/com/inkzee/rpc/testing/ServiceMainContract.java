package com.inkzee.rpc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every service's main class must do, run against the real process: start its Inkzee RPC
 * server, answer ping, serve /healthz (ready) and /metrics (the ping it answered, JVM basics and
 * the service's own series) on its admin port, print its configuration with secrets masked, and
 * stop cleanly on SIGTERM. Each service module extends this with its own main class and interface.
 */
public abstract class ServiceMainContract<S extends Pingable> {

  protected abstract Class<?> mainClass();

  protected abstract Class<S> serviceInterface();

  protected abstract String serviceName();

  /**
   * Series this service's /metrics must show once it is up (Prometheus names, label sets included
   * where they matter), beyond the RPC and JVM ones every service shows.
   */
  protected List<String> expectedMetrics() {
    return List.of();
  }

  /** More environment for the process: where the services it depends on listen, say. */
  /** Whether the service answers XML-RPC beside Inkzee RPC (the store, fetcher and ranker do). */
  protected boolean servesXmlRpc() {
    return false;
  }

  protected Map<String, String> extraEnv() {
    return Map.of();
  }

  @Test
  void startsAnswersPingMasksSecretsAndDrainsOnSigterm() throws Exception {
    Map<String, String> env = new HashMap<>(extraEnv());
    env.put("INKZEE_RPC_PORT", "0");
    env.put("INKZEE_ADMIN_PORT", "0");
    env.put("INKZEE_AUTH_TOKEN", "hush-hush");
    try (ServiceProcess service = ServiceProcess.start(mainClass(), env, Duration.ofSeconds(30))) {
      ClientConfig config =
          ClientConfig.defaults(new Endpoint("127.0.0.1", service.port()))
              .withAuthToken("hush-hush");
      try (RpcClient<S> client =
          RpcClient.connect(InkzeeCatalogue.get(), serviceInterface(), config)) {
        PingResponse pong = client.stub().ping(new PingRequest("hello"));
        assertThat(pong.service()).isEqualTo(serviceName());
        assertThat(pong.echo()).isEqualTo("hello");
        assertThat(pong.catalogueVersion()).isEqualTo(InkzeeCatalogue.get().version());
      }
      if (servesXmlRpc()) {
        // The same handler and token behind the XML-RPC door, on a free port (RPC port 0).
        int xmlRpcPort = service.xmlRpcPort();
        assertThat(xmlRpcPort).as("XML-RPC port logged").isPositive();
        var pong =
            new XmlRpcTestClient(xmlRpcPort, "hush-hush")
                .call(serviceName() + ".ping", Map.of("echo", "hello"));
        assertThat(pong.isFault()).as(pong.faultString()).isFalse();
        assertThat(((Map<?, ?>) pong.value()).get("service")).isEqualTo(serviceName());
        assertThat(((Map<?, ?>) pong.value()).get("echo")).isEqualTo("hello");
        assertThat(
                new XmlRpcTestClient(xmlRpcPort, null)
                    .call(serviceName() + ".ping", Map.of("echo", "x"))
                    .faultCode())
            .isEqualTo(7);
      }
      assertThat(String.join("\n", service.output()))
          .contains("INKZEE_AUTH_TOKEN=****")
          .doesNotContain("hush-hush");

      int admin = service.adminPort();
      assertThat(admin).as("admin port logged").isPositive();
      HttpResponse<String> health = awaitReady(admin);
      assertThat(health.body())
          .contains("\"service\":\"" + serviceName() + "\"")
          .contains("\"status\":\"UP\"");
      List<String> expected = new ArrayList<>(expectedMetrics());
      expected.add(
          "inkzee_rpc_server_calls_seconds_count{method=\"ping\",service=\""
              + serviceName()
              + "\",status=\"OK\"} 1");
      if (servesXmlRpc()) {
        // The XML-RPC door's calls are counted apart (the call without the token never ran).
        expected.add(
            "inkzee_xmlrpc_server_calls_seconds_count{method=\"ping\",service=\""
                + serviceName()
                + "\",status=\"OK\"} 1");
      }
      expected.add("inkzee_rpc_server_connections");
      expected.add("jvm_memory_used_bytes");
      expected.add("process_uptime_seconds");
      String metrics = awaitMetrics(admin, expected);
      assertThat(metrics).doesNotContain("hush-hush");
      assertThat(get(admin, "/nothing-here").statusCode()).isEqualTo(404);

      int exit = service.terminate(Duration.ofSeconds(30));

      // 143 = 128 + SIGTERM: the JVM's exit after its shutdown hooks ran.
      assertThat(exit).isEqualTo(143);
      assertThat(service.output()).anyMatch(l -> l.contains(serviceName() + " stopped"));
    }
  }

  /**
   * Starts the service as a process with {@code moreEnv} over its usual environment and answers its
   * ping's {@code ready}: whether it says its own dependencies answer.
   */
  protected final boolean readyWith(Map<String, String> moreEnv) throws Exception {
    Map<String, String> env = new HashMap<>(extraEnv());
    env.putAll(moreEnv);
    env.put("INKZEE_RPC_PORT", "0");
    env.put("INKZEE_ADMIN_PORT", "0");
    env.put("INKZEE_XMLRPC_PORT", "-1");
    try (ServiceProcess service = ServiceProcess.start(mainClass(), env, Duration.ofSeconds(30));
        RpcClient<S> client =
            RpcClient.connect(
                InkzeeCatalogue.get(),
                serviceInterface(),
                ClientConfig.defaults(new Endpoint("127.0.0.1", service.port())))) {
      return client.stub().ping(new PingRequest("ready?")).ready();
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * /metrics once it shows every one of {@code series} (some appear only after the service's first
   * call to a dependency), bounded to 30 s.
   */
  private static String awaitMetrics(int port, List<String> series) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> r = get(port, "/metrics");
    while (!(r.statusCode() == 200 && series.stream().allMatch(r.body()::contains))
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = get(port, "/metrics");
    }
    assertThat(r.statusCode()).isEqualTo(200);
    for (String s : series) {
      assertThat(r.body()).contains(s);
    }
    return r.body();
  }

  /** /healthz until 200 (a dependency may take a moment to connect), bounded to 30 s. */
  private static HttpResponse<String> awaitReady(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> r = get(port, "/healthz");
    while (r.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = get(port, "/healthz");
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }
}
