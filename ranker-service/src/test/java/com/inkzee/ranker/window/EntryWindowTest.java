package com.inkzee.ranker.window;

import static com.inkzee.ranker.testing.TestEntries.NOW;
import static com.inkzee.ranker.testing.TestEntries.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.inkzee.ranker.testing.TestEntries.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EntryWindowTest {
  private final MutableClock clock = new MutableClock(NOW);
  private final EntryWindow window = new EntryWindow(Duration.ofDays(14), clock);

  @Nested
  class Contents {
    @Test
    void indexesByIdAndByFeedNewestFirst() {
      window.putAll(
          List.of(
              entry(1, 10, NOW.minusSeconds(300)),
              entry(2, 10, NOW.minusSeconds(100)),
              entry(3, 20, NOW.minusSeconds(200)),
              entry(4, 10, NOW.minusSeconds(200))));
      assertThat(window.size()).isEqualTo(4);
      assertThat(window.feed(10)).extracting(WindowEntry::id).containsExactly(2L, 4L, 1L);
      assertThat(window.feed(20)).extracting(WindowEntry::id).containsExactly(3L);
      assertThat(window.feed(99)).isEmpty();
      assertThat(window.get(3).feedId()).isEqualTo(20);
      assertThat(window.maxId()).isEqualTo(4);
    }

    /**
     * The lowest id held is where reader loads start reading marks: it follows every way an entry
     * comes and goes, down when an old entry re-enters, up when the lowest leaves.
     */
    @Test
    void lowestIdFollowsPutsRemovalsEvictionsAndDatesMovedOut() {
      assertThat(window.lowestId()).isEqualTo(Long.MAX_VALUE);
      window.putAll(
          List.of(
              entry(20, 10, NOW.minusSeconds(100)),
              entry(30, 10, NOW.minusSeconds(50)),
              entry(40, 20, NOW.minus(Duration.ofDays(13)))));
      assertThat(window.lowestId()).isEqualTo(20);
      window.put(entry(5, 20, NOW.minusSeconds(10))); // an old entry re-enters, dated anew
      assertThat(window.lowestId()).isEqualTo(5);
      window.put(
          new WindowEntry(
              5,
              99,
              20,
              "Redated",
              null,
              null,
              "",
              List.of(),
              NOW.minus(Duration.ofDays(20)),
              0,
              0));
      assertThat(window.lowestId()).as("its date moved out of the span").isEqualTo(20);
      window.remove(20);
      assertThat(window.lowestId()).isEqualTo(30);
      window.put(entry(25, 20, NOW.minus(Duration.ofDays(13))));
      clock.advance(Duration.ofDays(2));
      window.evictExpired();
      assertThat(window.lowestId()).isEqualTo(30);
      window.remove(30);
      assertThat(window.lowestId()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void replacesAnEntryWhenItsSequenceMovesAndIgnoresStaleVersions() {
      WindowEntry v1 = entry(1, 10, NOW.minusSeconds(300));
      WindowEntry v2 =
          new WindowEntry(
              1, 7, 10, "Edited", null, null, "", List.of(), NOW.minusSeconds(50), 0, 0);
      WindowEntry stale =
          new WindowEntry(1, 5, 10, "Old", null, null, "", List.of(), NOW.minusSeconds(300), 0, 0);
      List<String> seen = new ArrayList<>();
      window.addListener(
          new WindowListener() {
            @Override
            public void onPut(WindowEntry e, WindowEntry previous) {
              seen.add("put " + e.title() + (previous == null ? "" : " over " + previous.title()));
            }

            @Override
            public void onRemove(WindowEntry e) {
              seen.add("remove " + e.title());
            }
          });
      assertThat(window.put(v1)).isTrue();
      window.put(entry(2, 10, NOW.minusSeconds(100)));
      assertThat(window.put(v2)).isTrue();
      assertThat(window.put(stale)).isFalse();
      assertThat(window.get(1).title()).isEqualTo("Edited");
      assertThat(window.size()).isEqualTo(2);
      assertThat(window.feed(10)).extracting(WindowEntry::id).containsExactly(1L, 2L);
      assertThat(seen).containsExactly("put Entry 1", "put Entry 2", "put Edited over Entry 1");
      assertThat(window.maxSequence()).isEqualTo(7);
    }

    @Test
    void anEntryCanMoveToAnotherFeed() {
      window.put(entry(1, 10, NOW));
      window.put(new WindowEntry(1, 2, 20, "", null, null, "", List.of(), NOW, 0, 0));
      assertThat(window.feed(10)).isEmpty();
      assertThat(window.feed(20)).hasSize(1);
      assertThat(window.feedCount()).isEqualTo(1);
    }

    @Test
    void removesADeletedEntry() {
      window.put(entry(1, 10, NOW));
      window.put(entry(2, 10, NOW));
      assertThat(window.remove(1).id()).isEqualTo(1);
      assertThat(window.remove(1)).isNull();
      assertThat(window.feed(10)).extracting(WindowEntry::id).containsExactly(2L);
    }
  }

  @Nested
  class Eviction {
    @Test
    void dropsEntriesOlderThanTheSpanAndTellsListeners() {
      window.put(entry(1, 10, NOW.minus(Duration.ofDays(13))));
      window.put(entry(2, 10, NOW.minus(Duration.ofDays(1))));
      window.put(entry(3, 20, NOW.minus(Duration.ofDays(12))));
      List<Long> removed = new ArrayList<>();
      window.addListener(
          new WindowListener() {
            @Override
            public void onPut(WindowEntry e, WindowEntry previous) {}

            @Override
            public void onRemove(WindowEntry e) {
              removed.add(e.id());
            }
          });
      assertThat(window.evictExpired()).isEmpty();
      clock.advance(Duration.ofDays(2).plusHours(1));
      assertThat(window.evictExpired())
          .extracting(WindowEntry::id)
          .containsExactlyInAnyOrder(1L, 3L);
      assertThat(removed).containsExactlyInAnyOrder(1L, 3L);
      assertThat(window.get(1)).isNull();
      assertThat(window.feed(10)).extracting(WindowEntry::id).containsExactly(2L);
      assertThat(window.feed(20)).isEmpty();
      assertThat(window.size()).isEqualTo(1);
    }

    /**
     * The evictor runs on its own thread. Its removals must not reach a listener between a batch's
     * announcement and the batch's puts, which StoryClusters relies on (it probes the batch against
     * the index as it stood when announced).
     */
    @Test
    void anEvictionWaitsUntilABatchsListenerCallsHaveEnded() throws Exception {
      window.put(entry(1, 10, NOW.minus(Duration.ofDays(13))));
      clock.advance(Duration.ofDays(2)); // entry 1 is now older than the span
      List<String> calls = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      CountDownLatch announced = new CountDownLatch(1);
      window.addListener(
          new WindowListener() {
            private void call(String what, Runnable during) {
              if (inside.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
              }
              calls.add(what);
              during.run();
              inside.decrementAndGet();
            }

            @Override
            public void beforePuts(List<WindowEntry[]> changes) {
              call(
                  "announce " + changes.size(),
                  () -> {
                    announced.countDown();
                    sleep(Duration.ofMillis(300)); // ample time for the evictor to barge in
                  });
            }

            @Override
            public void onPut(WindowEntry e, WindowEntry previous) {
              call("put " + e.id(), () -> {});
            }

            @Override
            public void onRemove(WindowEntry e) {
              call("remove " + e.id(), () -> {});
            }
          });
      List<WindowEntry> batch = new ArrayList<>();
      for (long id = 100; id < 110; id++) {
        batch.add(entry(id, 20, clock.instant().minusSeconds(id)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<Integer> put = pool.submit(() -> window.putAll(batch));
        assertThat(announced.await(5, TimeUnit.SECONDS)).isTrue();
        Future<List<WindowEntry>> evicted = pool.submit(window::evictExpired);
        assertThat(put.get(5, TimeUnit.SECONDS)).isEqualTo(10);
        assertThat(evicted.get(5, TimeUnit.SECONDS))
            .extracting(WindowEntry::id)
            .containsExactly(1L);
      } finally {
        pool.shutdownNow();
      }
      assertThat(overlaps.get()).isZero();
      assertThat(calls).hasSize(12);
      assertThat(calls.get(0)).isEqualTo("announce 10");
      assertThat(calls.get(11)).isEqualTo("remove 1");
    }

    private static void sleep(Duration d) {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Test
    void refusesAnEntryAlreadyOlderThanTheSpan() {
      assertThat(window.put(entry(1, 10, NOW.minus(Duration.ofDays(15))))).isFalse();
      assertThat(window.size()).isZero();
    }

    @Test
    void theSpanIsConfigurable() {
      EntryWindow shortWindow = new EntryWindow(Duration.ofDays(1), clock);
      assertThat(shortWindow.put(entry(1, 10, NOW.minus(Duration.ofHours(30))))).isFalse();
      assertThat(shortWindow.put(entry(2, 10, NOW.minus(Duration.ofHours(20))))).isTrue();
    }
  }

  @Nested
  class PublishingRate {
    @Test
    void aBusyFeedsRateIsItsEntriesPerDay() {
      List<WindowEntry> entries = new ArrayList<>();
      for (int i = 0; i < 2800; i++) { // 200 a day for 14 days
        entries.add(entry(i + 1, 10, NOW.minusSeconds(432L * i)));
      }
      window.putAll(entries);
      assertThat(window.ratePerDay(10)).isCloseTo(200, within(0.5));
    }

    @Test
    void aMonthlyFeedWithOneEntryIsAboutOneInThirtyDays() {
      window.put(entry(1, 10, NOW.minus(Duration.ofDays(3))));
      assertThat(window.ratePerDay(10)).isBetween(0.03, 0.04);
      assertThat(window.ratePerDay(99)).isEqualTo(EntryWindow.MIN_RATE_PER_DAY);
      window.put(entry(2, 10, NOW.minus(Duration.ofDays(1))));
      assertThat(window.ratePerDay(10)).isCloseTo(1.5 / 14, within(1e-9));
    }
  }

  @Test
  void readersNeverSeeAHalfAppliedChangeWhileTheWriterRuns() throws Exception {
    int feeds = 20;
    int writes = 40_000;
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Long>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  long checks = 0;
                  while (writing.get() || checks == 0) {
                    for (long f = 0; f < feeds; f++) {
                      List<WindowEntry> slice = window.feed(f);
                      Instant previous = Instant.MAX;
                      for (WindowEntry e : slice) {
                        // Each entry in a feed's list is whole, belongs to it, and the list is
                        // ordered.
                        assertThat(e.feedId()).isEqualTo(f);
                        assertThat(e.title()).isEqualTo("Entry " + e.id() + " v" + e.sequence());
                        assertThat(e.sortAt()).isBeforeOrEqualTo(previous);
                        previous = e.sortAt();
                      }
                      assertThat(slice.stream().mapToLong(WindowEntry::id).distinct().count())
                          .isEqualTo(slice.size());
                      checks++;
                    }
                  }
                  return checks;
                }));
      }
      Future<?> writer =
          pool.submit(
              () -> {
                for (int i = 1; i <= writes; i++) {
                  long id =
                      1 + (i * 7919L) % 500; // ids revisited: replacements with moving sequence
                  window.put(
                      new WindowEntry(
                          id,
                          i,
                          id % feeds,
                          "Entry " + id + " v" + i,
                          null,
                          null,
                          "",
                          List.of(),
                          NOW.minusSeconds(i % 3600),
                          0,
                          0));
                }
                writing.set(false);
                return null;
              });
      writer.get(60, TimeUnit.SECONDS);
      for (Future<Long> reader : readers) {
        assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
      }
      assertThat(window.size()).isEqualTo(500);
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
  }
}
