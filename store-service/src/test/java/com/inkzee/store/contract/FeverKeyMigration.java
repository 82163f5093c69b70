package com.inkzee.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.AppPasswordMessages.AppKeyKind;
import com.inkzee.rpc.api.store.AppPasswordMessages.FindAppPasswordRequest;
import com.inkzee.store.db.Database;
import com.inkzee.store.rpc.StoreRpcHandler;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V8 on a database that held app passwords before it: the Fever keys stored as they are
 * become their SHA-256 digests, and the Fever apps signed in with them keep working.
 */
abstract class FeverKeyMigration {
  /** A JDBC URL of an empty database (or schema) of the engine. */
  abstract String emptyDatabaseUrl() throws Exception;

  abstract String user();

  abstract String password();

  abstract String vendor();

  @Test
  void feverKeysStoredBeforeV8AreHashedAndStillSignIn() throws Exception {
    String url = emptyDatabaseUrl();
    Flyway.configure()
        .dataSource(url, user(), password())
        .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor())
        .target("7")
        .load()
        .migrate();
    String feverKey = AppApiContract.hex("MD5", "reader:an old password");
    long appPasswordId;
    try (Connection c = DriverManager.getConnection(url, user(), password());
        Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO users (name, created_at) VALUES ('reader', CURRENT_TIMESTAMP)");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO app_passwords (user_id, label, password_hash, token_hash, fever_key,"
                  + " created_at) SELECT id, 'Unread', ?, ?, ?, CURRENT_TIMESTAMP FROM users"
                  + " WHERE name = 'reader'")) {
        ps.setString(1, AppApiContract.hex("SHA-256", "password"));
        ps.setString(2, AppApiContract.hex("SHA-256", "token"));
        ps.setString(3, feverKey);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (ResultSet rs = st.executeQuery("SELECT id FROM app_passwords")) {
        assertThat(rs.next()).isTrue();
        appPasswordId = rs.getLong(1);
      }
    }

    try (Database db = Database.open(url, user(), password(), TestDatabases.config(2))) {
      String stored =
          db.inTransaction(
              c -> {
                try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT fever_key FROM app_passwords")) {
                  assertThat(rs.next()).isTrue();
                  return rs.getString(1).trim();
                }
              });
      assertThat(stored).isEqualTo(AppApiContract.hex("SHA-256", feverKey));
      StoreRpcHandler store = new StoreRpcHandler(db, Clock.systemUTC());
      assertThat(
              store
                  .findAppPassword(new FindAppPasswordRequest(AppKeyKind.FEVER_KEY, feverKey))
                  .appPassword()
                  .id())
          .isEqualTo(appPasswordId);
    }
  }
}
