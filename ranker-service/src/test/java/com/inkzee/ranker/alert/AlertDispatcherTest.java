package com.inkzee.ranker.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.ranker.window.WindowEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {
  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Records like the store: ids in order, one hit per alert and entry. */
  static final class StoreSink implements HitSink {
    final List<AlertHit> hits = new ArrayList<>();
    final Set<List<Long>> unique = new HashSet<>();
    boolean failNext;

    @Override
    public synchronized List<AlertHit> record(List<NewHit> newHits) {
      if (failNext) {
        failNext = false;
        throw new IllegalStateException("store unavailable");
      }
      List<AlertHit> recorded = new ArrayList<>();
      for (NewHit h : newHits) {
        if (unique.add(List.of(h.alertId(), h.entryId()))) {
          AlertHit hit =
              new AlertHit(hits.size() + 1, h.alertId(), h.userId(), h.entryId(), h.hitAt());
          hits.add(hit);
          recorded.add(hit);
        }
      }
      return recorded;
    }
  }

  static final FolderLookup FOLLOWS_ALL =
      new FolderLookup() {
        @Override
        public boolean follows(long userId, long feedId) {
          return true;
        }

        @Override
        public String folderOf(long userId, long feedId) {
          return null;
        }
      };

  /** Entry ids 100-199 are one story (story 1), the rest their own. */
  static final ClusterLookup STORIES = e -> e.id() >= 100 && e.id() < 200 ? 1 : e.id();

  final TestClock clock = new TestClock();
  final StoreSink sink = new StoreSink();
  final AlertMatcher matcher =
      AlertMatcher.build(
          List.of(
              new AlertRule(1, 1, "quantum", null, null),
              new AlertRule(2, 2, "quantum computer", null, null)));

  AlertDispatcher dispatcher(AlertDispatcher.Limits limits, long processedThrough) {
    return new AlertDispatcher(limits, sink, STORIES, clock, processedThrough);
  }

  static WindowEntry entry(long id, long sequence, long feedId, String title) {
    return new WindowEntry(
        id, sequence, feedId, title, null, null, "", List.of(), Instant.EPOCH, 0, 0);
  }

  AlertDispatcher.Outcome run(AlertDispatcher d, WindowEntry e) {
    return d.dispatch(e, matcher.match(e, FOLLOWS_ALL));
  }

  @Nested
  class OncePerStory {
    @Test
    void storyOfThreeFeedsFiresEachAlertOnce() {
      AlertDispatcher d = dispatcher(AlertDispatcher.Limits.DEFAULTS, 0);
      AlertDispatcher.Outcome first = run(d, entry(100, 1, 10, "Quantum computer built"));
      AlertDispatcher.Outcome second = run(d, entry(101, 2, 11, "A quantum computer, built"));
      AlertDispatcher.Outcome third = run(d, entry(102, 3, 12, "Quantum computer: it works"));
      assertThat(first.fired()).extracting(AlertHit::alertId).containsExactlyInAnyOrder(1L, 2L);
      assertThat(second.fired()).isEmpty();
      assertThat(second.duplicates()).isEqualTo(2);
      assertThat(third.fired()).isEmpty();
      assertThat(sink.hits).hasSize(2);
      // Another story still fires.
      assertThat(run(d, entry(5, 4, 10, "quantum again")).fired()).hasSize(1);
    }

    @Test
    void restartSkipsReplayedEntriesAndRememberedStories() {
      AlertDispatcher before = dispatcher(AlertDispatcher.Limits.DEFAULTS, 0);
      run(before, entry(100, 1, 10, "quantum computer"));
      run(before, entry(7, 2, 10, "quantum"));
      long cursor = before.processedThrough();
      assertThat(cursor).isEqualTo(2);

      AlertDispatcher after = dispatcher(AlertDispatcher.Limits.DEFAULTS, cursor);
      for (AlertHit h : sink.hits) {
        after.remember(h.alertId(), STORIES.storyKey(entry(h.entryId(), 0, 0, "")), h.hitAt());
      }
      assertThat(run(after, entry(7, 2, 10, "quantum")).replay()).isTrue();
      AlertDispatcher.Outcome copy = run(after, entry(101, 3, 11, "quantum computer"));
      assertThat(copy.fired()).isEmpty();
      assertThat(copy.duplicates()).isEqualTo(2);
      assertThat(sink.hits).hasSize(3);
      assertThat(after.processedThrough()).isEqualTo(3);
    }

    @Test
    void storeUniquenessStopsAReplayTheDispatcherForgot() {
      run(dispatcher(AlertDispatcher.Limits.DEFAULTS, 0), entry(7, 1, 10, "quantum"));
      // A new dispatcher that was told neither the cursor nor the hits.
      AlertDispatcher.Outcome again =
          run(dispatcher(AlertDispatcher.Limits.DEFAULTS, 0), entry(7, 1, 10, "quantum"));
      assertThat(again.fired()).isEmpty();
      assertThat(sink.hits).hasSize(1);
    }

    @Test
    void sinkFailureForgetsTheHitsSoARetryFires() {
      AlertDispatcher d = dispatcher(AlertDispatcher.Limits.DEFAULTS, 0);
      sink.failNext = true;
      WindowEntry e = entry(7, 1, 10, "quantum");
      assertThatThrownBy(() -> run(d, e)).hasMessageContaining("store unavailable");
      assertThat(d.processedThrough()).isZero();
      assertThat(run(d, e).fired()).hasSize(1);
    }
  }

  @Test
  void rateLimitDropsAndCountsExcessHitsThenRefills() {
    AlertDispatcher.Limits limits =
        new AlertDispatcher.Limits(
            3, Duration.ofDays(7), 1_000, 8, Duration.ofMinutes(5), 32, 1_000);
    AlertDispatcher d = dispatcher(limits, 0);
    int fired = 0;
    for (int i = 1; i <= 10; i++) {
      fired += run(d, entry(i, i, 10, "quantum")).fired().size();
    }
    assertThat(fired).isEqualTo(3);
    assertThat(d.rateLimited()).isEqualTo(7);
    clock.now = clock.now.plus(Duration.ofMinutes(20)); // one token back
    assertThat(run(d, entry(11, 11, 10, "quantum")).fired()).hasSize(1);
    assertThat(run(d, entry(12, 12, 10, "quantum")).rateLimited()).isEqualTo(1);
  }

  @Nested
  class LongPolls {
    @Test
    void waiterCompletesOnTheUsersNextHit() throws Exception {
      AlertDispatcher d = dispatcher(AlertDispatcher.Limits.DEFAULTS, 0);
      CompletableFuture<List<AlertHit>> user1 = d.awaitHits(1, 0, Duration.ofSeconds(30));
      CompletableFuture<List<AlertHit>> user3 = d.awaitHits(3, 0, Duration.ofSeconds(30));
      assertThat(user1).isNotDone();
      run(d, entry(7, 1, 10, "quantum"));
      assertThat(user1.get(5, TimeUnit.SECONDS))
          .singleElement()
          .extracting(AlertHit::alertId)
          .isEqualTo(1L);
      assertThat(user3).isNotDone();
      assertThat(d.waiting()).isEqualTo(1);
      user3.cancel(true);
      assertThat(d.waiting()).isZero();
    }

    @Test
    void hitAlreadyRecordedAnswersAtOnce() throws Exception {
      AlertDispatcher d = dispatcher(AlertDispatcher.Limits.DEFAULTS, 0);
      run(d, entry(7, 1, 10, "quantum"));
      long id = sink.hits.get(0).hitId();
      assertThat(d.awaitHits(1, id - 1, Duration.ofSeconds(30)).getNow(null)).hasSize(1);
      assertThat(d.awaitHits(1, id, Duration.ofSeconds(30))).isNotDone();
    }

    @Test
    void timesOutEmptyAndIsRemoved() throws Exception {
      AlertDispatcher d = dispatcher(AlertDispatcher.Limits.DEFAULTS, 0);
      CompletableFuture<List<AlertHit>> f = d.awaitHits(1, 0, Duration.ofMillis(100));
      assertThat(f.get(5, TimeUnit.SECONDS)).isEmpty();
      assertThat(d.waiting()).isZero();
    }

    @Test
    void waitersPerUserAreBoundedOldestAnsweredFirst() {
      AlertDispatcher.Limits limits =
          new AlertDispatcher.Limits(
              20, Duration.ofDays(7), 1_000, 2, Duration.ofSeconds(30), 32, 1_000);
      AlertDispatcher d = dispatcher(limits, 0);
      CompletableFuture<List<AlertHit>> a = d.awaitHits(1, 0, Duration.ofMinutes(10));
      CompletableFuture<List<AlertHit>> b = d.awaitHits(1, 0, Duration.ofMinutes(10));
      CompletableFuture<List<AlertHit>> c = d.awaitHits(1, 0, Duration.ofMinutes(10));
      assertThat(a.getNow(null)).isEmpty();
      assertThat(b).isNotDone();
      assertThat(c).isNotDone();
      assertThat(d.waiting()).isEqualTo(2);
    }
  }
}
