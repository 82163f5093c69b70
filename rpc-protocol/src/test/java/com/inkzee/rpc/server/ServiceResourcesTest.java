package com.inkzee.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.LeftoverThreads;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A service's own resources (poll loops, pools, clients) close with its server, after drain. */
class ServiceResourcesTest {
  @Test
  void closesResourcesAfterTheDrainInReverseOrderOnce() {
    List<String> closed = new CopyOnWriteArrayList<>();
    RpcServer server =
        RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig())
            .service(TestService.class, new EchoHandler("a"))
            .alsoClose(() -> closed.add("pool"))
            .alsoClose(() -> closed.add("loop"))
            .start();
    try (RpcClient<TestService> client = Loopback.client(server)) {
      assertThat(client.stub().ping(new PingRequest("p")).echo()).isEqualTo("p");
      assertThat(closed).isEmpty(); // nothing closes while the server serves
    }
    assertThat(server.shutdown(Duration.ofSeconds(5))).isTrue();
    assertThat(closed).containsExactly("loop", "pool");
    server.close(); // a second stop closes nothing twice
    assertThat(closed).containsExactly("loop", "pool");
  }

  /**
   * A port in use: Netty rethrew the checked BindException as it was, past every catch of
   * RuntimeException, so the service's resources and the started event loops were left running and
   * the service main exited 1 without its configuration instead of 2.
   */
  @Test
  void aPortInUseIsAnIllegalStateExceptionNamingItAndClosesEverything() throws Exception {
    List<String> closed = new CopyOnWriteArrayList<>();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      LeftoverThreads threads = LeftoverThreads.snapshot();
      assertThatThrownBy(
              () ->
                  RpcServer.builder(
                          TestCatalogue.get(), Loopback.serverConfig().withBind("127.0.0.1", port))
                      .service(TestService.class, new EchoHandler("a"))
                      .alsoClose(() -> closed.add("database"))
                      .start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + port);
      assertThat(closed).containsExactly("database");
      assertThat(threads.started()).isEmpty();
    }
  }

  @Test
  void aFailingResourceDoesNotStopTheOthersClosing() {
    List<String> closed = new CopyOnWriteArrayList<>();
    RpcServer server =
        RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig())
            .service(TestService.class, new EchoHandler("a"))
            .alsoClose(() -> closed.add("first"))
            .alsoClose(
                () -> {
                  throw new IllegalStateException("broken");
                })
            .start();
    server.close();
    assertThat(closed).containsExactly("first");
  }
}
