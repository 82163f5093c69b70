package com.inkzee.web.auth;

import com.inkzee.passwords.PasswordHasher;
import com.inkzee.rpc.api.store.AccountMessages.CreateAccountRequest;
import com.inkzee.rpc.api.store.AccountMessages.CreateSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialResponse;
import com.inkzee.rpc.api.store.AccountMessages.EndSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.Session;
import com.inkzee.rpc.api.store.AccountMessages.SessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.UpgradePasswordHashRequest;
import com.inkzee.rpc.api.store.UserMessages.User;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import com.inkzee.web.api.ApiException;
import com.inkzee.web.ranker.RankerGateway;
import com.inkzee.web.ranker.RpcErrors;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-up, sign-in, sign-out and "who is this request": passwords are hashed here (the store keeps
 * only the hash), sessions are random tokens whose SHA-256 the store keeps through the ranker, so
 * any web instance knows any session and a restart forgets none.
 *
 * <p>Hashing costs about a third of a second of CPU by design, so at most {@link #hashPermits} run
 * at once (one per core). A request that cannot get a permit within {@link #HASH_WAIT} is answered
 * 503 with {@code Retry-After}: it waits on a worker thread, which every other reader's request
 * needs too, so the wait is short; a long one let a flood of sign-ins (wrong passwords cost as much
 * as right ones) hold every worker waiting while everyone else's requests queued behind them.
 */
public final class Accounts {
  private static final Logger log = LoggerFactory.getLogger(Accounts.class);

  /** Names: letters, digits, dot, dash, underscore; 2-64 characters. */
  static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]{2,64}");

  /** NIST SP 800-63B: at least 8 characters; 1024 bounds the hashing work of one request. */
  static final int MIN_PASSWORD_CHARS = 8;

  static final int MAX_PASSWORD_CHARS = 1024;

  static final int MAX_EMAIL_CHARS = 254;

  /** Long enough to ride out a brief burst, short enough that waiting holds no worker for long. */
  static final Duration HASH_WAIT = Duration.ofMillis(100);

  private final RankerGateway ranker;
  private final PasswordHasher hasher;
  private final SessionTokens tokens = new SessionTokens();
  private final Duration lifetime;
  private final Clock clock;
  private final Semaphore hashPermits;

  public Accounts(RankerGateway ranker, PasswordHasher hasher, Duration lifetime, Clock clock) {
    this.ranker = ranker;
    this.hasher = hasher;
    this.lifetime = lifetime;
    this.clock = clock;
    this.hashPermits = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /** A new session: the cookie's token (only the browser keeps it) and the reader. */
  public record SignedIn(String token, Reader reader) {}

  /** Creates the account and signs it in; 409 for a taken name, 400 for a bad name or password. */
  public SignedIn signUp(String name, String password, String email) {
    checkName(name);
    checkPassword(password);
    if (email != null && (email.length() > MAX_EMAIL_CHARS || !email.contains("@"))) {
      throw ApiException.badRequest("email is not an address");
    }
    String hash = hashing(() -> hasher.hash(password));
    User user;
    try {
      user =
          ranker
              .ranker()
              .createAccount(new CreateAccountRequest(name, blankToNull(email), hash))
              .user();
    } catch (RpcException e) {
      if (e.status() == Status.ALREADY_EXISTS) {
        throw new ApiException(409, "name_taken", "the name '" + name + "' is taken");
      }
      throw RpcErrors.toHttp(e);
    }
    return startSession(user);
  }

  /** Signs in; 401 alike for an unknown name and a wrong password. */
  public SignedIn signIn(String name, String password) {
    if (name == null || password == null || password.length() > MAX_PASSWORD_CHARS) {
      throw wrongCredentials();
    }
    CredentialResponse cred;
    try {
      cred = ranker.ranker().getCredential(new CredentialRequest(name));
    } catch (RpcException e) {
      if (e.status() == Status.NOT_FOUND || e.status() == Status.INVALID_ARGUMENT) {
        hashing(
            () -> {
              hasher.burn(password); // as long as a real check: timing does not tell names apart
              return null;
            });
        throw wrongCredentials();
      }
      throw RpcErrors.toHttp(e);
    }
    boolean ok = hashing(() -> hasher.verify(password, cred.passwordHash()));
    if (!ok) {
      throw wrongCredentials();
    }
    if (hasher.needsRehash(cred.passwordHash())) {
      upgradeHash(cred, password);
    }
    return startSession(cred.user());
  }

  /** The reader of a session token from a cookie, or null when there is none or it ended. */
  public Reader reader(String token) {
    if (!SessionTokens.wellFormed(token)) {
      return null;
    }
    String tokenHash = SessionTokens.hash(token);
    try {
      Session s = ranker.ranker().getSession(new SessionRequest(tokenHash)).session();
      return new Reader(s.user().id(), s.user().name(), s.csrfToken(), tokenHash);
    } catch (RpcException e) {
      if (e.status() == Status.NOT_FOUND) {
        return null;
      }
      throw RpcErrors.toHttp(e);
    }
  }

  /** Ends the reader's session. */
  public void signOut(Reader reader) {
    try {
      ranker.ranker().endSession(new EndSessionRequest(reader.tokenHash()));
    } catch (RpcException e) {
      throw RpcErrors.toHttp(e);
    }
  }

  public Duration lifetime() {
    return lifetime;
  }

  private SignedIn startSession(User user) {
    String token = tokens.newToken();
    String csrf = tokens.newToken();
    String tokenHash = SessionTokens.hash(token);
    try {
      ranker
          .ranker()
          .createSession(
              new CreateSessionRequest(user.id(), tokenHash, csrf, clock.instant().plus(lifetime)));
    } catch (RpcException e) {
      throw RpcErrors.toHttp(e);
    }
    return new SignedIn(token, new Reader(user.id(), user.name(), csrf, tokenHash));
  }

  /**
   * Replaces a stored hash with fewer iterations than the hasher now uses by a fresh one, while the
   * password is in hand (only a sign-in has it). Best effort: the sign-in succeeds whatever happens
   * here, and a password changed since it was read stays changed (the store compares first).
   */
  private void upgradeHash(CredentialResponse cred, String password) {
    try {
      String fresh = hashing(() -> hasher.hash(password));
      boolean replaced =
          ranker
              .ranker()
              .upgradePasswordHash(
                  new UpgradePasswordHashRequest(cred.user().id(), cred.passwordHash(), fresh))
              .replaced();
      if (replaced) {
        log.info("upgraded the password hash of user {}", cred.user().id());
      }
    } catch (RpcException | ApiException e) { // an older store, the ranker away, hashing busy
      log.info("password hash of user {} left as it was: {}", cred.user().id(), e.getMessage());
    }
  }

  private <T> T hashing(java.util.function.Supplier<T> work) {
    boolean got;
    try {
      got = hashPermits.tryAcquire(HASH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "busy", "interrupted");
    }
    if (!got) {
      throw new ApiException(503, "busy", "too many sign-ins at once; retry shortly");
    }
    try {
      return work.get();
    } finally {
      hashPermits.release();
    }
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ApiException.badRequest(
          "name must be 2 to 64 letters, digits, dots, dashes or underscores");
    }
  }

  static void checkPassword(String password) {
    if (password == null
        || password.length() < MIN_PASSWORD_CHARS
        || password.length() > MAX_PASSWORD_CHARS) {
      throw ApiException.badRequest(
          "password must be " + MIN_PASSWORD_CHARS + " to " + MAX_PASSWORD_CHARS + " characters");
    }
  }

  private static ApiException wrongCredentials() {
    return ApiException.unauthenticated("wrong name or password");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
