package com.inkzee.fetcher.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Discovery against small sites served by a loopback MockWebServer. */
class FeedDiscovererTest {
  private static final String RSS =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Site RSS</title>"
          + "<item><title>post</title></item></channel></rss>";
  private static final String ATOM =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Site Atom</title><entry/></feed>";
  private static final String JSON_FEED =
      "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Site JSON\",\"items\":[]}";
  private static final String WP_JSON = "{\"id\":2,\"title\":{\"rendered\":\"About\"}}";

  /** path → response; anything else is 404. */
  private final Map<String, MockResponse> routes = new ConcurrentHashMap<>();

  private final OkHttpClient client =
      new OkHttpClient.Builder().callTimeout(5, TimeUnit.SECONDS).build();
  private final PageFetcher fetcher =
      url -> {
        try (Response r =
            client.newCall(new Request.Builder().url(url.toString()).build()).execute()) {
          return new Page(
              r.code(), r.request().url().uri(), r.header("Content-Type"), r.body().bytes());
        }
      };
  private final FeedDiscoverer discoverer = new FeedDiscoverer(fetcher);
  private MockWebServer server;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            MockResponse r = routes.get(request.getUrl().encodedPath());
            return r != null ? r : new MockResponse.Builder().code(404).body("not found").build();
          }
        });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private void serve(String path, String contentType, String body) {
    routes.put(
        path,
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", contentType)
            .body(body)
            .build());
  }

  private URI url(String path) {
    return server.url(path).uri();
  }

  private static String html(String head) {
    return "<!DOCTYPE html><html><head><title>Page</title>"
        + head
        + "</head><body>hi</body></html>";
  }

  @Nested
  class AlternateLinks {
    @Test
    void findsLinkedFeedsInDocumentOrderWithoutDuplicates() throws Exception {
      serve(
          "/",
          "text/html; charset=utf-8",
          html(
              "<link rel=\"stylesheet\" href=\"/style.css\" type=\"text/css\">"
                  + "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Main feed\" href=\"/feed.xml\">"
                  + "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"https://elsewhere.example/atom\">"
                  + "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Again\" href=\"feed.xml#top\">"
                  + "<link rel=\"ALTERNATE home\" type=\"application/feed+json; charset=utf-8\" title=\"JSON\" href=\"/feed.json\">"
                  + "<link rel=\"alternate\" type=\"text/html\" hreflang=\"fr\" href=\"/fr/\">"
                  + "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"javascript:alert(1)\">"));

      assertThat(discoverer.discover(url("/")))
          .containsExactly(
              new DiscoveredFeed(url("/feed.xml"), "Main feed", FeedFormat.RSS),
              new DiscoveredFeed(
                  URI.create("https://elsewhere.example/atom"), null, FeedFormat.ATOM),
              new DiscoveredFeed(url("/feed.json"), "JSON", FeedFormat.JSON_FEED));
      assertThat(server.getRequestCount()).isOne();
    }

    @Test
    void resolvesRelativeLinksAgainstBaseHref() throws Exception {
      serve(
          "/blog/post/1",
          "text/html",
          html(
              "<base href=\"/blog/\">"
                  + "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"atom.xml\">"));

      assertThat(discoverer.discover(url("/blog/post/1")))
          .containsExactly(new DiscoveredFeed(url("/blog/atom.xml"), null, FeedFormat.ATOM));
    }

    @Test
    void resolvesRelativeLinksAgainstThePageWithoutBase() throws Exception {
      serve(
          "/blog/post/1",
          "text/html",
          html("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"../rss\">"));

      assertThat(discoverer.discover(url("/blog/post/1")))
          .extracting(DiscoveredFeed::url)
          .containsExactly(url("/blog/rss"));
    }

    @Test
    void keepsApplicationJsonAlternatesOnlyWhenTheyAreJsonFeeds() throws Exception {
      serve(
          "/",
          "text/html",
          html(
              "<link rel=\"alternate\" type=\"application/json\" href=\"/wp-json/wp/v2/pages/2\">"
                  + "<link rel=\"alternate\" type=\"application/json\" title=\"Feed\" href=\"/feed.json\">"));
      serve("/wp-json/wp/v2/pages/2", "application/json", WP_JSON);
      serve("/feed.json", "application/json", JSON_FEED);

      assertThat(discoverer.discover(url("/")))
          .containsExactly(new DiscoveredFeed(url("/feed.json"), "Feed", FeedFormat.JSON_FEED));
    }
  }

  @Nested
  class CommonPaths {
    @Test
    void triesCommonPathsWhenThePageLinksNoFeed() throws Exception {
      serve("/", "text/html", html(""));
      serve("/rss", "text/html", html("")); // 200 but a page, not a feed
      serve("/rss.xml", "text/xml", RSS);
      serve("/index.xml", "application/octet-stream", ATOM); // wrong type, right body

      assertThat(discoverer.discover(url("/")))
          .containsExactly(
              new DiscoveredFeed(url("/rss.xml"), "Site RSS", FeedFormat.RSS),
              new DiscoveredFeed(url("/index.xml"), "Site Atom", FeedFormat.ATOM));
      assertThat(server.getRequestCount()).isEqualTo(1 + FeedDiscoverer.COMMON_PATHS.size());
    }

    @Test
    void aRedirectToAnotherCommonPathCountsOnce() throws Exception {
      serve("/", "text/html", html(""));
      routes.put(
          "/feed", new MockResponse.Builder().code(301).addHeader("Location", "/feed.xml").build());
      serve("/feed.xml", "application/rss+xml", RSS);

      assertThat(discoverer.discover(url("/")))
          .containsExactly(new DiscoveredFeed(url("/feed.xml"), "Site RSS", FeedFormat.RSS));
    }

    @Test
    void findsNothingWhenEverythingIs404() throws Exception {
      assertThat(discoverer.discover(url("/missing"))).isEmpty();
      assertThat(server.getRequestCount()).isEqualTo(1 + FeedDiscoverer.COMMON_PATHS.size());
    }

    @Test
    void aMissingPageStillFindsAFeedAtACommonPath() throws Exception {
      serve("/atom.xml", "application/atom+xml", ATOM);

      assertThat(discoverer.discover(url("/gone")))
          .containsExactly(new DiscoveredFeed(url("/atom.xml"), "Site Atom", FeedFormat.ATOM));
    }
  }

  @Nested
  class UrlIsAFeed {
    @Test
    void returnsTheFeedItselfWithItsTitle() throws Exception {
      serve("/posts.rss", "text/html", RSS); // a lying Content-Type does not hide it

      assertThat(discoverer.discover(url("/posts.rss")))
          .containsExactly(new DiscoveredFeed(url("/posts.rss"), "Site RSS", FeedFormat.RSS));
      assertThat(server.getRequestCount()).isOne();
    }

    @Test
    void recognisesJsonFeedAndRss1() throws Exception {
      serve("/feed.json", "application/feed+json", JSON_FEED);
      serve(
          "/index.rdf",
          "application/rdf+xml",
          "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\""
              + " xmlns=\"http://purl.org/rss/1.0/\"><channel><title>RDF site</title></channel></rdf:RDF>");

      assertThat(discoverer.discover(url("/feed.json")))
          .containsExactly(
              new DiscoveredFeed(url("/feed.json"), "Site JSON", FeedFormat.JSON_FEED));
      assertThat(discoverer.discover(url("/index.rdf")))
          .containsExactly(new DiscoveredFeed(url("/index.rdf"), "RDF site", FeedFormat.RSS));
    }

    @Test
    void aFeedWithADoctypeIsSniffedWithoutFetchingTheDtd() throws Exception {
      serve(
          "/old.rss",
          "application/rss+xml",
          "<!DOCTYPE rss SYSTEM \""
              + url("/dtd")
              + "\"><rss version=\"0.91\"><channel><title>Old</title></channel></rss>");

      assertThat(discoverer.discover(url("/old.rss")))
          .extracting(DiscoveredFeed::format)
          .containsExactly(FeedFormat.RSS);
      assertThat(server.getRequestCount()).isOne();
    }
  }

  @Test
  void rejectsNonHttpSiteUrls() {
    assertThatThrownBy(() -> discoverer.discover(URI.create("file:///etc/passwd")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
