package com.inkzee.fetcher.websub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.fetcher.websub.Subscription.State;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubscriptionTableTest {
  private static final URI HUB = URI.create("https://hub.example/");
  private static final URI TOPIC = URI.create("https://blog.example/feed");

  /** A clock tests move by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final ManualClock clock = new ManualClock();
  private final SubscriptionTable table = new SubscriptionTable(3, clock);

  @Nested
  class RenewalPolicy {
    @Test
    void renewsAt80PercentOfLongLeases() {
      assertThat(SubscriptionTable.renewalDelay(Duration.ofDays(10))).isEqualTo(Duration.ofDays(8));
      assertThat(SubscriptionTable.renewalDelay(Duration.ofDays(5))).isEqualTo(Duration.ofDays(4));
    }

    @Test
    void renewsADayBeforeExpiryWhenThatIsEarlier() {
      assertThat(SubscriptionTable.renewalDelay(Duration.ofDays(3))).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void neverRenewsBeforeHalfTheLease() {
      assertThat(SubscriptionTable.renewalDelay(Duration.ofDays(2))).isEqualTo(Duration.ofDays(1));
      assertThat(SubscriptionTable.renewalDelay(Duration.ofHours(1)))
          .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void dueRenewalsFollowTheClock() {
      table.beginSubscribe(1, HUB, TOPIC);
      assertThat(table.confirmSubscribe(1, TOPIC.toString(), Duration.ofDays(10))).isTrue();
      Subscription active = table.get(1).orElseThrow();
      assertThat(active.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(10)));
      assertThat(active.renewAt()).isEqualTo(clock.instant().plus(Duration.ofDays(8)));

      clock.advance(Duration.ofDays(8).minusSeconds(1));
      assertThat(table.dueForRenewal()).isEmpty();
      clock.advance(Duration.ofSeconds(1));
      assertThat(table.dueForRenewal()).extracting(Subscription::feedId).containsExactly(1L);

      table.deferRenewal(1, clock.instant().plus(Duration.ofMinutes(5)));
      assertThat(table.dueForRenewal()).isEmpty();
    }
  }

  @Nested
  class States {
    @Test
    void renewingAnActiveSubscriptionKeepsItActive() {
      table.beginSubscribe(1, HUB, TOPIC);
      table.confirmSubscribe(1, TOPIC.toString(), Duration.ofDays(1));

      assertThat(table.beginSubscribe(1, HUB, TOPIC).state()).isEqualTo(State.ACTIVE);
      assertThat(table.beginSubscribe(1, HUB, URI.create("https://blog.example/other")).state())
          .isEqualTo(State.PENDING);
    }

    @Test
    void confirmationNeedsTheExactTopicAndMode() {
      table.beginSubscribe(1, HUB, TOPIC);

      assertThat(table.confirmSubscribe(1, TOPIC + "/", Duration.ofDays(1))).isFalse();
      assertThat(table.confirmUnsubscribe(1, TOPIC.toString())).isFalse();
      assertThat(table.confirmSubscribe(2, TOPIC.toString(), Duration.ofDays(1))).isFalse();
      assertThat(table.get(1).orElseThrow().state()).isEqualTo(State.PENDING);
      assertThat(table.confirmSubscribe(1, TOPIC.toString(), Duration.ofDays(1))).isTrue();
    }

    @Test
    void unsubscribeConfirmationRemovesTheEntry() {
      table.beginUnsubscribe(1, HUB, TOPIC);

      assertThat(table.get(1).orElseThrow().acceptsContent()).isFalse();
      assertThat(table.confirmSubscribe(1, TOPIC.toString(), Duration.ofDays(1))).isFalse();
      assertThat(table.confirmUnsubscribe(1, TOPIC.toString())).isTrue();
      assertThat(table.get(1)).isEmpty();
    }

    @Test
    void pendingEntriesExpireWhenTheHubNeverVerifies() {
      table.beginSubscribe(1, HUB, TOPIC);
      clock.advance(SubscriptionTable.PENDING_TIMEOUT.minusSeconds(1));
      assertThat(table.purgeExpired()).isZero();
      clock.advance(Duration.ofSeconds(1));
      assertThat(table.purgeExpired()).isOne();
      assertThat(table.get(1)).isEmpty();
    }
  }

  @Nested
  class Bounds {
    @Test
    void refusesNewFeedsWhenFull() {
      for (long id = 1; id <= 3; id++) {
        table.beginSubscribe(id, HUB, TOPIC);
      }

      assertThatThrownBy(() -> table.beginSubscribe(4, HUB, TOPIC))
          .isInstanceOfSatisfying(
              SubscriptionTableFullException.class, e -> assertThat(e.limit()).isEqualTo(3))
          .hasMessageContaining("feed 4");
      // An existing feed can still change state at the limit.
      assertThat(table.beginUnsubscribe(2, HUB, TOPIC).state()).isEqualTo(State.UNSUBSCRIBING);
      assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void expiredEntriesMakeRoom() {
      for (long id = 1; id <= 3; id++) {
        table.beginSubscribe(id, HUB, TOPIC);
      }
      clock.advance(SubscriptionTable.PENDING_TIMEOUT);

      assertThat(table.beginSubscribe(4, HUB, TOPIC).state()).isEqualTo(State.PENDING);
      assertThat(table.size()).isOne();
    }
  }
}
