package com.inkzee.fetcher.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.inkzee.fetcher.fetch.AddressPolicy;
import com.inkzee.fetcher.fetch.FeedFetcher;
import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.schedule.ErrorBackoff;
import com.inkzee.fetcher.schedule.HostBackoff;
import com.inkzee.fetcher.schedule.PollInterval;
import com.inkzee.fetcher.testing.FeedServer;
import com.inkzee.fetcher.testing.ThrowingClock;
import com.inkzee.rpc.api.store.AdminMessages.FeedStats;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.store.testing.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole loop: lease batches, dispatch by host, poll, store, report, on loopback. */
class PollLoopTest {
  private static final int FEEDS = 40;

  @TempDir Path dataDir;

  /** A poller that never polls here: the lease checks read only its fetch timeout. */
  private static FeedPoller idlePoller(FeedFetcher fetcher) {
    Clock clock = Clock.systemUTC();
    return new FeedPoller(
        fetcher,
        new FeedParser(clock),
        new EntryIngester(null),
        new PollInterval(RandomGenerator.getDefault()),
        new ErrorBackoff(RandomGenerator.getDefault()),
        new HostBackoff(clock),
        WebSubHook.OFF,
        "lease-test",
        clock);
  }

  /**
   * A leased feed could start 30 s before its lease ended, half the 60 s fetch timeout: a host that
   * timed out reported after the lease, the store refused the report (lease lost), and the error
   * backoff never happened.
   */
  @Test
  void aFeedStartsOnlyWhileAWholeFetchStillFitsInItsLease() {
    try (FeedFetcher fetcher = new FeedFetcher(FetchSettings.defaults());
        PollLoop loop =
            new PollLoop(
                null,
                idlePoller(fetcher),
                new PollSettings("lease-test", 10, Duration.ofMinutes(5), Duration.ofMillis(20)),
                4,
                2,
                new HostBackoff(Clock.systemUTC()),
                Clock.systemUTC())) {
      assertThat(loop.startMargin())
          .isEqualTo(FetchSettings.DEFAULT_FETCH_TIMEOUT.plus(FeedPoller.POLL_SLACK));
    }
  }

  @Test
  void aLeaseTooShortForOnePollIsRefusedNamingTheVariables() {
    try (FeedFetcher fetcher = new FeedFetcher(FetchSettings.defaults())) {
      PollSettings ninetySeconds =
          new PollSettings("lease-test", 10, Duration.ofSeconds(90), Duration.ofMillis(20));
      assertThatThrownBy(
              () ->
                  new PollLoop(
                      null,
                      idlePoller(fetcher),
                      ninetySeconds,
                      4,
                      2,
                      new HostBackoff(Clock.systemUTC()),
                      Clock.systemUTC()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("INKZEE_FETCH_LEASE_SECONDS=90 is too short")
          .hasMessageContaining("INKZEE_FETCH_TIMEOUT_SECONDS")
          .hasMessageContaining("use at least 120");
      assertThatThrownBy(
              () ->
                  PollLoop.checkLease(
                      ninetySeconds, FeedPoller.longestPoll(FetchSettings.defaults())))
          .hasMessageContaining("INKZEE_FETCH_LEASE_SECONDS=90 is too short");
    }
  }

  @Test
  void pollsEveryFollowedFeedOnceKeepingTwoConnectionsPerHost() throws Exception {
    String seed = Files.readString(FeedServer.corpusDir().resolve("realworld/inkzee-backend.xml"));
    Clock clock = Clock.systemUTC();
    try (EmbeddedStore store = new EmbeddedStore(dataDir);
        FeedServer server = FeedServer.start();
        FeedFetcher fetcher =
            new FeedFetcher(
                FetchSettings.defaults().withAddressPolicy(AddressPolicy.parse("127.0.0.0/8")))) {
      server.thinkTime(Duration.ofMillis(20)); // a little latency, so concurrency shows
      long user = store.createUser("reader");
      List<Long> feeds = new ArrayList<>();
      for (int i = 0; i < FEEDS; i++) {
        server.content("/f" + i + ".xml", seed, "application/rss+xml");
        feeds.add(store.subscribe(user, server.uri("/f" + i + ".xml").toString()));
      }
      HostBackoff hosts = new HostBackoff(clock);
      FeedPoller poller = poller(fetcher, new FeedParser(clock), store, hosts, "loop-test", clock);
      PollLoop loop =
          new PollLoop(
              store.store(),
              poller,
              new PollSettings("loop-test", 7, Duration.ofMinutes(2), Duration.ofMillis(20)),
              16,
              2,
              hosts,
              clock);
      loop.start();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.polled() >= FEEDS);
        // Everything was polled once: nothing is due for at least the feed's hourly period.
        Thread.sleep(200);
        assertThat(loop.polled()).isEqualTo(FEEDS);
      } finally {
        assertThat(loop.shutdown(Duration.ofSeconds(10))).isTrue();
      }
      assertThat(server.requestCount()).isEqualTo(FEEDS);
      assertThat(server.maxConcurrentRequestsForHost(server.hostAndPort())).isBetween(1, 2);
      int stored =
          store
              .store()
              .listEntries(new ListEntriesRequest(feeds, null, null, 1000, null, true))
              .entries()
              .size();
      assertThat(stored).isEqualTo(FEEDS * 2);
    }
  }

