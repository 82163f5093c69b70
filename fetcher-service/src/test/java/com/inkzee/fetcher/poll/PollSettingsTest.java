package com.inkzee.fetcher.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.fetcher.fetch.FetchSettings;
import com.inkzee.rpc.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PollSettingsTest {
  private static PollSettings fromEnv(String leaseSeconds) {
    return PollSettings.fromEnv(new Env(Map.of("INKZEE_FETCH_LEASE_SECONDS", leaseSeconds)));
  }

  /**
   * A lease over the store's 3600 s ceiling: the fetcher started, /healthz said UP, and every lease
   * call was refused (INVALID_ARGUMENT) for ever, so nothing was fetched.
   */
  @Test
  void refusesALeaseLongerThanTheStoreGrantsNamingTheVariableAndTheRange() {
    assertThatThrownBy(() -> fromEnv("7200"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("INKZEE_FETCH_LEASE_SECONDS=7200 is outside 60..3600 seconds");
  }

  /** An int cast of 2^31 s turned negative on the wire. */
  @Test
  void refusesALeaseBeyondAnIntRatherThanWrappingIt() {
    assertThatThrownBy(() -> fromEnv("2147483648"))
        .hasMessageStartingWith("INKZEE_FETCH_LEASE_SECONDS=2147483648 is outside 60..3600");
  }

  @Test
  void refusesALeaseUnderAMinuteNamingTheVariable() {
    assertThatThrownBy(() -> fromEnv("59"))
        .hasMessageStartingWith("INKZEE_FETCH_LEASE_SECONDS=59 is outside 60..3600");
  }

  @Test
  void acceptsTheBoundsThemselves() {
    assertThat(fromEnv("60").leaseDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(fromEnv("3600").leaseDuration()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(PollSettings.fromEnv(new Env(Map.of())).leaseDuration())
        .isEqualTo(Duration.ofSeconds(300));
  }

  /**
   * A lease must hold a whole poll plus its start window, and no lease can be longer than 3600 s,
   * so a fetch timeout over 3540 s can never work: say that, not "use a longer lease".
   */
  @Test
  void aFetchTimeoutNoLeaseCanHoldIsRefusedNamingTheTimeout() {
    PollSettings longest = fromEnv("3600");
    FetchSettings tooLong =
        FetchSettings.fromEnv(new Env(Map.of("INKZEE_FETCH_TIMEOUT_SECONDS", "3541")));
    assertThatThrownBy(() -> PollLoop.checkLease(longest, FeedPoller.longestPoll(tooLong)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("INKZEE_FETCH_TIMEOUT_SECONDS=3541 is too long")
        .hasMessageContaining("use at most 3540");

    FetchSettings longestThatFits =
        FetchSettings.fromEnv(new Env(Map.of("INKZEE_FETCH_TIMEOUT_SECONDS", "3540")));
    PollLoop.checkLease(longest, FeedPoller.longestPoll(longestThatFits));
  }
}
