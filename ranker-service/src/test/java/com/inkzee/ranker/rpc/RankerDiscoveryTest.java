package com.inkzee.ranker.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.inkzee.fetcher.FetcherServiceMain;
import com.inkzee.ranker.testing.SiteServer;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoveredFeed;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.SubscribeSiteResponse;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.ranker.RiverOrder;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscribing by site URL and OPML through the ranker, which forwards to a real fetcher (started
 * in-process by its main against the same store, allowed to fetch loopback) reading pages and feeds
 * from a loopback HTTP server; the fetcher's poll loop then brings the entries to the river.
 */
class RankerDiscoveryTest {
  @TempDir static Path dir;
  private static RankerHarness h;
  private static RpcServer fetcher;
  private static RankerHarness.Ranker ranker;
  private static SiteServer site;

  @BeforeAll
  static void start() throws Exception {
    site = new SiteServer();
    h = new RankerHarness(dir, false);
    fetcher =
        FetcherServiceMain.start(
            new Env(
                Map.of(
                    "INKZEE_RPC_PORT", "0",
                    "INKZEE_STORE_ENDPOINTS", "127.0.0.1:" + h.store.port(),
                    "INKZEE_FETCH_ALLOW_PRIVATE", "true",
                    "INKZEE_FETCH_IDLE_SECONDS", "1")));
    ranker =
        h.startRanker(
            dir.resolve("ranker"),
            Map.of("INKZEE_FETCHER_ENDPOINTS", "127.0.0.1:" + fetcher.port()));
  }

  @AfterAll
  static void stop() {
    if (ranker != null) {
      ranker.close();
    }
    if (fetcher != null) {
      fetcher.shutdown(Duration.ofSeconds(2));
    }
    if (h != null) {
      h.close();
    }
    if (site != null) {
      site.close();
    }
  }

  private static RankerService r() {
    return ranker.stub();
  }

  @Test
  void aSitePageLeadsToItsFeedWhoseEntriesReachTheRiver() {
    String name = RankerHarness.unique("site");
    site.serve(
            "/" + name + "/",
            "text/html; charset=utf-8",
            "<!doctype html><html><head><title>A site</title><link rel=\"alternate\""
                + " type=\"application/rss+xml\" title=\"Site feed\" href=\"/"
                + name
                + "/feed.xml\"></head><body>hello</body></html>")
        .serve(
            "/" + name + "/feed.xml",
            "application/rss+xml",
            SiteServer.rss(
                "Site feed",
                site.url("/" + name),
                "Harbour bridge reopens after repairs",
                name + "-1",
                "Night trains return to the coast line",
                name + "-2"));
    long reader = h.newUser("discoverer");

    SubscribeSiteResponse r =
        r().subscribeSite(
                new SubscribeSiteRequest(reader, site.url("/" + name + "/"), "news", null));

    assertThat(r.subscription().feedUrl()).isEqualTo(site.url("/" + name + "/feed.xml"));
    assertThat(r.subscription().folder()).isEqualTo("news");
    assertThat(r.feedCreated()).isTrue();
    assertThat(r.discovered()).extracting(DiscoveredFeed::url).contains(r.subscription().feedUrl());
    assertThat(r().listSubscriptions(new ListSubscriptionsRequest(reader)).subscriptions())
        .extracting(Subscription::feedId)
        .containsExactly(r.subscription().feedId());

    // The fetcher polls the new feed; the ranker tails what the store took in.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> titles(reader).size() == 2);
    assertThat(titles(reader))
        .containsExactlyInAnyOrder(
            "Harbour bridge reopens after repairs", "Night trains return to the coast line");
  }

  @Test
  void aFeedUrlIsFollowedAsItIs() {
    String name = RankerHarness.unique("direct");
    site.serve(
        "/" + name + ".xml",
        "application/rss+xml",
        SiteServer.rss("Direct", site.url("/" + name), "Only item", name + "-1"));
    long reader = h.newUser("direct");
    SubscribeSiteResponse r =
        r().subscribeSite(
                new SubscribeSiteRequest(reader, site.url("/" + name + ".xml"), null, null));
    assertThat(r.subscription().feedUrl()).isEqualTo(site.url("/" + name + ".xml"));
  }

