package com.inkzee.rpc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.health.Pingable;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every service's main class must do, run against the real process: start its Inkzee RPC
 * server, answer ping, print its configuration with secrets masked, and stop cleanly on SIGTERM.
 * Each service module extends this with its own main class and interface.
 */
public abstract class ServiceMainContract<S extends Pingable> {

  protected abstract Class<?> mainClass();

  protected abstract Class<S> serviceInterface();

  protected abstract String serviceName();

  /** More environment for the process: where the services it depends on listen, say. */
  protected Map<String, String> extraEnv() {
    return Map.of();
  }

  @Test
  void startsAnswersPingMasksSecretsAndDrainsOnSigterm() throws Exception {
    Map<String, String> env = new HashMap<>(extraEnv());
    env.put("INKZEE_RPC_PORT", "0");
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
      assertThat(String.join("\n", service.output()))
          .contains("INKZEE_AUTH_TOKEN=****")
          .doesNotContain("hush-hush");

      int exit = service.terminate(Duration.ofSeconds(30));

      // 143 = 128 + SIGTERM: the JVM's exit after its shutdown hooks ran.
      assertThat(exit).isEqualTo(143);
      assertThat(service.output()).anyMatch(l -> l.contains(serviceName() + " stopped"));
    }
  }
}
