package com.inkzee.web.apps;

import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.AppPasswordMessages;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppKeyKind;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppPassword;
import com.inkzee.rpc.api.store.AppPasswordMessages.CreateAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordResponse;
import com.inkzee.rpc.api.store.AppPasswordMessages.ListAppPasswordsRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.RevokeAppPasswordRequest;
import com.inkzee.rpc.api.store.AppPasswordMessages.UpdateAppPasswordRequest;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.web.api.ApiException;
import com.inkzee.web.ranker.RankerGateway;
import com.inkzee.web.ranker.RpcErrors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * App passwords, for the Google Reader and Fever APIs: one per app, separate from the web password,
 * revocable one by one. This gateway makes each password (140 random bits, readable on a phone's
 * keyboard), shows it once, and gives the store only the three digests {@link AppPasswordMessages}
 * describes; it then knows an app by whichever of them the app presents:
 *
 * <ul>
 *   <li>ClientLogin (Google Reader) sends the name and the password: {@link #byPassword};
 *   <li>Google Reader calls then send the auth token ClientLogin answered, {@code name/<64 hex
 *       digits>} derived from the password, the name percent-encoded ({@link #authToken}): {@link
 *       #byToken};
 *   <li>Fever sends {@code api_key = md5("name:password")}: {@link #byFeverKey}.
 * </ul>
 *
 * <p>Apps call often (a sync is dozens of requests), so a lookup is remembered for {@link
 * #REMEMBER}: a password revoked through this instance stops working at once (its lookups are
 * forgotten), through another instance within that time.
 */
public final class AppPasswords {
  /** How long a lookup is trusted without asking the store again. */
  static final Duration REMEMBER = Duration.ofSeconds(10);

  /** Bounds the lookup cache; past it, the cache is simply emptied. */
  static final int MAX_REMEMBERED = 10_000;

  /** RFC 4648 base32 lower-case: no 0/1/8/9, so nothing reads as O, l, I or B. */
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private static final int GROUPS = 4;
  private static final int GROUP_CHARS = 7; // 4 x 7 base32 characters: 140 bits

  private final Supplier<RankerService> ranker;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  /**
   * Bumped, under {@code remembered}'s lock, each time lookups are forgotten: a lookup whose store
   * answer came before the forgetting (a revocation, say) is answered but not remembered, or a
   * revoked password would keep working here for {@link #REMEMBER}.
   */
  private long forgets;

  public AppPasswords(RankerGateway ranker, Clock clock) {
    this(ranker::ranker, clock);
  }

  /** With the ranker as {@code ranker} gives it (a test may stand between). */
  AppPasswords(Supplier<RankerService> ranker, Clock clock) {
    this.ranker = ranker;
    this.clock = clock;
  }

  /**
   * A new app password: shown to its owner once ({@code password}), then only its digests exist.
   */
  public record Issued(AppPassword appPassword, String password) {}

  private record Remembered(Optional<AppReader> reader, Instant until) {}

  /** Makes an app password for the user; 400 for a bad label, 409 past the per-user limit. */
  public Issued create(long userId, String label, boolean rankedOrder, String userName) {
    String l = label == null ? "" : label.strip();
    if (l.isEmpty() || l.length() > AppPasswordMessages.MAX_LABEL_CHARS) {
      throw ApiException.badRequest(
          "label must be 1-" + AppPasswordMessages.MAX_LABEL_CHARS + " characters");
    }
    String password = newPassword();
    try {
      AppPassword made =
          ranker
              .get()
              .createAppPassword(
                  new CreateAppPasswordRequest(
                      userId,
                      l,
                      rankedOrder,
                      sha256(password),
                      sha256(storedToken(userName, password)),
                      feverKey(userName, password)))
              .appPassword();
      return new Issued(made, password);
    } catch (RpcException e) {
      if (e.status() == Status.RESOURCE_EXHAUSTED) {
        throw new ApiException(
            409,
            "too_many_app_passwords",
            "at most " + AppPasswordMessages.MAX_PER_USER + " app passwords; revoke one first");
      }
      throw RpcErrors.toHttp(e);
    }
  }

  /** The user's app passwords, oldest first (never their secrets). */
  public List<AppPassword> list(long userId) {
    try {
      return ranker.get().listAppPasswords(new ListAppPasswordsRequest(userId)).appPasswords();
    } catch (RpcException e) {
      throw RpcErrors.toHttp(e);
    }
  }

  /** Relabels one, or changes its order (null: unchanged); 404 when the user has no such one. */
  public AppPassword update(long userId, long id, String label, Boolean rankedOrder) {
    try {
      AppPassword p =
          ranker
              .get()
              .updateAppPassword(new UpdateAppPasswordRequest(userId, id, label, rankedOrder))
              .appPassword();
      forget(); // rankedOrder is part of what a lookup answers
      return p;
    } catch (RpcException e) {
      throw RpcErrors.toHttp(e);
    }
  }

  /** Revokes one at once; false when the user had no such app password. */
  public boolean revoke(long userId, long id) {
    try {
      boolean revoked =
          ranker.get().revokeAppPassword(new RevokeAppPasswordRequest(userId, id)).revoked();
      forget();
      return revoked;
    } catch (RpcException e) {
      throw RpcErrors.toHttp(e);
    }
  }

  /** ClientLogin: the reader whose app password this is, if {@code name} is theirs. */
  public Optional<AppReader> byPassword(String name, String password) {
    if (name == null || password == null || password.isEmpty() || password.length() > 256) {
      return Optional.empty();
    }
    return lookup(AppKeyKind.PASSWORD, sha256(password)).filter(r -> r.name().equals(name));
  }

  /** The reader of a Google Reader auth token ({@code name/<hex>}), if it is live. */
  public Optional<AppReader> byToken(String token) {
    if (token == null || token.isEmpty() || token.length() > 1000) {
      return Optional.empty();
    }
    int slash = token.lastIndexOf('/');
    Optional<String> name = TokenNames.decode(slash < 0 ? "" : token.substring(0, slash));
    if (name.isEmpty()) {
      return Optional.empty();
    }
    String stored = name.get() + token.substring(slash);
    return lookup(AppKeyKind.TOKEN, sha256(stored)).filter(r -> r.name().equals(name.get()));
  }

  /** The reader of a Fever API key (32 hex digits, either case), if it is live. */
  public Optional<AppReader> byFeverKey(String apiKey) {
    if (apiKey == null || !apiKey.matches("[0-9a-fA-F]{32}")) {
      return Optional.empty();
    }
    return lookup(AppKeyKind.FEVER_KEY, apiKey.toLowerCase(Locale.ROOT));
  }

  /**
   * The Google Reader auth token ClientLogin hands out for this password: the name (as FreshRSS's
   * tokens carry it), percent-encoded so the token is ASCII ({@link TokenNames}), and SHA-256 of
   * the password under a label of its own, so the token is not the password and a revoked
   * password's tokens die with it.
   */
  public static String authToken(String name, String password) {
    return TokenNames.encode(name) + "/" + sha256("inkzee-greader-auth:" + password);
  }

  /**
   * What the store's token digest is taken of: the token with the name as it is. Unchanged by the
   * encoding, so app passwords made before it work with the encoded tokens too.
   */
  private static String storedToken(String name, String password) {
    return name + "/" + sha256("inkzee-greader-auth:" + password);
  }

  /** Fever's api_key: MD5 of "name:password", lower-case hex, as the Fever API defines it. */
  public static String feverKey(String name, String password) {
    return hex("MD5", name + ":" + password);
  }

  private void forget() {
    synchronized (remembered) {
      forgets++;
      remembered.clear();
    }
  }

  private Optional<AppReader> lookup(AppKeyKind kind, String digest) {
    String key = kind + ":" + digest;
    Instant now = clock.instant();
    Remembered r = remembered.get(key);
    if (r != null && now.isBefore(r.until())) {
      return r.reader();
    }
    long forgetsBefore;
    synchronized (remembered) {
      forgetsBefore = forgets;
    }
    Optional<AppReader> reader;
    try {
      FindAppPasswordResponse found =
          ranker.get().findAppPassword(new FindAppPasswordRequest(kind, digest));
      reader =
          Optional.of(
              new AppReader(
                  found.user().id(),
                  found.user().name(),
                  found.appPassword().id(),
                  found.appPassword().rankedOrder()));
    } catch (RpcException e) {
      if (e.status() != Status.NOT_FOUND) {
        throw RpcErrors.toHttp(e);
      }
      reader = Optional.empty();
    }
    synchronized (remembered) {
      if (forgets == forgetsBefore) {
        if (remembered.size() >= MAX_REMEMBERED) {
          remembered.clear();
        }
        remembered.put(key, new Remembered(reader, now.plus(REMEMBER)));
      }
    }
    return reader;
  }

  private String newPassword() {
    StringBuilder b = new StringBuilder(GROUPS * (GROUP_CHARS + 1));
    for (int g = 0; g < GROUPS; g++) {
      if (g > 0) {
        b.append('-');
      }
      for (int i = 0; i < GROUP_CHARS; i++) {
        b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
      }
    }
    return b.toString();
  }

  static String sha256(String s) {
    return hex("SHA-256", s);
  }

  private static String hex(String algorithm, String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }
}
