package com.inkzee.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.runtime.ReadGate;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on an in-memory channel, for what a real client cannot easily provoke: an
 * application that throws, a request Netty failed to decode. (A URL with a bad escape is also
 * checked over a real socket, in WebApiTest.) The workers run each task at once, on the test's
 * thread; the answer is written when the channel's pending tasks run.
 */
class RequestDispatcherTest {
  private final List<Integer> observed = new ArrayList<>();

  private EmbeddedChannel channel(RequestHandler app) {
    return new EmbeddedChannel(
        new RequestDispatcher(
            app,
            Runnable::run,
            false,
            (method, route, status, nanos) -> observed.add(status),
            new ReadGate(),
            new RequestDeadline(Duration.ofSeconds(30), false)));
  }

  private static FullHttpResponse answer(EmbeddedChannel ch, FullHttpRequest request) {
    ch.writeInbound(request);
    ch.runPendingTasks();
    FullHttpResponse r = ch.readOutbound();
    assertThat(r).as("an answer was written").isNotNull();
    return r;
  }

  private static String body(FullHttpResponse r) {
    try {
      return r.content().toString(StandardCharsets.UTF_8);
    } finally {
      r.release();
    }
  }

  private static FullHttpRequest get(String uri) {
    return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
  }

  @Test
  void anApplicationThatThrowsIsAnswered500() {
    EmbeddedChannel ch =
        channel(
            r -> {
              throw new IllegalStateException("a bug");
            });
    FullHttpResponse r = answer(ch, get("/api/river"));
    assertThat(r.status().code()).isEqualTo(500);
    assertThat(r.headers().get("Retry-After")).isNull();
    assertThat(body(r)).isEqualTo("{\"error\":\"internal\",\"message\":\"internal error\"}");
    assertThat(observed).containsExactly(500);
  }

  @Test
  void aRequestNettyCouldNotDecodeIsAnswered400AndClosed() {
    EmbeddedChannel ch = channel(r -> WebResponse.empty(204));
    FullHttpRequest bad = get("/");
    bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad header")));
    FullHttpResponse r = answer(ch, bad);
    assertThat(r.status().code()).isEqualTo(400);
    assertThat(body(r)).contains("malformed HTTP request");
    ch.runPendingTasks();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void aUrlWithABadEscapeIsAnswered400AndTheConnectionKept() {
    List<String> reached = new ArrayList<>();
    EmbeddedChannel ch =
        channel(
            r -> {
              reached.add(r.path());
              return WebResponse.empty(204);
            });
    for (String uri : List.of("/api/river?cursor=%", "/api/entries/%zz", "/api/fever/?api&a=%4")) {
      FullHttpResponse r = answer(ch, get(uri));
      assertThat(r.status().code()).as(uri).isEqualTo(400);
      assertThat(r.headers().get(HttpHeaderNames.CONNECTION)).as(uri).isNotEqualTo("close");
      assertThat(r.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-store");
      assertThat(body(r)).as(uri).contains("\"error\":\"bad_request\"").contains("percent-encoded");
    }
    assertThat(ch.isOpen()).isTrue();
    assertThat(reached).isEmpty();
    assertThat(answer(ch, get("/api/session")).status().code()).isEqualTo(204);
    assertThat(reached).containsExactly("/api/session");
    assertThat(observed).containsExactly(400, 400, 400, 204);
  }
}
