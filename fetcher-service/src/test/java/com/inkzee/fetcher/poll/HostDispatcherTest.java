package com.inkzee.fetcher.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.fetcher.schedule.HostBackoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostDispatcherTest {
  private final Clock clock = Clock.systemUTC();
  private final HostBackoff backoff = new HostBackoff(clock);

  private Instant later() {
    return clock.instant().plusSeconds(60);
  }

  @Test
  void keepsToThePerHostAndGlobalLimits() throws Exception {
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();
    AtomicInteger all = new AtomicInteger();
    AtomicInteger allPeak = new AtomicInteger();
    int tasks = 200;
    CountDownLatch done = new CountDownLatch(tasks);
    try (HostDispatcher d = new HostDispatcher(6, 2, tasks, backoff, clock)) {
      for (int i = 0; i < tasks; i++) {
        String host = "h" + (i % 5);
        assertThat(
                d.submit(
                    new HostDispatcher.Task(
                        host,
                        later(),
                        () -> {
                          int n =
                              running
                                  .computeIfAbsent(host, h -> new AtomicInteger())
                                  .incrementAndGet();
                          peak.computeIfAbsent(host, h -> new AtomicInteger())
                              .accumulateAndGet(n, Math::max);
                          allPeak.accumulateAndGet(all.incrementAndGet(), Math::max);
                          sleep(2);
                          all.decrementAndGet();
                          running.get(host).decrementAndGet();
                          done.countDown();
                        })))
            .isTrue();
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(peak.values()).allSatisfy(p -> assertThat(p.get()).isBetween(1, 2));
      assertThat(allPeak.get()).isBetween(2, 6);
      // The last task's slot frees just after its work returns.
      await().atMost(Duration.ofSeconds(5)).until(() -> d.room() == tasks);
    }
  }

  @Test
  void refusesWorkBeyondItsCapacityAndFreesRoomAsWorkEnds() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (HostDispatcher d = new HostDispatcher(1, 1, 2, backoff, clock)) {
      Runnable blocked = () -> awaitQuietly(release);
      assertThat(d.submit(new HostDispatcher.Task("a", later(), blocked))).isTrue();
      assertThat(d.submit(new HostDispatcher.Task("a", later(), blocked))).isTrue();
      assertThat(d.submit(new HostDispatcher.Task("b", later(), blocked))).isFalse();
      assertThat(d.room()).isZero();
      release.countDown();
      assertThat(d.awaitRoom(Duration.ofSeconds(5))).isPositive();
    }
  }

  /**
   * The store leases the most overdue feeds whatever their host: a hundred of one host once filled
   * the whole capacity while only one of them ran, and no other host's feed was taken.
   */
  @Test
  void aBackloggedHostLeavesRoomForTheOthers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch otherRan = new CountDownLatch(1);
    int capacity = 16;
    try (HostDispatcher d = new HostDispatcher(4, 1, capacity, backoff, clock)) {
      Runnable blocked = () -> awaitQuietly(release);
      for (int i = 0; i < 100; i++) {
        assertThat(d.submit(new HostDispatcher.Task("big", later(), blocked))).isTrue();
      }
      // The big host counts for its share (1 running + 4 waiting); the rest waits outside the
      // capacity, up to 4 × capacity, and what is past that is dropped (its lease expires).
      int share = 1 + HostDispatcher.WAITING_PER_CONNECTION;
      assertThat(d.room()).isEqualTo(capacity - share);
      assertThat(d.dropped()).isEqualTo(100 - share - 4 * capacity);
      assertThat(d.submit(new HostDispatcher.Task("small", later(), otherRan::countDown))).isTrue();
      assertThat(otherRan.await(10, TimeUnit.SECONDS)).as("hang guard").isTrue();
      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> d.room() == capacity);
      assertThat(d.backlog().waiting()).isZero();
    }
  }

  @Test
  void aThrottledHostWaitsWhileOthersGoOn() throws Exception {
    backoff.throttled("slow", Duration.ofMillis(400));
    Instant start = clock.instant();
    CountDownLatch both = new CountDownLatch(2);
    Map<String, Instant> started = new ConcurrentHashMap<>();
    try (HostDispatcher d = new HostDispatcher(4, 2, 10, backoff, clock)) {
      for (String host : new String[] {"slow", "fast"}) {
        d.submit(
            new HostDispatcher.Task(
                host,
                later(),
                () -> {
                  started.put(host, clock.instant());
                  both.countDown();
                }));
      }
      assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Duration.between(start, started.get("fast"))).isLessThan(Duration.ofMillis(300));
    assertThat(Duration.between(start, started.get("slow")))
        .isGreaterThanOrEqualTo(Duration.ofMillis(350));
  }

  @Test
  void dropsAFeedThatCannotStartBeforeItsLeaseEnds() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    try (HostDispatcher d = new HostDispatcher(1, 1, 10, backoff, clock)) {
      d.submit(new HostDispatcher.Task("a", clock.instant().minusSeconds(1), ran::incrementAndGet));
      backoff.throttled("b", Duration.ofMinutes(10)); // longer than the lease below
      d.submit(new HostDispatcher.Task("b", clock.instant().plusSeconds(60), ran::incrementAndGet));
      assertThat(d.dropped()).isEqualTo(2);
      assertThat(d.room()).isEqualTo(10);
    }
    assertThat(ran.get()).isZero();
  }

  @Test
  void shutdownLetsRunningWorkFinishAndDropsWhatWaits() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    HostDispatcher d = new HostDispatcher(1, 1, 10, backoff, clock);
    d.submit(
        new HostDispatcher.Task(
            "a",
            later(),
            () -> {
              running.countDown();
              sleep(200);
              finished.incrementAndGet();
            }));
    d.submit(new HostDispatcher.Task("a", later(), finished::incrementAndGet));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(d.shutdown(Duration.ofSeconds(5))).isTrue();
    assertThat(finished.get()).isEqualTo(1);
    assertThat(d.submit(new HostDispatcher.Task("a", later(), finished::incrementAndGet)))
        .isFalse();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
