package com.inkzee.rpc.testing;

import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.server.ServerConfig;
import java.time.Duration;
import java.util.List;

/** Starts test servers and clients on 127.0.0.1. */
public final class Loopback {
  private Loopback() {}

  public static ServerConfig serverConfig() {
    return ServerConfig.defaults(0);
  }

  public static RpcServer server(EchoHandler handler) {
    return server(handler, serverConfig());
  }

  public static RpcServer server(EchoHandler handler, ServerConfig config) {
    return RpcServer.builder(TestCatalogue.get(), config)
        .service(TestService.class, handler)
        .start();
  }

  public static ClientConfig clientConfig(RpcServer... servers) {
    return clientConfig(
        List.of(servers).stream().map(s -> new Endpoint("127.0.0.1", s.port())).toList());
  }

  public static ClientConfig clientConfig(List<Endpoint> endpoints) {
    return ClientConfig.defaults(endpoints)
        .withCallTimeout(Duration.ofSeconds(10))
        .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
  }

  public static RpcClient<TestService> client(ClientConfig config) {
    RpcClient<TestService> client =
        RpcClient.connect(TestCatalogue.get(), TestService.class, config);
    client.awaitReady(Duration.ofSeconds(5));
    return client;
  }

  public static RpcClient<TestService> client(RpcServer... servers) {
    return client(clientConfig(servers));
  }
}
