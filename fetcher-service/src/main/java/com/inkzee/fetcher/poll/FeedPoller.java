package com.inkzee.fetcher.poll;

import com.inkzee.fetcher.fetch.FeedFetcher;
import com.inkzee.fetcher.fetch.FetchException;
import com.inkzee.fetcher.fetch.FetchRequest;
import com.inkzee.fetcher.fetch.FetchResult;
import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.fetcher.parse.FeedParseException;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.parse.ParsedFeed;
import com.inkzee.fetcher.schedule.ErrorBackoff;
import com.inkzee.fetcher.schedule.HostBackoff;
import com.inkzee.fetcher.schedule.PollInterval;
import com.inkzee.fetcher.schedule.PollInterval.Schedule;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.api.store.FetchOutcome;
import com.inkzee.rpc.api.store.LeaseMessages.FetchReport;
import com.inkzee.rpc.api.store.LeaseMessages.LeasedFeed;
import com.inkzee.rpc.api.store.StoreLimits;
import com.inkzee.rpc.status.RpcException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one leased feed: conditional GET, parse, hand the entries to the store, and say what it
 * came to and when to come back. The report is built here and sent by the caller, so every path
 * (success, 304, HTTP error, network error, parse error) ends in exactly one report.
 *
 * <p>Entries are stored before the report releases the lease: if this process dies in between, the
 * lease expires, another fetch gets the same body, and the idempotent ingest stores nothing twice.
 */
