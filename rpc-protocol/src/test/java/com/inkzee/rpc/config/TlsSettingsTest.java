package com.inkzee.rpc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as an operator turns it on: the server from {@code INKZEE_TLS_CERT} and {@code
 * INKZEE_TLS_KEY}, every client from {@code INKZEE_TLS_CA}, as the services' mains read them.
 */
class TlsSettingsTest {
  private SelfSignedCertificate cert;
  private RpcServer server;
  private EchoHandler handler;

  @BeforeEach
  void start() throws Exception {
    cert = new SelfSignedCertificate("localhost");
    Env serverEnv =
        new Env(
            Map.of(
                "INKZEE_RPC_PORT",
                "0",
                "INKZEE_AUTH_TOKEN",
                "shared secret",
                "INKZEE_TLS_CERT",
                cert.certificate().getPath(),
                "INKZEE_TLS_KEY",
                cert.privateKey().getPath()));
    handler = new EchoHandler("tls");
    server = Loopback.server(handler, RpcServerSettings.fromEnv(serverEnv, 0));
  }

  @AfterEach
  void stop() {
    server.close();
    cert.delete();
  }

  private ClientConfig client(Map<String, String> variables) {
    Map<String, String> env = new HashMap<>(variables);
    env.put("INKZEE_AUTH_TOKEN", "shared secret");
    return RpcClientSettings.fromEnv(
            new Env(env), List.of(new Endpoint("localhost", server.port())))
        .withCallTimeout(Duration.ofSeconds(2));
  }

  @Test
  void aClientTrustingTheCaFileCallsTheTlsServer() {
    try (RpcClient<TestService> c =
        Loopback.client(client(Map.of("INKZEE_TLS_CA", cert.certificate().getPath())))) {
      assertThat(c.stub().echo(EchoRequest.of("over tls")).text()).isEqualTo("over tls");
    }
  }

  @Test
  void withoutTheCaFileTheClientSpeaksPlainTcpAndIsNotServed() {
    try (RpcClient<TestService> c = Loopback.client(client(Map.of()))) {
      assertThatThrownBy(() -> c.stub().echo(EchoRequest.of("plain")))
          .isInstanceOf(RpcException.class);
    }
    assertThat(handler.calls.get()).isZero();
  }

  @Test
  void aMissingOrUnreadableCaFileIsAClearStartUpError(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nowhere.pem");
    assertThatThrownBy(() -> RpcClientSettings.tls(new Env(Map.of("INKZEE_TLS_CA", "" + missing))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INKZEE_TLS_CA")
        .hasMessageContaining("nowhere.pem");
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
    assertThatThrownBy(() -> RpcClientSettings.tls(new Env(Map.of("INKZEE_TLS_CA", "" + garbage))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INKZEE_TLS_CA: cannot read certificates from " + garbage);
  }

  @Test
  void unsetMeansPlainTcp() {
    assertThat(RpcClientSettings.tls(new Env(Map.of()))).isNull();
    assertThat(RpcClientSettings.tls(new Env(Map.of("INKZEE_TLS_CA", " ")))).isNull();
  }
}
