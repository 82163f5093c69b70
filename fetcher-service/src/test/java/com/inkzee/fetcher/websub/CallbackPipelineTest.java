package com.inkzee.fetcher.websub;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The callback pipeline on an {@link EmbeddedChannel}: raw HTTP bytes in, raw bytes out. */
class CallbackPipelineTest {
  private static final URI TOPIC = URI.create("https://blog.example/feed");
  private static final int MAX_BODY = 1024;

  private final List<byte[]> pushed = new ArrayList<>();
  private final SubscriptionTable table = new SubscriptionTable(10, Clock.systemUTC());
  private final WebSubConfig config =
      new WebSubConfig(
          "127.0.0.1",
          0,
          null,
          SubscriptionSecrets.of("m"),
          Duration.ofDays(1),
          10,
          MAX_BODY,
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5));

  /** Feed 7's callback path, token included, as the hub was given it. */
  private final String sevenPath = config.callbackPath(7);

  private final WebSubCallbackServer server =
      new WebSubCallbackServer(config, table, (id, topic, body, type) -> pushed.add(body));
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new CallbackChannelInitializer(server));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
    server.close();
  }

  private String exchange(String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    StringBuilder out = new StringBuilder();
    for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
      out.append(b.toString(StandardCharsets.UTF_8)); // headers are ASCII
      b.release();
    }
    return out.toString();
  }

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: fetcher\r\n\r\n";
  }

  @Test
  void pipelineStagesAreInTheirFixedOrder() {
    assertThat(channel.pipeline().names())
        .containsSubsequence("codec", "gate", "aggregate", "idle", "callback");
  }

  @Test
  void echoesTheChallengeExactlyForAPendingSubscription() {
    table.beginSubscribe(7, URI.create("https://hub.example/"), TOPIC);

    String response =
        exchange(
            get(
                sevenPath
                    + "?hub.mode=subscribe&hub.topic=https%3A%2F%2Fblog.example%2Ffeed"
                    + "&hub.challenge=c%C3%A9+x&hub.lease_seconds=600"));

    assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\ncé x");
    Subscription active = table.get(7).orElseThrow();
    assertThat(active.state()).isEqualTo(Subscription.State.ACTIVE);
    assertThat(Duration.between(active.renewAt(), active.expiresAt()))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void refusesVerificationWithoutAChallenge() {
    table.beginSubscribe(7, URI.create("https://hub.example/"), TOPIC);

    assertThat(
            exchange(
                get(sevenPath + "?hub.mode=subscribe&hub.topic=https%3A%2F%2Fblog.example%2Ffeed")))
        .startsWith("HTTP/1.1 404");
    assertThat(table.get(7).orElseThrow().state()).isEqualTo(Subscription.State.PENDING);
  }

  @Test
  void unknownPathsAndBadFeedIdsAre404() {
    assertThat(exchange(get("/"))).startsWith("HTTP/1.1 404");
    assertThat(exchange(get("/websub/"))).startsWith("HTTP/1.1 404");
    assertThat(exchange(get("/websub/-1"))).startsWith("HTTP/1.1 404");
    assertThat(exchange(get("/websub/99999999999999999999"))).startsWith("HTTP/1.1 404");
    assertThat(exchange(get("/websub/7/../8"))).startsWith("HTTP/1.1 404");
  }

  /**
   * Feed ids are small integers and topics public: without the token only the hub was given, a
   * forged verification could confirm an active subscription for a year (push then stands in for
   * polling while the real lease lapses) or deny it. Such a request is the 404 of an unknown feed.
   */
  @Test
  void aVerificationWithoutTheCallbackTokenIsRefusedAndChangesNothing() {
    table.beginSubscribe(7, URI.create("https://hub.example/"), TOPIC);
    table.confirmSubscribe(7, TOPIC.toString(), Duration.ofDays(1));
    Subscription before = table.get(7).orElseThrow();
    String forged =
        "?hub.mode=subscribe&hub.topic=https%3A%2F%2Fblog.example%2Ffeed"
            + "&hub.challenge=x&hub.lease_seconds=31536000";
    String wrongToken = "/websub/7/" + "0".repeat(SubscriptionSecrets.CALLBACK_TOKEN_CHARS);

    assertThat(exchange(get("/websub/7" + forged))).startsWith("HTTP/1.1 404");
    assertThat(exchange(get(wrongToken + forged))).startsWith("HTTP/1.1 404");
    assertThat(exchange(get(sevenPath + "x" + forged))).startsWith("HTTP/1.1 404");
    assertThat(
            exchange(
                get("/websub/7" + "?hub.mode=denied&hub.topic=https%3A%2F%2Fblog.example%2Ffeed")))
        .startsWith("HTTP/1.1 404");
    assertThat(table.get(7).orElseThrow()).isEqualTo(before);
    assertThat(exchange(get(sevenPath + forged)))
        .as("the hub's own URL")
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void otherMethodsAre405() {
    assertThat(exchange("PUT " + sevenPath + " HTTP/1.1\r\nHost: f\r\nContent-Length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 405")
        .contains("allow: GET, POST");
  }

  private String pushHead(long feedId, int contentLength) {
    return "POST "
        + config.callbackPath(feedId)
        + " HTTP/1.1\r\nHost: f\r\nContent-Length: "
        + contentLength
        + "\r\n\r\n";
  }

  private static String exchange(EmbeddedChannel on, String request) {
    on.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    StringBuilder out = new StringBuilder();
    for (ByteBuf b; (b = on.readOutbound()) != null; ) {
      out.append(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    return out.toString();
  }

  /**
   * The callback port is open to anyone: a push for a feed with no subscription is answered from
   * its head, before any of its body is held (it used to be buffered whole first).
   */
  @Test
  void aPushForNoSubscriptionIsRefusedFromItsHeadAlone() {
    String response = exchange(pushHead(99, MAX_BODY - 10)); // the body never comes
    assertThat(response).startsWith("HTTP/1.1 404").contains("connection: close");
    assertThat(server.stats().pushesUnknownFeed()).isEqualTo(1);
    assertThat(pushed).isEmpty();
  }

  /**
   * Bodies being received count against one budget for every connection, reserved from each push's
   * head: past it a push is 503 at once, and the budget comes back as pushes complete.
   */
  @Test
  void pushesBeyondTheReceivingBudgetAre503FromTheirHead() {
    table.beginSubscribe(7, URI.create("https://hub.example/"), TOPIC);
    table.confirmSubscribe(7, TOPIC.toString(), Duration.ofDays(1));
    server.receivingBudget(MAX_BODY + MAX_BODY / 2);
    EmbeddedChannel second = new EmbeddedChannel(new CallbackChannelInitializer(server));
    EmbeddedChannel third = new EmbeddedChannel(new CallbackChannelInitializer(server));
    try {
      assertThat(exchange(pushHead(7, MAX_BODY))).as("still receiving").isEmpty();
      assertThat(exchange(second, pushHead(7, MAX_BODY)))
          .startsWith("HTTP/1.1 503")
          .contains("retry-after: 60");
      assertThat(server.stats().pushesBusy()).isEqualTo(1);
      assertThat(exchange("y".repeat(MAX_BODY))).startsWith("HTTP/1.1 202");
      assertThat(exchange(third, pushHead(7, MAX_BODY) + "z".repeat(MAX_BODY)))
          .as("the first push's budget came back when it was whole")
          .startsWith("HTTP/1.1 202");
    } finally {
      second.finishAndReleaseAll();
      third.finishAndReleaseAll();
    }
  }

  @Test
  void pushOverTheBodyLimitIs413AndNeverReachesTheSink() {
    table.beginSubscribe(7, URI.create("https://hub.example/"), TOPIC);
    table.confirmSubscribe(7, TOPIC.toString(), Duration.ofDays(1));

    String response =
        exchange(
            "POST "
                + sevenPath
                + " HTTP/1.1\r\nHost: f\r\nContent-Length: "
                + (MAX_BODY + 1)
                + "\r\n\r\n"
                + "x".repeat(MAX_BODY + 1));

    assertThat(response).startsWith("HTTP/1.1 413");
    assertThat(pushed).isEmpty();
  }
}
