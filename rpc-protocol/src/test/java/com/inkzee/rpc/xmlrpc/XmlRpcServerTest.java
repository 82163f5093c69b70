package com.inkzee.rpc.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.runtime.EndedCall;
import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.LeftoverThreads;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.testing.XmlRpcTestClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The XML-RPC endpoint over real loopback sockets, serving the protocol tests' echo service. */
class XmlRpcServerTest {
  private final EchoHandler handler = new EchoHandler("xml");
  private final List<XmlRpcServer> servers = new ArrayList<>();

  private XmlRpcServer start(XmlRpcConfig config) {
    XmlRpcServer s =
        XmlRpcServer.builder(TestCatalogue.get(), config)
            .service(TestService.class, handler)
            .start();
    servers.add(s);
    return s;
  }

  private XmlRpcServer start() {
    return start(XmlRpcConfig.defaults(0));
  }

  private XmlRpcServer start(XmlRpcConfig config, TestService implementation) {
    XmlRpcServer s =
        XmlRpcServer.builder(TestCatalogue.get(), config)
            .service(TestService.class, implementation)
            .start();
    servers.add(s);
    return s;
  }

  /** Echoes, except that a call whose text is "hold" waits until the test releases it. */
  final class HoldingHandler implements TestService {
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public com.inkzee.rpc.api.health.PingResponse ping(
        com.inkzee.rpc.api.health.PingRequest request) {
      return handler.ping(request);
    }

