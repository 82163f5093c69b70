package com.inkzee.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.e2e.feeds.FeedServer;
import com.inkzee.e2e.feeds.Stories;
import com.inkzee.e2e.feeds.TestFeed;
import com.inkzee.e2e.stack.LocalStack;
import com.inkzee.e2e.stack.ServiceProcess;
import com.inkzee.rpc.api.store.AdminMessages.FeedStats;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.status.RpcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * {@code docker compose up --scale fetcher=3 fetcher}: three fetcher processes (and the store they
 * depend on) share the store's lease queue with no other coordination. Every feed must be fetched
 * once per poll cycle: never twice in one (two fetchers holding the same feed), never skipped, as
 * counted by the feed server; and the work must really be shared (the store shows leases held by
 * more than one of the three processes).
 *
 * <p>Each feed answers after 400 ms and each fetcher runs at most two fetches at once (the test
 * override), so a cycle's nine feeds take one fetcher about two seconds: the others get their
 * share. Logs: {@code integration-tests/target/logs/scale/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FetcherScaleIT {
  private static final int FETCHERS = 3;
  private static final int FEEDS = 9;
  private static final int CYCLES = 5;
  private static final Duration ANSWER_DELAY = Duration.ofMillis(400);

  /**
   * The longest acceptable gap between two fetches of a feed: a cycle, plus the idle pause, the
   * answer delay and queueing on a loaded 2-core machine. A feed left out of a cycle shows as a gap
   * of two cycles or more.
   */
  private static final Duration MAX_GAP = Inkzee.POLL_CYCLE.multipliedBy(4);

  @RegisterExtension
  final TestExecutionExceptionHandler logsOnFailure =
      (context, failure) -> {
        if (this.stack != null) {
          failure.addSuppressed(
              new AssertionError("the processes' logs:\n" + this.stack.describe()));
        }
        throw failure;
      };

  private final String token = Inkzee.newToken();
  private FeedServer web;
  private LocalStack stack;
  private RpcClient<StoreService> storeClient;

  @BeforeAll
  void upTheStack() throws Exception {
    web = FeedServer.start();
    stack = Inkzee.stack("scale", token).services("fetcher").scale("fetcher", FETCHERS).up();
    storeClient = Inkzee.client(stack, "store", 7101, StoreService.class, token);
  }

  @AfterAll
  void downTheStack() throws Exception {
    try (FeedServer w = web;
        LocalStack s = stack;
        RpcClient<?> c = storeClient) {
      // closed in reverse order: the client, every process and the database, the feeds
    }
  }

  @Test
  void threeFetchersFetchEachFeedOncePerCycleAndShareTheWork() throws Exception {
    assertThat(stack.replicas("fetcher")).hasSize(FETCHERS);
    assertThat(stack.has("ranker")).as("only fetcher and what it depends on").isFalse();
    StoreService store = storeClient.stub();
    long reader = store.createUser(new CreateUserRequest("scale-reader", null)).user().id();

    Map<TestFeed, Long> feeds = new LinkedHashMap<>();
    for (int i = 1; i <= FEEDS; i++) {
      TestFeed feed = web.feed("/scale/feed-" + i + ".xml", "Feed " + i);
      feed.add(Stories.item("f" + i, "Story " + i, "https://scale.example.org/" + i, 40));
      web.delay(feed, ANSWER_DELAY);
      long id =
          store
              .subscribe(new SubscribeRequest(reader, web.url(feed), null, null, 0))
              .subscription()
              .feedId();
      feeds.put(feed, id);
    }

    Set<String> owners = ConcurrentHashMap.newKeySet();
    AtomicBoolean sampling = new AtomicBoolean(true);
    ExecutorService sampler = Executors.newSingleThreadExecutor();
    sampler.submit(
        () -> {
          List<Long> ids = List.copyOf(feeds.values());
          while (sampling.get()) {
            try {
              store.feedStats(new FeedStatsRequest(ids, 0)).feeds().stream()
                  .map(FeedStats::leaseOwner)
                  .filter(o -> o != null && !o.isBlank())
                  .forEach(owners::add);
              Thread.sleep(50);
            } catch (InterruptedException e) {
              return;
            } catch (RpcException e) {
              // a slow answer under load: sample again
            }
          }
        });
    try {
      await("every feed fetched " + CYCLES + " times")
          .atMost(Inkzee.POLL_CYCLE.multipliedBy(CYCLES * 6L))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> feeds.keySet().stream().allMatch(f -> web.requestCount(f) >= CYCLES));
    } finally {
      sampling.set(false);
      sampler.shutdownNow();
      assertThat(sampler.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }

    System.out.println(
        "fetches per feed: "
            + feeds.keySet().stream()
                .map(f -> f.path() + "=" + web.requestCount(f))
                .collect(Collectors.joining(", "))
            + "; lease owners seen: "
            + owners);
    for (TestFeed feed : feeds.keySet()) {
      List<Long> times = web.requestTimes(feed);
      List<Duration> gaps = new ArrayList<>();
      for (int i = 1; i < times.size(); i++) {
        gaps.add(Duration.ofNanos(times.get(i) - times.get(i - 1)));
      }
      assertThat(gaps)
          .as(feed.path() + ": gaps between fetches (a cycle is " + Inkzee.POLL_CYCLE + ")")
          .allSatisfy(
              gap ->
                  assertThat(gap)
                      .as("fetched twice in one cycle, or left out of one")
                      .isBetween(Inkzee.POLL_CYCLE.dividedBy(2), MAX_GAP));
      assertThat(
              store
                  .listEntries(
                      new ListEntriesRequest(List.of(feeds.get(feed)), null, null, 100, null, true))
                  .entries())
          .as(feed.path() + " stored once, however often fetched")
          .hasSize(1);
    }

    Set<String> pids =
        stack.replicas("fetcher").stream()
            .map(ServiceProcess::pid)
            .map(String::valueOf)
            .collect(Collectors.toSet());
    assertThat(owners)
        .as("lease owners (pid@host) seen by the store")
        .allSatisfy(o -> assertThat(pids).contains(o.substring(0, o.indexOf('@'))));
    assertThat(owners).as("fetchers that held leases").hasSizeGreaterThanOrEqualTo(2);
  }
}