  /**
   * A parse that threw an Error (a StackOverflowError from a regular expression, a library's
   * AssertionError) escaped pollAndReport, which caught RuntimeException: no report, the worker
   * thread died on stderr, and the feed was leased again at every lease expiry, for ever.
   */
  @Test
  void aFeedWhoseParseThrowsAnErrorIsReportedAsFailedAndTheOthersArePolled() throws Exception {
    String channel =
        "<rss version=\"2.0\"><channel><title>t</title><link>https://site.example/</link>%s"
            + "</channel></rss>";
    // Before the linear scan, the HTML check overflowed the stack on this.
    String comments = "<!---->".repeat(5_000) + channel.formatted("");
    // The parser's clock is asked for every entry: here it stands for any library that throws an
    // Error on some input.
    String withEntry = channel.formatted("<item><guid>1</guid><title>x</title></item>");
    Clock broken = new ThrowingClock();
    Clock clock = Clock.systemUTC();
    try (EmbeddedStore store = new EmbeddedStore(dataDir);
        FeedServer server = FeedServer.start();
        FeedFetcher fetcher =
            new FeedFetcher(
                FetchSettings.defaults().withAddressPolicy(AddressPolicy.parse("127.0.0.0/8")))) {
      long user = store.createUser("reader");
      server.content("/comments.xml", comments, "application/rss+xml");
      server.content("/bug.xml", withEntry, "application/rss+xml");
      server.content("/plain.xml", channel.formatted(""), "application/rss+xml");
      long commentsFeed = store.subscribe(user, server.uri("/comments.xml").toString());
      long bugFeed = store.subscribe(user, server.uri("/bug.xml").toString());
      long plainFeed = store.subscribe(user, server.uri("/plain.xml").toString());
      HostBackoff hosts = new HostBackoff(clock);
      FeedPoller poller =
          poller(fetcher, new FeedParser(broken), store, hosts, "error-test", clock);
      // One worker: had an Error killed it, the pool's replacement would hide that, not the
      // missing reports.
      PollLoop loop =
          new PollLoop(
              store.store(),
              poller,
              new PollSettings("error-test", 7, Duration.ofMinutes(2), Duration.ofMillis(20)),
              1,
              1,
              hosts,
              clock);
      loop.start();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.polled() >= 3);
      } finally {
        assertThat(loop.shutdown(Duration.ofSeconds(10))).isTrue();
      }
      assertThat(loop.polled(FetchOutcome.OK)).isEqualTo(2);
      assertThat(loop.polled(FetchOutcome.ERROR)).isEqualTo(1);
      assertThat(loop.pollsFailed()).isZero();
      Map<Long, FeedStats> stats = new HashMap<>();
      for (FeedStats f :
          store
              .store()
              .feedStats(new FeedStatsRequest(List.of(commentsFeed, bugFeed, plainFeed), 0))
              .feeds()) {
        stats.put(f.feedId(), f);
      }
      assertThat(stats.get(bugFeed).consecutiveErrors()).isEqualTo(1);
      assertThat(stats.get(bugFeed).lastError())
          .contains("parser failed")
          .contains("AssertionError: a parser bug, for the test");
      assertThat(stats.get(commentsFeed).consecutiveErrors()).isZero();
      assertThat(stats.get(plainFeed).consecutiveErrors()).isZero();
    }
  }

  /** A poller storing into {@code store}, without WebSub, with default intervals and backoff. */
  private static FeedPoller poller(
      FeedFetcher fetcher,
      FeedParser parser,
      EmbeddedStore store,
      HostBackoff hosts,
      String name,
      Clock clock) {
    return new FeedPoller(
        fetcher,
        parser,
        new EntryIngester(store.store()),
        new PollInterval(RandomGenerator.getDefault()),
        new ErrorBackoff(RandomGenerator.getDefault()),
        hosts,
        WebSubHook.OFF,
        name,
        clock);
  }
}
