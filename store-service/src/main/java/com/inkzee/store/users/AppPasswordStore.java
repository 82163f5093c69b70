package com.inkzee.store.users;

import com.inkzee.rpc.api.store.AppPasswordMessages.AppKeyKind;
import com.inkzee.rpc.api.store.AppPasswordMessages.AppPassword;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordResponse;
import com.inkzee.rpc.api.store.UserMessages.User;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * App passwords (catalogue 1.5): per user, each known by three digests the web gateway derived (see
 * {@link com.inkzee.rpc.api.store.AppPasswordMessages}). Digests are checked for form by the
 * caller; here they are only stored and looked up, each through its unique index. Revoking deletes
 * the row, so a revoked password reads exactly like one never made.
 */
public final class AppPasswordStore {
  /**
   * How stale {@code last_used_at} may get: a lookup writes it only when it is older than this, so
   * an app polling every few seconds costs one write a minute, not one per request.
   */
  static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

  private static final String COLUMNS =
      "a.id, a.user_id, a.label, a.ranked_order, a.created_at, a.last_used_at";

  private final Database db;
  private final Clock clock;

  public AppPasswordStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * What the store keeps of a Fever API key: SHA-256 of its hex digits, as lower-case hex. The key
   * (MD5 of "name:password", fixed by the protocol) is itself what a Fever client signs in with, so
   * a copy of the table must not hold it, as it holds no password or token (migration V8 hashed the
   * keys stored before).
   */
  static String feverKeyDigest(String feverKey) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(feverKey.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The digests of a new app password, each lower-case hex (checked by the caller). */
  public record Digests(String passwordHash, String tokenHash, String feverKey) {}

  /**
   * Creates an app password. NoSuchElementException for an unknown user, {@link
   * AppPasswordLimitException} when the user has {@code maxPerUser} already, {@link
   * AppKeyTakenException} naming the digest already in use.
   */
  public AppPassword create(
      long userId, String label, boolean rankedOrder, Digests digests, int maxPerUser) {
    return db.inTransaction(
        c -> {
          // Locking the user's row serialises creates per user, so two at once cannot both pass
          // the count below (portable: both engines take FOR UPDATE).
          try (PreparedStatement ps =
              c.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new NoSuchElementException("no user " + userId);
              }
            }
          }
          if (count(c, userId) >= maxPerUser) {
            throw new AppPasswordLimitException(userId, maxPerUser);
          }
          // Named first so the caller learns which digest; ON CONFLICT below covers a race.
          requireUnused(c, "password_hash", "passwordHash", digests.passwordHash());
          requireUnused(c, "token_hash", "tokenHash", digests.tokenHash());
          String feverDigest = feverKeyDigest(digests.feverKey());
          requireUnused(c, "fever_key", "feverKey", feverDigest);
          int inserted;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO app_passwords (user_id, label, ranked_order, password_hash,"
                      + " token_hash, fever_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
            ps.setLong(1, userId);
            ps.setString(2, label);
            ps.setBoolean(3, rankedOrder);
            ps.setString(4, digests.passwordHash());
            ps.setString(5, digests.tokenHash());
            ps.setString(6, feverDigest);
            Sql.setInstant(ps, 7, clock.instant());
            inserted = ps.executeUpdate();
          }
          if (inserted == 0) {
            throw new AppKeyTakenException("a digest (passwordHash, tokenHash or feverKey)");
          }
          return byDigest(c, "password_hash", digests.passwordHash()).orElseThrow().appPassword();
        });
  }

  /** The user's app passwords, oldest first; NoSuchElementException for an unknown user. */
  public List<AppPassword> list(long userId) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          List<AppPassword> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM app_passwords a WHERE a.user_id = ? ORDER BY a.created_at, a.id")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs));
              }
            }
          }
          return out;
        });
  }

  /**
   * Changes the label and/or the order (null: unchanged) of the user's app password;
   * NoSuchElementException for an unknown user or an app password that is not theirs.
   */
  public AppPassword update(long userId, long appPasswordId, String label, Boolean rankedOrder) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE app_passwords SET label = COALESCE(?, label),"
                      + " ranked_order = COALESCE(?, ranked_order) WHERE id = ? AND user_id = ?")) {
            ps.setString(1, label);
            if (rankedOrder == null) {
              ps.setNull(2, java.sql.Types.BOOLEAN);
            } else {
              ps.setBoolean(2, rankedOrder);
            }
            ps.setLong(3, appPasswordId);
            ps.setLong(4, userId);
            if (ps.executeUpdate() == 0) {
              throw new NoSuchElementException(
                  "no app password " + appPasswordId + " of user " + userId);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM app_passwords a WHERE a.id = ?")) {
            ps.setLong(1, appPasswordId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return read(rs);
            }
          }
        });
  }

  /** Deletes the user's app password; false when they had none of that id. */
  public boolean revoke(long userId, long appPasswordId) {
    return db.inTransaction(
        c -> {
          requireUser(c, userId);
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM app_passwords WHERE id = ? AND user_id = ?")) {
            ps.setLong(1, appPasswordId);
            ps.setLong(2, userId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /**
   * The app password with digest {@code hash} of {@code kind}, and its user; NoSuchElementException
   * alike for revoked and never made. Records the use, at most once per {@link
   * #LAST_USED_GRANULARITY}.
   */
  public FindAppPasswordResponse find(AppKeyKind kind, String hash) {
    String column =
        switch (kind) {
          case PASSWORD -> "password_hash";
          case TOKEN -> "token_hash";
          case FEVER_KEY -> "fever_key";
        };
    String digest = kind == AppKeyKind.FEVER_KEY ? feverKeyDigest(hash) : hash;
    return db.inTransaction(
        c -> {
          FindAppPasswordResponse found =
              byDigest(c, column, digest)
                  .orElseThrow(() -> new NoSuchElementException("no such app password"));
          AppPassword a = found.appPassword();
          Instant now = Sql.micros(clock.instant());
          Instant staleBefore = now.minus(LAST_USED_GRANULARITY);
          if (a.lastUsedAt() != null && a.lastUsedAt().isAfter(staleBefore)) {
            return found; // recent enough: a read only, the common case for a polling app
          }
          // Conditional, so that many requests racing past the check above write once.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE app_passwords SET last_used_at = ? WHERE id = ?"
                      + " AND (last_used_at IS NULL OR last_used_at <= ?)")) {
            Sql.setInstant(ps, 1, now);
            ps.setLong(2, a.id());
            Sql.setInstant(ps, 3, staleBefore);
            if (ps.executeUpdate() == 0) {
              return found;
            }
          }
          return new FindAppPasswordResponse(
              found.user(),
              new AppPassword(a.id(), a.userId(), a.label(), a.rankedOrder(), a.createdAt(), now));
        });
  }

  private static Optional<FindAppPasswordResponse> byDigest(
      Connection c, String column, String hash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + ", u.name, u.email, u.created_at AS user_created_at"
                + " FROM app_passwords a JOIN users u ON u.id = a.user_id WHERE a."
                + column
                + " = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        User user =
            new User(
                rs.getLong("user_id"),
                rs.getString("name"),
                rs.getString("email"),
                Sql.getInstant(rs, "user_created_at"));
        return Optional.of(new FindAppPasswordResponse(user, read(rs)));
      }
    }
  }

  private static int count(Connection c, long userId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COUNT(*) FROM app_passwords WHERE user_id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void requireUnused(Connection c, String column, String field, String hash)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM app_passwords WHERE " + column + " = ?")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new AppKeyTakenException(field);
        }
      }
    }
  }

  private static void requireUser(Connection c, long userId) throws SQLException {
    if (!UserStore.exists(c, userId)) {
      throw new NoSuchElementException("no user " + userId);
    }
  }

  private static AppPassword read(ResultSet rs) throws SQLException {
    return new AppPassword(
        rs.getLong("id"),
        rs.getLong("user_id"),
        rs.getString("label"),
        rs.getBoolean("ranked_order"),
        Sql.getInstant(rs, "created_at"),
        Sql.getInstant(rs, "last_used_at"));
  }
}
