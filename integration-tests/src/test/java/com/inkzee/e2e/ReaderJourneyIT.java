package com.inkzee.e2e;

import static com.inkzee.e2e.web.BrowserSession.object;
import static java.net.http.HttpResponse.BodyHandlers.ofString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.inkzee.e2e.feeds.FeedItem;
import com.inkzee.e2e.feeds.FeedServer;
import com.inkzee.e2e.feeds.Stories;
import com.inkzee.e2e.feeds.TestFeed;
import com.inkzee.e2e.stack.LocalStack;
import com.inkzee.e2e.stack.ServiceProcess;
import com.inkzee.e2e.web.BrowserSession;
import com.inkzee.rpc.api.ranker.RankerMessages.AlsoIn;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestItem;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.ranker.RiverOrder;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.AlertHit;
import com.inkzee.rpc.api.store.RuleMessages.AlertRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.UserMessages.CreateUserRequest;
import com.inkzee.rpc.client.RpcClient;
import com.inkzee.rpc.status.RpcException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A reader's journey through the whole system, as {@code docker compose up} runs it: store,
 * fetcher, ranker and web as separate processes from their jars, with the environment
 * docker-compose.yml gives them, on a throwaway PostgreSQL database, polling feeds from a real HTTP
 * server on loopback that changes between polls. Steps run in order and build on each other:
 *
 * <ol>
 *   <li>alice follows tech and science, bob science and world (science is shared);
 *   <li>the entries reach both rivers, ranked with a breakdown; the story tech and science both
 *       carry is one item in alice's river, "also in" the other feed;
 *   <li>(web) a reader in a browser: the page is served and healthy in front of the ranker; carol
 *       signs up through the JSON API (CSRF header rules enforced), subscribes by URL, sees the
 *       ranker's own ranked river, marks a story read and the ranker's river shows it;
 *   <li>alice's alert fires once for a new story, not again for its copy in another feed nor on
 *       later polls;
 *   <li>a digest fits its budget;
 *   <li>the fetcher is killed -9 in the middle of a fetch and the ranker with it; entries published
 *       meanwhile arrive after they restart; no entry is lost or stored or shown twice, and alerts
 *       fire once.
 * </ol>
 *
 * Logs: {@code integration-tests/target/logs/journey/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReaderJourneyIT {
  /** Time for a change on the feed server to reach a river: a poll cycle and the tail, twice. */
  private static final Duration ARRIVAL = Duration.ofSeconds(45);

  /** A killed fetcher's lease (70 s in the override) must expire before its feed is polled. */
  private static final Duration AFTER_CRASH = Duration.ofSeconds(150);

  /** Words per entry: about 23 s of reading each at the ranker's 238 words a minute. */
  private static final int WORDS = 90;

  /** A failing step shows the last lines of every process's log with its own message. */
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
  private RpcClient<RankerService> rankerClient;
  private StoreService store;
  private RankerService ranker;

  private TestFeed tech;
  private TestFeed science;
  private TestFeed world;
  private long alice;
  private long bob;
  private final Map<TestFeed, Long> feedIds = new HashMap<>();
  private long quantumAlert;

  @BeforeAll
  void upTheStack() throws Exception {
    web = FeedServer.start();
    tech = web.feed("/tech.xml", "Tech Daily");
    science = web.feed("/science.xml", "Science Weekly");
    world = web.feed("/world.xml", "World Report");
    tech.add(story("t1", "Compilers get faster again", "https://tech.example.org/compilers"));
    tech.add(
        story(
            "t2",
            "Open standards win the browser wars",
            "https://news.example.org/open-standards?utm_source=tech"));
    science.add(story("s1", "A new telescope sees first light", "https://sci.example.org/scope"));
    science.add(
        story(
            "s2",
            "Open standards win the browser wars",
            "https://news.example.org/open-standards?utm_source=science"));
    world.add(story("w1", "Elections in three countries", "https://world.example.org/votes"));
    world.add(story("w2", "Trade talks resume", "https://world.example.org/trade"));

    stack = Inkzee.stack("journey", token).optional("web").up();
    storeClient = Inkzee.client(stack, "store", 7101, StoreService.class, token);
    rankerClient = Inkzee.client(stack, "ranker", 7103, RankerService.class, token);
    store = storeClient.stub();
    ranker = rankerClient.stub();
  }

  @AfterAll
  void downTheStack() throws Exception {
    // Each step closes even if an earlier one throws: no process may outlive the run.
    try (FeedServer w = web;
        LocalStack s = stack;
        RpcClient<?> r = rankerClient;
        RpcClient<?> c = storeClient) {
      // closed in reverse order: clients, then every process and the database, then the feeds
    }
  }

  private static FeedItem story(String guid, String title, String link) {
    return Stories.item(guid, title, link, WORDS);
  }

  @Test
  @Order(1)
  void twoReadersFollowOverlappingFeedsThroughTheRanker() {
    alice = store.createUser(new CreateUserRequest("alice", "alice@example.org")).user().id();
    bob = store.createUser(new CreateUserRequest("bob", "bob@example.org")).user().id();
    subscribe(alice, tech);
    long aliceScience = subscribe(alice, science);
    long bobScience = subscribe(bob, science);
    subscribe(bob, world);
    assertThat(bobScience).as("one feed row however many follow it").isEqualTo(aliceScience);
  }

  private long subscribe(long user, TestFeed feed) {
    long id =
        ranker
            .subscribe(new SubscribeRequest(user, web.url(feed), feed.title(), null, 0))
            .subscription()
            .feedId();
    feedIds.put(feed, id);
    return id;
  }

  @Test
  @Order(2)
  void entriesReachBothRiversRankedWithTheSharedStoryCollapsed() {
    within(ARRIVAL, "both rivers fill")
        .untilAsserted(
            () -> {
              assertThat(titles(river(alice, RiverOrder.RANKED)))
                  .containsExactlyInAnyOrder(
                      "Compilers get faster again",
                      "A new telescope sees first light",
                      "Open standards win the browser wars");
              assertThat(titles(river(bob, RiverOrder.RANKED)))
                  .containsExactlyInAnyOrder(
                      "A new telescope sees first light",
                      "Open standards win the browser wars",
                      "Elections in three countries",
                      "Trade talks resume");
            });

    List<RiverItem> ranked = river(alice, RiverOrder.RANKED);
    for (int i = 0; i < ranked.size(); i++) {
      RiverItem item = ranked.get(i);
      assertThat(item.why()).as("score breakdown of " + item.title()).isNotEmpty();
      if (i > 0) {
        assertThat(item.score()).as("ranked order").isLessThanOrEqualTo(ranked.get(i - 1).score());
      }
    }
    RiverItem shared = item(ranked, "Open standards win the browser wars");
    assertThat(shared.alsoIn()).as("the copy in alice's other feed").hasSize(1);
    AlsoIn copy = shared.alsoIn().get(0);
    assertThat(Set.of(shared.feedId(), copy.feedId()))
        .containsExactlyInAnyOrder(feedIds.get(tech), feedIds.get(science));
    // bob follows only one of the two feeds: the story is there once, with nothing to collapse.
    assertThat(item(river(bob, RiverOrder.RANKED), "Open standards win the browser wars").alsoIn())
        .isEmpty();
  }

  @Test
  @Order(3)
  void aReaderInTheBrowserSignsUpSubscribesReadsTheRankedRiverAndMarksRead() throws Exception {
    Assumptions.assumeTrue(stack.has("web"), "the web module is not built yet: " + stack.skipped());
    HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    // Its health as compose's healthcheck sees it (the stack waited for it): the ranker answers.
    int admin = stack.port("web", 7304);
    HttpResponse<String> health = http.send(adminGet(admin, "/healthz"), ofString());
    assertThat(health.statusCode()).as("web /healthz: " + health.body()).isEqualTo(200);
    assertThat(health.body()).contains("\"ranker\":{\"status\":\"UP\"");
    String origin = "http://127.0.0.1:" + stack.port("web", 8080);
    HttpResponse<String> page = http.send(adminGet(stack.port("web", 8080), "/"), ofString());
    assertThat(page.statusCode()).as("the reader page on the published port").isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));

    // Sign up as the page does; a change without the page's CSRF header is refused, before and
    // after there is a session.
    BrowserSession browser = new BrowserSession(origin);
    ObjectNode carolsAccount = object().put("name", "carol").put("password", "carol reads a lot");
    assertThat(browser.postWithoutCsrf("/api/signup", carolsAccount).status()).isEqualTo(403);
    BrowserSession.Reply signedUp = browser.signUp("carol", "carol reads a lot");
    assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(201);
    long carol = signedUp.json().path("user").path("id").asLong();
    assertThat(browser.get("/api/session").json().path("user").path("name").asText())
        .isEqualTo("carol");
    ObjectNode followTech = object().put("url", web.url(tech));
    BrowserSession.Reply forged = browser.postWithoutCsrf("/api/subscriptions", followTech);
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.error()).isEqualTo("forbidden");

    // Subscribe by feed URL through the web reader: the same feed rows alice follows.
    for (TestFeed feed : List.of(tech, science)) {
      BrowserSession.Reply sub =
          browser.post("/api/subscriptions", object().put("url", web.url(feed)));
      assertThat(sub.status()).as(sub.body()).isEqualTo(201);
      assertThat(sub.json().path("subscription").path("feedId").asLong())
          .isEqualTo(feedIds.get(feed));
    }

    // The river the page shows is the ranker's river over RPC, item for item, in ranked order.
    within(ARRIVAL, "carol's river through the web is the ranker's")
        .untilAsserted(
            () -> {
              JsonNode items = browser.get("/api/river?order=ranked&read=all&limit=200").json();
              List<RiverItem> rpc = river(carol, RiverOrder.RANKED);
              assertThat(titles(rpc))
                  .containsExactlyInAnyOrder(
                      "Compilers get faster again",
                      "A new telescope sees first light",
                      "Open standards win the browser wars");
              assertThat(entryIds(items.path("items")))
                  .isEqualTo(rpc.stream().map(RiverItem::entryId).toList());
            });
    JsonNode items = browser.get("/api/river?order=ranked&read=all&limit=200").json().path("items");
    for (JsonNode item : items) {
      assertThat(item.path("why").size()).as("why of " + item.path("title")).isPositive();
    }
    JsonNode shared = null;
    for (JsonNode item : items) {
      if (item.path("title").asText().equals("Open standards win the browser wars")) {
        shared = item;
      }
    }
    assertThat(shared).as("the shared story").isNotNull();
    String sharedTitle = shared.path("title").asText();
    assertThat(shared.path("alsoIn").size()).as("also in carol's other feed").isEqualTo(1);
    long story = shared.path("entryId").asLong();
    long copy = shared.path("alsoIn").get(0).path("entryId").asLong();

    // Mark it read in the page: its copy is marked with it, and the ranker's river says so.
    ObjectNode read = object().put("read", true);
    read.putArray("entryIds").add(story);
    BrowserSession.Reply marked = browser.post("/api/entries/state", read);
    assertThat(marked.status()).as(marked.body()).isEqualTo(200);
    assertThat(entryIds(marked.json().path("alsoMarked"))).containsExactly(copy);
    within(ARRIVAL, "the ranker's river shows carol's read mark")
        .untilAsserted(
            () -> {
              RiverItem mark = item(river(carol, RiverOrder.RANKED), sharedTitle);
              assertThat(mark.entryId()).isEqualTo(story);
              assertThat(mark.read()).isTrue();
              assertThat(unreadRiver(carol))
                  .extracting(RiverItem::entryId)
                  .doesNotContain(story, copy)
                  .hasSize(2);
            });
    assertThat(entryIds(browser.get("/api/river?read=unread").json().path("items")))
        .doesNotContain(story)
        .hasSize(2);
    assertThat(item(river(alice, RiverOrder.RANKED), "Open standards win the browser wars").read())
        .as("read marks are carol's own")
        .isFalse();

    // What the web reader counted, by route template.
    HttpResponse<String> metrics = http.send(adminGet(admin, "/metrics"), ofString());
    assertThat(metrics.body())
        .contains(
            "inkzee_web_requests_seconds_count{method=\"POST\",route=\"/api/signup\","
                + "status=\"201\"} 1")
        .contains(
            "inkzee_web_requests_seconds_count{method=\"POST\",route=\"/api/entries/state\","
                + "status=\"200\"} 1")
        .contains("inkzee_web_signups_total{outcome=\"ok\"} 1")
        .contains(
            "inkzee_rpc_client_calls_seconds_count{method=\"subscribeSite\",service=\"ranker\","
                + "status=\"OK\"} 2");
  }

  private static HttpRequest adminGet(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static List<Long> entryIds(JsonNode array) {
    List<Long> ids = new ArrayList<>();
    for (JsonNode n : array) {
      ids.add(n.isNumber() ? n.asLong() : n.path("entryId").asLong());
    }
    return ids;
  }

  private List<RiverItem> unreadRiver(long user) {
    return ranker
        .river(new RiverRequest(user, RiverOrder.RANKED, false, null, null, null, 1000))
        .items();
  }

  @Test
  @Order(4)
  void anAlertFiresOnceForANewStoryNotForItsCopyNorOnLaterPolls() {
    quantumAlert =
        ranker
            .createAlert(
                new AlertRequest(new Alert(0, alice, "quantum news", "quantum", null, true, null)))
            .alert()
            .id();
    science.add(
        story(
            "s3",
            "Quantum error correction passes a milestone",
            "https://news.example.org/quantum-milestone?utm_source=science"));

    within(ARRIVAL, "the new story reaches both rivers and fires alice's alert")
        .untilAsserted(
            () -> {
              assertThat(titles(river(alice, RiverOrder.RANKED)))
                  .contains("Quantum error correction passes a milestone");
              assertThat(titles(river(bob, RiverOrder.RANKED)))
                  .contains("Quantum error correction passes a milestone");
              assertThat(hits()).hasSize(1);
            });
    long s3 = entryId(science, "s3");
    assertThat(hits()).extracting(AlertHit::entryId).containsExactly(s3);

    // The same story in alice's other feed: collapsed under the first, and silent.
    tech.add(
        story(
            "t3",
            "Quantum error correction passes a milestone",
            "https://news.example.org/quantum-milestone?utm_source=tech"));
    within(ARRIVAL, "the copy is collapsed under the story")
        .untilAsserted(
            () ->
                assertThat(
                        alsoInIds(
                            item(
                                river(alice, RiverOrder.RANKED),
                                "Quantum error correction passes a milestone")))
                    .hasSize(1));
    int polled = web.requestCount(science) + web.requestCount(tech);
    within(ARRIVAL, "two more polls of each feed")
        .until(() -> web.requestCount(science) + web.requestCount(tech) >= polled + 4);
    assertThat(hits()).extracting(AlertHit::entryId).containsExactly(s3);
  }

  @Test
  @Order(5)
  void aDigestFitsItsBudget() {
    DigestResponse minute = ranker.digest(new DigestRequest(alice, 1, null));
    assertThat(minute.budgetSeconds()).isEqualTo(60);
    assertThat(minute.items()).as("a minute holds some of alice's stories").isNotEmpty();
    assertThat(minute.totalSeconds())
        .isLessThanOrEqualTo(60)
        .isEqualTo(minute.items().stream().mapToInt(DigestItem::readingSeconds).sum());
    List<Long> ids = minute.items().stream().map(d -> d.item().entryId()).toList();
    assertThat(ids).doesNotHaveDuplicates();

    // Four stories of ~23 s do not fit in one minute; in ten they all do, the first ones kept.
    DigestResponse ten = ranker.digest(new DigestRequest(alice, 10, minute.asOf()));
    assertThat(ten.totalSeconds()).isLessThanOrEqualTo(600);
    assertThat(ten.items()).hasSizeGreaterThan(minute.items().size());
    assertThat(ten.items().stream().map(d -> d.item().entryId()).toList()).containsAll(ids);
    assertThat(ten.items().stream().map(d -> d.item().title()).toList())
        .as("one item per story")
        .doesNotHaveDuplicates()
        .hasSize(4);
  }

  @Test
  @Order(6)
  void killDashNineMidFetchLosesNothingDuplicatesNothingAndRepeatsNoAlert() throws Exception {
    ServiceProcess fetcher = stack.first("fetcher");
    ServiceProcess rankerProcess = stack.first("ranker");
    List<AlertHit> hitsBefore = hits();

    // The next fetch of science hangs on the feed server, so the kill lands inside it, with the
    // feed leased to the fetcher that dies.
    try (FeedServer.Hold hold = web.hold(science)) {
      tech.add(story("t4", "Chips shrink once more", "https://tech.example.org/chips"));
      science.add(
          story(
              "s4",
              "Quantum networking links a whole city",
              "https://news.example.org/quantum-city"));
      world.add(story("w3", "Harvest season begins", "https://world.example.org/harvest"));
      within(Duration.ofSeconds(30), "the fetcher is inside a fetch of science")
          .until(() -> hold.waiting() >= 1);

      assertThat(fetcher.killHard(Duration.ofSeconds(30)))
          .isEqualTo(ServiceProcess.EXIT_AFTER_SIGKILL);
      assertThat(rankerProcess.killHard(Duration.ofSeconds(30)))
          .isEqualTo(ServiceProcess.EXIT_AFTER_SIGKILL);
    }

    // Published while both are down.
    tech.add(story("t5", "A keyboard with no keys", "https://tech.example.org/keyboard"));
    science.add(story("s5", "Bees can count to four", "https://sci.example.org/bees"));
    world.add(story("w4", "A bridge reopens", "https://world.example.org/bridge"));

    stack.restart(fetcher);
    stack.restart(rankerProcess);

    within(AFTER_CRASH, "every published entry stored exactly once")
        .untilAsserted(
            () -> {
              for (TestFeed feed : List.of(tech, science, world)) {
                assertStoredOnce(feed);
              }
            });
    within(ARRIVAL, "every entry in the rivers exactly once")
        .untilAsserted(
            () -> {
              assertRiverHoldsEachEntryOnce(alice, tech, science);
              assertRiverHoldsEachEntryOnce(bob, science, world);
            });
    within(ARRIVAL, "the new quantum story fires alice's alert")
        .untilAsserted(() -> assertThat(hits()).hasSize(hitsBefore.size() + 1));

    int polled = web.requestCount(science);
    within(ARRIVAL, "two more polls of science")
        .until(() -> web.requestCount(science) >= polled + 2);
    List<AlertHit> after = hits();
    assertThat(after)
        .extracting(AlertHit::entryId)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrder(entryId(science, "s3"), entryId(science, "s4"));
    assertThat(after).extracting(AlertHit::alertId).containsOnly(quantumAlert);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private ConditionFactory within(Duration timeout, String what) {
    return await(what)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(RpcException.class);
  }

  private List<RiverItem> river(long user, RiverOrder order) {
    return ranker.river(new RiverRequest(user, order, true, null, null, null, 1000)).items();
  }

  private static List<String> titles(List<RiverItem> items) {
    return items.stream().map(RiverItem::title).toList();
  }

  private static RiverItem item(List<RiverItem> items, String title) {
    List<RiverItem> found = items.stream().filter(i -> i.title().equals(title)).toList();
    assertThat(found).as("items titled " + title).hasSize(1);
    return found.get(0);
  }

  private static List<Long> alsoInIds(RiverItem item) {
    return item.alsoIn().stream().map(AlsoIn::entryId).toList();
  }

  private List<AlertHit> hits() {
    return ranker.listAlertHits(new ListAlertHitsRequest(alice, null, 0, 100)).hits();
  }

  private List<Entry> stored(TestFeed feed) {
    return store
        .listEntries(
            new ListEntriesRequest(List.of(feedIds.get(feed)), null, null, 1000, null, true))
        .entries();
  }

  private long entryId(TestFeed feed, String guid) {
    return stored(feed).stream()
        .filter(e -> guid.equals(e.guid()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(guid + " is not stored"))
        .id();
  }

  private void assertStoredOnce(TestFeed feed) {
    List<String> guids = stored(feed).stream().map(Entry::guid).toList();
    assertThat(guids)
        .as(feed.path() + " in the store")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(feed.items().stream().map(FeedItem::guid).toList());
  }

  /** Every stored entry of the feeds is in the river once: as an item or "also in" one. */
  private void assertRiverHoldsEachEntryOnce(long user, TestFeed... feeds) {
    List<Long> shown = new ArrayList<>();
    for (RiverItem item : river(user, RiverOrder.NEWEST)) {
      shown.add(item.entryId());
      shown.addAll(alsoInIds(item));
    }
    Set<Long> expected = new HashSet<>();
    for (TestFeed feed : feeds) {
      stored(feed).forEach(e -> expected.add(e.id()));
    }
    assertThat(shown)
        .as("user " + user + "'s river")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
