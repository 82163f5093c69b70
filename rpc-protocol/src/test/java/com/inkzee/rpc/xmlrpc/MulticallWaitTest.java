package com.inkzee.rpc.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.server.CallContext;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.testing.XmlRpcTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A method that waits for its answer (a long poll, which defers it) cannot wait inside {@code
 * system.multicall}: the multicall's calls run on its one handler thread, which a thousand long
 * polls would hold for the whole deadline. It is a fault in its place; the rest run.
 */
class MulticallWaitTest {
  /** Echoes, except that a text starting with "wait" defers its answer (and is never answered). */
  private static final class WaitingHandler implements TestService {
    private final EchoHandler echo = new EchoHandler("xml");
    final ConcurrentLinkedQueue<CallContext.Deferred<EchoResponse>> parked =
        new ConcurrentLinkedQueue<>();

    @Override
    public PingResponse ping(PingRequest request) {
      return echo.ping(request);
    }

    @Override
    public EchoResponse echo(EchoRequest request) {
      if (request.text().startsWith("wait")) {
        parked.add(CallContext.current().defer());
        return null;
      }
      return echo.echo(request);
    }

    @Override
    public EchoResponse echoOnce(EchoRequest request) {
      return echo(request);
    }
  }

  private XmlRpcServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2));
    }
  }

  @Test
  void aCallThatWouldWaitIsAFaultInItsPlaceAndTheOthersRun() {
    WaitingHandler waiting = new WaitingHandler();
    server =
        XmlRpcServer.builder(TestCatalogue.get(), XmlRpcConfig.defaults(0).withHandlers(1, 8))
            .service(TestService.class, waiting)
            .start();
    XmlRpcTestClient c = new XmlRpcTestClient(server.port(), null);

    List<?> results =
        (List<?>)
            c.call(
                    "system.multicall",
                    List.of(
                        Map.of("methodName", "test.echo", "params", List.of(text("wait"))),
                        Map.of("methodName", "test.echo", "params", List.of(text("now")))))
                .value();

    Map<?, ?> fault = (Map<?, ?>) results.get(0);
    assertThat(fault.get("faultCode")).isEqualTo(Status.FAILED_PRECONDITION.code());
    assertThat(fault.get("faultString").toString())
        .contains("system.multicall[0]: test.echo waits for its answer")
        .contains("call it on its own");
    assertThat(((Map<?, ?>) ((List<?>) results.get(1)).get(0)).get("text")).isEqualTo("now");
    assertThat(waiting.parked).as("nothing left waiting").isEmpty();
    // The one handler thread is free: nothing of the multicall holds it.
    assertThat(((Map<?, ?>) c.call("test.echo", text("now, alone")).value()).get("text"))
        .isEqualTo("now, alone");
  }

  private static Map<String, Object> text(String text) {
    return Map.of("text", text);
  }
}
