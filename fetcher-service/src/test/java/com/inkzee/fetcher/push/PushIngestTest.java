package com.inkzee.fetcher.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.fetcher.fetch.AddressPolicy;
import com.inkzee.fetcher.fetch.FeedFetcher;
import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.poll.EntryIngester;
import com.inkzee.fetcher.testing.FeedServer;
import com.inkzee.fetcher.testing.ThrowingClock;
import com.inkzee.fetcher.websub.Subscription;
import com.inkzee.fetcher.websub.SubscriptionSecrets;
import com.inkzee.fetcher.websub.SubscriptionTable;
import com.inkzee.fetcher.websub.TestHub;
import com.inkzee.fetcher.websub.WebSubCallbackServer;
import com.inkzee.fetcher.websub.WebSubConfig;
import com.inkzee.fetcher.websub.WebSubSubscriber;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.store.testing.EmbeddedStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSub pushes end to end on loopback: a spec-following {@link TestHub}, our subscriber (through
 * the fetcher's guarded HTTP client) and callback server, the {@link PushIngester} the wiring uses,
 * and a real store (embedded database, over RPC). What a push stores is read back from the store.
 */
class PushIngestTest {
  /** Bounds every wait; the loopback round trips take milliseconds. */
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** The seed feed's own address ({@code atom:link rel="self"}): the topic its hubs push. */
  private static final URI TOPIC = URI.create("http://blog.inkzee.com/index.php/tag/backend/feed/");

  private static final String RSS = "application/rss+xml";

  /** A different, well-formed feed: what a forger would like stored. */
  private static final byte[] FORGED_FEED =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0"><channel><title>Inkzee » backend</title>
        <link>http://blog.inkzee.com/</link><description>forged</description>
        <item><title>Forged item</title><link>http://evil.example/1</link>
          <guid>http://evil.example/1</guid><description>Buy now</description></item>
      </channel></rss>
      """
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path dataDir;
  private EmbeddedStore store;
  private TestHub hub;
  private FeedFetcher fetcher;
  private SubscriptionTable table;
  private WebSubCallbackServer callbacks;
  private WebSubSubscriber subscriber;
  private PushIngester ingester;
  private byte[] seed;
  private long feed;

  @BeforeEach
  void start() throws Exception {
    seed = Files.readAllBytes(FeedServer.corpusDir().resolve("realworld/inkzee-backend.xml"));
    store = new EmbeddedStore(dataDir);
    long user = store.createUser("reader");
    feed = store.subscribe(user, TOPIC.toString());
    hub = new TestHub();
    fetcher =
        new FeedFetcher(
            FetchSettings.defaults()
                .withAddressPolicy(AddressPolicy.parse("127.0.0.0/8"))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    Clock clock = Clock.systemUTC();
    SubscriptionSecrets secrets = SubscriptionSecrets.of("push ingest test secret");
    table = new SubscriptionTable(100, clock);
    ingester = new PushIngester(new FeedParser(clock), new EntryIngester(store.store()));
    callbacks =
        new WebSubCallbackServer(
                WebSubConfig.defaults("127.0.0.1", 0, null, secrets), table, ingester)
            .start();
    URI base = URI.create("http://127.0.0.1:" + callbacks.port());
    subscriber =
        new WebSubSubscriber(
            fetcher.client(), table, WebSubConfig.defaults("127.0.0.1", 0, base, secrets));
    subscriber.subscribe(feed, hub.url(), TOPIC);
    await()
        .atMost(WAIT)
        .until(
            () ->
                table.get(feed).map(Subscription::state).orElse(null) == Subscription.State.ACTIVE);
    // The table is active once the callback echoed the challenge; the hub holds the subscription
    // only once it has read the echo, and a publish before that reaches no one.
    await().atMost(WAIT).until(() -> hub.holdsSubscriptionTo(TOPIC.toString()));
  }

  @AfterEach
  void stop() throws Exception {
    if (subscriber != null) {
      subscriber.close();
    }
    if (callbacks != null) {
      callbacks.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (fetcher != null) {
      fetcher.close();
    }
    if (store != null) {
      store.close();
    }
  }

  private List<Entry> entries() {
    return store
        .store()
        .listEntries(new ListEntriesRequest(List.of(feed), null, null, 100, null, false))
        .entries();
  }

  /**
   * Publishes the seed feed and waits until its entries are in the store and the ingester has
   * counted the push. The entries become visible when the store commits, before the push thread
   * counts it, so waiting for the entries alone let a preempted push thread fail the count checks.
   */
  private void publishSeedAndAwaitItsEntries() {
    long storedBefore = ingester.stored();
    assertThat(hub.publish(TOPIC.toString(), seed, RSS)).containsExactly(202);
    await()
        .atMost(WAIT)
        .until(() -> entries().size() == 2 && ingester.stored() == storedBefore + 1);
  }

  @Test
  void aSignedPushOfTheFeedStoresItsEntriesForThatFeed() {
    assertThat(entries()).isEmpty();

    publishSeedAndAwaitItsEntries();

    assertThat(entries())
        .allSatisfy(e -> assertThat(e.feedId()).isEqualTo(feed))
        .extracting(Entry::title)
        .contains("Efficent comunication protocols are critical")
        .doesNotHaveDuplicates();
    assertThat(entries()).allSatisfy(e -> assertThat(e.url()).startsWith("http://blog.inkzee.com"));
    assertThat(ingester.stored()).isEqualTo(1);
    assertThat(ingester.failed()).isZero();
  }

  @Test
  void theSamePushTwiceStoresEachEntryOnce() {
    publishSeedAndAwaitItsEntries();
    List<Long> ids = entries().stream().map(Entry::id).toList();

    assertThat(hub.publish(TOPIC.toString(), seed, RSS)).containsExactly(202);
    await().atMost(WAIT).until(() -> ingester.stored() == 2);

    assertThat(entries()).extracting(Entry::id).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void aForgedSignatureStoresNothing() {
    hub.signing(TestHub.Signing.FORGED);

    // Answered 202 like any push (so a forger learns nothing), then discarded.
    assertThat(hub.publish(TOPIC.toString(), FORGED_FEED, RSS)).containsExactly(202);
    await().atMost(WAIT).until(() -> callbacks.stats().pushesBadSignature() == 1);

    assertThat(entries()).isEmpty();
    assertThat(ingester.stored() + ingester.failed()).as("pushes handed to the ingester").isZero();

    // The honest publisher still gets through, and only its entries are there.
    hub.signing(TestHub.Signing.SHA256);
    publishSeedAndAwaitItsEntries();
    assertThat(entries()).extracting(Entry::title).doesNotContain("Forged item");
  }

  @Test
  void aPushThatIsNotAFeedStoresNothingAndLaterPushesStillWork() {
    byte[] page =
        "<!DOCTYPE html><html><head><title>Moved</title></head><body>Not here</body></html>"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(hub.publish(TOPIC.toString(), page, "text/html")).containsExactly(202);
    await().atMost(WAIT).until(() -> ingester.failed() == 1);
    assertThat(entries()).isEmpty();
    assertThat(ingester.stored()).isZero();

    publishSeedAndAwaitItsEntries();
    assertThat(ingester.stored()).isEqualTo(1);
    assertThat(ingester.failed()).isEqualTo(1);
  }

  /**
   * An Error from parsing a push (here the parser's clock stands for a library that throws one)
   * escaped PushIngester, which caught only its checked failures, and killed the push thread.
   */
  @Test
  void aPushWhoseParseThrowsAnErrorIsCountedAsFailedAndTheNextPushIsStored() {
    Clock broken = new ThrowingClock();
    PushIngester failing =
        new PushIngester(new FeedParser(broken), new EntryIngester(store.store()));
    failing.accept(feed, TOPIC, seed, RSS);
    assertThat(failing.failed()).isEqualTo(1);
    assertThat(failing.stored()).isZero();

    ingester.accept(feed, TOPIC, seed, RSS);
    assertThat(ingester.stored()).isEqualTo(1);
  }
}
