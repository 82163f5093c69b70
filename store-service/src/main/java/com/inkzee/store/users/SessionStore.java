package com.inkzee.store.users;

import com.inkzee.rpc.api.store.AccountMessages.Session;
import com.inkzee.rpc.api.store.UserMessages.User;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Sign-in sessions by token hash. Expiry is absolute (set by the gateway at sign-in); an expired
 * row reads as missing and is deleted the next time its user signs in.
 */
public final class SessionStore {
  private final Database db;
  private final Clock clock;

  public SessionStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Stores the session (a repeat with the same token hash changes nothing) and returns it. */
  public Session create(long userId, String tokenHash, String csrfToken, Instant expiresAt) {
    return db.inTransaction(
        c -> {
          Instant now = clock.instant();
          User user =
              UserStore.byId(c, userId)
                  .orElseThrow(() -> new NoSuchElementException("no user " + userId));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM user_sessions WHERE user_id = ? AND expires_at <= ?")) {
            ps.setLong(1, userId);
            Sql.setInstant(ps, 2, now);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO user_sessions (token_hash, user_id, csrf_token, created_at,"
                      + " expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, tokenHash);
            ps.setLong(2, userId);
            ps.setString(3, csrfToken);
            Sql.setInstant(ps, 4, now);
            Sql.setInstant(ps, 5, expiresAt);
            ps.executeUpdate();
          }
          Session s = live(c, tokenHash, now).orElseThrow();
          if (s.user().id() != user.id()) {
            // 256 random bits collided, or a caller reused a token: never hand out another's.
            throw new IllegalArgumentException("tokenHash is in use by another session");
          }
          return s;
        });
  }

  /** The live session of {@code tokenHash}; NoSuchElementException when missing or expired. */
  public Session get(String tokenHash) {
    return db.inTransaction(
        c ->
            live(c, tokenHash, clock.instant())
                .orElseThrow(() -> new NoSuchElementException("no such session")));
  }

  /** Deletes the session; false when there was none. */
  public boolean end(String tokenHash) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM user_sessions WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            return ps.executeUpdate() == 1;
          }
        });
  }

  private static Optional<Session> live(Connection c, String tokenHash, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT s.token_hash, s.csrf_token, s.created_at, s.expires_at, u.id, u.name,"
                + " u.email, u.created_at AS user_created_at"
                + " FROM user_sessions s JOIN users u ON u.id = s.user_id"
                + " WHERE s.token_hash = ? AND s.expires_at > ?")) {
      ps.setString(1, tokenHash);
      Sql.setInstant(ps, 2, now);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        User user =
            new User(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("email"),
                Sql.getInstant(rs, "user_created_at"));
        return Optional.of(
            new Session(
                rs.getString("token_hash"),
                user,
                rs.getString("csrf_token"),
                Sql.getInstant(rs, "created_at"),
                Sql.getInstant(rs, "expires_at")));
      }
    }
  }
}
