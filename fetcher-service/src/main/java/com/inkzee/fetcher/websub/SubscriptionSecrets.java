package com.inkzee.fetcher.websub;

import com.inkzee.rpc.config.Env;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives each subscription's {@code hub.secret} from one master secret, so that secrets can be
 * rebuilt after a restart without storing anything: {@code hex(HMAC-SHA256(master, feedId + "\n" +
 * topic))}, 64 characters (the spec allows up to 200 bytes).
 *
 * <p>The master comes from {@code INKZEE_WEBSUB_SECRET}; else it is derived from {@code
 * INKZEE_AUTH_TOKEN} (through HMAC with a fixed label, so nothing a hub sees helps anyone recover
 * or use the service token); else it is random per process, and pushes for subscriptions made
 * before a restart fail verification until they are renewed.
 */
public final class SubscriptionSecrets {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionSecrets.class);
  private static final String HMAC = "HmacSHA256";
  private static final byte[] AUTH_TOKEN_LABEL =
      "inkzee websub master secret v1".getBytes(StandardCharsets.UTF_8);
  private static final int RANDOM_MASTER_BYTES = 32;

  /** Where the master secret came from. */
  public enum Source {
    CONFIGURED,
    DERIVED_FROM_AUTH_TOKEN,
    RANDOM
  }

  private final byte[] master;
  private final Source source;

  public SubscriptionSecrets(byte[] master, Source source) {
    Objects.requireNonNull(master, "master");
    if (master.length == 0) {
      throw new IllegalArgumentException("master secret must not be empty");
    }
    this.master = master.clone();
    this.source = Objects.requireNonNull(source, "source");
  }

  /** A master secret given as text (UTF-8 bytes). */
  public static SubscriptionSecrets of(String master) {
    return new SubscriptionSecrets(master.getBytes(StandardCharsets.UTF_8), Source.CONFIGURED);
  }

  /** A random master secret for this process only. */
  public static SubscriptionSecrets random() {
    byte[] bytes = new byte[RANDOM_MASTER_BYTES];
    new SecureRandom().nextBytes(bytes);
    return new SubscriptionSecrets(bytes, Source.RANDOM);
  }

  /** From {@code INKZEE_WEBSUB_SECRET}, else {@code INKZEE_AUTH_TOKEN}, else random (warned). */
  public static SubscriptionSecrets fromEnv(Env env) {
    String configured = env.secret("INKZEE_WEBSUB_SECRET");
    if (!configured.isEmpty()) {
      return of(configured);
    }
    String token = env.secret("INKZEE_AUTH_TOKEN");
    if (!token.isEmpty()) {
      return new SubscriptionSecrets(
          hmac(token.getBytes(StandardCharsets.UTF_8), AUTH_TOKEN_LABEL),
          Source.DERIVED_FROM_AUTH_TOKEN);
    }
    log.warn(
        "neither INKZEE_WEBSUB_SECRET nor INKZEE_AUTH_TOKEN is set: WebSub secrets are random for"
            + " this process, so pushes for subscriptions made before a restart are discarded until"
            + " each subscription is renewed");
    return random();
  }

  /** The {@code hub.secret} for one feed's subscription to one topic. */
  public String secretFor(long feedId, URI topic) {
    Objects.requireNonNull(topic, "topic");
    byte[] message = (feedId + "\n" + topic).getBytes(StandardCharsets.UTF_8);
    return HexFormat.of().formatHex(hmac(master, message));
  }

  /**
   * The unguessable last segment of one feed's callback URL: the first 32 hex digits of {@code
   * HMAC-SHA256(master, "callback\n" + feedId)}. Feed ids are small integers and topics public, so
   * a path of the feed id alone let anyone who reaches the callback port confirm or deny a
   * subscription in the hub's name (a year's lease, or push switched off): only the hub we gave the
   * URL to knows this.
   */
  public String callbackTokenFor(long feedId) {
    byte[] message = ("callback\n" + feedId).getBytes(StandardCharsets.UTF_8);
    return HexFormat.of().formatHex(hmac(master, message)).substring(0, CALLBACK_TOKEN_CHARS);
  }

  /** Hex digits of a callback token: 128 bits. */
  public static final int CALLBACK_TOKEN_CHARS = 32;

  public Source source() {
    return source;
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JRE", e);
    }
  }

  @Override
  public String toString() {
    return "SubscriptionSecrets[master=****, source=" + source + "]";
  }
}
