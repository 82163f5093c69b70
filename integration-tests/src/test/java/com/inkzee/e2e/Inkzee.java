package com.inkzee.e2e;

import com.inkzee.e2e.stack.LocalStack;
import com.inkzee.e2e.stack.ServiceJars;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * What the end-to-end tests share: the compose files, a stack builder with the variables an
 * operator would put in {@code .env}, and Inkzee RPC clients of the running services.
 */
final class Inkzee {
  static final Path ROOT = ServiceJars.fromBuild().root();

  /** The operators' file, and the test's override (poll cycle of 3 s; docs/DEPLOY.md). */
  static final Path COMPOSE = ROOT.resolve("docker-compose.yml");

  static final Path OVERRIDE = ROOT.resolve("integration-tests/compose.e2e.yml");

  /** The override's poll cycle: INKZEE_FETCH_MIN_INTERVAL_SECONDS = MAX = 3. */
  static final Duration POLL_CYCLE = Duration.ofSeconds(3);

  private Inkzee() {}

  /**
   * The stack builder with the variables compose would interpolate: a fresh auth token (so every
   * call below proves the token reached every service) and loopback feeds allowed.
   */
  static LocalStack.Builder stack(String name, String token) {
    return LocalStack.builder(COMPOSE)
        .override(OVERRIDE)
        .name(name)
        .variable("INKZEE_AUTH_TOKEN", token)
        .variable("INKZEE_FETCH_ALLOW_PRIVATE", "127.0.0.0/8");
  }

  static String newToken() {
    return UUID.randomUUID().toString();
  }

  /** A client of {@code service}'s RPC port in the stack, with the run's token. */
  static <T> RpcClient<T> client(
      LocalStack stack, String service, int containerRpcPort, Class<T> type, String token) {
    ClientConfig config =
        ClientConfig.defaults(new Endpoint("127.0.0.1", stack.port(service, containerRpcPort)))
            .withAuthToken(token)
            .withCallTimeout(Duration.ofSeconds(15))
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    RpcClient<T> client = RpcClient.connect(InkzeeCatalogue.get(), type, config);
    client.awaitReady(Duration.ofSeconds(30));
    return client;
  }
}
