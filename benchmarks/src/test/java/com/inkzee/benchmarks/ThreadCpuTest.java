package com.inkzee.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void threadsAreSortedIntoTheTransportsRolesByTheirNames() {
    assertThat(ThreadCpu.role("raw-client-io-3-1")).isEqualTo("raw client I/O");
    assertThat(ThreadCpu.role("raw-server-io-4-2")).isEqualTo("raw server I/O");
    assertThat(ThreadCpu.role("inkzee-bench-client-16-1")).isEqualTo("inkzee client I/O");
    assertThat(ThreadCpu.role("inkzee-bench-io-15-1")).isEqualTo("inkzee server I/O");
    assertThat(ThreadCpu.role("inkzee-bench-handler-17-3")).isEqualTo("inkzee handlers");
    assertThat(ThreadCpu.role("inkzee-deadlines-2-1")).isEqualTo("inkzee timers");
    assertThat(ThreadCpu.role("inkzee-bench-accept-1-1")).isEqualTo("other");
    assertThat(ThreadCpu.role("C2 CompilerThread0")).isEqualTo("other");
    assertThat(ThreadCpu.role("raw-accept-2-1")).isEqualTo("other");
  }

  @Test
  void aBusyThreadsCpuLandsInItsRoleAndCountsAsItsBusiest() throws Exception {
    ThreadCpu.Snapshot before = ThreadCpu.snapshot();
    CountDownLatch spun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // Both threads wait for the release after their work: a thread's clock is gone once it ends.
    Thread busy =
        new Thread(
            () -> {
              long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
              long x = 0;
              while (System.nanoTime() < end) {
                x += x * 31 + 7; // spin
              }
              if (x == 42) {
                System.out.print(""); // keeps the loop from being optimised away
              }
              spun.countDown();
              await(release);
            },
            "inkzee-test-handler-1-1");
    Thread idle = new Thread(() -> await(release), "inkzee-test-handler-1-2");
    idle.start();
    busy.start();
    assertThat(spun.await(5, TimeUnit.SECONDS)).isTrue();
    ThreadCpu.Usage usage = ThreadCpu.snapshot().since(before);
    release.countDown();
    busy.join(5_000);
    idle.join(5_000);

    long handlers = usage.nanos("inkzee handlers");
    assertThat(handlers).as("the spinning thread's CPU").isGreaterThan(50_000_000L);
    assertThat(usage.busiestNanos("inkzee handlers"))
        .as("the busiest handler is the spinning one, not the sum")
        .isLessThanOrEqualTo(handlers)
        .isGreaterThan(handlers / 2);
    assertThat(usage.nanos("raw client I/O")).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void periodsAddUp() {
    ThreadCpu.Usage a =
        new ThreadCpu.Usage(
            java.util.Map.of("inkzee client I/O", 10L), java.util.Map.of("inkzee client I/O", 6L));
    ThreadCpu.Usage b =
        new ThreadCpu.Usage(
            java.util.Map.of("inkzee client I/O", 5L, "other", 2L),
            java.util.Map.of("inkzee client I/O", 5L, "other", 2L));
    ThreadCpu.Usage sum = a.plus(b);
    assertThat(sum.nanos("inkzee client I/O")).isEqualTo(15);
    assertThat(sum.busiestNanos("inkzee client I/O")).isEqualTo(11);
    assertThat(sum.nanos("other")).isEqualTo(2);
    assertThat(sum.nanos("inkzee handlers")).isZero();
  }
}
