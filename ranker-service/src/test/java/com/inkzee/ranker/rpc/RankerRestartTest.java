package com.inkzee.ranker.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.ranker.rpc.RankerHarness.Ranker;
import com.inkzee.ranker.rpc.RankerHarness.Story;
import com.inkzee.rpc.api.ranker.RankerMessages.AwaitAlertHitsRequest;
import com.inkzee.rpc.api.store.RuleMessages.AlertHit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ranker stopped and started again with the same {@code INKZEE_DATA_DIR} resumes the change feed
 * from its saved cursor: alerts for entries stored while it was down fire once, alerts fired before
 * the stop do not fire again. Each test runs its own rankers on one shared store.
 */
class RankerRestartTest {
  @TempDir static Path dir;
  private static RankerHarness h;

  @BeforeAll
  static void start() {
    h = new RankerHarness(dir, false);
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static long subscribe(long userId, String name) {
    return h.store.subscribe(userId, "https://" + RankerHarness.feedName(name) + ".example/rss");
  }

  private static List<AlertHit> awaitHitFor(Ranker r, long userId, long entryId) {
    await()
        .atMost(RankerHarness.TAIL_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> RankerAlertsTest.hits(r, userId).stream().anyMatch(x -> x.entryId() == entryId));
    return RankerAlertsTest.hits(r, userId);
  }

  @Test
  void resumesFromItsCursorWithoutMissingOrRepeatingAlerts() {
    Path data = dir.resolve(RankerHarness.unique("ranker"));
    long reader = h.newUser("restart");
    long feed = subscribe(reader, "restart");

    long e1;
    AlertHit hit1;
    try (Ranker a = h.startRanker(data)) {
      RankerAlertsTest.createAlert(a, reader, "tsunami warning");
      e1 = h.ingestOne(feed, Story.of("e1").title("Tsunami warning issued for the coast"));
      hit1 = awaitHitFor(a, reader, e1).get(0);
      assertThat(hit1.entryId()).isEqualTo(e1);
      h.ingestOne(feed, Story.of("filler").title("Weather: mild and dry")); // moves the cursor on
    }

    // While the ranker is down.
    long e2 = h.ingestOne(feed, Story.of("e2").title("Second tsunami warning after aftershock"));
    long quiet = h.ingestOne(feed, Story.of("quiet").title("Harbour reopens to fishing boats"));

    try (Ranker b = h.startRanker(data)) {
      // Once the sentinel's hit is in, B has matched everything before it.
      long e3 = h.ingestOne(feed, Story.of("e3").title("Tsunami warning lifted"));
      List<AlertHit> hits = awaitHitFor(b, reader, e3);

      assertThat(hits).extracting(AlertHit::entryId).containsExactlyInAnyOrder(e1, e2, e3);
      assertThat(hits).extracting(AlertHit::entryId).doesNotContain(quiet);
      // The long poll after the hit seen before the restart gets exactly the new ones.
      List<AlertHit> newer =
          b.stub().awaitAlertHits(new AwaitAlertHitsRequest(reader, hit1.id(), 0)).hits();
      assertThat(newer).extracting(AlertHit::entryId).containsExactly(e2, e3);
    }
  }

  /**
   * RANKER.md: after a restart the wiring feeds the last 7 days' hits back to the dispatcher, "so
   * another feed's copy of an alerted story stays silent".
   */
  @Test
  void staysSilentOnAnotherFeedsCopyOfAStoryAlertedBeforeTheRestart() {
    Path data = dir.resolve(RankerHarness.unique("ranker"));
    long reader = h.newUser("copy-after-restart");
    long first = subscribe(reader, "wire-first");
    long second = subscribe(reader, "wire-second");
    String url = "https://" + RankerHarness.unique("quake") + ".example/story";
    Story story = Story.of("quake").title("Earthquake shakes the capital").url(url);

    long original;
    try (Ranker a = h.startRanker(data)) {
      RankerAlertsTest.createAlert(a, reader, "earthquake");
      original = h.ingestOne(first, story);
      awaitHitFor(a, reader, original);
    }

    try (Ranker b = h.startRanker(data)) {
      long copy =
          h.ingestOne(
              second, story.copy(RankerHarness.unique("quake-copy")).url(url + "?utm_source=x"));
      long sentinel =
          h.ingestOne(
              first, Story.of("aftershock").title("Earthquake aftershock felt in the north"));
      List<AlertHit> hits = awaitHitFor(b, reader, sentinel);

      assertThat(hits)
          .extracting(AlertHit::entryId)
          .as("copy %d of the alerted story %d", copy, original)
          .containsExactlyInAnyOrder(original, sentinel);
    }
  }

  /**
   * A ranker that ran, but saw no entry before it stopped, still knows where it was: entries stored
   * while it was down fire their alerts when it comes back.
   */
  @Test
  void doesNotMissEntriesStoredWhileDownWhenItHadSeenNoEntryBeforeTheStop() {
    Path data = dir.resolve(RankerHarness.unique("ranker"));
    long reader = h.newUser("early-stop");
    long feed = subscribe(reader, "early-stop");
    try (Ranker a = h.startRanker(data)) {
      RankerAlertsTest.createAlert(a, reader, "wildfire");
    }

    long whileDown = h.ingestOne(feed, Story.of("fire1").title("Wildfire near the national park"));

    try (Ranker b = h.startRanker(data)) {
      long sentinel = h.ingestOne(feed, Story.of("fire2").title("Wildfire contained, crews say"));
      List<AlertHit> hits = awaitHitFor(b, reader, sentinel);
      assertThat(hits).extracting(AlertHit::entryId).containsExactlyInAnyOrder(whileDown, sentinel);
    }
  }
}
