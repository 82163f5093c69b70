package com.inkzee.ranker.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.ranker.rpc.RankerHarness.Story;
import com.inkzee.rpc.api.ranker.RankerMessages.AwaitAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.AckAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.Alert;
import com.inkzee.rpc.api.store.RuleMessages.AlertHit;
import com.inkzee.rpc.api.store.RuleMessages.AlertRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListAlertHitsResponse;
import com.inkzee.rpc.api.store.RuleMessages.RecordAlertHitsRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyword alerts through the ranker: created there, matched as entries arrive on the change feed,
 * once per story, recorded in the store and handed to long polls waiting for them.
 */
class RankerAlertsTest {
  @TempDir static Path dir;
  private static RankerHarness h;

  @BeforeAll
  static void start() {
    h = new RankerHarness(dir);
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  static Alert createAlert(RankerHarness.Ranker r, long userId, String query) {
    return r.stub()
        .createAlert(
            new AlertRequest(new Alert(0, userId, "alert " + query, query, null, true, null)))
        .alert();
  }

  static List<AlertHit> hits(RankerHarness.Ranker r, long userId) {
    return r.stub().listAlertHits(new ListAlertHitsRequest(userId, null, 0, 100)).hits();
  }

  private static RankerHarness.Ranker ranker() {
    return h.own();
  }

  @Test
  void openLongPollsHoldNoHandlerThreads() throws Exception {
    long reader = h.newUser("patient");
    Path cursorDir = dir.resolve("few-threads");
    java.nio.file.Files.createDirectories(cursorDir);
    try (RankerHarness.Ranker r =
        h.startRanker(cursorDir, java.util.Map.of("INKZEE_HANDLER_THREADS", "2"))) {
      List<CompletableFuture<ListAlertHitsResponse>> polls = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) { // three times the handler threads
        polls.add(
            CompletableFuture.supplyAsync(
                () -> r.stub().awaitAlertHits(new AwaitAlertHitsRequest(reader, 0, 4))));
      }
      Thread.sleep(300); // the polls are in and waiting
      // Had each poll held a thread, this call would queue behind them for about 12 s and fail
      // with DEADLINE_EXCEEDED after its 3.
      assertThat(
              r.client
                  .stub(Duration.ofSeconds(3))
                  .listAlerts(new com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest(reader))
                  .alerts())
          .isEmpty();
      assertThat(polls).noneMatch(CompletableFuture::isDone);
      for (CompletableFuture<ListAlertHitsResponse> poll : polls) {
        assertThat(poll.get(15, TimeUnit.SECONDS).hits()).isEmpty(); // nothing fired: empty
      }
    }
  }

  @Test
  void aStoryCarriedByThreeFeedsFiresOnceAndWakesAWaitingLongPoll() throws Exception {
    long reader = h.newUser("alerted");
    long a = h.follow(reader, RankerHarness.feedName("volcano-a"));
    long b = h.follow(reader, RankerHarness.feedName("volcano-b"));
    long c = h.follow(reader, RankerHarness.feedName("volcano-c"));
    Alert alert = createAlert(ranker(), reader, "volcano eruption");

    CompletableFuture<ListAlertHitsResponse> poll =
        CompletableFuture.supplyAsync(
            () -> ranker().stub().awaitAlertHits(new AwaitAlertHitsRequest(reader, 0, 20)));
    // Still waiting: there is nothing to answer yet.
    Thread.sleep(500);
    assertThat(poll).isNotDone();

    String host = RankerHarness.unique("volcano") + ".example";
    Story story =
        Story.of("eruption")
            .title("Volcano eruption forces evacuation of coastal towns")
            .url("https://" + host + "/eruption?utm_source=rss")
            .publishedAt(Instant.now().minus(10, ChronoUnit.MINUTES));
    long inA = h.ingestOne(a, story);
    long inB =
        h.ingestOne(
            b, story.copy(RankerHarness.unique("eruption-b")).url("https://" + host + "/eruption"));
    long inC =
        h.ingestOne(
            c,
            story
                .copy(RankerHarness.unique("eruption-c"))
                .url("https://www." + host + "/eruption/?utm_campaign=x"));

    ListAlertHitsResponse woken = poll.get(15, TimeUnit.SECONDS);
    assertThat(woken.hits()).hasSize(1);
    assertThat(woken.hits().get(0).alertId()).isEqualTo(alert.id());
    assertThat(woken.hits().get(0).entryId()).isIn(inA, inB, inC);

    // All three copies tailed, and still one hit.
    h.awaitTailed(reader, inA, inB, inC);
    assertThat(hits(ranker(), reader))
        .singleElement()
        .satisfies(
            hit -> {
              assertThat(hit.id()).isEqualTo(woken.hits().get(0).id());
              assertThat(hit.entryId()).isIn(inA, inB, inC);
            });
  }

