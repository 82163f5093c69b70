package com.inkzee.fetcher.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.inkzee.fetcher.discover.FeedDiscoverer;
import com.inkzee.fetcher.discover.Page;
import com.inkzee.fetcher.fetch.AddressPolicy;
import com.inkzee.fetcher.fetch.FeedFetcher;
import com.inkzee.fetcher.fetch.FetchRequest;
import com.inkzee.fetcher.fetch.FetchResult;
import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.fetcher.testing.FeedServer;
import com.inkzee.opml.OpmlOutline;
import com.inkzee.opml.OpmlReader;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoveredFeed;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshRequest;
import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.server.ServerConfig;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.store.testing.EmbeddedStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher's RPC face as a client sees it: {@link FetcherRpcHandler} served by a real {@link
 * RpcServer} on loopback, wired as {@code FetcherServiceMain} wires it, in front of a real store
 * (embedded database, over RPC) and a discoverer reading pages through the real guarded fetcher
 * from a loopback {@link FeedServer}. Every call goes through an {@link RpcClient}, so statuses are
 * checked as they arrive on the wire.
 */
class FetcherRpcHandlerTest {
  private static final String SEED = "/feeds/realworld/inkzee-backend.xml";
  private static final String OWNER = "rpc-handler-test";

  @TempDir Path dataDir;
  private EmbeddedStore store;
  private FeedServer web;
  private FeedFetcher fetcher;
  private RpcServer server;
  private RpcClient<FetcherService> client;
  private long user;

