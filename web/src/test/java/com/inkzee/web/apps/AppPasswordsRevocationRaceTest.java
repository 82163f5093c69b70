package com.inkzee.web.apps;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.testing.HeldOnce;
import com.inkzee.web.testing.ApiClient;
import com.inkzee.web.testing.ApiClient.Reply;
import com.inkzee.web.testing.WebStack;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revocation through this web reader stops the password at once, even when a lookup of it was
 * under way: that lookup's answer (the store said "live" just before) must not be remembered for
 * the next ten seconds. Against the real stack; the lookup is held between the store's answer and
 * its return.
 */
class AppPasswordsRevocationRaceTest {
  @TempDir Path dir;

  @Test
  void aLookupUnderWayWhenThePasswordIsRevokedIsNotRemembered() throws Exception {
    try (WebStack stack = new WebStack(dir)) {
      ApiClient c = new ApiClient(stack.baseUrl());
      assertThat(c.signIn("/api/signup", "racer", "a long enough password").status())
          .isEqualTo(201);
      long userId = c.get("/api/session").json().path("user").path("id").asLong();
      Reply made = c.post("/api/app-passwords", "{\"label\":\"Reeder\"}");
      long id = made.json().path("appPassword").path("id").asLong();
      String key = AppPasswords.feverKey("racer", made.json().path("password").asText());

      RankerService real = stack.web.ranker().ranker();
      HeldOnce<RankerService> held = new HeldOnce<>(RankerService.class, real, "findAppPassword");
      held.holdNext.set(true);
      AppPasswords passwords = new AppPasswords(held::service, Clock.systemUTC());
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Optional<AppReader>> inFlight = pool.submit(() -> passwords.byFeverKey(key));
        assertThat(held.reached.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(passwords.revoke(userId, id)).isTrue();
        held.release.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS))
            .as("asked before the revocation: answered as the store answered then")
            .isPresent();
        assertThat(passwords.byFeverKey(key)).as("after the revocation").isEmpty();
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
