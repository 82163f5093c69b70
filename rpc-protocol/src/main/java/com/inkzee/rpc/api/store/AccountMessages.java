package com.inkzee.rpc.api.store;

import com.inkzee.rpc.api.store.UserMessages.User;
import com.inkzee.rpc.serial.Field;
import java.time.Instant;

/**
 * Accounts and sign-in sessions of the web reader, new in 1.4. The store keeps them so that they
 * survive a restart of the web gateway and are shared by every instance of it; it never sees a
 * password or a session token, only what the gateway derived from them:
 *
 * <ul>
 *   <li>{@code passwordHash}: an encoded, salted, slow hash (e.g. {@code
 *       pbkdf2-sha256$600000$salt$hash}), opaque to the store, at most {@link
 *       #MAX_PASSWORD_HASH_BYTES};
 *   <li>{@code tokenHash}: the SHA-256 of the session cookie's random token as 64 lower-case hex
 *       digits, so a copy of the table does not hand out live sessions.
 * </ul>
 */
public final class AccountMessages {
  /**
   * An encoded hash with its algorithm, parameters and salt fits easily; anything longer is not
   * one.
   */
  public static final int MAX_PASSWORD_HASH_BYTES = 512;

  /** Length of a session's {@code tokenHash}: SHA-256 as hex. */
  public static final int TOKEN_HASH_CHARS = 64;

  /** Longest per-session CSRF token the store keeps. */
  public static final int MAX_CSRF_TOKEN_BYTES = 128;

  private AccountMessages() {}

  /**
   * Creates user {@code name} with a password. Unlike createUser this is not an upsert: a name
   * already taken is ALREADY_EXISTS, whether or not that user has a password (an account made by an
   * operator is not claimed by whoever signs up first).
   */
  public record CreateAccountRequest(
      @Field(1) String name, @Field(2) String email, @Field(3) String passwordHash) {}

  /** The stored password hash of user {@code name}, for the gateway to verify a sign-in with. */
  public record CredentialRequest(@Field(1) String name) {}

  public record CredentialResponse(@Field(1) User user, @Field(2) String passwordHash) {}

  /**
   * Sets (or replaces) user {@code userId}'s password hash; with {@code endSessions} every session
   * of the user ends too (a password change signs the other devices out).
   */
  public record SetPasswordRequest(
      @Field(1) long userId, @Field(2) String passwordHash, @Field(3) boolean endSessions) {}

  public record SetPasswordResponse(@Field(1) int sessionsEnded) {}

  /**
   * Replaces user {@code userId}'s password hash with {@code newHash} only while it is still {@code
   * expectedHash}, ending no session (new in 1.9). The web reader re-hashes a password at sign-in
   * when the stored hash has fewer iterations than it now uses; a password changed in the meantime
   * must not be put back, hence the compare, and a new method rather than a field an older store
   * would ignore.
   */
  public record UpgradePasswordHashRequest(
      @Field(1) long userId, @Field(2) String expectedHash, @Field(3) String newHash) {}

  /**
   * {@code replaced}: false when the stored hash was no longer {@code expectedHash} (or the user
   * has none), which a retried call that did replace it also answers.
   */
  public record UpgradePasswordHashResponse(@Field(1) boolean replaced) {}

  /**
   * A signed-in session: whose it is, the CSRF token the gateway issued with it, and when it ends.
   */
  public record Session(
      @Field(1) String tokenHash,
      @Field(2) User user,
      @Field(3) String csrfToken,
      @Field(4) Instant createdAt,
      @Field(5) Instant expiresAt) {}

  /**
   * Starts a session. Idempotent: the same {@code tokenHash} again returns the session as stored.
   * Expired sessions of the user are purged on the way.
   */
  public record CreateSessionRequest(
      @Field(1) long userId,
      @Field(2) String tokenHash,
      @Field(3) String csrfToken,
      @Field(4) Instant expiresAt) {}

  /** Looks a session up by {@code tokenHash}; an expired one is NOT_FOUND, as a missing one. */
  public record SessionRequest(@Field(1) String tokenHash) {}

  public record SessionResponse(@Field(1) Session session) {}

  /** Ends (deletes) a session: sign-out. */
  public record EndSessionRequest(@Field(1) String tokenHash) {}

  /** {@code ended} is false when there was no such session. */
  public record EndSessionResponse(@Field(1) boolean ended) {}
}
