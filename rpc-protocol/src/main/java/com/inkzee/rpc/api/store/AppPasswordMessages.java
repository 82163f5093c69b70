package com.inkzee.rpc.api.store;

import com.inkzee.rpc.api.store.UserMessages.User;
import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/**
 * App passwords, new in 1.5: what reading apps (Reeder, NetNewsWire, ...) sign in with through the
 * Google Reader and Fever APIs, one per app, separate from the web password and revocable on its
 * own.
 *
 * <p>The web gateway generates each app password (at least 128 random bits), shows it once, and
 * sends the store only three digests of it, each unique across all users, as lower-case hex:
 *
 * <ul>
 *   <li>{@code passwordHash}: SHA-256 of the password (64 digits), what Google Reader's ClientLogin
 *       checks. A fast hash is enough for a secret of 128 random bits, as for API tokens; the slow
 *       hash is for the passwords people choose.
 *   <li>{@code tokenHash}: SHA-256 (64 digits) of the auth token ClientLogin hands out, which the
 *       gateway derives from the password, so an app's token stops working when its password is
 *       revoked. Taken of the token with the user name as it is; the token the app holds carries
 *       the name percent-encoded (ASCII), which the gateway decodes before hashing.
 *   <li>{@code feverKey}: the Fever API key itself, MD5 of {@code "name:password"} (32 digits), as
 *       that protocol fixes it. The store keeps only SHA-256 of it (store migration V8).
 * </ul>
 */
public final class AppPasswordMessages {
  /** Longest label (e.g. "Reeder on my phone"), in characters. */
  public static final int MAX_LABEL_CHARS = 200;

  /** Most app passwords one user may have at once. */
  public static final int MAX_PER_USER = 50;

  private AppPasswordMessages() {}

  /** Which digest a lookup is by. */
  public enum AppKeyKind {
    PASSWORD,
    TOKEN,
    FEVER_KEY
  }

  /**
   * An app password as its owner sees it (never its digests). {@code rankedOrder}: apps signed in
   * with it get the reading list in the ranker's order where they ask for the default order. {@code
   * lastUsedAt} is null until first used, and kept to about a minute.
   */
  public record AppPassword(
      @Field(1) long id,
      @Field(2) long userId,
      @Field(3) String label,
      @Field(4) boolean rankedOrder,
      @Field(5) Instant createdAt,
      @Field(6) Instant lastUsedAt) {}

  public record CreateAppPasswordRequest(
      @Field(1) long userId,
      @Field(2) String label,
      @Field(3) boolean rankedOrder,
      @Field(4) String passwordHash,
      @Field(5) String tokenHash,
      @Field(6) String feverKey) {}

  public record AppPasswordResponse(@Field(1) AppPassword appPassword) {}

  public record ListAppPasswordsRequest(@Field(1) long userId) {}

  /** The user's app passwords, oldest first. */
  public record ListAppPasswordsResponse(@Field(1) List<AppPassword> appPasswords) {}

  /** Changes the label and/or the order of one of the user's app passwords (null: unchanged). */
  public record UpdateAppPasswordRequest(
      @Field(1) long userId,
      @Field(2) long appPasswordId,
      @Field(3) String label,
      @Field(4) Boolean rankedOrder) {}

  /** Revokes (deletes) one of the user's app passwords. */
  public record RevokeAppPasswordRequest(@Field(1) long userId, @Field(2) long appPasswordId) {}

  /** {@code revoked} is false when the user had no such app password. */
  public record RevokeAppPasswordResponse(@Field(1) boolean revoked) {}

  /** Looks an app password up by one of its digests ({@code hash}, lower-case hex). */
  public record FindAppPasswordRequest(@Field(1) AppKeyKind kind, @Field(2) String hash) {}

  public record FindAppPasswordResponse(@Field(1) User user, @Field(2) AppPassword appPassword) {}
}