public final class FeedPoller {
  private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);

  /**
   * A feed whose hub pushes to us is still polled this often: pushes get lost (hubs drop
   * subscriptions, callbacks are down), and a missed push must not mean a missed story.
   */
  static final Duration PUSHED_FALLBACK_INTERVAL = Duration.ofHours(6);

  /**
   * Consecutive failed attempts (counting the feed's fetch errors just before) to unsubscribe a
   * feed nobody follows from its hub, before the hub is given up on: until then the store keeps
   * leasing the feed. Ten attempts spaced by the error backoff (ceilings 1 min doubling) span up to
   * about 17 hours: a hub that is down for a while is still told.
   */
  static final int MAX_UNSUBSCRIBE_ATTEMPTS = 10;

  /**
   * A report's iconUrl for "the feed declares no usable icon" (the store forgets the one it had);
   * null would mean "not said" (the stored one stays), as from a fetcher older than catalogue 1.12.
   */
  static final String NO_ICON = "";

  /**
   * What one poll may take beyond its fetch (30 s): parsing (bounded input), the store's ingest and
   * the report, each an RPC with its own deadline. The WebSub hub requests of a poll (at most 3 ×
   * 15 s) can exceed it; a hub that refused is not asked again for a day, so that is rare.
   */
  static final Duration POLL_SLACK = Duration.ofSeconds(30);

  private final FeedFetcher fetcher;
  private final FeedParser parser;
  private final EntryIngester ingester;
  private final PollInterval intervals;
  private final ErrorBackoff errors;
  private final HostBackoff hosts;
  private final WebSubHook websub;
  private final String owner;
  private final Clock clock;

  public FeedPoller(
      FeedFetcher fetcher,
      FeedParser parser,
      EntryIngester ingester,
      PollInterval intervals,
      ErrorBackoff errors,
      HostBackoff hosts,
      WebSubHook websub,
      String owner,
      Clock clock) {
    this.fetcher = fetcher;
    this.parser = parser;
    this.ingester = ingester;
    this.intervals = intervals;
    this.errors = errors;
    this.hosts = hosts;
    this.websub = websub;
    this.owner = owner;
    this.clock = clock;
  }

  /**
   * The longest a poll is expected to take, from its start to its report: the fetch timeout (DNS,
   * connects, redirects and body together) plus {@link #POLL_SLACK}.
   */
  public Duration longestPoll() {
    return longestPoll(fetcher.settings());
  }

  /** {@link #longestPoll()} of a poller whose fetcher has {@code settings}. */
  public static Duration longestPoll(FetchSettings settings) {
    return settings.fetchTimeout().plus(POLL_SLACK);
  }

  /** Polls {@code feed} and returns the report to send; never throws for a feed's own failure. */
  public FetchReport poll(LeasedFeed feed) {
    Instant started = clock.instant();
    URI url;
    try {
      url = new URI(feed.url());
    } catch (java.net.URISyntaxException e) {
      return error(feed, 0, "stored URL is not a valid URI: " + e.getMessage(), null, 0, started);
    }
    if (feed.subscribers() == 0) {
      return orphan(feed, url, started);
    }
    FetchResult r;
    try {
      r =
          fetcher.fetch(
              new FetchRequest(
                  url, feed.etag(), feed.lastModified(), feed.subscribers(), feed.tlsExempt()));
    } catch (FetchException e) {
      return error(feed, 0, e.getMessage(), null, 0, started);
    }
    int status = r.status();
    if (status == 304) {
      // The stored interval already respects the publisher's ttl (learnt at the last 200, and the
      // store does not keep the ttl itself); only this wait's jitter may fall under it, by 10 %.
      Schedule next =
          intervals.next(
              List.of(), null, r.maxAge(), r.expires(), previousInterval(feed), clock.instant());
      hosts.succeeded(url.getHost());
      // A 304 reached through a permanent redirect still counts towards moving the feed.
      return report(feed, FetchOutcome.NOT_MODIFIED, r, next.delay(), null, started)
          .interval(next.interval())
          .build(r.etag(), r.lastModified(), permanentRedirect(r));
    }
    if (status >= 200 && status < 300) {
      hosts.succeeded(url.getHost()); // a host that answers again earns its penalty back
      return fetched(feed, r, started);
    }
    if (status == 410) {
      return report(
              feed, FetchOutcome.GONE, r, null, "HTTP 410 Gone: the publisher removed it", started)
          .build(null, null, null);
    }
    if (status == 429 || (status == 503 && r.retryAfter() != null)) {
      // Rate limits are per host, not per feed: slow every feed of this host down. Without
      // Retry-After the host's penalty doubles on each 429 (a fixed wait here once kept it at
      // 10 min for ever); with it, the host waits at least that long.
      Duration wait = hosts.throttled(url.getHost(), r.retryAfter());
      String said =
          r.retryAfter() != null
              ? "Retry-After " + r.retryAfter().toSeconds() + " s"
              : "no Retry-After";
      return error(
          feed,
          status,
          "HTTP " + status + " (" + said + "; host waits " + wait.toSeconds() + " s)",
          wait,
          r.bodyBytes(),
          started);
    }
    return error(
        feed, status, "HTTP " + status + " from " + r.finalUrl(), null, r.bodyBytes(), started);
  }

  private FetchReport fetched(LeasedFeed feed, FetchResult r, Instant started) {
    ParsedFeed parsed;
    try {
      parsed = parser.parse(r.body(), r.contentType(), r.finalUrl());
    } catch (FeedParseException e) {
      return error(
          feed, r.status(), "unparsable feed: " + e.getMessage(), null, r.bodyBytes(), started);
    } catch (RuntimeException | Error e) {
      if (Fatal.isFatal(e)) {
        log.error("parsing feed {} {}: the JVM failed; giving up", feed.feedId(), feed.url(), e);
        throw e;
      }
      // A bug of ours or a library's on this body: reported as this feed's error (so it backs
      // off instead of being leased again at every lease expiry), and the worker goes on.
      log.error("parsing feed {} {} failed with a bug", feed.feedId(), feed.url(), e);
      return error(feed, r.status(), "parser failed: " + e, null, r.bodyBytes(), started);
    }
    try {
      IngestResponse stored = ingester.ingest(feed.feedId(), parsed.entries());
      log.debug(
          "feed {} {}: {} entries, {} new, {} updated",
          feed.feedId(),
          feed.url(),
          parsed.entries().size(),
          stored.inserted(),
          stored.updated());
    } catch (RpcException e) {
      // Keep the old validators: the next fetch must download these entries again.
      return error(
          feed,
          r.status(),
          "store did not take the entries: " + e.getMessage(),
          null,
          r.bodyBytes(),
          started);
    }
    List<Instant> dates = new ArrayList<>();
    for (EntryInput e : parsed.entries()) {
      if (e.publishedAt() != null) {
        dates.add(e.publishedAt());
      }
    }
    URI topic = topicOf(parsed, r.finalUrl());
    List<URI> hubs = hubsOf(parsed);
    if (!hubs.isEmpty() && topic != null) {
      websub.hubsSeen(feed.feedId(), topic, hubs);
    }
    Schedule next =
        intervals.next(
            dates,
            parsed.publisherInterval(),
            r.maxAge(),
            r.expires(),
            previousInterval(feed),
            clock.instant());
    if (websub.isPushed(feed.feedId())) {
      next = next.atLeast(PUSHED_FALLBACK_INTERVAL);
    }
    return report(feed, FetchOutcome.OK, r, next.delay(), null, started)
        .interval(next.interval())
        .title(parsed.title())
        .siteUrl(parsed.siteUrl())
        .iconUrl(parsed.iconUrl())
        .websub(
            hubs.isEmpty() ? null : hubs.get(0).toString(),
            topic == null || hubs.isEmpty() ? null : topic.toString())
        .build(r.etag(), r.lastModified(), permanentRedirect(r));
  }

  /**
   * The store leases a feed nobody follows only so that its hub subscription can be ended: do that,
   * and fetch nothing (status 0 in the report means "not fetched"). A failed request is reported as
   * an error, so that the error backoff spaces the next attempts, and after {@link
   * #MAX_UNSUBSCRIBE_ATTEMPTS} consecutive errors the hub is given up on.
   */
  private FetchReport orphan(LeasedFeed feed, URI url, Instant started) {
    boolean unsubscribed = true; // without a hub, or one we cannot address, there is nothing to end
    if (feed.websubHub() != null) {
      try {
        URI topic = feed.websubTopic() != null ? new URI(feed.websubTopic()) : url;
        unsubscribed = websub.unsubscribe(feed.feedId(), new URI(feed.websubHub()), topic);
      } catch (java.net.URISyntaxException e) {
        unsubscribed = true;
      }
    }
    if (!unsubscribed && feed.consecutiveErrors() + 1 < MAX_UNSUBSCRIBE_ATTEMPTS) {
      return error(
          feed, 0, "unsubscribing from hub " + feed.websubHub() + " failed", null, 0, started);
    }
    if (!unsubscribed) {
      // The hub's lease is not renewed, so the subscription ends there by itself.
      log.info("feed {}: giving up unsubscribing from hub {}", feed.feedId(), feed.websubHub());
    }
    return new ReportBuilder(feed, FetchOutcome.NOT_MODIFIED, 0, null, null, 0, started)
        .unsubscribed(true)
        .build(null, null, null);
  }

  private FetchReport error(
      LeasedFeed feed, int status, String reason, Duration notBefore, long bytes, Instant started) {
    Duration next = errors.delay(feed.consecutiveErrors() + 1);
    if (notBefore != null && notBefore.compareTo(next) > 0) {
      next = notBefore;
    }
    log.info("feed {} {}: {}", feed.feedId(), feed.url(), reason);
    return new ReportBuilder(feed, FetchOutcome.ERROR, status, next, reason, bytes, started)
        .build(null, null, null);
  }

  private ReportBuilder report(
      LeasedFeed feed,
      FetchOutcome outcome,
      FetchResult r,
      Duration next,
      String reason,
      Instant started) {
    return new ReportBuilder(feed, outcome, r.status(), next, reason, r.bodyBytes(), started);
  }

  private static String permanentRedirect(FetchResult r) {
    return r.permanentRedirect().map(URI::toString).orElse(null);
  }

  private static Duration previousInterval(LeasedFeed feed) {
    return feed.pollIntervalSeconds() > 0 ? Duration.ofSeconds(feed.pollIntervalSeconds()) : null;
  }

  private static URI topicOf(ParsedFeed parsed, URI fetchedFrom) {
    if (parsed.selfUrl() != null) {
      try {
        return fetchedFrom.resolve(new URI(parsed.selfUrl()));
      } catch (java.net.URISyntaxException | IllegalArgumentException e) {
        return fetchedFrom;
      }
    }
    return fetchedFrom;
  }

  private static List<URI> hubsOf(ParsedFeed parsed) {
    List<URI> hubs = new ArrayList<>();
    for (String h : parsed.hubs()) {
      try {
        URI u = new URI(h);
        if ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme())) {
          hubs.add(u);
        }
      } catch (java.net.URISyntaxException e) {
        // a malformed hub link is ignored; polling covers the feed
      }
    }
    return hubs;
  }

  /** Assembles a {@link FetchReport}; one place knows its field order. */
  private final class ReportBuilder {
    private final LeasedFeed feed;
    private final FetchOutcome outcome;
    private final int status;
    private final Duration next;
    private final String error;
    private final long bytes;
    private final Instant started;
    private Duration interval;
    private String title;
    private String siteUrl;
    private String iconUrl;
    private String hub;
    private String topic;
    private boolean unsubscribed;

    ReportBuilder(
        LeasedFeed feed,
        FetchOutcome outcome,
        int status,
        Duration next,
        String error,
        long bytes,
        Instant started) {
      this.feed = feed;
      this.outcome = outcome;
      this.status = status;
      this.next = next;
      this.error = error;
      this.bytes = bytes;
      this.started = started;
    }

    /** The learnt, un-jittered interval the store keeps; unset means "not said". */
    ReportBuilder interval(Duration i) {
      interval = i;
      return this;
    }

    ReportBuilder title(String t) {
      title = t;
      return this;
    }

    ReportBuilder siteUrl(String s) {
      siteUrl = s;
      return this;
    }

    /**
     * The icon the fetched feed declares; null (it declares none) is sent as {@link #NO_ICON}, so
     * that the store forgets an icon the feed dropped. Reports that never call this (304, errors)
     * send null: the stored icon stays.
     */
    ReportBuilder iconUrl(String declared) {
      iconUrl = declared == null ? NO_ICON : declared;
      return this;
    }

    ReportBuilder websub(String h, String t) {
      hub = h;
      topic = t;
      return this;
    }

    ReportBuilder unsubscribed(boolean u) {
      unsubscribed = u;
      return this;
    }

    /**
     * The report, every field the publisher controls fitted to what the store takes: the store
     * refuses a report with one field over its limit as a whole, and a feed whose report is refused
     * is leased again at once, forever, with nothing learnt (no validators, no interval).
     * Validators and URLs are dropped, never cut (a cut ETag never matches, a cut URL is another
     * one). An error's backoff is not a learnt interval: it goes in {@code nextFetchAt} only, so
     * the interval learnt at the last 200 is what a later 304 reuses.
     */
    FetchReport build(String etag, String lastModified, String redirectUrl) {
      Instant now = clock.instant();
      return new FetchReport(
          feed.feedId(),
          owner,
          outcome,
          status,
          within(etag, StoreLimits.MAX_KEY_BYTES),
          within(lastModified, StoreLimits.MAX_KEY_BYTES),
          next == null ? null : now.plus(next),
          error,
          bytes,
          Duration.between(started, now).toMillis(),
          EntryLimits.truncate(title, StoreLimits.MAX_TITLE_BYTES),
          within(siteUrl, StoreLimits.MAX_URL_BYTES),
          feedUrl(redirectUrl),
          within(hub, StoreLimits.MAX_URL_BYTES),
          within(topic, StoreLimits.MAX_URL_BYTES),
          interval == null || outcome == FetchOutcome.ERROR
              ? 0 // "not said": the stored interval stays
              : (int) Math.min(StoreLimits.MAX_POLL_INTERVAL_SECONDS, interval.toSeconds()),
          unsubscribed,
          iconUrl == null || within(iconUrl, StoreLimits.MAX_URL_BYTES) != null
              ? iconUrl
              : NO_ICON);
    }
  }

  /** {@code s}, or null when its UTF-8 is over {@code maxBytes}. */
  private static String within(String s, int maxBytes) {
    return s == null || EntryLimits.utf8Length(s) > maxBytes ? null : s;
  }

  /** A redirect target the store can take as a feed URL (http or https, with a host), or null. */
  static String feedUrl(String url) {
    if (within(url, StoreLimits.MAX_URL_BYTES) == null) {
      return null;
    }
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      boolean web = scheme.equals("http") || scheme.equals("https");
      return web && u.getHost() != null && !u.getHost().isEmpty() ? url : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
