package com.inkzee.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.fetcher.fetch.FetchException.Kind;
import com.inkzee.fetcher.testing.FeedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FeedFetcherTest {
  private static final String RSS =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
          + "<item><title>one</title></item></channel></rss>";

  private FeedServer server;
  private FeedFetcher fetcher;

  @BeforeEach
  void start() throws Exception {
    server = FeedServer.start();
    server.content("/feed.xml", RSS, "application/rss+xml");
    fetcher = TestFetchers.fetcher(TestFetchers.loopback());
  }

  @AfterEach
  void stop() throws Exception {
    fetcher.close();
    server.close();
  }

  private FetchResult fetch(String path) throws FetchException {
    return fetcher.fetch(FetchRequest.of(server.uri(path), 3));
  }

  @Nested
  class ConditionalGet {
    @Test
    void secondFetchSendsValidatorsAndGets304() throws Exception {
      FetchResult first = fetch("/feed.xml");
      assertThat(first.status()).isEqualTo(200);
      assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(RSS);
      assertThat(first.etag()).isNotBlank();
      assertThat(first.lastModified()).isEqualTo("Tue, 2 Jan 2024 03:04:05 GMT");
      RecordedRequest firstRequest = server.lastRequest("/feed.xml");
      assertThat(firstRequest.getHeaders().get("If-None-Match")).isNull();
      assertThat(firstRequest.getHeaders().get("If-Modified-Since")).isNull();

      FetchResult second =
          fetcher.fetch(
              FetchRequest.of(server.uri("/feed.xml"), 3)
                  .withValidators(first.etag(), first.lastModified()));

      assertThat(second.status()).isEqualTo(304);
      assertThat(second.notModified()).isTrue();
      assertThat(second.body()).isNull();
      assertThat(second.bodyBytes()).isZero();
      RecordedRequest conditional = server.lastRequest("/feed.xml");
      assertThat(conditional.getHeaders().get("If-None-Match")).isEqualTo(first.etag());
      assertThat(conditional.getHeaders().get("If-Modified-Since")).isEqualTo(first.lastModified());
    }

    @Test
    void sendsIfModifiedSinceAloneWhenThereIsNoEtag() throws Exception {
      FetchResult result =
          fetcher.fetch(
              FetchRequest.of(server.uri("/feed.xml"), 3)
                  .withValidators(null, "Wed, 3 Jan 2024 00:00:00 GMT"));

      assertThat(result.status()).isEqualTo(304);
      RecordedRequest sent = server.lastRequest("/feed.xml");
      assertThat(sent.getHeaders().get("If-None-Match")).isNull();
      assertThat(sent.getHeaders().get("If-Modified-Since"))
          .isEqualTo("Wed, 3 Jan 2024 00:00:00 GMT");
    }

    @Test
    void staleEtagGetsTheFullBodyAgain() throws Exception {
      FetchResult result =
          fetcher.fetch(
              FetchRequest.of(server.uri("/feed.xml"), 3).withValidators("\"old\"", null));

      assertThat(result.status()).isEqualTo(200);
      assertThat(result.body()).isNotNull();
    }

    @Test
    void servesACorpusFeedByteForByte() throws Exception {
      server.serveCorpus();
      Path file = FeedServer.corpusDir().resolve("realworld/feedbin-atom.xml");

      FetchResult result = fetch("/feeds/realworld/feedbin-atom.xml");

      assertThat(result.status()).isEqualTo(200);
      assertThat(result.body()).isEqualTo(Files.readAllBytes(file));
      assertThat(result.contentType()).isEqualTo("application/xml");
      FetchResult again =
          fetcher.fetch(
              FetchRequest.of(server.uri("/feeds/realworld/feedbin-atom.xml"), 3)
                  .withValidators(result.etag(), result.lastModified()));
      assertThat(again.status()).isEqualTo(304);
    }
  }

  @Nested
  class Bodies {
    @Test
    void decompressesGzip() throws Exception {
      byte[] body = RSS.repeat(50).getBytes(StandardCharsets.UTF_8);
      server.gzip("/gz.xml", body, "application/rss+xml");

      FetchResult result = fetch("/gz.xml");

      assertThat(result.body()).isEqualTo(body);
      assertThat(result.bodyBytes()).isEqualTo(body.length);
      assertThat(server.lastRequest("/gz.xml").getHeaders().get("Accept-Encoding"))
          .isEqualTo("gzip");
    }

    @Test
    void cutsAGzipBombAtTheLimitWithoutInflatingIt() throws Exception {
      long limit = 1024 * 1024;
      server.gzipBomb("/bomb.xml", 1L << 30); // 1 GiB of zeros, about 1 MiB on the wire
      FeedFetcher small = TestFetchers.fetcher(TestFetchers.loopback().withMaxBodyBytes(limit));
      try (small) {
        assertThatThrownBy(() -> small.fetch(FetchRequest.of(server.uri("/bomb.xml"), 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
            .hasMessageContaining(server.uri("/bomb.xml").toString())
            .hasMessageContaining("exceeds after " + (limit + 1) + " bytes")
            .hasMessageContaining("the limit is " + limit + " bytes (after decompression)");
      }
    }

    @Test
    void rejectsAnOversizedPlainBodyFromItsContentLength() throws Exception {
      byte[] big = new byte[64 * 1024 + 1];
      Arrays.fill(big, (byte) 'a');
      server.content("/big.xml", big, "application/rss+xml", Instant.EPOCH);
      FeedFetcher small = TestFetchers.fetcher(TestFetchers.loopback().withMaxBodyBytes(64 * 1024));
      try (small) {
        assertThatThrownBy(() -> small.fetch(FetchRequest.of(server.uri("/big.xml"), 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
            .hasMessageContaining("declares 65537 bytes; the limit is 65536 bytes");
      }
    }

    @Test
    void rejectsAnOversizedChunkedBodyWhileReading() throws Exception {
      String big = "a".repeat(64 * 1024 + 10);
      server.route(
          "/chunked.xml", r -> new MockResponse.Builder().code(200).chunkedBody(big, 4096).build());
      FeedFetcher small = TestFetchers.fetcher(TestFetchers.loopback().withMaxBodyBytes(64 * 1024));
      try (small) {
        assertThatThrownBy(() -> small.fetch(FetchRequest.of(server.uri("/chunked.xml"), 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE))
            .hasMessageContaining("exceeds after 65537 bytes");
      }
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() throws Exception {
      byte[] exact = new byte[64 * 1024];
      server.gzip("/exact.xml", exact, "application/rss+xml");
      FeedFetcher small = TestFetchers.fetcher(TestFetchers.loopback().withMaxBodyBytes(64 * 1024));
      try (small) {
        assertThat(small.fetch(FetchRequest.of(server.uri("/exact.xml"), 1)).bodyBytes())
            .isEqualTo(64 * 1024);
      }
    }

    @Test
    void nonSuccessStatusesAreResultsWithoutBody() throws Exception {
      server.status("/gone", 410);

      assertThat(fetch("/missing").status()).isEqualTo(404);
      FetchResult gone = fetch("/gone");
      assertThat(gone.status()).isEqualTo(410);
      assertThat(gone.body()).isNull();
      assertThat(gone.successful()).isFalse();
    }
  }

  @Nested
  class Failures {
    @Test
    void abandonsATricklingServerAtTheWholeFetchDeadline() throws Exception {
      server.slow("/slow.xml", RSS.getBytes(StandardCharsets.UTF_8), Duration.ofMillis(1000));
      // The read timeout (5 s) never fires: a byte arrives every second. Only the 2 s deadline can.
      FeedFetcher quick =
          TestFetchers.fetcher(
              TestFetchers.loopback()
                  .withTimeouts(
                      Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(2)));
      long start = System.nanoTime();
      try (quick) {
        assertThatThrownBy(() -> quick.fetch(FetchRequest.of(server.uri("/slow.xml"), 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
            .hasMessageContaining("whole-fetch timeout of 2000 ms");
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofMillis(4500));
    }

    @Test
    void aResetConnectionIsAConnectFailure() throws Exception {
      server.reset("/reset.xml");

      assertThatThrownBy(() -> fetch("/reset.xml"))
          .isInstanceOfSatisfying(
              FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONNECT))
          .hasMessageContaining(server.uri("/reset.xml").toString());
      assertThat(server.requestCount("/reset.xml")).isPositive();
    }

    @Test
    void aRefusedPortIsAConnectFailure() throws Exception {
      int port;
      try (java.net.ServerSocket s =
          new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
        port = s.getLocalPort();
      }
      java.net.URI closed = java.net.URI.create("http://127.0.0.1:" + port + "/feed.xml");

      assertThatThrownBy(() -> fetcher.fetch(FetchRequest.of(closed, 1)))
          .isInstanceOfSatisfying(
              FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONNECT));
    }
  }

  @Nested
  class Redirects {
    @Test
    void recordsEveryHopOfAChain() throws Exception {
      server.redirect("/a", 301, "/b");
      server.redirect("/b", 302, server.uri("/c").toString());
      server.redirect("/c", 307, "feed.xml");

      FetchResult result = fetch("/a");

      assertThat(result.status()).isEqualTo(200);
      assertThat(result.requestedUrl()).isEqualTo(server.uri("/a"));
      assertThat(result.finalUrl()).isEqualTo(server.uri("/feed.xml"));
      assertThat(result.redirects())
          .containsExactly(
              new RedirectHop(301, server.uri("/a"), server.uri("/b")),
              new RedirectHop(302, server.uri("/b"), server.uri("/c")),
              new RedirectHop(307, server.uri("/c"), server.uri("/feed.xml")));
      assertThat(result.permanentRedirect()).isEmpty();
    }

    @Test
    void followsFiveRedirects() throws Exception {
      chain("/s", 5);

      FetchResult result = fetch("/s0");

      assertThat(result.status()).isEqualTo(200);
      assertThat(result.redirects()).hasSize(5);
    }

    @Test
    void refusesTheSixthRedirect() throws Exception {
      chain("/r", 6);

      assertThatThrownBy(() -> fetch("/r0"))
          .isInstanceOfSatisfying(
              FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MANY_REDIRECTS))
          .hasMessageContaining("redirected 6 times")
          .hasMessageContaining("the limit is 5");
      assertThat(server.requestCount("/r5")).isEqualTo(1);
      assertThat(server.requestCount("/feed.xml")).isZero();
    }

    @Test
    void detectsALoop() throws Exception {
      server.redirect("/x", 302, "/y");
      server.redirect("/y", 301, "/x");

      assertThatThrownBy(() -> fetch("/x"))
          .isInstanceOfSatisfying(
              FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REDIRECT_LOOP))
          .hasMessageContaining("back to " + server.uri("/x"));
      assertThat(server.requestCount("/x")).isEqualTo(1);
      assertThat(server.requestCount("/y")).isEqualTo(1);
    }

    @Test
    void permanentRedirectOnlyWhenEveryHopIs301Or308() throws Exception {
      server.redirect("/p1", 301, "/p2");
      server.redirect("/p2", 308, "/feed.xml");
      server.redirect("/m1", 301, "/m2");
      server.redirect("/m2", 302, "/feed.xml");
      server.redirect("/t1", 303, "/feed.xml");

      assertThat(fetch("/p1").permanentRedirect()).contains(server.uri("/feed.xml"));
      assertThat(fetch("/m1").permanentRedirect()).isEmpty();
      assertThat(fetch("/t1").permanentRedirect()).isEmpty();
      assertThat(fetch("/feed.xml").permanentRedirect()).isEmpty();
    }

    private void chain(String prefix, int hops) {
      for (int i = 0; i < hops; i++) {
        server.redirect(prefix + i, 302, i == hops - 1 ? "/feed.xml" : prefix + (i + 1));
      }
    }
  }

  @Nested
  class Headers {
    @Test
    void userAgentNamesProductUrlAndSubscribers() throws Exception {
      fetcher.fetch(FetchRequest.of(server.uri("/feed.xml"), 12));
      assertThat(server.lastRequest("/feed.xml").getHeaders().get("User-Agent"))
          .isEqualTo("Inkzee/0.1.0 (+https://github.com/inkzee/inkzee; 12 subscribers)");

      fetcher.fetch(FetchRequest.of(server.uri("/feed.xml"), 1));
      assertThat(server.lastRequest("/feed.xml").getHeaders().get("User-Agent"))
          .isEqualTo("Inkzee/0.1.0 (+https://github.com/inkzee/inkzee; 1 subscriber)");
    }

    @Test
    void surfaces429RetryAfterSeconds() throws Exception {
      server.status("/busy", 429, "Retry-After: 120");

      FetchResult result = fetch("/busy");

      assertThat(result.status()).isEqualTo(429);
      assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(120));
      assertThat(result.body()).isNull();
    }

    @Test
    void surfaces503RetryAfterDate() throws Exception {
      Instant later = Instant.now().plusSeconds(600);
      server.status("/down", 503, "Retry-After: " + FeedServer.httpDate(later));

      FetchResult result = fetch("/down");

      assertThat(result.status()).isEqualTo(503);
      assertThat(result.retryAfter()).isBetween(Duration.ofSeconds(590), Duration.ofSeconds(600));
    }

    @Test
    void surfacesCacheControlAndExpires() throws Exception {
      server.status(
          "/cached",
          200,
          "Cache-Control: public, max-age=1800",
          "Expires: Wed, 21 Oct 2037 07:28:00 GMT");

      FetchResult result = fetch("/cached");

      assertThat(result.maxAge()).isEqualTo(Duration.ofMinutes(30));
      assertThat(result.expires()).isEqualTo(Instant.parse("2037-10-21T07:28:00Z"));
      assertThat(fetch("/feed.xml").maxAge()).isNull();
      assertThat(fetch("/feed.xml").retryAfter()).isNull();
    }
  }

  @Nested
  class Politeness {
    @Test
    void neverMoreThanTwoConcurrentRequestsToOneHost() throws Exception {
      server.thinkTime(Duration.ofMillis(2));
      FeedFetcher polite = TestFetchers.fetcher(TestFetchers.loopback().withConcurrency(2, 64));
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try (polite) {
        List<Future<FetchResult>> results = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          results.add(pool.submit(() -> polite.fetch(FetchRequest.of(server.uri("/feed.xml"), 1))));
        }
        for (Future<FetchResult> f : results) {
          assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(server.requestCount("/feed.xml")).isEqualTo(1000);
      // 16 threads competed for the host: it saw two at a time, never more.
      assertThat(server.maxConcurrentRequests()).isEqualTo(2);
      assertThat(server.maxConcurrentConnections()).isBetween(1, 2);
    }
  }
}
