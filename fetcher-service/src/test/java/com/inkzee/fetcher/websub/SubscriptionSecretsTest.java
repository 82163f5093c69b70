package com.inkzee.fetcher.websub;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.config.Env;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SubscriptionSecretsTest {
  private static final URI TOPIC = URI.create("https://blog.example/feed");

  @Test
  void secretIsHmacSha256OfFeedIdAndTopicUnderTheMaster() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("master".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of().formatHex(mac.doFinal(("42\n" + TOPIC).getBytes(StandardCharsets.UTF_8)));

    assertThat(SubscriptionSecrets.of("master").secretFor(42, TOPIC)).isEqualTo(expected);
  }

  @Test
  void secretsAreRebuiltIdenticallyAndDifferPerFeedAndTopic() {
    SubscriptionSecrets a = SubscriptionSecrets.of("master");
    SubscriptionSecrets afterRestart = SubscriptionSecrets.of("master");

    assertThat(afterRestart.secretFor(42, TOPIC)).isEqualTo(a.secretFor(42, TOPIC));
    assertThat(a.secretFor(43, TOPIC)).isNotEqualTo(a.secretFor(42, TOPIC));
    assertThat(a.secretFor(42, URI.create("https://blog.example/other")))
        .isNotEqualTo(a.secretFor(42, TOPIC));
    assertThat(SubscriptionSecrets.of("other").secretFor(42, TOPIC))
        .isNotEqualTo(a.secretFor(42, TOPIC));
  }

  @Test
  void masterComesFromWebSubSecretThenAuthTokenThenRandom() {
    SubscriptionSecrets configured =
        SubscriptionSecrets.fromEnv(
            new Env(Map.of("INKZEE_WEBSUB_SECRET", "master", "INKZEE_AUTH_TOKEN", "token")));
    SubscriptionSecrets derived =
        SubscriptionSecrets.fromEnv(new Env(Map.of("INKZEE_AUTH_TOKEN", "token")));
    SubscriptionSecrets random1 = SubscriptionSecrets.fromEnv(new Env(Map.of()));
    SubscriptionSecrets random2 = SubscriptionSecrets.fromEnv(new Env(Map.of()));

    assertThat(configured.source()).isEqualTo(SubscriptionSecrets.Source.CONFIGURED);
    assertThat(configured.secretFor(1, TOPIC))
        .isEqualTo(SubscriptionSecrets.of("master").secretFor(1, TOPIC));
    assertThat(derived.source()).isEqualTo(SubscriptionSecrets.Source.DERIVED_FROM_AUTH_TOKEN);
    assertThat(derived.secretFor(1, TOPIC))
        .isEqualTo(
            SubscriptionSecrets.fromEnv(new Env(Map.of("INKZEE_AUTH_TOKEN", "token")))
                .secretFor(1, TOPIC))
        // The token itself is not the master: a hub's secret must not be derivable from it alone.
        .isNotEqualTo(SubscriptionSecrets.of("token").secretFor(1, TOPIC));
    assertThat(random1.source()).isEqualTo(SubscriptionSecrets.Source.RANDOM);
    assertThat(random1.secretFor(1, TOPIC)).isNotEqualTo(random2.secretFor(1, TOPIC));
  }

  @Test
  void neverPrintsTheMaster() {
    assertThat(SubscriptionSecrets.of("hunter2").toString()).doesNotContain("hunter2");
  }
}
