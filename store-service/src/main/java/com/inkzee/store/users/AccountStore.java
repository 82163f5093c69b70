package com.inkzee.store.users;

import com.inkzee.rpc.api.store.AccountMessages.CredentialResponse;
import com.inkzee.rpc.api.store.UserMessages.User;
import com.inkzee.rpc.api.store.UserMessages.UserResponse;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * Accounts of the web reader: a user with a password hash. The hash is opaque here (the gateway
 * makes and checks it); the store only keeps it beside the user, one per user.
 */
public final class AccountStore {
  private final Database db;
  private final Clock clock;

  public AccountStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Creates user {@code name} with {@code passwordHash}, in one transaction; a name in use (with a
   * password or not) is {@link NameTakenException}, so signing up never claims someone's user.
   */
  public UserResponse create(String name, String email, String passwordHash) {
    return db.inTransaction(
        c -> {
          Instant now = clock.instant();
          int inserted;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO users (name, email, created_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
            ps.setString(1, name);
            ps.setString(2, email);
            Sql.setInstant(ps, 3, now);
            inserted = ps.executeUpdate();
          }
          if (inserted == 0) {
            throw new NameTakenException(name);
          }
          User user = UserStore.byName(c, name).orElseThrow();
          writeHash(c, user.id(), passwordHash, now);
          return new UserResponse(user, true);
        });
  }

  /** User {@code name} and their hash; NoSuchElementException alike for no user and no password. */
  public CredentialResponse credential(String name) {
    return db.inTransaction(
        c -> {
          User user = UserStore.byName(c, name).orElseThrow(() -> noAccount(name));
          try (PreparedStatement ps =
              c.prepareStatement("SELECT password_hash FROM user_passwords WHERE user_id = ?")) {
            ps.setLong(1, user.id());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw noAccount(name);
              }
              return new CredentialResponse(user, rs.getString(1));
            }
          }
        });
  }

  /** Sets the user's hash; with {@code endSessions} deletes their sessions. Returns how many. */
  public int setPassword(long userId, String passwordHash, boolean endSessions) {
    return db.inTransaction(
        c -> {
          if (!UserStore.exists(c, userId)) {
            throw new NoSuchElementException("no user " + userId);
          }
          writeHash(c, userId, passwordHash, clock.instant());
          if (!endSessions) {
            return 0;
          }
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM user_sessions WHERE user_id = ?")) {
            ps.setLong(1, userId);
            return ps.executeUpdate();
          }
        });
  }

  /**
   * Replaces the user's hash with {@code newHash} if it is still {@code expectedHash}; false when
   * it is not (a password changed since it was read) or there is none.
   */
  public boolean upgradeHash(long userId, String expectedHash, String newHash) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE user_passwords SET password_hash = ?, updated_at = ?"
                      + " WHERE user_id = ? AND password_hash = ?")) {
            ps.setString(1, newHash);
            Sql.setInstant(ps, 2, clock.instant());
            ps.setLong(3, userId);
            ps.setString(4, expectedHash);
            return ps.executeUpdate() == 1;
          }
        });
  }

  /** Update, else insert: portable, and two racing calls leave one row with one of the hashes. */
  private static void writeHash(Connection c, long userId, String hash, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE user_passwords SET password_hash = ?, updated_at = ? WHERE user_id = ?")) {
      ps.setString(1, hash);
      Sql.setInstant(ps, 2, now);
      ps.setLong(3, userId);
      if (ps.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO user_passwords (user_id, password_hash, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
      ps.setLong(1, userId);
      ps.setString(2, hash);
      Sql.setInstant(ps, 3, now);
      ps.executeUpdate();
    }
  }

  private static NoSuchElementException noAccount(String name) {
    return new NoSuchElementException("no account '" + name + "' with a password");
  }
}
