package com.inkzee.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the store says when it cannot start, which ServiceRunner logs as its one ERROR line. */
class StoreStartFailureTest {
  /**
   * A postgres:// URL (not jdbc:postgresql:) is the usual mistake, and it carries the password:
   * Dialect put the raw INKZEE_DB_URL in its message, and that message was logged.
   */
  @Test
  void aWrongDatabaseUrlIsRefusedWithoutItsPassword() {
    Env env = new Env(Map.of("INKZEE_DB_URL", "postgres://inkzee:S3cretPw@db:5432/inkzee"));
    assertThatThrownBy(() -> StoreServiceMain.start(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "INKZEE_DB_URL must be a jdbc:postgresql: URL (or unset for the embedded store):"
                + " postgres://inkzee:****@db:5432/inkzee")
        .message()
        .doesNotContain("S3cretPw");
  }
}
