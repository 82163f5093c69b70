package com.inkzee.fetcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HostLimiterTest {
  @Test
  void aThirdFetchOfAHostWaitsForAPermit() throws Exception {
    HostLimiter limiter = new HostLimiter(10, 2);
    HostLimiter.Permit a = limiter.acquire("Feeds.Example");
    HostLimiter.Permit b = limiter.acquire("feeds.example");

    assertThat(limiter.tryAcquire("feeds.example", Duration.ofMillis(50))).isEmpty();
    assertThat(limiter.tryAcquire("other.example", Duration.ZERO)).isPresent();

    a.close();
    Optional<HostLimiter.Permit> c = limiter.tryAcquire("feeds.example", Duration.ofMillis(50));
    assertThat(c).isPresent();
    b.close();
    c.get().close();
  }

  @Test
  void theGlobalLimitHoldsAcrossHosts() throws Exception {
    HostLimiter limiter = new HostLimiter(2, 2);
    HostLimiter.Permit a = limiter.acquire("a");
    HostLimiter.Permit b = limiter.acquire("b");
    assertThat(limiter.tryAcquire("c", Duration.ofMillis(20))).isEmpty();
    assertThat(limiter.inUse()).isEqualTo(2);
    a.close();
    b.close();
    assertThat(limiter.inUse()).isZero();
  }

  @Test
  void aWaiterIsWokenByARelease() throws Exception {
    HostLimiter limiter = new HostLimiter(1, 1);
    HostLimiter.Permit held = limiter.acquire("h");
    Thread releaser =
        new Thread(
            () -> {
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              held.close();
            });
    releaser.start();
    assertThat(limiter.tryAcquire("h", Duration.ofSeconds(5))).isPresent();
    releaser.join();
  }

  @Test
  void closingTwiceReleasesOnceAndHostsAreForgotten() throws Exception {
    HostLimiter limiter = new HostLimiter(5, 1);
    HostLimiter.Permit p = limiter.acquire("h");
    HostLimiter.Permit q = limiter.acquire("g");
    p.close();
    p.close();
    assertThat(limiter.inUse()).isEqualTo(1);
    assertThat(limiter.inUse("h")).isZero();
    assertThat(limiter.trackedHosts()).isEqualTo(1);
    q.close();
    assertThat(limiter.trackedHosts()).isZero();
  }
}
