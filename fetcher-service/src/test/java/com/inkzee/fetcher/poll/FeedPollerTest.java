package com.inkzee.fetcher.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.fetcher.fetch.AddressPolicy;
import com.inkzee.fetcher.fetch.FeedFetcher;
import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.schedule.ErrorBackoff;
import com.inkzee.fetcher.schedule.HostBackoff;
import com.inkzee.fetcher.schedule.PollInterval;
import com.inkzee.fetcher.testing.FeedServer;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReportResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueRequest;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.UnsubscribeRequest;
import com.inkzee.store.testing.EmbeddedStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One poll at a time, end to end: a lease from a real store (embedded database, over RPC), a real
 * HTTP server on loopback, the real fetcher and parser, and the report the store takes back.
 */
class FeedPollerTest {
  private static final String OWNER = "poller-test";
  private static final String SEED = "/feeds/realworld/inkzee-backend.xml";

  @TempDir Path dataDir;
  private EmbeddedStore store;
  private FeedServer server;
  private FeedFetcher fetcher;
  private HostBackoff hosts;
  private RecordingWebSub websub;
  private FeedPoller poller;
  private long user;

  @BeforeEach
  void start() throws Exception {
    store = new EmbeddedStore(dataDir);
    server = FeedServer.start().serveCorpus();
    fetcher =
        new FeedFetcher(
            FetchSettings.defaults()
                .withAddressPolicy(AddressPolicy.parse("127.0.0.0/8"))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)));
    Clock clock = Clock.systemUTC();
    hosts = new HostBackoff(clock);
    websub = new RecordingWebSub();
    poller = pollerWith(websub);
    user = store.createUser("reader");
  }

  private FeedPoller pollerWith(WebSubHook hook) {
    Clock clock = Clock.systemUTC();
    return new FeedPoller(
        fetcher,
        new FeedParser(clock),
        new EntryIngester(store.store()),
        new PollInterval(RandomGenerator.getDefault()),
        new ErrorBackoff(RandomGenerator.getDefault()),
        hosts,
        hook,
        OWNER,
        clock);
  }

  @AfterEach
  void stop() throws Exception {
    fetcher.close();
    server.close();
    store.close();
  }

  private StoreService s() {
    return store.store();
  }

  /** Leases {@code feedId} (made due first) and polls it; returns the store's answer. */
  private Polled pollOnce(long feedId) {
    return pollOnce(feedId, poller);
  }

  private Polled pollOnce(long feedId, FeedPoller poller) {
    s().makeFeedDue(new MakeDueRequest(feedId));
    List<LeasedFeed> leased = s().leaseDueFeeds(new LeaseRequest(OWNER, 100, 60)).feeds();
    LeasedFeed feed = leased.stream().filter(f -> f.feedId() == feedId).findFirst().orElseThrow();
    FetchReport report = poller.poll(feed);
    return new Polled(feed, report, s().reportFetch(report));
  }

  private record Polled(LeasedFeed leased, FetchReport report, FetchReportResponse stored) {}

  private List<Entry> entries(long feedId) {
    return s().listEntries(new ListEntriesRequest(List.of(feedId), null, null, 100, null, false))
        .entries();
  }

  @Test
  void storesTheEntriesAndSchedulesThePublishersHourlyInterval() {
    long feed = store.subscribe(user, server.uri(SEED).toString());
    Instant before = Instant.now();
    Polled p = pollOnce(feed);
    assertThat(p.report().outcome()).isEqualTo(FetchOutcome.OK);
    assertThat(p.report().title()).isEqualTo("Inkzee » backend");
    assertThat(p.report().etag()).isNotBlank();
    assertThat(entries(feed))
        .extracting(Entry::title)
        .contains("Efficent comunication protocols are critical")
        .hasSize(2);
    // sy:updatePeriod hourly: never more often than hourly (minus the 10 % jitter).
    assertThat(p.stored().nextFetchAt()).isAfter(before.plus(Duration.ofMinutes(53)));
    assertThat(p.report().pollIntervalSeconds()).isGreaterThanOrEqualTo(54 * 60);
  }

  @Test
  void theSecondPollIsConditionalAndA304StoresNothingNew() {
    long feed = store.subscribe(user, server.uri(SEED).toString());
    Polled first = pollOnce(feed);
    Polled second = pollOnce(feed);
    assertThat(second.leased().etag()).isEqualTo(first.report().etag());
    assertThat(server.lastRequest(SEED).getHeaders().get("If-None-Match"))
        .isEqualTo(first.report().etag());
    assertThat(second.report().outcome()).isEqualTo(FetchOutcome.NOT_MODIFIED);
    assertThat(second.report().httpStatus()).isEqualTo(304);
    // After a 304 the interval learnt from the entries is kept.
    assertThat(second.leased().pollIntervalSeconds())
        .isEqualTo(first.report().pollIntervalSeconds());
    assertThat(entries(feed)).hasSize(2);
  }

  /**
   * The jittered wait was once reported as the interval, and a 304 starts from the stored one: a
   * feed that kept answering 304 had its interval drift by a random factor on every poll.
   */
  @Test
  void repeated304sKeepTheLearntIntervalAndJitterOnlyTheWait() {
    long feed = store.subscribe(user, server.uri(SEED).toString());
    int learnt = pollOnce(feed).report().pollIntervalSeconds();
    for (int i = 0; i < 20; i++) {
      Instant before = Instant.now();
      Polled p = pollOnce(feed);
      assertThat(p.report().outcome()).isEqualTo(FetchOutcome.NOT_MODIFIED);
      assertThat(p.report().pollIntervalSeconds()).isEqualTo(learnt);
      assertThat(p.stored().nextFetchAt())
          .isBetween(
              before.plusSeconds(learnt * 9L / 10 - 1),
              Instant.now().plusSeconds(learnt * 11L / 10 + 1));
    }
  }

  @Test
  void declaredHubsAreHandedToWebSubWithTheSelfTopic() {
    long feed = store.subscribe(user, server.uri(SEED).toString());
    Polled p = pollOnce(feed);
    assertThat(websub.seen)
        .containsExactly(
            feed
                + " http://blog.inkzee.com/index.php/tag/backend/feed/ "
                + "[http://pubsubhubbub.appspot.com, http://superfeedr.com/hubbub]");
    assertThat(p.report().websubHub()).isEqualTo("http://pubsubhubbub.appspot.com");
  }

  @Test
  void goneStopsPolling() {
    server.status("/gone.xml", 410);
    long feed = store.subscribe(user, server.uri("/gone.xml").toString());
    Polled p = pollOnce(feed);
    assertThat(p.report().outcome()).isEqualTo(FetchOutcome.GONE);
    assertThat(p.stored().feedState()).isEqualTo(FeedState.GONE);
    assertThat(s().leaseDueFeeds(new LeaseRequest(OWNER, 100, 60)).feeds())
        .noneMatch(f -> f.feedId() == feed);
  }

  @Test
  void tooManyRequestsSlowsTheWholeHostAndHonoursRetryAfter() {
    server.status("/busy.xml", 429, "Retry-After: 600");
    long feed = store.subscribe(user, server.uri("/busy.xml").toString());
    Instant before = Instant.now();
    Polled p = pollOnce(feed);
    assertThat(p.report().outcome()).isEqualTo(FetchOutcome.ERROR);
    assertThat(p.report().error()).contains("429");
    assertThat(p.stored().nextFetchAt()).isAfter(before.plusSeconds(590));
    // Every feed of the host waits, not just this one.
    assertThat(hosts.notBefore("127.0.0.1")).isAfter(before.plusSeconds(590));
  }

  /**
   * A 429 without Retry-After once always meant 10 minutes, so a host that kept refusing us was
   * asked again every 10 minutes for ever; each such answer now doubles the host's wait.
   */
  @Test
  void aHostThatKeepsAnswering429WithoutRetryAfterWaitsLongerEachTime() {
    server.status("/busy.xml", 429);
    long feed = store.subscribe(user, server.uri("/busy.xml").toString());
    Duration expected = HostBackoff.DEFAULT_PENALTY;
    Polled p = null;
    for (int i = 0; i < 3; i++) {
      Instant before = Instant.now();
      p = pollOnce(feed);
      assertThat(hosts.penalty("127.0.0.1")).isEqualTo(expected);
      assertThat(p.stored().nextFetchAt()).isAfterOrEqualTo(before.plus(expected));
      expected = expected.multipliedBy(2);
    }
    assertThat(p.report().error()).isEqualTo("HTTP 429 (no Retry-After; host waits 2400 s)");
  }

  @Test
  void anUnparsableBodyIsAnErrorWithItsReasonAndKeepsNoValidators() {
    server.content("/page.html", "<html><body>not a feed</body></html>", "text/html");
    long feed = store.subscribe(user, server.uri("/page.html").toString());
    Polled p = pollOnce(feed);
    assertThat(p.report().outcome()).isEqualTo(FetchOutcome.ERROR);
    assertThat(p.report().error()).startsWith("unparsable feed: ");
    assertThat(p.report().etag()).isNull();
    assertThat(p.stored().consecutiveErrors()).isEqualTo(1);
  }

  /**
   * A channel language longer than the store takes once cost the feed every entry: the store
   * refuses a batch with an over-long field as a whole, on every poll.
   */
  @Test
  void anOverLongLanguageCostsTheFeedNoEntry() throws Exception {
    String rss =
        Files.readString(FeedServer.corpusDir().resolve("realworld/inkzee-backend.xml"))
            .replace(
                "<language>en</language>", "<language>" + "en-GB, ".repeat(20) + "</language>");
    assertThat(rss).contains("<language>en-GB, en-GB");
    server.content("/lang.xml", rss, "application/rss+xml");
    long feed = store.subscribe(user, server.uri("/lang.xml").toString());
    Polled p = pollOnce(feed);
    assertThat(p.report().outcome()).isEqualTo(FetchOutcome.OK);
    assertThat(entries(feed)).hasSize(2).allSatisfy(e -> assertThat(e.language()).isNull());
  }

  /**
   * An error's backoff (a minute after one timeout) once replaced the learnt interval in the store,
   * so every 304 after it polled about every ten minutes instead of at the learnt rate.
   */
  @Test
  void anErrorsBackoffDoesNotReplaceTheLearntInterval() throws Exception {
    String rss = Files.readString(FeedServer.corpusDir().resolve("realworld/inkzee-backend.xml"));
    server.content("/blip.xml", rss, "application/rss+xml");
    long feed = store.subscribe(user, server.uri("/blip.xml").toString());
    Polled first = pollOnce(feed);
    assertThat(first.report().pollIntervalSeconds()).isPositive();
    server.status("/blip.xml", 503);
    Polled failed = pollOnce(feed);
    assertThat(failed.report().outcome()).isEqualTo(FetchOutcome.ERROR);
    assertThat(failed.report().pollIntervalSeconds()).as("not said: the stored one stays").isZero();
    server.content("/blip.xml", rss, "application/rss+xml");
    Polled after = pollOnce(feed);
    assertThat(after.leased().pollIntervalSeconds())
        .isEqualTo(first.report().pollIntervalSeconds());
    assertThat(after.report().outcome()).isNotEqualTo(FetchOutcome.ERROR);
  }

  /**
   * A validator or URL the publisher controls, too long for the store, once made the store refuse
   * the whole report: the feed was leased again and fetched in full every lease period, forever.
   */
  @Test
  void anOverLongEtagOrSiteLinkIsDroppedAndTheReportTaken() throws Exception {
    String longLink = "https://site.example/" + "\u00e9".repeat(5000); // 10 KB of UTF-8
    String rss =
        Files.readString(FeedServer.corpusDir().resolve("realworld/inkzee-backend.xml"))
            .replaceFirst("<link>[^<]*</link>", "<link>" + longLink + "</link>");
    assertThat(rss).contains(longLink);
    String etag = "\"" + "a".repeat(600) + "\"";
    server.route(
        "/validators.xml",
        r ->
            new MockResponse.Builder()
                .code(200)
                .setHeader("ETag", etag)
                .setHeader("Content-Type", "application/rss+xml")
                .body(rss)
                .build());
    long feed = store.subscribe(user, server.uri("/validators.xml").toString());
    Polled p = pollOnce(feed); // reportFetch threw INVALID_ARGUMENT before
    assertThat(p.report().outcome()).isEqualTo(FetchOutcome.OK);
    assertThat(p.report().etag()).isNull();
    assertThat(p.report().siteUrl()).isNull();
    assertThat(p.stored().nextFetchAt()).isAfter(Instant.now().plusSeconds(60));
    assertThat(entries(feed)).hasSize(2);
  }

  /**
   * The icon the feed declares reaches the store and its subscription list; a 304 says nothing
   * about it (it stays), and a 200 whose feed dropped it makes the store forget it.
   */
  @Test
  void theFeedsIconIsReportedKeptOver304sAndForgottenWhenDropped() throws Exception {
    String rss = Files.readString(FeedServer.corpusDir().resolve("realworld/inkzee-backend.xml"));
    String withIcon =
        rss.replaceFirst(
            "<channel>",
            "<channel><image><url>/icons/inkzee.png</url><title>Inkzee</title>"
                + "<link>http://blog.inkzee.com</link></image>");
    assertThat(withIcon).contains("/icons/inkzee.png");
    server.content("/icon.xml", withIcon, "application/rss+xml");
    long feed = store.subscribe(user, server.uri("/icon.xml").toString());
    String icon = server.uri("/icons/inkzee.png").toString();

    Polled first = pollOnce(feed);
    assertThat(first.report().outcome()).isEqualTo(FetchOutcome.OK);
    assertThat(first.report().iconUrl()).isEqualTo(icon);
    assertThat(iconOf(feed)).isEqualTo(icon);
    assertThat(server.requestCount("/icons/inkzee.png")).as("the icon is not fetched").isZero();

    Polled second = pollOnce(feed);
    assertThat(second.report().outcome()).isEqualTo(FetchOutcome.NOT_MODIFIED);
    assertThat(second.report().iconUrl()).as("a 304 does not say").isNull();
    assertThat(iconOf(feed)).isEqualTo(icon);

    server.content(
        "/icon.xml",
        rss.getBytes(StandardCharsets.UTF_8),
        "application/rss+xml",
        FeedServer.DEFAULT_LAST_MODIFIED.plusSeconds(3600));
    Polled third = pollOnce(feed);
    assertThat(third.report().outcome()).isEqualTo(FetchOutcome.OK);
    assertThat(third.report().iconUrl()).isEqualTo(FeedPoller.NO_ICON);
    assertThat(iconOf(feed)).as("the feed dropped its icon").isNull();
  }

  private String iconOf(long feedId) {
    return s().listSubscriptions(new ListSubscriptionsRequest(user)).subscriptions().stream()
        .filter(x -> x.feedId() == feedId)
        .findFirst()
        .orElseThrow()
        .iconUrl();
  }

  /** A redirect target the store would refuse as a feed URL is left out of the report. */
  @Test
  void onlyARedirectTheStoreCanTakeIsReported() {
    assertThat(FeedPoller.feedUrl("https://feeds.example/rss"))
        .isEqualTo("https://feeds.example/rss");
    assertThat(FeedPoller.feedUrl("HTTP://feeds.example:8080/rss?x=1"))
        .isEqualTo("HTTP://feeds.example:8080/rss?x=1");
    assertThat(FeedPoller.feedUrl("http://feeds_host.example/rss")).as("no host to Java").isNull();
    assertThat(FeedPoller.feedUrl("ftp://feeds.example/rss")).isNull();
    assertThat(FeedPoller.feedUrl("https://feeds.example/" + "p".repeat(StoreLimits.MAX_URL_BYTES)))
        .isNull();
    assertThat(FeedPoller.feedUrl("https://feeds.example/a b")).as("not a URI").isNull();
    assertThat(FeedPoller.feedUrl(null)).isNull();
  }

  @Test
  void aPermanentRedirectSeenThreeTimesMovesTheFeed() throws Exception {
    server.redirect("/old.xml", 301, "/new.xml");
    server.content(
        "/new.xml",
        Files.readString(FeedServer.corpusDir().resolve("realworld/inkzee-backend.xml")),
        "application/rss+xml");
    String oldUrl = server.uri("/old.xml").toString();
    String newUrl = server.uri("/new.xml").toString();
    long feed = store.subscribe(user, oldUrl);
    assertThat(pollOnce(feed).stored().feedUrl()).isEqualTo(oldUrl);
    Polled second = pollOnce(feed);
    assertThat(second.report().redirectUrl()).isEqualTo(newUrl);
    assertThat(second.stored().feedUrl()).isEqualTo(oldUrl);
    assertThat(pollOnce(feed).stored().feedUrl()).isEqualTo(newUrl);
    assertThat(entries(feed)).hasSize(2);
  }

  @Test
  void aTemporaryRedirectNeverMovesTheFeed() throws Exception {
    server.redirect("/moving.xml", 302, SEED);
    String url = server.uri("/moving.xml").toString();
    long feed = store.subscribe(user, url);
    for (int i = 0; i < 4; i++) {
      Polled p = pollOnce(feed);
      assertThat(p.report().redirectUrl()).isNull();
      assertThat(p.stored().feedUrl()).isEqualTo(url);
    }
  }

  @Test
  void aFeedNobodyFollowsIsUnsubscribedFromItsHubNotFetched() {
    long feed = store.subscribe(user, server.uri(SEED).toString());
    pollOnce(feed); // records the hub
    s().unsubscribe(new UnsubscribeRequest(user, feed));
    int requests = server.requestCount(SEED);
    Polled p = pollOnce(feed);
    assertThat(p.leased().subscribers()).isZero();
    assertThat(websub.unsubscribed).containsExactly(feed + " http://pubsubhubbub.appspot.com");
    assertThat(p.report().websubUnsubscribed()).isTrue();
    assertThat(server.requestCount(SEED)).isEqualTo(requests);
    // Unsubscribed and followed by nobody: the store offers it no more.
    s().makeFeedDue(new MakeDueRequest(feed));
    assertThat(s().leaseDueFeeds(new LeaseRequest(OWNER, 100, 60)).feeds())
        .noneMatch(f -> f.feedId() == feed);
  }

  /**
   * With WebSub off (the default) the hub a feed declares is still recorded, and the store leases a
   * feed with a hub and no readers until a report says the hub is unsubscribed: the OFF hook once
   * never said so, and such a feed was leased at its poll interval forever.
   */
  @Test
  void withWebSubOffAFeedNobodyFollowsIsLeasedNoMore() {
    FeedPoller off = pollerWith(WebSubHook.OFF);
    long feed = store.subscribe(user, server.uri(SEED).toString());
    assertThat(pollOnce(feed, off).report().websubHub()).isNotNull(); // the store records the hub
    s().unsubscribe(new UnsubscribeRequest(user, feed));
    Polled p = pollOnce(feed, off);
    assertThat(p.leased().websubHub()).isNotNull();
    assertThat(p.report().websubUnsubscribed()).isTrue();
    s().makeFeedDue(new MakeDueRequest(feed));
    assertThat(s().leaseDueFeeds(new LeaseRequest(OWNER, 100, 60)).feeds())
        .noneMatch(f -> f.feedId() == feed);
  }

  /** A hub that never takes the unsubscribe request is retried with backoff, then given up on. */
  @Test
  void aHubThatKeepsRefusingToUnsubscribeIsGivenUpOn() {
    long feed = store.subscribe(user, server.uri(SEED).toString());
    pollOnce(feed); // records the hub
    s().unsubscribe(new UnsubscribeRequest(user, feed));
    websub.refuseUnsubscribe = true;
    Instant before = Instant.now();
    for (int attempt = 1; attempt < FeedPoller.MAX_UNSUBSCRIBE_ATTEMPTS; attempt++) {
      Polled p = pollOnce(feed);
      assertThat(p.report().outcome()).isEqualTo(FetchOutcome.ERROR);
      assertThat(p.report().websubUnsubscribed()).isFalse();
      assertThat(p.stored().consecutiveErrors()).isEqualTo(attempt);
      assertThat(p.stored().nextFetchAt()).isAfter(before.plus(ErrorBackoff.DEFAULT_BASE));
    }
    Polled last = pollOnce(feed);
    assertThat(last.report().websubUnsubscribed()).isTrue();
    assertThat(websub.unsubscribed).hasSize(FeedPoller.MAX_UNSUBSCRIBE_ATTEMPTS);
    s().makeFeedDue(new MakeDueRequest(feed));
    assertThat(s().leaseDueFeeds(new LeaseRequest(OWNER, 100, 60)).feeds())
        .noneMatch(f -> f.feedId() == feed);
  }

  @Test
  void aRefusedAddressIsAnErrorThatNamesIt() {
    long feed = store.subscribe(user, "http://10.1.2.3/feed.xml");
    Polled p = pollOnce(feed);
    assertThat(p.report().outcome()).isEqualTo(FetchOutcome.ERROR);
    assertThat(p.report().error()).contains("10.1.2.3");
  }

  /** Records what the poller tells the WebSub side. */
  private static final class RecordingWebSub implements WebSubHook {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<String> unsubscribed = new CopyOnWriteArrayList<>();
    volatile boolean refuseUnsubscribe;

    @Override
    public void hubsSeen(long feedId, URI topic, List<URI> hubs) {
      seen.add(feedId + " " + topic + " " + hubs);
    }

    @Override
    public boolean isPushed(long feedId) {
      return false;
    }

    @Override
    public boolean unsubscribe(long feedId, URI hub, URI topic) {
      unsubscribed.add(feedId + " " + hub);
      return !refuseUnsubscribe;
    }
  }
}
