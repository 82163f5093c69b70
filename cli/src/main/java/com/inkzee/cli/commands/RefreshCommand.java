package com.inkzee.cli.commands;

import com.inkzee.cli.CliContext;
import com.inkzee.cli.CliFailure;
import com.inkzee.cli.ExitCodes;
import com.inkzee.cli.output.Json;
import com.inkzee.cli.users.UserDirectory;
import com.inkzee.cli.users.UserDirectory.ResolvedUser;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshRequest;
import com.inkzee.rpc.api.store.AdminMessages.FeedStats;
import com.inkzee.rpc.api.store.AdminMessages.FeedStatsRequest;
import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.rpc.api.store.FeedUrls;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code refresh FEED}: asks the fetcher to fetch a feed now (the store makes it due; the next free
 * fetcher leases it). With {@code --wait}, waits for that fetch and says how it went.
 */
@Command(
    name = "refresh",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch a feed now: FEED is a feed id (as `status` and `river --json` show them) or the"
          + " feed URL of one of the reader's subscriptions.",
      "With --wait, wait until a fetcher has fetched it and show the outcome."
    })
public final class RefreshCommand extends CliCommand {
  /** How often --wait asks the store whether the fetch happened. */
  static final Duration WAIT_POLL = Duration.ofMillis(250);

  /** The longest --wait: a fetch is bounded by the fetcher's 60 s timeout, and the lease too. */
  static final int MAX_WAIT_SECONDS = 600;

  @Parameters(index = "0", paramLabel = "FEED", description = "a feed id, or a subscribed feed URL")
  String feed;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      description = "wait up to SECONDS (1..600) for the fetch and show its outcome")
  Integer waitSeconds;

  @Mixin UserOption user;
  @Mixin JsonOption json;

  public RefreshCommand(CliContext context) {
    super(context);
  }

  /**
   * The {@code --json} document: {@code scheduled} false when the feed is not polled (GONE,
   * DISABLED); {@code fetched} null without --wait, else whether a fetch finished in time, with its
   * outcome and the feed's {@code state} after it (GONE after a 410: no longer polled).
   */
  public record RefreshView(
      long feedId,
      boolean scheduled,
      Boolean fetched,
      String lastFetchAt,
      Integer lastStatus,
      String lastError,
      Long entries,
      String state) {}

  @Override
  public Integer call() {
    if (waitSeconds != null && (waitSeconds < 1 || waitSeconds > MAX_WAIT_SECONDS)) {
      throw new ParameterException(
          spec.commandLine(), "--wait " + waitSeconds + " is outside 1.." + MAX_WAIT_SECONDS);
    }
    StoreService store = services().store();
    long feedId = feedId(store);
    Instant before = waitSeconds == null ? null : lastFetch(store, feedId);
    boolean scheduled =
        services()
            .fetcher(Duration.ofSeconds(10))
            .refreshFeed(new RefreshRequest(feedId))
            .scheduled();
    FeedStats after = null;
    boolean fetched = false;
    if (waitSeconds != null && scheduled) {
      long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
      while (System.nanoTime() < deadline) {
        after = stats(store, feedId);
        if (after.lastFetchAt() != null && !after.lastFetchAt().equals(before)) {
          fetched = true;
          break;
        }
        sleep(WAIT_POLL);
      }
    }
    if (json.json) {
      Json.print(
          out(),
          new RefreshView(
              feedId,
              scheduled,
              waitSeconds == null ? null : fetched,
              fetched ? Json.time(after.lastFetchAt()) : null,
              fetched ? after.lastStatus() : null,
              fetched ? after.lastError() : null,
              fetched ? after.entries() : null,
              fetched ? after.state().name() : null));
    } else if (!scheduled) {
      out().println("Feed " + feedId + " is not polled (gone or disabled): nothing to refresh.");
    } else if (waitSeconds == null) {
      out().println("Feed " + feedId + " is due now; the next free fetcher fetches it.");
    } else if (fetched && after.state() != FeedState.ACTIVE) {
      out()
          .println(
              "Feed "
                  + feedId
                  + " fetched at "
                  + after.lastFetchAt()
                  + ": HTTP "
                  + after.lastStatus()
                  + "; the feed is now "
                  + after.state()
                  + " and no longer polled.");
    } else if (fetched) {
      out()
          .println(
              "Feed "
                  + feedId
                  + " fetched at "
                  + after.lastFetchAt()
                  + ": "
                  + (after.lastError() == null
                      ? "HTTP " + after.lastStatus() + ", " + after.entries() + " entries stored"
                      : "failed: " + after.lastError()));
    } else {
      out()
          .println(
              "Feed "
                  + feedId
                  + " is due, but no fetch finished within "
                  + waitSeconds
                  + " s; is a fetcher running? (`inkzee status`)");
    }
    out().flush();
    if (!scheduled) {
      return ExitCodes.FAILED;
    }
    // A 410 is reported without an error, but leaves the feed GONE: not a refresh that worked.
    if (waitSeconds != null
        && (!fetched || after.lastError() != null || after.state() != FeedState.ACTIVE)) {
      return ExitCodes.FAILED;
    }
    return ExitCodes.OK;
  }

  private long feedId(StoreService store) {
    String text = feed.strip();
    if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw CliFailure.usage("feed id " + text + " is too large");
      }
    }
    String wanted = comparable(text);
    if (wanted == null) {
      throw CliFailure.usage("'" + text + "' is neither a feed id nor an http(s) feed URL");
    }
    ResolvedUser reader = new UserDirectory(store).find(user.nameOr(context));
    List<Subscription> subs =
        store.listSubscriptions(new ListSubscriptionsRequest(reader.id())).subscriptions();
    for (Subscription s : subs) {
      if (Objects.equals(comparable(s.feedUrl()), wanted)) {
        return s.feedId();
      }
    }
    throw CliFailure.failed(
        reader.name()
            + " does not follow "
            + text
            + "; give the feed id (inkzee status, inkzee river --json) or subscribe first");
  }

  /**
   * The URL as the store normalises feed URLs ({@link FeedUrls}), so {@code HTTP://Example.com:80}
   * finds {@code http://example.com/}; null if it is not an http(s) URL.
   */
  static String comparable(String url) {
    try {
      return FeedUrls.normalise(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static FeedStats stats(StoreService store, long feedId) {
    List<FeedStats> rows = store.feedStats(new FeedStatsRequest(List.of(feedId), 1)).feeds();
    if (rows.isEmpty()) {
      throw CliFailure.failed("no feed " + feedId + " in the store");
    }
    return rows.get(0);
  }

  private static Instant lastFetch(StoreService store, long feedId) {
    return stats(store, feedId).lastFetchAt();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliFailure.failed("interrupted while waiting for the fetch");
    }
  }
}
