package com.inkzee.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.client.RpcFuture;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.testing.XmlRpcTestClient;
import com.inkzee.rpc.xmlrpc.XmlRpcConfig;
import com.inkzee.rpc.xmlrpc.XmlRpcServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server with an XML-RPC endpoint alongside drains both at once, against one deadline. When the
 * XML-RPC drain came first, a slow XML-RPC call used up the whole grace while the Inkzee RPC side
 * sent no GOAWAY and kept accepting calls, which it then cut off with no grace left.
 */
class DrainAlongsideXmlRpcTest {
  private static final Duration GRACE = Duration.ofSeconds(2);

  @Test
  void aSlowXmlRpcCallDoesNotKeepTheInkzeeSideAcceptingCallsItThenCutsOff() throws Exception {
    EchoHandler first = new EchoHandler("first");
    EchoHandler second = new EchoHandler("second");
    XmlRpcServer xml =
        XmlRpcServer.builder(TestCatalogue.get(), XmlRpcConfig.defaults(0))
            .service(TestService.class, first)
            .start();
    RpcServer a =
        RpcServer.builder(TestCatalogue.get(), Loopback.serverConfig())
            .service(TestService.class, first)
            .alongside(xml)
            .start();
    Thread drain = new Thread(() -> a.shutdown(GRACE), "drain");
    try (RpcServer b = Loopback.server(second, Loopback.serverConfig().withHandlers(16, 64));
        RpcClient<TestService> client = Loopback.client(a, b)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> client.readyConnections() == 2);

      // An XML-RPC call that outlasts the grace (it is cut off when the server closes).
      Thread xmlCaller =
          new Thread(
              () -> {
                try {
                  new XmlRpcTestClient(xml.port(), null)
                      .call("test.echo", Map.of("text", "slow", "sleepMillis", 20_000));
                } catch (RuntimeException cutOff) {
                  // expected
                }
              });
      xmlCaller.setDaemon(true);
      xmlCaller.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> first.calls.get() == 1);

      drain.start();
      // The XML-RPC door closes as the drain begins; by then the Inkzee side must be draining
      // too: every call made from now on is either not started there or sent elsewhere.
      await().atMost(Duration.ofSeconds(10)).until(() -> refuses(xml.port()));
      List<RpcFuture<EchoResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        // Longer than the grace, and not idempotent: one accepted by the draining server would
        // be cut off and fail, not retried.
        calls.add(
            client
                .async()
                .call(s -> s.echoOnce(EchoRequest.sleeping("x", 3_000)), Duration.ofSeconds(30)));
      }
      for (RpcFuture<EchoResponse> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS).servedBy()).isEqualTo("second");
      }
    } finally {
      drain.join(15_000);
      a.close();
    }
  }

  private static boolean refuses(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return false;
    } catch (IOException refused) {
      return true;
    }
  }
}