  @BeforeEach
  void start() throws Exception {
    store = new EmbeddedStore(dataDir);
    web = FeedServer.start().serveCorpus();
    fetcher =
        new FeedFetcher(
            FetchSettings.defaults()
                .withAddressPolicy(AddressPolicy.parse("127.0.0.0/8"))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    FeedDiscoverer discoverer = new FeedDiscoverer(url -> page(fetcher, url));
    server =
        RpcServer.builder(InkzeeCatalogue.get(), ServerConfig.defaults(0))
            .service(
                FetcherService.class,
                new FetcherRpcHandler(store.store(), discoverer, Clock.systemUTC()))
            .start();
    client =
        RpcClient.connect(
            InkzeeCatalogue.get(),
            FetcherService.class,
            ClientConfig.defaults(new Endpoint("127.0.0.1", server.port())));
    assertThat(client.awaitReady(Duration.ofSeconds(10))).as("fetcher RPC ready").isTrue();
    user = store.createUser("reader");
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (fetcher != null) {
      fetcher.close();
    }
    if (web != null) {
      web.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /**
   * The adapter of {@code FetcherServiceMain.page}: discovery reads through the guarded fetcher.
   */
  private static Page page(FeedFetcher fetcher, URI url) throws IOException {
    FetchResult r = fetcher.fetch(new FetchRequest(url, null, null, 0, false));
    return new Page(
        r.status(), r.finalUrl(), r.contentType(), r.body() == null ? new byte[0] : r.body());
  }

  private FetcherService fetcherRpc() {
    return client.stub();
  }

  private StoreService s() {
    return store.store();
  }

  private ListSubscriptionsResponse subscriptions(long userId) {
    return s().listSubscriptions(new ListSubscriptionsRequest(userId));
  }

  private static void assertStatus(ThrowingCallable call, Status status, String detailPart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RpcException.class,
            e -> {
              assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
              assertThat(e.detail()).contains(detailPart);
            });
  }

  @Nested
  class Discover {
    @Test
    void findsTheAlternateLinkOfAnHtmlPage() {
      web.content(
          "/blog/",
          """
          <!DOCTYPE html>
          <html><head>
            <title>Inkzee blog</title>
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="application/rss+xml" title="Inkzee backend"
                  href="../feeds/realworld/inkzee-backend.xml">
          </head><body><p>Posts</p></body></html>
          """,
          "text/html; charset=utf-8");

      DiscoverResponse found =
          fetcherRpc().discoverFeeds(new DiscoverRequest(web.uri("/blog/").toString()));

      assertThat(found.feeds())
          .containsExactly(new DiscoveredFeed(web.uri(SEED).toString(), "Inkzee backend", "rss"));
      // The link was enough: no guessing at common paths.
      assertThat(web.requestCount()).isEqualTo(1);
    }

    @Test
    void aFeedUrlIsItsOwnFeedWithItsTitle() {
      DiscoverResponse found =
          fetcherRpc().discoverFeeds(new DiscoverRequest(web.uri(SEED).toString()));

      assertThat(found.feeds())
          .containsExactly(new DiscoveredFeed(web.uri(SEED).toString(), "Inkzee » backend", "rss"));
    }

    @Test
    void aPrivateAddressIsRefusedAndTheCallerIsToldWhy() {
      // 10/8 is not in the opened 127.0.0.0/8: the SSRF guard refuses before any connection.
      assertStatus(
          () -> fetcherRpc().discoverFeeds(new DiscoverRequest("http://10.1.2.3/blog/")),
          Status.FAILED_PRECONDITION,
          "10.1.2.3");
      assertThatThrownBy(
              () -> fetcherRpc().discoverFeeds(new DiscoverRequest("http://10.1.2.3/blog/")))
          .hasMessageContaining("Refused to fetch");
    }

    @Test
    void aNonHttpUrlIsAnInvalidArgument() {
      assertStatus(
          () -> fetcherRpc().discoverFeeds(new DiscoverRequest("file:///etc/passwd")),
          Status.INVALID_ARGUMENT,
          "file:///etc/passwd");
      assertThat(web.requestCount()).isZero();
    }
  }

  @Nested
  class ImportOpml {
    private static final String A = "https://a.example/feed.xml";
    private static final String B = "https://b.example/atom.xml";
    private static final String C = "https://c.example/rss";

    @Test
    void subscribesToEveryFeedInItsFoldersAndListsWhatItSkipped() {
      String opml =
          """
          <?xml version="1.0" encoding="UTF-8"?>
          <opml version="2.0">
            <head><title>Exported</title></head>
            <body>
              <outline text="Tech" title="Tech">
                <outline type="rss" text="Feed A" xmlUrl="%s" htmlUrl="https://a.example/"/>
                <outline text="Java">
                  <outline type="rss" text="Feed B" xmlUrl="%s"/>
                </outline>
              </outline>
              <outline text="News">
                <outline type="rss" text="Feed A again" xmlUrl="%s"/>
                <outline type="rss" text="Gopher" xmlUrl="gopher://old.example/feed"/>
              </outline>
              <outline type="rss" text="Feed C" xmlUrl="%s"/>
            </body>
          </opml>
          """
              .formatted(A, B, A, C);

      ImportOpmlResponse r = fetcherRpc().importOpml(new ImportOpmlRequest(user, opml));

      assertThat(r.subscribed()).isEqualTo(3);
      assertThat(r.skipped()).isEqualTo(2);
      assertThat(r.problems()).hasSize(2);
      assertThat(r.problems().get(0)).startsWith(A).contains("listed twice");
      assertThat(r.problems().get(1))
          .startsWith("gopher://old.example/feed")
          .contains("not an absolute http(s) URL");
      ListSubscriptionsResponse subs = subscriptions(user);
      assertThat(subs.subscriptions())
          .extracting(Subscription::feedUrl, Subscription::folder, Subscription::title)
          .containsExactlyInAnyOrder(
              tuple(A, "Tech", "Feed A"),
              tuple(B, "Tech/Java", "Feed B"),
              tuple(C, null, "Feed C"));
      assertThat(subs.folders()).containsExactly("Tech", "Tech/Java");
    }

    @Test
    void importingTheSameDocumentTwiceFollowsEachFeedOnce() {
      String opml = opml("<outline type=\"rss\" text=\"Feed A\" xmlUrl=\"" + A + "\"/>");

      fetcherRpc().importOpml(new ImportOpmlRequest(user, opml));
      ImportOpmlResponse again = fetcherRpc().importOpml(new ImportOpmlRequest(user, opml));

      assertThat(again.subscribed()).isEqualTo(1);
      assertThat(subscriptions(user).subscriptions())
          .extracting(Subscription::feedUrl)
          .containsExactly(A);
    }

    /**
     * Two spellings of one feed (scheme and host case, default port, fragment: what the store
     * normalises away) are one feed listed twice, not a second import the store answers "already
     * followed".
     */
    @Test
    void anotherSpellingOfAFeedListedBeforeIsADuplicate() {
      String opml =
          opml(
              "<outline type=\"rss\" text=\"Feed A\" xmlUrl=\"" + A + "\"/>",
              "<outline type=\"rss\" text=\"Feed A, shouted\""
                  + " xmlUrl=\"HTTPS://A.EXAMPLE:443/feed.xml#latest\"/>");

      ImportOpmlResponse r = fetcherRpc().importOpml(new ImportOpmlRequest(user, opml));

      assertThat(r.subscribed()).isEqualTo(1);
      assertThat(r.alreadyFollowed()).isZero();
      assertThat(r.problems())
          .singleElement()
          .asString()
          .startsWith("HTTPS://A.EXAMPLE:443/feed.xml#latest")
          .contains("listed twice");
      assertThat(subscriptions(user).subscriptions())
          .extracting(Subscription::feedUrl, Subscription::title)
          .containsExactly(tuple(A, "Feed A"));
    }

    /**
     * The document arrives as text, already decoded by whoever read the file: a declaration of
     * another encoding no longer applies to it (read by it, "Café" became "CafÃ©").
     */
    @Test
    void aDocumentDeclaringLatin1ArrivesAsTextAndKeepsItsAccents() {
      String opml =
          "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml version=\"2.0\"><body>"
              + "<outline text=\"Café\"><outline type=\"rss\" text=\"Crème\" xmlUrl=\""
              + A
              + "\"/></outline></body></opml>";

      fetcherRpc().importOpml(new ImportOpmlRequest(user, opml));

      assertThat(subscriptions(user).subscriptions())
          .extracting(Subscription::folder, Subscription::title)
          .containsExactly(tuple("Café", "Crème"));
    }

    /**
     * An import adds what is missing and never rearranges: a feed the reader follows keeps the
     * title, folder and priority they gave it, whatever the document says.
     */
    @Test
    void aFeedAlreadyFollowedKeepsTheReadersTitleFolderAndPriority() {
      s().subscribe(new SubscribeRequest(user, A, "My A", "Reading", 4));
      String opml =
          opml(
              "<outline text=\"Elsewhere\"><outline type=\"rss\" text=\"Feed A\" xmlUrl=\""
                  + A
                  + "\"/></outline>",
              "<outline type=\"rss\" text=\"Feed B\" xmlUrl=\"" + B + "\"/>");

      ImportOpmlResponse r = fetcherRpc().importOpml(new ImportOpmlRequest(user, opml));

      assertThat(r.subscribed()).isEqualTo(2);
      assertThat(r.alreadyFollowed()).isEqualTo(1);
      assertThat(subscriptions(user).subscriptions())
          .extracting(
              Subscription::feedUrl,
              Subscription::title,
              Subscription::folder,
              Subscription::priority)
          .containsExactlyInAnyOrder(tuple(A, "My A", "Reading", 4), tuple(B, "Feed B", null, 0));
    }

    @Test
    void anOutlineMarkedAsAFeedButWithoutXmlUrlIsReportedAsAProblem() {
      // type="rss" says it is a feed; without an address it cannot be followed, and the user must
      // be told rather than have it vanish (FetcherRpcHandler's "has no xmlUrl" problem).
      String opml =
          opml(
              "<outline type=\"rss\" text=\"Feed A\" xmlUrl=\"" + A + "\"/>",
              "<outline type=\"rss\" text=\"Lost feed\"/>",
              "<outline type=\"rss\" text=\"Blank feed\" xmlUrl=\"  \"/>");

      ImportOpmlResponse r = fetcherRpc().importOpml(new ImportOpmlRequest(user, opml));

      assertThat(r.subscribed()).isEqualTo(1);
      assertThat(r.problems())
          .as("problems of %s", r)
          .anyMatch(p -> p.contains("Lost feed") && p.contains("no xmlUrl"))
          .anyMatch(p -> p.contains("Blank feed") && p.contains("no xmlUrl"));
      assertThat(r.skipped()).isEqualTo(2);
    }

    @Test
    void malformedXmlIsAnInvalidArgumentAndSubscribesNothing() {
      String truncated =
          "<opml version=\"2.0\"><body><outline type=\"rss\" xmlUrl=\"" + A + "\"/><outline";

      assertStatus(
          () -> fetcherRpc().importOpml(new ImportOpmlRequest(user, truncated)),
          Status.INVALID_ARGUMENT,
          "not a usable OPML document");
      assertThat(subscriptions(user).subscriptions()).isEmpty();
    }

    @Test
    void aDoctypeWithEntitiesIsRefusedBeforeAnythingIsExpanded() {
      String xxe =
          """
          <?xml version="1.0"?>
          <!DOCTYPE opml [<!ENTITY site "https://evil.example/">]>
          <opml version="2.0"><head/><body>
            <outline type="rss" text="Evil" xmlUrl="&site;feed.xml"/>
          </body></opml>
          """;

      assertStatus(
          () -> fetcherRpc().importOpml(new ImportOpmlRequest(user, xxe)),
          Status.INVALID_ARGUMENT,
          "DOCTYPE");
      assertThat(subscriptions(user).subscriptions()).isEmpty();
    }

    @Test
    void anEmptyDocumentIsAnInvalidArgument() {
      assertStatus(
          () -> fetcherRpc().importOpml(new ImportOpmlRequest(user, "  ")),
          Status.INVALID_ARGUMENT,
          "opml is empty");
    }

    @Test
    void anUnknownUserIsNotFound() {
      long nobody = user + 1_000_000;
      String opml = opml("<outline type=\"rss\" text=\"Feed A\" xmlUrl=\"" + A + "\"/>");

      assertStatus(
          () -> fetcherRpc().importOpml(new ImportOpmlRequest(nobody, opml)),
          Status.NOT_FOUND,
          Long.toString(nobody));
    }

    private static String opml(String... outlines) {
      return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"1.0\"><head/><body>\n"
          + String.join("\n", outlines)
          + "\n</body></opml>\n";
    }
  }

  @Nested
  class ExportOpml {
    @Test
    void readsBackToTheSameFeedsAndFolders() throws Exception {
      subscribe("https://a.example/feed.xml", "R&D <news> \"quoted\"", "Tech");
      subscribe("https://b.example/atom.xml?x=1&y=2", "Feed B", "Tech/Java");
      subscribe("https://c.example/rss", "Feed C", null);

      String xml = fetcherRpc().exportOpml(new ExportOpmlRequest(user)).opml();
      List<OpmlOutline> read = new OpmlReader().read(xml.getBytes(StandardCharsets.UTF_8));

      assertThat(read)
          .extracting(OpmlOutline::xmlUrl, OpmlOutline::title, OpmlOutline::categories)
          .containsExactlyInAnyOrder(
              tuple("https://a.example/feed.xml", "R&D <news> \"quoted\"", List.of("Tech")),
              tuple("https://b.example/atom.xml?x=1&y=2", "Feed B", List.of("Tech", "Java")),
              tuple("https://c.example/rss", "Feed C", List.of()));
    }

    @Test
    void aSubscriptionWithNoTitleYetIsExportedUnderItsAddress() throws Exception {
      subscribe("https://untitled.example/feed.xml", null, "Later");

      String xml = fetcherRpc().exportOpml(new ExportOpmlRequest(user)).opml();

      assertThat(new OpmlReader().read(xml.getBytes(StandardCharsets.UTF_8)))
          .extracting(OpmlOutline::xmlUrl, OpmlOutline::title, OpmlOutline::categories)
          .containsExactly(
              tuple(
                  "https://untitled.example/feed.xml",
                  "https://untitled.example/feed.xml",
                  List.of("Later")));
    }

    @Test
    void anImportedDocumentComesBackTheSame() throws Exception {
      String opml =
          """
          <opml version="2.0"><head/><body>
            <outline text="Blogs">
              <outline text="Friends">
                <outline type="rss" text="Ann" xmlUrl="https://ann.example/feed"/>
              </outline>
              <outline type="rss" text="Bob" xmlUrl="https://bob.example/feed"/>
            </outline>
          </body></opml>
          """;
      fetcherRpc().importOpml(new ImportOpmlRequest(user, opml));
      List<OpmlOutline> imported = new OpmlReader().read(opml.getBytes(StandardCharsets.UTF_8));

      String exported = fetcherRpc().exportOpml(new ExportOpmlRequest(user)).opml();

      assertThat(new OpmlReader().read(exported.getBytes(StandardCharsets.UTF_8)))
          .extracting(OpmlOutline::xmlUrl, OpmlOutline::title, OpmlOutline::categories)
          .containsExactlyInAnyOrderElementsOf(
              imported.stream().map(o -> tuple(o.xmlUrl(), o.title(), o.categories())).toList());
    }

    private void subscribe(String url, String title, String folder) {
      s().subscribe(new SubscribeRequest(user, url, title, folder, 0));
    }
  }

  @Nested
  class Refresh {
    @Test
    void makesAFeedDueSoTheNextLeaseIncludesIt() {
      long feed = store.subscribe(user, web.uri(SEED).toString());
      // Fetched a moment ago and not due for a day.
      LeasedFeed leased =
          lease().stream().filter(f -> f.feedId() == feed).findFirst().orElseThrow();
      s().reportFetch(
              new FetchReport(
                  leased.feedId(),
                  OWNER,
                  FetchOutcome.OK,
                  200,
                  null,
                  null,
                  Instant.now().plus(Duration.ofDays(1)),
                  null,
                  0,
                  1,
                  null,
                  null,
                  null,
                  null,
                  null,
                  0,
                  false));
      assertThat(lease()).noneMatch(f -> f.feedId() == feed);

      boolean scheduled = fetcherRpc().refreshFeed(new RefreshRequest(feed)).scheduled();

      assertThat(scheduled).isTrue();
      assertThat(lease()).anyMatch(f -> f.feedId() == feed);
    }

    @Test
    void anUnknownFeedIsNotFound() {
      assertStatus(
          () -> fetcherRpc().refreshFeed(new RefreshRequest(987_654_321L)),
          Status.NOT_FOUND,
          "987654321");
    }

    private List<LeasedFeed> lease() {
      return s().leaseDueFeeds(new LeaseRequest(OWNER, 100, 60)).feeds();
    }
  }
}
