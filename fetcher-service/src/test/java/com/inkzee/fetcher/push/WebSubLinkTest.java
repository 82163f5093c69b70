package com.inkzee.fetcher.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.fetcher.websub.SubscriptionSecrets;
import com.inkzee.fetcher.websub.SubscriptionTable;
import com.inkzee.fetcher.websub.WebSubConfig;
import com.inkzee.fetcher.websub.WebSubSubscriber;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The poll loop tells WebSub about hubs on every poll; a refusing hub must not hear it each time.
 */
class WebSubLinkTest {
  @Test
  void aHubThatRefusesIsNotAskedAgainOnEveryPoll() throws Exception {
    try (MockWebServer hub = new MockWebServer()) {
      hub.start();
      for (int i = 0; i < 3; i++) {
        hub.enqueue(new MockResponse.Builder().code(400).body("no").build());
      }
      MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
      SubscriptionTable table = new SubscriptionTable(100, clock);
      WebSubConfig config =
          WebSubConfig.defaults(
              "127.0.0.1", 0, URI.create("http://127.0.0.1:9/"), SubscriptionSecrets.of("k"));
      OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
      try (WebSubSubscriber subscriber = new WebSubSubscriber(http, table, config)) {
        WebSubLink link = new WebSubLink(subscriber, table);
        URI hubUri = hub.url("/hub").uri();
        URI topic = URI.create("https://blog.example/feed");
        link.hubsSeen(7, topic, List.of(hubUri));
        link.hubsSeen(7, topic, List.of(hubUri));
        assertThat(hub.getRequestCount()).isEqualTo(1);
        clock.advance(WebSubLink.RETRY_REFUSED_AFTER.plusSeconds(1));
        link.hubsSeen(7, topic, List.of(hubUri));
        assertThat(hub.getRequestCount()).isEqualTo(2);
        assertThat(link.isPushed(7)).isFalse();
      } finally {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