  @Test
  void aNonMatchingEntryFiresNothing() {
    long reader = h.newUser("quiet");
    long feed = h.follow(reader, RankerHarness.feedName("quiet"));
    Alert alert = createAlert(ranker(), reader, "\"solar flare\" -forecast");

    long unrelated = h.ingestOne(feed, Story.of("nm1").title("Local bakery wins national prize"));
    long onlyOneWord =
        h.ingestOne(feed, Story.of("nm2").title("Solar panels on every school roof"));
    long excluded =
        h.ingestOne(feed, Story.of("nm3").title("Solar flare forecast for the coming week"));
    // A later matching entry: once its hit is in, the earlier entries were matched too.
    long sentinel = h.ingestOne(feed, Story.of("nm4").title("Strong solar flare disrupts radio"));

    await()
        .atMost(RankerHarness.TAIL_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !hits(ranker(), reader).isEmpty());
    assertThat(hits(ranker(), reader))
        .singleElement()
        .satisfies(
            hit -> {
              assertThat(hit.alertId()).isEqualTo(alert.id());
              assertThat(hit.entryId()).isEqualTo(sentinel);
            });
    assertThat(List.of(unrelated, onlyOneWord, excluded)).doesNotContain(sentinel);
  }

  @Test
  void ackAlertHitsAcknowledgesTheReadersHitsOnce() {
    long reader = h.newUser("acker");
    long intruder = h.newUser("intruder");
    long feed = h.follow(reader, RankerHarness.feedName("acker"));
    createAlert(ranker(), reader, "meteor shower");
    h.ingestOne(feed, Story.of("ack1").title("Meteor shower peaks tonight"));
    await()
        .atMost(RankerHarness.TAIL_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !hits(ranker(), reader).isEmpty());
    AlertHit hit = hits(ranker(), reader).get(0);
    assertThat(hit.acknowledgedAt()).isNull();

    int byIntruder =
        ranker()
            .stub()
            .ackAlertHits(new AckAlertHitsRequest(intruder, List.of(hit.id())))
            .acknowledged();
    int first =
        ranker()
            .stub()
            .ackAlertHits(new AckAlertHitsRequest(reader, List.of(hit.id())))
            .acknowledged();
    int again =
        ranker()
            .stub()
            .ackAlertHits(new AckAlertHitsRequest(reader, List.of(hit.id())))
            .acknowledged();

    assertThat(byIntruder).isZero();
    assertThat(first).isEqualTo(1);
    assertThat(again).isZero();
    assertThat(hits(ranker(), reader).get(0).acknowledgedAt()).isNotNull();
  }

  /** A poll asking for hits after one it has seen waits for the next, not the same one again. */
  @Test
  void aLongPollAfterTheLastSeenHitWaitsForTheNextOne() throws Exception {
    long reader = h.newUser("poller");
    long feed = h.follow(reader, RankerHarness.feedName("poller"));
    createAlert(ranker(), reader, "aurora");
    long first = h.ingestOne(feed, Story.of("au1").title("Aurora seen far south"));
    await()
        .atMost(RankerHarness.TAIL_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !hits(ranker(), reader).isEmpty());
    AlertHit seen = hits(ranker(), reader).get(0);
    assertThat(seen.entryId()).isEqualTo(first);

    CompletableFuture<ListAlertHitsResponse> poll =
        CompletableFuture.supplyAsync(
            () -> ranker().stub().awaitAlertHits(new AwaitAlertHitsRequest(reader, seen.id(), 20)));
    Thread.sleep(500);
    assertThat(poll).isNotDone();
    long second =
        h.ingestOne(feed, Story.of("au2").title("Aurora forecast: another night of lights"));

    List<AlertHit> next = poll.get(15, TimeUnit.SECONDS).hits();
    assertThat(next).singleElement().satisfies(hit -> assertThat(hit.entryId()).isEqualTo(second));
  }

