package com.inkzee.fetcher.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.fetcher.fetch.AddressPolicy;
import com.inkzee.fetcher.fetch.FeedFetcher;
import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.schedule.ErrorBackoff;
import com.inkzee.fetcher.schedule.HostBackoff;
import com.inkzee.fetcher.schedule.PollInterval;
import com.inkzee.fetcher.testing.FeedServer;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.store.testing.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole loop: lease batches, dispatch by host, poll, store, report, on loopback. */
class PollLoopTest {
  private static final int FEEDS = 40;

  @TempDir Path dataDir;

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
      FeedPoller poller =
          new FeedPoller(
              fetcher,
              new FeedParser(clock),
              new EntryIngester(store.store()),
              new PollInterval(RandomGenerator.getDefault()),
              new ErrorBackoff(RandomGenerator.getDefault()),
              hosts,
              WebSubHook.OFF,
              "loop-test",
              clock);
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
}
