package com.inkzee.store.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.store.StoreConfig;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default as {@link Database#open(StoreConfig)} opens it: an H2 file. */
class EmbeddedDatabaseTest {
  @Test
  void commitsReachTheFileBeforeTheyAreAcknowledged(@TempDir Path dataDir) {
    StoreConfig config =
        new StoreConfig(null, "sa", "", dataDir, 2, Duration.ofSeconds(5), Duration.ofSeconds(30));
    try (Database db = Database.open(config)) {
      // H2's default of 500 ms leaves acknowledged commits in memory, lost to a kill -9.
      String writeDelay =
          db.inTransaction(
              c -> {
                try (Statement s = c.createStatement();
                    ResultSet rs =
                        s.executeQuery(
                            "SELECT setting_value FROM information_schema.settings"
                                + " WHERE setting_name = 'WRITE_DELAY'")) {
                  return rs.next() ? rs.getString(1) : null;
                }
              });
      assertThat(writeDelay).isEqualTo("0");
    }
  }
}