    @Override
    public EchoResponse echo(EchoRequest request) {
      if ("hold".equals(request.text())) {
        holding.countDown();
        try {
          if (!release.await(60, TimeUnit.SECONDS)) {
            throw new com.inkzee.rpc.status.RpcException(Status.INTERNAL, "never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new com.inkzee.rpc.status.RpcException(Status.CANCELLED, "interrupted");
        }
      }
      return handler.echo(request);
    }

    @Override
    public EchoResponse echoOnce(EchoRequest request) {
      return echo(request);
    }

    void awaitHolding() throws InterruptedException {
      assertThat(holding.await(10, TimeUnit.SECONDS)).as("the held call runs").isTrue();
    }
  }

  /** Echoes, except that a call whose text is "bytes:N" answers a blob of N bytes; counts calls. */
  final class SizedAnswers implements TestService {
    final AtomicLong calls = new AtomicLong();

    @Override
    public com.inkzee.rpc.api.health.PingResponse ping(
        com.inkzee.rpc.api.health.PingRequest request) {
      return handler.ping(request);
    }

    @Override
    public EchoResponse echo(EchoRequest request) {
      calls.incrementAndGet();
      if (request.text().startsWith("bytes:")) {
        byte[] blob = new byte[Integer.parseInt(request.text().substring("bytes:".length()))];
        return new EchoResponse(request.text(), "sized", blob, List.of());
      }
      return handler.echo(request);
    }

    @Override
    public EchoResponse echoOnce(EchoRequest request) {
      return echo(request);
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(XmlRpcServer::close);
  }

  private static Map<String, Object> echo(String text) {
    return Map.of("text", text);
  }

  @Nested
  class Calls {
    @Test
    void callsTheHandlerAndAnswersItsResponseAsAStruct() {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      byte[] blob = {1, 2, 3};
      MethodResponse r =
          c.call("test.echo", Map.of("text", "héllo <&>", "blob", blob, "tags", List.of("a", "b")));
      assertThat(r.isFault()).isFalse();
      Map<?, ?> v = (Map<?, ?>) r.value();
      assertThat(v.get("text")).isEqualTo("héllo <&>");
      assertThat(v.get("servedBy")).isEqualTo("xml");
      assertThat((byte[]) v.get("blob")).isEqualTo(blob);
      assertThat(v.get("tags")).isEqualTo(List.of("a", "b"));
      assertThat(handler.lastThread).contains("xmlrpc-handler");
    }

    @Test
    void aCallWithoutParamsSendsAnEmptyRequest() {
      MethodResponse r = new XmlRpcTestClient(start().port(), null).call("test.echo");
      assertThat(((Map<?, ?>) r.value()).get("servedBy")).isEqualTo("xml");
    }

    @Test
    void handlerStatusesBecomeFaultsWithTheirCodes() {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      for (Status s :
          List.of(Status.NOT_FOUND, Status.INVALID_ARGUMENT, Status.PERMISSION_DENIED)) {
        MethodResponse r = c.call("test.echo", Map.of("text", "x", "failWith", s.name()));
        assertThat(r.faultCode()).isEqualTo(s.code());
        assertThat(r.faultString()).isEqualTo(s.name() + ": asked to fail");
      }
    }

    @Test
    void unknownMethodsAndBadParamsAreFaults() {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      assertThat(c.call("test.nope").faultCode()).isEqualTo(Status.UNIMPLEMENTED.code());
      MethodResponse twoParams = c.call("test.echo", echo("a"), echo("b"));
      assertThat(twoParams.faultString()).contains("takes one struct param, got 2");
      MethodResponse notStruct = c.call("test.echo", "text");
      assertThat(notStruct.faultString()).contains("takes one struct EchoRequest, got string");
      MethodResponse badField = c.call("test.echo", Map.of("sleepMillis", "soon"));
      assertThat(badField.faultString())
          .isEqualTo("INVALID_ARGUMENT: EchoRequest.sleepMillis: wants i8 (or int), got string");
    }

    @Test
    void aHandlerBugIsAnInternalFaultWithoutAStackTrace() {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      MethodResponse r = c.call("test.echo", Map.of("failWith", "NO_SUCH_STATUS"));
      assertThat(r.faultCode()).isEqualTo(Status.INTERNAL.code());
      assertThat(r.faultString()).startsWith("INTERNAL: internal error in test.echo (ref ");
      assertThat(r.faultString()).doesNotContain("Exception").doesNotContain("at com.");
    }
  }

  @Nested
  class Observed {
    @Test
    void everyServiceCallIsReportedWithItsStatusAndSystemCallsAreNot() {
      List<EndedCall> ended = new CopyOnWriteArrayList<>();
      XmlRpcServer s =
          XmlRpcServer.builder(
                  TestCatalogue.get(),
                  XmlRpcConfig.defaults(0).withCallTimeout(Duration.ofMillis(300)))
              .service(TestService.class, handler)
              .observer(ended::add)
              .start();
      servers.add(s);
      XmlRpcTestClient c = new XmlRpcTestClient(s.port(), null);
      c.call("test.echo", echo("ok"));
      c.call("test.echo", Map.of("text", "x", "failWith", "NOT_FOUND"));
      c.call("test.echo", Map.of("sleepMillis", "soon")); // bad params: INVALID_ARGUMENT
      c.call("test.echo", Map.of("text", "slow", "sleepMillis", 10_000));
      c.call("system.listMethods");
      c.call("test.nope");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(ended)
                      .extracting(EndedCall::statusName)
                      .containsExactly("OK", "NOT_FOUND", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED"));
      assertThat(ended)
          .allSatisfy(e -> assertThat(e.method().qualifiedName()).isEqualTo("test.echo"));
      assertThat(ended.get(3).durationNanos())
          .isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
    }
  }

  @Nested
  class Refused {
    @Test
    void aCallRefusedAtAFullQueueIsReportedUnderItsMethodAndItsConnectionServesOn() {
      List<EndedCall> ended = new CopyOnWriteArrayList<>();
      XmlRpcServer s =
          XmlRpcServer.builder(TestCatalogue.get(), XmlRpcConfig.defaults(0).withHandlers(1, 1))
              .service(TestService.class, handler)
              .observer(ended::add)
              .start();
      servers.add(s);
      ExecutorService callers = Executors.newFixedThreadPool(2);
      try {
        for (int i = 0; i < 2; i++) { // one runs, one waits: the queue of one is full
          CompletableFuture.runAsync(
              () ->
                  new XmlRpcTestClient(s.port(), null)
                      .call("test.echo", Map.of("text", "slow", "sleepMillis", 10_000)),
              callers);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> s.callsInFlight() == 2);
        // One client, so one kept-alive connection: it used to stall after a refusal (reading
        // stayed paused as if the refused call were in flight), and the second call timed out.
        XmlRpcTestClient c = new XmlRpcTestClient(s.port(), null);
        assertThat(c.call("test.echo", echo("third")).faultCode())
            .isEqualTo(Status.RESOURCE_EXHAUSTED.code());
        assertThat(c.call("test.nope").faultCode()).isEqualTo(Status.RESOURCE_EXHAUSTED.code());

        assertThat(ended)
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.method().qualifiedName()).isEqualTo("test.echo");
                  assertThat(e.statusName()).isEqualTo("RESOURCE_EXHAUSTED");
                });
        assertThat(s.refused()).isEqualTo(2);
        assertThat(s.refusedUnnamed()).isEqualTo(1); // test.nope is no method of this server
      } finally {
        callers.shutdownNow();
      }
    }

    @Test
    void theMethodNameIsFoundWithoutParsing() {
      assertThat(
              scan(
                  "<?xml version=\"1.0\"?>\n<methodCall>\n  <methodName> store.ingestEntries\n"
                      + "</methodName><params/></methodCall>"))
          .isEqualTo("store.ingestEntries");
      assertThat(scan("<methodCall><methodName>ranker.river</methodName></methodCall>"))
          .isEqualTo("ranker.river");
    }

    @Test
    void anUnusualOrHostileNameIsNotGuessed() {
      assertThat(scan("<methodCall><methodName><!-- x -->a.b</methodName></methodCall>")).isNull();
      assertThat(scan("<methodCall><methodName><![CDATA[a.b]]></methodName></methodCall>"))
          .isNull();
      assertThat(scan("<methodCall><methodName>a.b")).isNull(); // never closed
      assertThat(scan("<methodCall><methodName>  </methodName></methodCall>")).isNull();
      assertThat(scan("<methodCall><methodName>" + "a".repeat(200) + "</methodName>")).isNull();
      assertThat(scan("<methodCall><methodName>a&amp;b</methodName></methodCall>")).isNull();
      assertThat(scan(" ".repeat(MethodNameScan.SCAN_BYTES) + "<methodName>a.b</methodName>"))
          .as("past the scanned start")
          .isNull();
      assertThat(
              MethodNameScan.find(
                  "<methodCall><methodName>a.b</methodName></methodCall>"
                      .getBytes(java.nio.charset.StandardCharsets.UTF_16)))
          .isNull();
      assertThat(MethodNameScan.find(new byte[0])).isNull();
    }

    private String scan(String body) {
      return MethodNameScan.find(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Nested
  class SystemMethods {
    @Test
    void listsEveryMethod() {
      MethodResponse r = new XmlRpcTestClient(start().port(), null).call("system.listMethods");
      assertThat(r.value())
          .isEqualTo(
              List.of(
                  "test.echo",
                  "test.echoOnce",
                  "test.ping",
                  "system.listMethods",
                  "system.methodHelp",
                  "system.methodSignature",
                  "system.multicall"));
    }

    @Test
    void describesAMethodsRequestAndResponse() {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      String help = (String) c.call("system.methodHelp", "test.echo").value();
      assertThat(help)
          .startsWith("test.echo(struct EchoRequest) → struct EchoResponse; idempotent")
          .contains("  sleepMillis: i8")
          .contains("  tags: array of string")
          .contains("  blob: base64");
      assertThat(c.call("system.methodSignature", "test.echo").value())
          .isEqualTo(List.of(List.of("struct", "struct")));
      assertThat(c.call("system.methodHelp", "test.nope").faultCode())
          .isEqualTo(Status.UNIMPLEMENTED.code());
    }

    @Test
    void multicallAnswersEachCallOrItsFaultInOrder() {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      MethodResponse r =
          c.call(
              "system.multicall",
              List.of(
                  Map.of("methodName", "test.echo", "params", List.of(echo("one"))),
                  Map.of("methodName", "test.nope", "params", List.of()),
                  Map.of("methodName", "system.multicall", "params", List.of(List.of())),
                  Map.of("methodName", "test.echo", "params", List.of(echo("two")))));
      List<?> results = (List<?>) r.value();
      assertThat(results).hasSize(4);
      assertThat(((Map<?, ?>) ((List<?>) results.get(0)).get(0)).get("text")).isEqualTo("one");
      assertThat(((Map<?, ?>) results.get(1)).get("faultCode")).isEqualTo(6);
      assertThat(((Map<?, ?>) results.get(2)).get("faultString").toString())
          .contains("may not be nested");
      assertThat(((Map<?, ?>) ((List<?>) results.get(3)).get(0)).get("text")).isEqualTo("two");
    }
  }

  @Nested
  class Auth {
    @Test
    void aCallWithoutTheTokenIsRefusedFromItsHeadAndItsBodyIsNeverHeld() throws IOException {
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withAuthToken("s3cret"));
      int bodyBytes = 8 << 20; // within the 16 MiB body limit
      String head =
          "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nX-Inkzee-Token: wrong\r\n"
              + "Content-Length: "
              + bodyBytes
              + "\r\n\r\n";
      try (Socket socket = new Socket("127.0.0.1", s.port())) {
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[1024]);
        // Answered before the body is there: the server never waits to hold it.
        RawReply refused = readReply(in);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.header("connection")).isEqualTo("keep-alive");
        assertThat(faultOf(refused).faultCode()).isEqualTo(Status.UNAUTHENTICATED.code());
        // The rest of the body is read and dropped; the connection then serves on.
        out.write(new byte[bodyBytes - 1024]);
        out.write(rawPost(call("test.echo", echo("after")), "X-Inkzee-Token: s3cret"));
        assertThat(readReply(in).body()).contains("<string>after</string>");
      }
      assertThat(handler.calls.get()).isEqualTo(1);
    }

    @Test
    void refusesACallWithoutTheToken() {
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withAuthToken("s3cret"));
      MethodResponse r = new XmlRpcTestClient(s.port(), null).call("test.echo", echo("x"));
      assertThat(r.faultCode()).isEqualTo(Status.UNAUTHENTICATED.code());
      assertThat(new XmlRpcTestClient(s.port(), "wrong").call("test.echo").faultCode())
          .isEqualTo(Status.UNAUTHENTICATED.code());
      assertThat(handler.calls.get()).isZero();
    }

