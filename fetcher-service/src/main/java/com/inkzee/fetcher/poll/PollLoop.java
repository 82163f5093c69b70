package com.inkzee.fetcher.poll;

import com.inkzee.fetcher.schedule.HostBackoff;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseRequest;
import com.inkzee.rpc.api.store.LeaseMessages.LeaseResponse;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.status.RpcException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetcher's main loop: lease due feeds from the store in batches, as many as there is room for,
 * and hand them to the {@link HostDispatcher}; each finished poll sends its report, which releases
 * the lease. Any number of fetchers share the store's queue this way with no other coordination.
 */
public final class PollLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PollLoop.class);

  /**
   * The least time a leased feed may wait to start (30 s) besides the start margin, so a lease
   * batch is not dropped while it queues behind the running polls.
   */
  static final Duration MIN_START_WINDOW = Duration.ofSeconds(30);

  /** Pause after the store could not be reached, doubling up to {@link #MAX_STORE_PAUSE}. */
  private static final Duration FIRST_STORE_PAUSE = Duration.ofMillis(200);

  private static final Duration MAX_STORE_PAUSE = Duration.ofSeconds(10);

  private final StoreService store;
  private final FeedPoller poller;
  private final HostDispatcher dispatcher;
  private final PollSettings settings;
  private final Duration startMargin;
  private final Clock clock;
  private final Thread thread;
  private final LongAdder polled = new LongAdder();
  private final LongAdder reportsLost = new LongAdder();
  private final LongAdder pollsFailed = new LongAdder();
  private final EnumMap<FetchOutcome, LongAdder> outcomes = new EnumMap<>(FetchOutcome.class);
  private volatile boolean running = true;

  /**
   * @param maxConcurrent fetches running at once, all hosts together
   * @param maxPerHost fetches running at once against one host
   * @throws IllegalArgumentException if the lease is too short for one poll ({@link
   *     FeedPoller#longestPoll()}) plus {@link #MIN_START_WINDOW}
   */
  public PollLoop(
      StoreService store,
      FeedPoller poller,
      PollSettings settings,
      int maxConcurrent,
      int maxPerHost,
      HostBackoff hosts,
      Clock clock) {
    this.store = store;
    this.poller = poller;
    this.settings = settings;
    this.clock = clock;
    // A feed starts only while a whole poll still fits in its lease: a report after the lease
    // ended is refused by the store (lease lost), so a host that timed out never got its error
    // backoff and was leased again at once. The margin was once a fixed 30 s, half a fetch.
    this.startMargin = poller.longestPoll();
    checkLease(settings, startMargin);
    this.dispatcher =
        new HostDispatcher(
            maxConcurrent,
            maxPerHost,
            // Queued work beyond what runs: enough that a slow host never idles the others; each
            // host counts only up to its share, so a backlogged one cannot take it all.
            maxConcurrent * 4,
            hosts,
            clock);
    for (FetchOutcome o : FetchOutcome.values()) {
      outcomes.put(o, new LongAdder());
    }
    this.thread = new Thread(this::run, "inkzee-poll-lease");
    this.thread.setDaemon(true);
  }

  public PollLoop start() {
    thread.start();
    log.info(
        "polling as {}: batches of up to {}, leases of {}",
        settings.owner(),
        settings.leaseBatch(),
        settings.leaseDuration());
    return this;
  }

  /**
   * Refuses a lease too short for one poll plus {@link #MIN_START_WINDOW}, naming the variables;
   * the wiring calls it before opening anything, the constructor again.
   *
   * @param longestPoll {@link FeedPoller#longestPoll()}
   */
  public static void checkLease(PollSettings settings, Duration longestPoll) {
    Duration shortest = longestPoll.plus(MIN_START_WINDOW);
    if (shortest.compareTo(PollSettings.MAX_LEASE) > 0) {
      // No lease the store grants can hold such a poll: asking for a longer lease (what the
      // message below would say) cannot help, only a shorter fetch timeout can.
      throw new IllegalArgumentException(
          "INKZEE_FETCH_TIMEOUT_SECONDS="
              + (longestPoll.toSeconds() - FeedPoller.POLL_SLACK.toSeconds())
              + " is too long: a poll plus its start window ("
              + shortest.toSeconds()
              + " s) must fit in the store's longest lease of "
              + PollSettings.MAX_LEASE.toSeconds()
              + " s; use at most "
              + maxFetchTimeout().toSeconds());
    }
    if (settings.leaseDuration().compareTo(shortest) < 0) {
      throw new IllegalArgumentException(
          "INKZEE_FETCH_LEASE_SECONDS="
              + settings.leaseDuration().toSeconds()
              + " is too short: a poll may take "
              + longestPoll.toSeconds()
              + " s (INKZEE_FETCH_TIMEOUT_SECONDS plus "
              + FeedPoller.POLL_SLACK.toSeconds()
              + " s to parse, store and report) and a leased feed needs "
              + MIN_START_WINDOW.toSeconds()
              + " s more to start; use at least "
              + shortest.toSeconds()
              + ", or a shorter fetch timeout");
    }
  }

  /**
   * The longest {@code INKZEE_FETCH_TIMEOUT_SECONDS} that can work (3540 s): a poll ({@link
   * FeedPoller#POLL_SLACK} more) and {@link #MIN_START_WINDOW} must fit in the store's longest
   * lease, {@link PollSettings#MAX_LEASE}.
   */
  public static Duration maxFetchTimeout() {
    return PollSettings.MAX_LEASE.minus(FeedPoller.POLL_SLACK).minus(MIN_START_WINDOW);
  }

  /** How long before its lease ends a leased feed must have started: one whole poll. */
  Duration startMargin() {
    return startMargin;
  }

  /** Feeds polled (reports sent) since start. */
  public long polled() {
    return polled.sum();
  }

  /**
   * Polls since start that came to {@code outcome} (counted whether or not the report was taken).
   */
  public long polled(FetchOutcome outcome) {
    return outcomes.get(outcome).sum();
  }

  /** Reports the store did not take (the lease expires; the next poll repeats the work). */
  public long reportsLost() {
    return reportsLost.sum();
  }

  /** Polls that failed with a bug rather than an outcome (logged; the lease expires). */
  public long pollsFailed() {
    return pollsFailed.sum();
  }

  /** Feeds in this fetcher's hands right now: running, waiting in host lanes, and the lanes. */
  public FetchBacklog backlog() {
    return dispatcher.backlog();
  }

  /** Leased feeds given up because they could not start before their lease ran out. */
  public long dropped() {
    return dispatcher.dropped();
  }

  private void run() {
    Duration storePause = FIRST_STORE_PAUSE;
    while (running) {
      try {
        int room = dispatcher.awaitRoom(settings.idlePause());
        if (!running) {
          break;
        }
        if (room <= 0) {
          continue;
        }
        LeaseResponse lease;
        try {
          lease =
              store.leaseDueFeeds(
                  new LeaseRequest(
                      settings.owner(),
                      Math.min(room, settings.leaseBatch()),
                      (int) settings.leaseDuration().toSeconds()));
          storePause = FIRST_STORE_PAUSE;
        } catch (RpcException e) {
          log.warn("cannot lease feeds: {}; retrying in {}", e.getMessage(), storePause);
          Thread.sleep(storePause.toMillis());
          storePause = min(storePause.multipliedBy(2), MAX_STORE_PAUSE);
          continue;
        }
        Instant startBy =
            (lease.leaseExpiresAt() != null
                    ? lease.leaseExpiresAt()
                    : clock.instant().plus(settings.leaseDuration()))
                .minus(startMargin);
        for (LeasedFeed feed : lease.feeds()) {
          HostDispatcher.Task task =
              new HostDispatcher.Task(hostOf(feed.url()), startBy, () -> pollAndReport(feed));
          if (!dispatcher.submit(task)) {
            break; // closing: the lease expires and the feed is offered again
          }
        }
        if (lease.feeds().isEmpty()) {
          Thread.sleep(settings.idlePause().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.error("poll loop error; going on", e);
      }
    }
  }

  private void pollAndReport(LeasedFeed feed) {
    FetchReport report;
    try {
      report = poller.poll(feed);
    } catch (RuntimeException | Error e) {
      if (Fatal.isFatal(e)) {
        log.error("polling feed {} {}: the JVM failed; giving up", feed.feedId(), feed.url(), e);
        throw e;
      }
      // Logged here, not by the thread's default handler on stderr, and the worker lives on.
      pollsFailed.increment();
      log.error("polling feed {} {} failed", feed.feedId(), feed.url(), e);
      return; // the lease expires and another attempt follows
    }
    outcomes.get(report.outcome()).increment();
    try {
      store.reportFetch(report);
      polled.increment();
    } catch (RpcException e) {
      // Entries are already stored; the lease expires and the next fetch is a cheap 304 or a
      // repeated, idempotent ingest.
      reportsLost.increment();
      log.warn("report for feed {} not taken: {}", feed.feedId(), e.getMessage());
    }
  }

  /** The dispatch key: hosts compared case-insensitively; unparsable URLs share one lane. */
  static String hostOf(String url) {
    try {
      String host = new URI(url).getHost();
      return host == null ? "" : host.toLowerCase(Locale.ROOT);
    } catch (java.net.URISyntaxException e) {
      return "";
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Stops leasing, lets running polls finish and report for up to {@code grace}. */
  public boolean shutdown(Duration grace) {
    running = false;
    thread.interrupt();
    try {
      thread.join(grace.toMillis());
      return dispatcher.shutdown(grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
    dispatcher.close();
  }
}
