package com.inkzee.fetcher.websub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.inkzee.fetcher.websub.Subscription.State;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Subscriber, callback server and table against a spec-following hub, all on 127.0.0.1. */
class WebSubRoundTripTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final URI TOPIC = URI.create("https://blog.example/feed.xml");
  private static final String ATOM = "application/atom+xml";

  record Received(long feedId, URI topic, byte[] body, String contentType) {}

  private final List<Received> sink = new CopyOnWriteArrayList<>();
  private final SubscriptionSecrets secrets = SubscriptionSecrets.of("test master secret");
  private final OkHttpClient http =
      new OkHttpClient.Builder().callTimeout(5, TimeUnit.SECONDS).build();
  private TestHub hub;
  private SubscriptionTable table;
  private WebSubCallbackServer server;
  private WebSubSubscriber subscriber;

  void start(Duration lease, Duration tick, Duration retry) throws Exception {
    hub = new TestHub();
    table = new SubscriptionTable(100, Clock.systemUTC());
    server =
        new WebSubCallbackServer(
                config(null, lease, tick, retry),
                table,
                (feedId, topic, body, type) -> sink.add(new Received(feedId, topic, body, type)))
            .start();
    URI base = URI.create("http://127.0.0.1:" + server.port());
    subscriber = new WebSubSubscriber(http, table, config(base, lease, tick, retry));
  }

  private WebSubConfig config(URI base, Duration lease, Duration tick, Duration retry) {
    return new WebSubConfig(
        "127.0.0.1",
        0,
        base,
        secrets,
        lease,
        100,
        1024 * 1024,
        Duration.ofSeconds(30),
        tick,
        retry);
  }

  @BeforeEach
  void startDefaults() throws Exception {
    start(Duration.ofDays(10), Duration.ofMinutes(1), Duration.ofMinutes(5));
  }

  @AfterEach
  void stop() throws Exception {
    subscriber.close();
    server.close();
    hub.close();
  }

  @AfterEach
  void closeClient() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private URI callback(long feedId) {
    return URI.create("http://127.0.0.1:" + server.port() + server.config().callbackPath(feedId));
  }

  private void subscribeAndAwaitActive(long feedId) throws Exception {
    subscriber.subscribe(feedId, hub.url(), TOPIC);
    await()
        .atMost(WAIT)
        .until(() -> table.get(feedId).map(Subscription::state).orElse(null) == State.ACTIVE);
    // The hub records the subscription once our answer to its challenge reaches it, a moment
    // after we count it active: wait for both sides.
    await()
        .atMost(WAIT)
        .until(() -> hub.subscription(callback(feedId), TOPIC.toString()).isPresent());
  }

  @Nested
  class Subscribing {
    @Test
    void subscribeVerifyPublishDeliversExactlyThatBody() throws Exception {
      Subscription pending = subscriber.subscribe(42, hub.url(), TOPIC);
      assertThat(pending.state()).isIn(State.PENDING, State.ACTIVE);
      await()
          .atMost(WAIT)
          .until(() -> table.get(42).map(Subscription::state).orElse(null) == State.ACTIVE);

      TestHub.Request request = hub.requests().get(0);
      assertThat(request.mode()).isEqualTo("subscribe");
      assertThat(request.callback()).isEqualTo(callback(42));
      assertThat(request.topic()).isEqualTo(TOPIC.toString());
      assertThat(request.leaseSeconds()).isEqualTo(Duration.ofDays(10).toSeconds());
      assertThat(request.secret()).isEqualTo(secrets.secretFor(42, TOPIC)).hasSize(64);
      assertThat(hub.verifications())
          .containsExactly(
              new TestHub.Verification("subscribe", TOPIC.toString(), callback(42), 200, true));

      byte[] body =
          "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Ünïcode &amp; co</title></feed>"
              .getBytes(StandardCharsets.UTF_8);
      assertThat(hub.publish(TOPIC.toString(), body, ATOM)).containsExactly(202);

      await().atMost(WAIT).until(() -> sink.size() == 1);
      Received got = sink.get(0);
      assertThat(got.feedId()).isEqualTo(42);
      assertThat(got.topic()).isEqualTo(TOPIC);
      assertThat(got.body()).isEqualTo(body);
      assertThat(got.contentType()).isEqualTo(ATOM);
      assertThat(server.stats().pushesAccepted()).isEqualTo(1);
    }

    @Test
    void hubDenialIsRecordedWithItsReason() throws Exception {
      hub.denyNext("topic not served here");
      subscriber.subscribe(5, hub.url(), TOPIC);

      await()
          .atMost(WAIT)
          .until(() -> table.get(5).map(Subscription::state).orElse(null) == State.DENIED);
      assertThat(table.get(5).orElseThrow().reason()).isEqualTo("topic not served here");
      assertThat(server.stats().denials()).isEqualTo(1);
      assertThat(hub.subscription(callback(5), TOPIC.toString())).isEmpty();
    }

    @Test
    void hubRefusingTheRequestLeavesNothingPending() {
      URI noHub = hub.url().resolve("/not-a-hub");

      assertThatThrownBy(() -> subscriber.subscribe(6, noHub, TOPIC))
          .isInstanceOfSatisfying(
              HubRejectedException.class, e -> assertThat(e.status()).isEqualTo(404))
          .hasMessageContaining("feed 6");
      assertThat(table.get(6)).isEmpty();
    }
  }

  @Nested
  class Pushes {
    @Test
    void forgedSignatureIsDiscardedButAnswered2xx() throws Exception {
      subscribeAndAwaitActive(42);
      hub.signing(TestHub.Signing.FORGED);

      assertThat(hub.publish(TOPIC.toString(), "forged".getBytes(StandardCharsets.UTF_8), ATOM))
          .containsExactly(202);
      await().atMost(WAIT).until(() -> server.stats().pushesBadSignature() == 1);
      assertThat(sink).isEmpty();

      // The same path still delivers honest content: the forgery was discarded, not delayed.
      hub.signing(TestHub.Signing.SHA256);
      hub.publish(TOPIC.toString(), "honest".getBytes(StandardCharsets.UTF_8), ATOM);
      await().atMost(WAIT).until(() -> sink.size() == 1);
      assertThat(new String(sink.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("honest");
    }

    @Test
    void unsignedPushIsDiscardedButAnswered2xx() throws Exception {
      subscribeAndAwaitActive(42);
      hub.signing(TestHub.Signing.UNSIGNED);

      assertThat(hub.publish(TOPIC.toString(), "unsigned".getBytes(StandardCharsets.UTF_8), ATOM))
          .containsExactly(202);
      await().atMost(WAIT).until(() -> server.stats().pushesUnsigned() == 1);
      assertThat(sink).isEmpty();
      assertThat(server.stats().pushesAccepted()).isZero();
    }

    @Test
    void pushForAFeedWeDoNotFollowIs404() {
      int status =
          hub.deliver(
              callback(777), TOPIC.toString(), new byte[] {1}, ATOM, secrets.secretFor(777, TOPIC));

      assertThat(status).isEqualTo(404);
      assertThat(server.stats().pushesUnknownFeed()).isEqualTo(1);
    }
  }

  @Nested
  class IntentVerification {
    @Test
    void challengeIsRefusedForATopicWeDidNotAskFor() throws Exception {
      subscribeAndAwaitActive(42);

      TestHub.Verification otherTopic =
          hub.verifyIntent(callback(42), "subscribe", "https://evil.example/feed", 3600);
      TestHub.Verification otherFeed =
          hub.verifyIntent(callback(43), "subscribe", TOPIC.toString(), 3600);
      TestHub.Verification wrongMode =
          hub.verifyIntent(callback(42), "unsubscribe", TOPIC.toString(), 0);

      assertThat(List.of(otherTopic, otherFeed, wrongMode))
          .allSatisfy(
              v -> {
                assertThat(v.status()).isEqualTo(404);
                assertThat(v.echoed()).isFalse();
              });
      assertThat(table.get(42).orElseThrow().topic()).isEqualTo(TOPIC);
      assertThat(table.get(43)).isEmpty();
    }

    @Test
    void unsubscribeRoundTrip() throws Exception {
      subscribeAndAwaitActive(42);
      assertThat(hub.subscription(callback(42), TOPIC.toString())).isPresent();

      subscriber.unsubscribe(42, hub.url(), TOPIC);

      await().atMost(WAIT).until(() -> table.get(42).isEmpty());
      await().atMost(WAIT).until(() -> hub.subscription(callback(42), TOPIC.toString()).isEmpty());
      assertThat(hub.verifications())
          .extracting(TestHub.Verification::mode, TestHub.Verification::echoed)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("subscribe", true),
              org.assertj.core.groups.Tuple.tuple("unsubscribe", true));
      assertThat(hub.publish(TOPIC.toString(), new byte[] {1}, ATOM)).isEmpty();
    }

    @Test
    void pushWhileUnsubscribingIs410SoTheHubDropsUs() throws Exception {
      subscribeAndAwaitActive(42);
      table.beginUnsubscribe(42, hub.url(), TOPIC); // as if the unsubscribe request were lost

      assertThat(hub.publish(TOPIC.toString(), new byte[] {1}, ATOM)).containsExactly(410);
      assertThat(sink).isEmpty();
    }
  }

  @Nested
  class Renewal {
    @Test
    void leaseIsRenewedBeforeItExpires() throws Exception {
      stop();
      // A 2 s lease renews after 1 s (half of it: a day before expiry is long past).
      start(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(500));
      subscriber.start();
      subscribeAndAwaitActive(9);
      Instant firstExpiry = table.get(9).orElseThrow().expiresAt();

      await()
          .atMost(WAIT)
          .until(() -> table.get(9).map(s -> s.expiresAt().isAfter(firstExpiry)).orElse(false));

      List<TestHub.Request> requests = hub.requests();
      assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
      assertThat(requests.get(1).mode()).isEqualTo("subscribe");
      assertThat(requests.get(1).at()).isBefore(firstExpiry);
      assertThat(requests.get(1).secret()).isEqualTo(requests.get(0).secret());
      assertThat(table.get(9).orElseThrow().state()).isEqualTo(State.ACTIVE);
    }
  }

  /** A port in use is a clear start-up error naming it, not a raw BindException. */
  @Test
  void aCallbackPortInUseIsAStartUpErrorNamingIt() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      WebSubConfig busy =
          new WebSubConfig(
              "127.0.0.1",
              taken.getLocalPort(),
              null,
              secrets,
              Duration.ofDays(1),
              100,
              1024 * 1024,
              Duration.ofSeconds(30),
              Duration.ofMinutes(1),
              Duration.ofMinutes(5));
      WebSubCallbackServer refused =
          new WebSubCallbackServer(
              busy, new SubscriptionTable(10, Clock.systemUTC()), (a, b, c, d) -> {});
      assertThatThrownBy(refused::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }
}