    @Test
    void acceptsTheTokenInEachDocumentedHeader() {
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withAuthToken("s3cret"));
      XmlRpcTestClient anonymous = new XmlRpcTestClient(s.port(), null);
      byte[] body = XmlRpcWriter.call("test.echo", List.of(echo("x")));
      String basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString("anyone:s3cret".getBytes(StandardCharsets.UTF_8));
      for (String[] header :
          List.of(
              new String[] {"X-Inkzee-Token", "s3cret"},
              new String[] {"Authorization", "Bearer s3cret"},
              new String[] {"Authorization", basic})) {
        XmlRpcTestClient.Reply reply = anonymous.post(body, header);
        assertThat(reply.body()).as(header[0] + " " + header[1]).contains("<name>servedBy</name>");
      }
      assertThat(handler.calls.get()).isEqualTo(3);
    }
  }

  @Nested
  class Limits {
    @Test
    void aFullExecutorAnswersResourceExhaustedAtOnce() {
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withHandlers(1, 1));
      ExecutorService callers = Executors.newFixedThreadPool(2);
      try {
        // One call runs, one waits in the queue: both hold their slot for 10 s (interrupted
        // when the server closes at the end of the test).
        List<CompletableFuture<MethodResponse>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          slow.add(
              CompletableFuture.supplyAsync(
                  () ->
                      new XmlRpcTestClient(s.port(), null)
                          .call("test.echo", Map.of("text", "slow", "sleepMillis", 10_000)),
                  callers));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> s.callsInFlight() == 2);
        MethodResponse refused =
            new XmlRpcTestClient(s.port(), null).call("test.echo", echo("third"));
        assertThat(refused.faultCode()).isEqualTo(Status.RESOURCE_EXHAUSTED.code());
        assertThat(refused.faultString()).contains("overloaded");
        // Answered without waiting for a handler: both slow calls are still running or queued.
        assertThat(slow).noneMatch(CompletableFuture::isDone);
        assertThat(s.callsInFlight()).isEqualTo(2);
        assertThat(handler.calls.get()).isEqualTo(1);
      } finally {
        callers.shutdownNow();
      }
    }

    @Test
    void aCallPastItsDeadlineIsInterruptedAndFaulted() {
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withCallTimeout(Duration.ofMillis(300)));
      MethodResponse r =
          new XmlRpcTestClient(s.port(), null)
              .call("test.echo", Map.of("text", "slow", "sleepMillis", 10_000));
      assertThat(r.faultCode()).isEqualTo(Status.DEADLINE_EXCEEDED.code());
      await().atMost(Duration.ofSeconds(5)).until(() -> handler.interrupted.get() == 1);
    }

    /**
     * A handler's answer past the response limit (16 MiB by default) is a fault: it used to be
     * written whole, however large.
     */
    @Test
    void anAnswerPastTheResponseLimitIsAFault() {
      XmlRpcServer s = start(XmlRpcConfig.defaults(0), new SizedAnswers());
      XmlRpcTestClient c = new XmlRpcTestClient(s.port(), null);
      // 13 MB of blob: 17.3 MB of base64, past 16 MiB.
      MethodResponse r = c.call("test.echo", echo("bytes:" + 13_000_000));
      assertThat(r.faultCode()).isEqualTo(Status.RESOURCE_EXHAUSTED.code());
      assertThat(r.faultString()).contains("exceeds the limit of 16777216 bytes");
      assertThat(c.call("test.echo", echo("bytes:" + 10_000_000)).isFault()).isFalse();
    }

    /**
     * A multicall's results count against the response limit as they come: the call whose result
     * does not fit and every call after it (not run) are faults. It used to keep every result and
     * write them all: a 56 KB multicall of 1000 large pages could take gigabytes.
     */
    @Test
    void aMulticallStopsAtTheResponseLimit() {
      SizedAnswers sized = new SizedAnswers();
      XmlRpcServer s = start(XmlRpcConfig.defaults(0), sized);
      XmlRpcTestClient c = new XmlRpcTestClient(s.port(), null);
      int count = 40; // 1 MiB each, 1.4 MB of base64: 56 MB in all, about 11 fit in 16 MiB
      List<Object> calls = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        calls.add(Map.of("methodName", "test.echo", "params", List.of(echo("bytes:" + (1 << 20)))));
      }
      XmlRpcTestClient.Reply reply = c.post(call("system.multicall", calls));
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body().length()).isLessThanOrEqualTo(16 * 1024 * 1024);
      MethodResponse r =
          new XmlRpcParser(64).parseResponse(reply.body().getBytes(StandardCharsets.UTF_8));
      List<?> results = (List<?>) r.value();
      assertThat(results).hasSize(count);
      int fitted = 0;
      while (results.get(fitted) instanceof List<?>) {
        fitted++;
      }
      assertThat(fitted).isBetween(5, 12);
      Map<?, ?> overflow = (Map<?, ?>) results.get(fitted);
      assertThat(overflow.get("faultCode")).isEqualTo(Status.RESOURCE_EXHAUSTED.code());
      assertThat(overflow.get("faultString").toString())
          .contains("system.multicall[" + fitted + "]: ran, but its result would take the answer");
      for (int i = fitted + 1; i < count; i++) {
        Map<?, ?> notRun = (Map<?, ?>) results.get(i);
        assertThat(notRun.get("faultCode")).isEqualTo(Status.RESOURCE_EXHAUSTED.code());
        assertThat(notRun.get("faultString").toString())
            .contains("system.multicall[" + i + "]: not run");
      }
      assertThat(sized.calls.get()).as("calls run").isEqualTo(fitted + 1);
      assertThat(c.call("test.echo", echo("after")).isFault()).isFalse();
    }

    @Test
    void anOversizedBodyIsRefusedAndTheServerKeepsServing() {
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withLimits(64 * 1024, 64));
      XmlRpcTestClient c = new XmlRpcTestClient(s.port(), null);
      byte[] big = XmlRpcWriter.call("test.echo", List.of(echo("x".repeat(3_000_000))));
      // Every time, not only when the race goes its way: the client is still sending when the
      // fault goes out, and a plain close would reset the connection under it.
      for (int i = 0; i < 10; i++) {
        XmlRpcTestClient.Reply reply = c.post(big);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body()).contains("request body exceeds the limit of 65536 bytes");
      }
      assertThat(c.call("test.echo", echo("after")).isFault()).isFalse();
    }

    @Test
    void hostileDocumentsAreFaultsAndTheServerKeepsServing() {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      List<String> hostile =
          List.of(
              "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><methodCall>"
                  + "<methodName>&e;</methodName></methodCall>",
              "<methodCall><methodName>test.echo</methodName><params><param>"
                  + "<value><array><data>".repeat(5000)
                  + "</data></array></value>".repeat(5000)
                  + "</param></params></methodCall>",
              "\u0000\u0001garbage",
              "<methodCall><methodName>test.echo</methodName><params><param><value><i4>"
                  + "9".repeat(1000)
                  + "</i4></value></param></params></methodCall>");
      for (String body : hostile) {
        XmlRpcTestClient.Reply reply = c.post(body.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(200);
        MethodResponse r =
            new XmlRpcParser(64).parseResponse(reply.body().getBytes(StandardCharsets.UTF_8));
        assertThat(r.faultCode()).isEqualTo(Status.INVALID_ARGUMENT.code());
        assertThat(r.faultString()).doesNotContain("root:");
      }
      assertThat(c.call("test.echo", echo("still here")).isFault()).isFalse();
    }

    @Test
    void getIsNotAllowed() throws IOException {
      XmlRpcServer s = start();
      String reply = exchange(s.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(reply).startsWith("HTTP/1.1 405").contains("allow: POST");
    }
  }

  @Nested
  class Pipelining {
    @Test
    void nothingMoreIsReadWhileACallRunsHoweverMuchIsPipelined() throws Exception {
      HoldingHandler holding = new HoldingHandler();
      XmlRpcServer s = start(XmlRpcConfig.defaults(0), holding);
      int count = 32;
      ByteArrayOutputStream requests = new ByteArrayOutputStream();
      requests.write(rawPost(call("test.echo", echo("hold"))));
      for (int i = 0; i < count; i++) {
        requests.write(rawPost(paddedCall("n" + i, 1 << 20)));
      }
      byte[] bytes = requests.toByteArray();
      AtomicLong written = new AtomicLong();
      try (Socket socket = new Socket("127.0.0.1", s.port())) {
        socket.setSoTimeout(30_000);
        Thread writer = writeInPieces(socket.getOutputStream(), bytes, written);
        holding.awaitHolding();
        // The server used to read on (its aggregator asks for more whenever a read ends mid-body)
        // and keep every pipelined request: all 32 MiB were read, and held, behind one call.
        long stalledAt = awaitStill(written);
        assertThat(stalledAt)
            .as("bytes the client could write while the call ran")
            .isLessThan(bytes.length / 2);
        holding.release.countDown();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        assertThat(readReply(in).body()).contains("<string>hold</string>");
        for (int i = 0; i < count; i++) {
          assertThat(readReply(in).body()).contains("<string>n" + i + "</string>");
        }
        writer.join(10_000);
        assertThat(written.get()).isEqualTo(bytes.length);
      }
    }

    @Test
    void anOversizedRequestBehindARunningCallIsRefusedInItsTurn() throws Exception {
      HoldingHandler holding = new HoldingHandler();
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withLimits(64 * 1024, 64), holding);
      ByteArrayOutputStream requests = new ByteArrayOutputStream();
      requests.write(rawPost(call("test.echo", echo("hold"))));
      requests.write(
          ("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
                  + "Content-Length: 10000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      requests.write(new byte[1024]);
      try (Socket socket = new Socket("127.0.0.1", s.port())) {
        socket.getOutputStream().write(requests.toByteArray());
        InputStream in = new BufferedInputStream(socket.getInputStream());
        holding.awaitHolding();
        // Nothing may come before the held call's answer: the 413 used to, read by the client
        // as the answer to the held call.
        socket.setSoTimeout(500);
        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        holding.release.countDown();
        socket.setSoTimeout(10_000);
        RawReply first = readReply(in);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("<string>hold</string>");
        assertThat(refusedThenClosed(in).faultString())
            .isEqualTo("RESOURCE_EXHAUSTED: request body exceeds the limit of 65536 bytes");
      }
    }

    /**
     * A few kilobytes of gzip read in one go can inflate to several bodies' worth: what waits
     * behind a running call is held to one body limit, and the request past it is refused in its
     * turn.
     */
    @Test
    void gzipBodiesWaitingBehindARunningCallAreHeldToOneBodyLimit() throws Exception {
      HoldingHandler holding = new HoldingHandler();
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withLimits(64 * 1024, 64), holding);
      ByteArrayOutputStream requests = new ByteArrayOutputStream();
      requests.write(rawPost(call("test.echo", echo("hold"))));
      for (int i = 0; i < 4; i++) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(packed)) {
          gzip.write(paddedCall("g" + i, 40_000)); // each within the limit, two not
        }
        requests.write(rawPost(packed.toByteArray(), "Content-Encoding: gzip"));
      }
      assertThat(requests.size()).as("one socket read's worth").isLessThan(16 * 1024);
      try (Socket socket = new Socket("127.0.0.1", s.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(requests.toByteArray());
        holding.awaitHolding();
        holding.release.countDown();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        assertThat(readReply(in).body()).contains("<string>hold</string>");
        assertThat(readReply(in).body()).contains("<string>g0</string>");
        assertThat(refusedThenClosed(in).faultString())
            .contains("requests pipelined behind a running call exceed the body limit");
      }
    }

    /**
     * A client that pipelines calls with large answers and reads none of them: the server used to
     * serve every one regardless and queue all their answers in memory (150 such calls held 2 GiB
     * of direct memory). It now stops serving and reading once about 1 MiB of answers waits for the
     * client, and goes on, in order, when the client reads.
     */
    @Test
    void aClientThatReadsNoAnswersIsServedOnlyAsFastAsItReads() throws Exception {
      AtomicLong served = new AtomicLong();
      byte[] bulk = new byte[256 * 1024]; // ~350 KB of base64 in each answer
      TestService large =
          new TestService() {
            @Override
            public com.inkzee.rpc.api.health.PingResponse ping(
                com.inkzee.rpc.api.health.PingRequest request) {
              return handler.ping(request);
            }

            @Override
            public EchoResponse echo(EchoRequest request) {
              served.incrementAndGet();
              return new EchoResponse(request.text(), "large", bulk, List.of());
            }

            @Override
            public EchoResponse echoOnce(EchoRequest request) {
              return echo(request);
            }
          };
      XmlRpcServer s = start(XmlRpcConfig.defaults(0), large);
      int count = 96; // ~33 MB of answers in all
      ByteArrayOutputStream requests = new ByteArrayOutputStream();
      for (int i = 0; i < count; i++) {
        requests.write(rawPost(call("test.echo", echo("n" + i))));
      }
      try (Socket socket = new Socket()) {
        socket.setReceiveBufferSize(4096); // before connect: a small window, so little sits in TCP
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", s.port()));
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(requests.toByteArray());
        // What is served is bounded by the socket buffers plus the 1 MiB high water mark, a dozen
        // or so answers here; without the bound all 96 were served at once.
        long servedUnread = awaitStill(served);
        assertThat(servedUnread).as("calls served while the client read nothing").isLessThan(40);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        for (int i = 0; i < count; i++) {
          RawReply reply = readReply(in);
          assertThat(reply.body()).contains("<string>n" + i + "</string>");
        }
        assertThat(served.get()).isEqualTo(count);
      }
    }

    /** The next answer is a 413 that closes the connection; its fault. */
    private MethodResponse refusedThenClosed(InputStream in) throws IOException {
      RawReply refused = readReply(in);
      assertThat(refused.status()).isEqualTo(413);
      assertThat(refused.header("connection")).isEqualTo("close");
      MethodResponse fault = faultOf(refused);
      assertThat(in.read()).as("the server closes after the 413").isEqualTo(-1);
      return fault;
    }

    @Test
    void everyRefusalIsAnsweredInItsTurnAndTheConnectionServesOn() throws Exception {
      HoldingHandler holding = new HoldingHandler();
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withAuthToken("s3cret"), holding);
      String token = "X-Inkzee-Token: s3cret";
      ByteArrayOutputStream requests = new ByteArrayOutputStream();
      requests.write(rawPost(call("test.echo", echo("hold")), token));
      requests.write(rawPost(call("test.echo", echo("no token"))));
      requests.write("GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      requests.write(rawPost(call("test.echo", echo("brotli")), token, "Content-Encoding: br"));
      requests.write(rawPost(call("test.echo", echo("after")), token));
      try (Socket socket = new Socket("127.0.0.1", s.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(requests.toByteArray());
        InputStream in = new BufferedInputStream(socket.getInputStream());
        holding.awaitHolding();
        holding.release.countDown();
        assertThat(readReply(in).body()).contains("<string>hold</string>");
        assertThat(faultOf(readReply(in)).faultCode()).isEqualTo(Status.UNAUTHENTICATED.code());
        assertThat(readReply(in).status()).isEqualTo(405);
        RawReply unsupported = readReply(in);
        assertThat(unsupported.status()).isEqualTo(415);
        assertThat(unsupported.header("accept-encoding")).isEqualTo("gzip, deflate");
        assertThat(faultOf(unsupported).faultString())
            .contains("Content-Encoding \"br\" is not supported");
        assertThat(readReply(in).body()).contains("<string>after</string>");
      }
    }

    /** A call whose body is padded to about {@code bytes} by a comment before the document. */
    private byte[] paddedCall(String text, int bytes) {
      String call = new String(call("test.echo", echo(text)), StandardCharsets.UTF_8);
      int prolog = call.indexOf("?>") + 2;
      return (call.substring(0, prolog)
              + "<!--"
              + "x".repeat(bytes)
              + "-->"
              + call.substring(prolog))
          .getBytes(StandardCharsets.UTF_8);
    }

    private Thread writeInPieces(OutputStream out, byte[] bytes, AtomicLong written) {
      Thread writer =
          new Thread(
              () -> {
                try {
                  for (int off = 0; off < bytes.length; off += 64 * 1024) {
                    int n = Math.min(64 * 1024, bytes.length - off);
                    out.write(bytes, off, n);
                    written.addAndGet(n);
                  }
                } catch (IOException e) {
                  // the socket closed under the writer: the assertions say what went wrong
                }
              },
              "pipelining-writer");
      writer.setDaemon(true);
      writer.start();
      return writer;
    }

    /** The count once it has stopped growing for a second (or after 30 s). */
    private long awaitStill(AtomicLong count) throws InterruptedException {
      long last = -1;
      for (int i = 0; i < 30 && count.get() != last; i++) {
        last = count.get();
        Thread.sleep(1_000);
      }
      return count.get();
    }
  }

  @Nested
  class Compression {
    private final byte[] body = call("test.echo", echo("packed"));

    @Test
    void gzipAndDeflateBodiesAreDecompressed() throws IOException {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      for (String encoding : List.of("gzip", "deflate")) {
        XmlRpcTestClient.Reply reply =
            c.post(compress(body, encoding), "Content-Encoding", encoding);
        assertThat(reply.status()).as(encoding).isEqualTo(200);
        assertThat(reply.body()).as(encoding).contains("<string>packed</string>");
      }
    }

    @Test
    void aSmallGzipThatInflatesPastTheLimitIsRefusedAsTooLarge() throws IOException {
      XmlRpcServer s = start(XmlRpcConfig.defaults(0).withLimits(64 * 1024, 64));
      byte[] bomb = compress(call("test.echo", echo(" ".repeat(20_000_000))), "gzip");
      assertThat(bomb.length).isLessThan(64 * 1024);
      XmlRpcTestClient c = new XmlRpcTestClient(s.port(), null);
      XmlRpcTestClient.Reply reply = c.post(bomb, "Content-Encoding", "gzip");
      assertThat(reply.status()).isEqualTo(413);
      assertThat(reply.body()).contains("request body exceeds the limit of 65536 bytes");
      assertThat(c.call("test.echo", echo("after")).isFault()).isFalse();
      assertThat(handler.calls.get()).isEqualTo(1);
    }

    @Test
    void anEncodingTheServerCannotDecodeIsRefusedAsUnsupported() {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      XmlRpcTestClient.Reply reply = c.post(body, "Content-Encoding", "compress");
      assertThat(reply.status()).isEqualTo(415);
      assertThat(reply.body()).contains("Content-Encoding \"compress\" is not supported");
      assertThat(c.call("test.echo", echo("after")).isFault()).isFalse();
    }

    @Test
    void aBodyThatIsNotInItsEncodingIsABadRequest() {
      XmlRpcTestClient c = new XmlRpcTestClient(start().port(), null);
      XmlRpcTestClient.Reply reply = c.post(body, "Content-Encoding", "gzip"); // not gzipped
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.body()).contains("request body does not decode");
      assertThat(c.call("test.echo", echo("after")).isFault()).isFalse();
    }

    private byte[] compress(byte[] plain, String encoding) throws IOException {
      ByteArrayOutputStream packed = new ByteArrayOutputStream();
      try (OutputStream out =
          encoding.equals("gzip")
              ? new GZIPOutputStream(packed)
              : new DeflaterOutputStream(packed)) {
        out.write(plain);
      }
      return packed.toByteArray();
    }
  }

  @Nested
  class Connections {
    /**
     * A port in use: Netty rethrew the checked BindException as it was, past the catch of
     * RuntimeException, leaving the event loops and handler pool running.
     */
    @Test
    void aPortInUseIsAnIllegalStateExceptionNamingItAndLeavesNoThreads() throws Exception {
      try (java.net.ServerSocket taken =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        int port = taken.getLocalPort();
        LeftoverThreads threads = LeftoverThreads.snapshot();
        assertThatThrownBy(() -> start(XmlRpcConfig.defaults(port)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot listen for XML-RPC on 127.0.0.1:" + port);
        assertThat(threads.started()).isEmpty();
      }
    }

    @Test
    void keepsTheConnectionOpenAcrossPipelinedCallsAndAnswersInOrder() throws IOException {
      XmlRpcServer s = start();
      StringBuilder requests = new StringBuilder();
      for (String text : List.of("first", "second", "third")) {
        byte[] body = XmlRpcWriter.call("test.echo", List.of(echo(text)));
        requests
            .append("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ")
            .append(body.length)
            .append("\r\n\r\n")
            .append(new String(body, StandardCharsets.UTF_8));
      }
      try (Socket socket = new Socket("127.0.0.1", s.port())) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.UTF_8));
        String all = readResponses(socket.getInputStream(), 3);
        assertThat(all.indexOf("first")).isLessThan(all.indexOf("second"));
        assertThat(all.indexOf("second")).isLessThan(all.indexOf("third"));
        assertThat(s.connectionCount()).isEqualTo(1);
      }
    }

    @Test
    void shutdownFinishesTheCallInFlightThenStops() throws Exception {
      XmlRpcServer s = start();
      CompletableFuture<MethodResponse> slow =
          CompletableFuture.supplyAsync(
              () ->
                  new XmlRpcTestClient(s.port(), null)
                      .call("test.echo", Map.of("text", "slow", "sleepMillis", 500)));
      await().atMost(Duration.ofSeconds(5)).until(() -> s.callsInFlight() == 1);
      assertThat(s.shutdown(Duration.ofSeconds(5))).isTrue();
      assertThat(((Map<?, ?>) slow.get(5, TimeUnit.SECONDS).value()).get("text")).isEqualTo("slow");
    }
  }

  @Nested
  class DeferredAnswers {
    /** Echoes, except that texts starting with "defer" are parked until the test answers them. */
    final class DeferringHandler implements TestService {
      final java.util.concurrent.ConcurrentLinkedQueue<
              com.inkzee.rpc.server.CallContext.Deferred<EchoResponse>>
          parked = new java.util.concurrent.ConcurrentLinkedQueue<>();

      @Override
      public com.inkzee.rpc.api.health.PingResponse ping(
          com.inkzee.rpc.api.health.PingRequest request) {
        return handler.ping(request);
      }

      @Override
      public EchoResponse echo(EchoRequest request) {
        if (request.text().startsWith("defer")) {
          parked.add(com.inkzee.rpc.server.CallContext.current().defer());
          return null;
        }
        return handler.echo(request);
      }

      @Override
      public EchoResponse echoOnce(EchoRequest request) {
        return echo(request);
      }
    }

    @Test
    void aDeferredCallFreesItsThreadAndIsAnsweredFromAnother() throws Exception {
      DeferringHandler deferring = new DeferringHandler();
      XmlRpcServer s =
          // One thread; a queue that takes the three calls even when they arrive at once.
          XmlRpcServer.builder(TestCatalogue.get(), XmlRpcConfig.defaults(0).withHandlers(1, 8))
              .service(TestService.class, deferring)
              .start();
      servers.add(s);
      List<CompletableFuture<MethodResponse>> waiting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        waiting.add(
            CompletableFuture.supplyAsync(
                () -> new XmlRpcTestClient(s.port(), null).call("test.echo", echo("defer"))));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> deferring.parked.size() == 3);
      // Three calls wait, yet the single handler thread is free for a fourth.
      MethodResponse meanwhile =
          new XmlRpcTestClient(s.port(), null).call("test.echo", echo("now"));
      assertThat(((Map<?, ?>) meanwhile.value()).get("text")).isEqualTo("now");
      Thread answering =
          new Thread(
              () -> {
                var first = deferring.parked.poll();
                first.complete(new EchoResponse("later", "elsewhere", null, List.of()));
                deferring
                    .parked
                    .poll()
                    .fail(new com.inkzee.rpc.status.RpcException(Status.NOT_FOUND, "gone"));
                deferring
                    .parked
                    .poll()
                    .complete(new EchoResponse("later", "elsewhere", null, List.of()));
              });
      answering.start();
      answering.join(5_000);
      List<Object> outcomes = new ArrayList<>();
      for (CompletableFuture<MethodResponse> f : waiting) {
        MethodResponse r = f.get(10, TimeUnit.SECONDS);
        outcomes.add(r.isFault() ? r.faultString() : ((Map<?, ?>) r.value()).get("servedBy"));
      }
      assertThat(outcomes).containsExactlyInAnyOrder("elsewhere", "elsewhere", "NOT_FOUND: gone");
    }

    @Test
    void aDeferredCallPastItsDeadlineIsFaulted() {
      DeferringHandler deferring = new DeferringHandler();
      XmlRpcServer s =
          XmlRpcServer.builder(
                  TestCatalogue.get(),
                  XmlRpcConfig.defaults(0).withCallTimeout(Duration.ofMillis(300)))
              .service(TestService.class, deferring)
              .start();
      servers.add(s);
      MethodResponse r = new XmlRpcTestClient(s.port(), null).call("test.echo", echo("defer"));
      assertThat(r.faultCode()).isEqualTo(Status.DEADLINE_EXCEEDED.code());
      assertThat(deferring.parked.poll().isDone()).isTrue();
    }
  }

  private static byte[] call(String method, Object... params) {
    return XmlRpcWriter.call(method, List.of(params));
  }

  /** A raw HTTP/1.1 POST of {@code body}, with extra header lines ("Name: value"). */
  private static byte[] rawPost(byte[] body, String... headerLines) {
    StringBuilder head =
        new StringBuilder("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** One HTTP response read off a raw socket; header names in lower case. */
  private record RawReply(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  /** Reads one response with a Content-Length from {@code in} (buffered: others may follow). */
  private static RawReply readReply(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after: " + head);
      }
      head.write(b);
    }
    String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
    Map<String, String> headers = new java.util.HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] body = new byte[Integer.parseInt(headers.get("content-length"))];
    new java.io.DataInputStream(in).readFully(body);
    return new RawReply(
        Integer.parseInt(lines[0].split(" ")[1]),
        headers,
        new String(body, StandardCharsets.UTF_8));
  }

  private static MethodResponse faultOf(RawReply reply) {
    MethodResponse r =
        new XmlRpcParser(64).parseResponse(reply.body().getBytes(StandardCharsets.UTF_8));
    assertThat(r.isFault()).as(reply.body()).isTrue();
    return r;
  }

  private static String exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Reads until {@code count} complete methodResponse documents arrived (bounded by SO_TIMEOUT).
   */
  private static String readResponses(InputStream in, int count) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    while (true) {
      String text = seen.toString(StandardCharsets.UTF_8);
      if (text.split("</methodResponse>", -1).length - 1 >= count) {
        return text;
      }
      int n = in.read(buf);
      if (n < 0) {
        return text;
      }
      seen.write(buf, 0, n);
    }
  }
}