  @Test
  void aPageWithoutFeedsIsNotFoundAndABadUrlIsRefused() {
    String name = RankerHarness.unique("plain");
    site.serve("/" + name, "text/html", "<html><head><title>no feeds</title></head></html>");
    long reader = h.newUser("plain");
    assertThatThrownBy(
            () ->
                r().subscribeSite(
                        new SubscribeSiteRequest(reader, site.url("/" + name), null, null)))
        .isInstanceOfSatisfying(
            RpcException.class,
            e -> {
              assertThat(e.status()).isEqualTo(Status.NOT_FOUND);
              assertThat(e.getMessage()).contains("no feed found");
            });
    assertThatThrownBy(
            () ->
                r().subscribeSite(new SubscribeSiteRequest(reader, "ftp://x.example/", null, null)))
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT));
    assertThat(r().listSubscriptions(new ListSubscriptionsRequest(reader)).subscriptions())
        .isEmpty();
  }

  @Test
  void opmlImportFillsFoldersTheRiverKnowsAtOnceAndExportsBack() {
    String name = RankerHarness.unique("opml");
    String a = site.url("/" + name + "/a.xml");
    String b = site.url("/" + name + "/b.xml");
    site.serve(
        "/" + name + "/a.xml", "application/rss+xml", SiteServer.rss("A", a, "A1", name + "a1"));
    site.serve(
        "/" + name + "/b.xml", "application/rss+xml", SiteServer.rss("B", b, "B1", name + "b1"));
    String opml =
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>mine</title></head><body>"
            + "<outline text=\"Tech\"><outline type=\"rss\" text=\"A\" xmlUrl=\""
            + a
            + "\"/><outline type=\"rss\" text=\"B\" xmlUrl=\""
            + b
            + "\"/></outline><outline text=\"broken\"/></body></opml>";
    long reader = h.newUser("importer");

    ImportOpmlResponse imported = r().importOpml(new ImportOpmlRequest(reader, opml));

    assertThat(imported.subscribed()).isEqualTo(2);
    assertThat(r().listSubscriptions(new ListSubscriptionsRequest(reader)).folders())
        .containsExactly("Tech");
    // The ranker's reader cache was refreshed: the folder is known to the river at once.
    assertThat(
            r().river(new RiverRequest(reader, RiverOrder.NEWEST, true, null, "Tech", null, 10))
                .items())
        .isNotNull();
    assertThat(r().exportOpml(new ExportOpmlRequest(reader)).opml()).contains(a).contains(b);
    assertThatThrownBy(() -> r().importOpml(new ImportOpmlRequest(reader, "<html>no</html>")))
        .isInstanceOfSatisfying(
            RpcException.class, e -> assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT));
  }

  @Test
  void aFetcherThatIsDownIsUnavailableNamingTheFetcher() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (RankerHarness.Ranker lonely =
        h.startRanker(
            dir.resolve("lonely"), Map.of("INKZEE_FETCHER_ENDPOINTS", "127.0.0.1:" + closedPort))) {
      long reader = h.newUser("lonely");
      assertThatThrownBy(
              () ->
                  lonely
                      .stub()
                      .subscribeSite(new SubscribeSiteRequest(reader, site.url("/x"), null, null)))
          .isInstanceOfSatisfying(
              RpcException.class,
              e -> {
                assertThat(e.status()).isEqualTo(Status.UNAVAILABLE);
                assertThat(e.getMessage()).contains("fetcher");
              });
    }
  }

  private static List<String> titles(long reader) {
    return r()
        .river(new RiverRequest(reader, RiverOrder.NEWEST, true, null, null, null, 50))
        .items()
        .stream()
        .map(RiverItem::title)
        .toList();
  }
}
