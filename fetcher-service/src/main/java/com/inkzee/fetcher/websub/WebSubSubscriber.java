package com.inkzee.fetcher.websub;

import com.inkzee.fetcher.websub.Subscription.State;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks hubs to subscribe and unsubscribe our callback to feed topics (W3C WebSub §5.1), and renews
 * leases before they end.
 *
 * <p>Every request is a form POST of {@code hub.mode}, {@code hub.topic}, {@code hub.callback}
 * ({@code <callbackBase>/websub/<feedId>}), {@code hub.lease_seconds} and, when subscribing, {@code
 * hub.secret} (from {@link SubscriptionSecrets}). A 2xx answer (the spec's 202 Accepted) leaves the
 * subscription pending until the hub's intent verification reaches the {@link
 * WebSubCallbackServer}. The secret is sent to plain-http hubs too, although the spec advises it
 * only over https: without one, a hub never signs, and we discard every unsigned push.
 *
 * <p>Renewal: {@link #start()} runs {@link #renewDue()} every {@link
 * WebSubConfig#renewCheckInterval()} on its own thread; a lease is renewed at the time {@link
 * SubscriptionTable#renewalDelay} gives, and an attempt the hub has not verified within {@link
 * WebSubConfig#renewRetryDelay()} is made again until the lease runs out.
 *
 * <p>Hub requests go through the {@link OkHttpClient} passed in: the wiring passes the fetcher's
 * SSRF-guarded client, since hub URLs come from feeds, that is, from anyone.
 */
public final class WebSubSubscriber implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebSubSubscriber.class);

  /** How much of a refusing hub's answer goes into the exception message. */
  private static final long ERROR_DETAIL_BYTES = 512;

  /**
   * The longest a hub request may take (15 s), however long the client passed in waits: requests
   * are made on the poll thread (up to three hubs a feed), and a hub answers a subscription request
   * at once (the spec's 202), verifying later.
   */
  public static final Duration HUB_REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final OkHttpClient http;
  private final SubscriptionTable table;
  private final WebSubConfig config;
  private ScheduledExecutorService renewer;

  /**
   * @param http client for hub requests (the wiring's SSRF-guarded one); its call timeout is cut to
   *     {@link #HUB_REQUEST_TIMEOUT}
   * @param table shared with the {@link WebSubCallbackServer}; its clock drives renewal
   * @param config must have a callback base ({@link WebSubConfig#enabled()})
   */
  public WebSubSubscriber(OkHttpClient http, SubscriptionTable table, WebSubConfig config) {
    Objects.requireNonNull(http, "http");
    long callTimeoutMillis = http.callTimeoutMillis();
    this.http =
        callTimeoutMillis > 0 && callTimeoutMillis <= HUB_REQUEST_TIMEOUT.toMillis()
            ? http
            : http.newBuilder().callTimeout(HUB_REQUEST_TIMEOUT).build(); // same pool and guards
    this.table = Objects.requireNonNull(table, "table");
    this.config = Objects.requireNonNull(config, "config");
    if (!config.enabled()) {
      throw new IllegalArgumentException(
          "WebSub is off (no callback base URL); do not create a subscriber");
    }
  }

  /**
   * Asks {@code hub} to push {@code topic} to feed {@code feedId}'s callback. Returns the
   * subscription as it stands once the hub accepted the request: PENDING, or ACTIVE if the hub
   * verified before answering (or this renews an active subscription).
   *
   * @throws HubRejectedException if the hub answered other than 2xx
   * @throws IOException if the hub could not be reached
   * @throws SubscriptionTableFullException if the table is full
   */
  public Subscription subscribe(long feedId, URI hub, URI topic) throws IOException {
    HttpUrl hubUrl = hubUrl(hub);
    checkTopic(topic);
    Subscription started = table.beginSubscribe(feedId, hub, topic);
    try {
      send("subscribe", feedId, hub, hubUrl, topic);
    } catch (IOException | RuntimeException e) {
      if (started.state() == State.PENDING) {
        table.removeIfUnchanged(started); // nothing is pending at the hub after all
      }
      throw e;
    }
    return table.get(feedId).orElse(started);
  }

  /**
   * Asks {@code hub} to stop pushing {@code topic} to feed {@code feedId} (the poll loop calls this
   * when nobody follows the feed any more). From now on pushes for the feed get 410; the entry goes
   * when the hub verifies, or after {@link SubscriptionTable#PENDING_TIMEOUT}.
   *
   * @throws HubRejectedException if the hub answered other than 2xx
   * @throws IOException if the hub could not be reached
   */
  public void unsubscribe(long feedId, URI hub, URI topic) throws IOException {
    HttpUrl hubUrl = hubUrl(hub);
    checkTopic(topic);
    table.beginUnsubscribe(feedId, hub, topic);
    send("unsubscribe", feedId, hub, hubUrl, topic);
  }

  /**
   * Drops expired entries and sends a renewal request for every active subscription whose renewal
   * is due. Failures are logged and retried after {@link WebSubConfig#renewRetryDelay()}.
   *
   * @return how many renewal requests the hubs accepted
   */
  public int renewDue() {
    int purged = table.purgeExpired();
    if (purged > 0) {
      log.info("dropped {} expired WebSub subscriptions; their feeds are polled", purged);
    }
    int renewed = 0;
    for (Subscription s : table.dueForRenewal()) {
      Instant now = table.clock().instant();
      // Deferred first, so a slow hub is not asked again on the next tick while it verifies.
      table.deferRenewal(s.feedId(), now.plus(config.renewRetryDelay()));
      try {
        send("subscribe", s.feedId(), s.hub(), hubUrl(s.hub()), s.topic());
        renewed++;
      } catch (IOException | RuntimeException e) {
        log.warn(
            "renewing WebSub subscription of feed {} to {} at {} failed (lease ends {}): {}",
            s.feedId(),
            s.topic(),
            s.hub(),
            s.expiresAt(),
            e.toString());
      }
    }
    return renewed;
  }

  /** Starts calling {@link #renewDue()} every {@link WebSubConfig#renewCheckInterval()}. */
  public synchronized void start() {
    if (renewer != null) {
      throw new IllegalStateException("already started");
    }
    renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "inkzee-websub-renew");
              t.setDaemon(true);
              return t;
            });
    long every = config.renewCheckInterval().toMillis();
    renewer.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void renewQuietly() {
    try {
      renewDue();
    } catch (RuntimeException e) {
      // An exception would cancel the schedule silently; log it and keep renewing.
      log.error("WebSub renewal round failed", e);
    }
  }

  /** Stops renewing; subscriptions stay at their hubs until their leases end. */
  @Override
  public synchronized void close() {
    if (renewer != null) {
      renewer.shutdownNow();
      try {
        renewer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void send(String mode, long feedId, URI hub, HttpUrl hubUrl, URI topic)
      throws IOException {
    FormBody.Builder form =
        new FormBody.Builder()
            .add("hub.mode", mode)
            .add("hub.topic", topic.toString())
            .add("hub.callback", config.callbackFor(feedId).toString());
    if (mode.equals("subscribe")) {
      form.add("hub.lease_seconds", Long.toString(config.requestedLease().toSeconds()));
      form.add("hub.secret", config.secrets().secretFor(feedId, topic));
    }
    Request request = new Request.Builder().url(hubUrl).post(form.build()).build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        String detail = response.peekBody(ERROR_DETAIL_BYTES).string().strip();
        throw new HubRejectedException(mode, feedId, hub, response.code(), detail);
      }
      log.info(
          "hub {} accepted {} of feed {} to {} ({})", hub, mode, feedId, topic, response.code());
    } catch (HubRejectedException e) {
      throw e;
    } catch (IOException e) {
      throw new IOException(
          mode + " request for feed " + feedId + " to hub " + hub + " failed: " + e.getMessage(),
          e);
    }
  }

  private static HttpUrl hubUrl(URI hub) {
    Objects.requireNonNull(hub, "hub");
    HttpUrl url = HttpUrl.parse(hub.toString());
    if (url == null) {
      throw new IllegalArgumentException("hub " + hub + " is not an http or https URL");
    }
    return url;
  }

  private static void checkTopic(URI topic) {
    Objects.requireNonNull(topic, "topic");
    String scheme = topic.getScheme() == null ? "" : topic.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("topic " + topic + " is not an http or https URL");
    }
  }
}
