package com.inkzee.store.users;

import com.inkzee.rpc.api.store.UserMessages.User;
import com.inkzee.rpc.api.store.UserMessages.UserResponse;
import com.inkzee.store.db.Database;
import com.inkzee.store.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/** Users, created once by name: a repeated create returns the existing user. */
public final class UserStore {
  private static final String COLUMNS = "id, name, email, created_at";

  private final Database db;
  private final Clock clock;

  public UserStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public UserResponse create(String name, String email) {
    return db.inTransaction(
        c -> {
          int inserted;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO users (name, email, created_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
            ps.setString(1, name);
            ps.setString(2, email);
            Sql.setInstant(ps, 3, clock.instant());
            inserted = ps.executeUpdate();
          }
          User user = byName(c, name).orElseThrow();
          return new UserResponse(user, inserted == 1);
        });
  }

  public Optional<User> get(Long id, String name) {
    return db.inTransaction(c -> id != null ? byId(c, id) : byName(c, name));
  }

  static Optional<User> byName(Connection c, String name) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM users WHERE name = ?", name);
  }

  public static Optional<User> byId(Connection c, long id) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM users WHERE id = ?", id);
  }

  /** Whether the user exists; stores call it to answer NOT_FOUND rather than an empty result. */
  public static boolean exists(Connection c, long id) throws SQLException {
    return byId(c, id).isPresent();
  }

  private static Optional<User> one(Connection c, String sql, Object key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new User(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("email"),
                Sql.getInstant(rs, "created_at")));
      }
    }
  }
}
