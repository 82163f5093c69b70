package com.inkzee.fetcher.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.parse.ParsedFeed;
import com.inkzee.fetcher.testing.FeedServer;
import com.inkzee.fetcher.websub.SubscriptionSecrets;
import com.inkzee.fetcher.websub.SubscriptionTable;
import com.inkzee.fetcher.websub.WebSubConfig;
import com.inkzee.fetcher.websub.WebSubSubscriber;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The poll loop tells WebSub about hubs on every poll; a refusing hub must not hear it each time.
 */
class WebSubLinkTest {
  /** A subscriber's config whose callback nobody serves: these tests only watch the hub side. */
  private static WebSubConfig config() {
    return WebSubConfig.defaults(
        "127.0.0.1", 0, URI.create("http://127.0.0.1:9/"), SubscriptionSecrets.of("k"));
  }

  @Test
  void aHubThatRefusesIsNotAskedAgainOnEveryPoll() throws Exception {
    try (MockWebServer hub = new MockWebServer()) {
      hub.start();
      for (int i = 0; i < 3; i++) {
        hub.enqueue(new MockResponse.Builder().code(400).body("no").build());
      }
      MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
      SubscriptionTable table = new SubscriptionTable(100, clock);
      OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
      try (WebSubSubscriber subscriber = new WebSubSubscriber(http, table, config())) {
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

  /**
   * Hubs come from feeds, that is from anyone: a feed naming a thousand hubs (a tarpit, or victims
   * of a POST reflector) once had every one of them asked in turn on the poll thread.
   */
  @Test
  void aFeedNamingAThousandHubsCostsAtMostThreeHubRequests() throws Exception {
    try (FeedServer hubs = FeedServer.start()) { // every /hub/n answers 404: each one refuses
      StringBuilder rss =
          new StringBuilder(
              "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel>"
                  + "<title>t</title><link>https://many.example/</link>");
      List<URI> named = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        rss.append("<atom:link rel=\"hub\" href=\"/hub/").append(i).append("\"/>");
        named.add(hubs.uri("/hub/" + i));
      }
      rss.append("</channel></rss>");
      ParsedFeed parsed =
          new FeedParser(Clock.systemUTC())
              .parse(
                  rss.toString().getBytes(StandardCharsets.UTF_8),
                  "application/rss+xml",
                  hubs.uri("/many-hubs.xml"));
      List<URI> fromFeed = parsed.hubs().stream().map(URI::create).toList();
      SubscriptionTable table = new SubscriptionTable(100, Clock.systemUTC());
      OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
      try (WebSubSubscriber subscriber = new WebSubSubscriber(http, table, config())) {
        WebSubLink link = new WebSubLink(subscriber, table);
        URI topic = URI.create("https://many.example/feed");
        link.hubsSeen(1, topic, fromFeed);
        assertThat(hubs.requestCount()).isEqualTo(3);
        // The link bounds its own attempts too, whoever hands it the list.
        link.hubsSeen(2, topic, named);
        assertThat(hubs.requestCount()).isEqualTo(6);
        assertThat(hubs.requests("/hub/3")).isEmpty();
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