  /**
   * A poller that fell behind by more hits than one store page gets the oldest it has not seen, and
   * going on from the highest id it got, every hit once.
   */
  @Test
  void aPollerFarBehindGetsEveryHitOnceOldestFirst() {
    long reader = h.newUser("behind");
    long feed = h.follow(reader, RankerHarness.feedName("behind"));
    Alert alert = createAlert(ranker(), reader, "nothing-arrives-with-this-word");
    Story[] stories = new Story[1_150];
    for (int i = 0; i < stories.length; i++) {
      stories[i] = Story.of("behind" + i);
    }
    List<Long> entries = List.copyOf(h.ingest(feed, stories).values());
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (int from = 0; from < entries.size(); from += 500) {
      h.store
          .store()
          .recordAlertHits(
              new RecordAlertHitsRequest(
                  entries.subList(from, Math.min(entries.size(), from + 500)).stream()
                      .map(e -> new AlertHit(0, alert.id(), e, at, null))
                      .toList()));
    }

    List<AlertHit> first =
        ranker().stub().awaitAlertHits(new AwaitAlertHitsRequest(reader, 0, 0)).hits();
    List<AlertHit> rest =
        ranker()
            .stub()
            .awaitAlertHits(new AwaitAlertHitsRequest(reader, first.get(first.size() - 1).id(), 0))
            .hits();

    assertThat(first).hasSize(1_000);
    assertThat(rest).hasSize(150);
    List<Long> seen = new java.util.ArrayList<>();
    first.forEach(hit -> seen.add(hit.entryId()));
    rest.forEach(hit -> seen.add(hit.entryId()));
    assertThat(seen).containsExactlyInAnyOrderElementsOf(entries);
    assertThat(first).isSortedAccordingTo(java.util.Comparator.comparingLong(AlertHit::id));
    assertThat(first.get(first.size() - 1).id()).isLessThan(rest.get(0).id());
  }

  /**
   * An alert owner with a stored preference the ranker cannot use (a value of control characters
   * only, kept by the store before the ranker refused such values): loading the owner used to
   * throw, inside the change-feed tail, which then retried the same page forever, so no reader got
   * new entries and no alert fired. Now the rule is left out of the load: the owner's alert fires
   * and everyone's entries arrive.
   */
  @Test
  void anAlertOwnerWithAnUnusableStoredPreferenceDoesNotStopIntake() {
    long owner = h.newUser("junk-owner");
    long other = h.newUser("bystander");
    String feedName = RankerHarness.feedName("junk-owner");
    long feed = h.follow(owner, feedName);
    h.follow(other, feedName);
    h.store
        .store()
        .setPreference(
            new com.inkzee.rpc.api.store.RuleMessages.PreferenceRequest(
                new com.inkzee.rpc.api.store.RuleMessages.Preference(
                    0,
                    owner,
                    com.inkzee.rpc.api.store.PreferenceKind.AUTHOR,
                    "\u0001",
                    1,
                    null,
                    null)));
    Alert alert = createAlert(ranker(), owner, "glacier");

    long entry = h.ingestOne(feed, Story.of("glacier").title("Glacier retreat measured again"));

    h.awaitTailed(other, entry);
    h.awaitTailed(owner, entry);
    await()
        .atMost(RankerHarness.TAIL_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> !hits(ranker(), owner).isEmpty());
    assertThat(hits(ranker(), owner))
        .singleElement()
        .satisfies(hit -> assertThat(hit.alertId()).isEqualTo(alert.id()));
  }

  /**
   * A query the matcher cannot parse used to be stored and then set aside by the matcher: an alert
   * that never fires and says nothing. Refused now, before the store.
   */
  @Test
  void anAlertQueryTheMatcherCannotParseIsInvalidAndNotStored() {
    long reader = h.newUser("unparsable");
    Alert good = createAlert(ranker(), reader, "comet");
    for (String query : List.of("-job", "!!!", "\"\"")) {
      com.inkzee.rpc.status.RpcException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              com.inkzee.rpc.status.RpcException.class,
              () -> createAlert(ranker(), reader, query),
              query);
      assertThat(refused.status())
          .as(query)
          .isEqualTo(com.inkzee.rpc.status.Status.INVALID_ARGUMENT);
      assertThat(refused.getMessage()).as(query).contains("alert.query");
      com.inkzee.rpc.status.RpcException updateRefused =
          org.junit.jupiter.api.Assertions.assertThrows(
              com.inkzee.rpc.status.RpcException.class,
              () ->
                  ranker()
                      .stub()
                      .updateAlert(
                          new AlertRequest(
                              new Alert(good.id(), reader, "changed", query, null, true, null))));
      assertThat(updateRefused.status())
          .as(query)
          .isEqualTo(com.inkzee.rpc.status.Status.INVALID_ARGUMENT);
    }
    assertThat(
            ranker()
                .stub()
                .listAlerts(new com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest(reader))
                .alerts())
        .containsExactly(good);
  }
}
