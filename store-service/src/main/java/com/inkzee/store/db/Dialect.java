package com.inkzee.store.db;

import com.inkzee.rpc.config.ConfigMask;

/**
 * The few places where PostgreSQL and the embedded H2 (in PostgreSQL mode) differ. Everything else
 * is written once: H2 2.5 accepts {@code INSERT ... ON CONFLICT DO NOTHING}, {@code FOR UPDATE SKIP
 * LOCKED}, {@code = ANY(?)} with an array and row-value comparisons, which is all the store uses.
 */
public enum Dialect {
  POSTGRESQL,
  H2;

  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    // Masked as the printed configuration is: a postgres://user:password@host URL, the usual
    // mistake here, carries the password, and this message is logged.
    throw new IllegalArgumentException(
        "INKZEE_DB_URL must be a jdbc:postgresql: URL (or unset for the embedded store): "
            + ConfigMask.mask("INKZEE_DB_URL", jdbcUrl));
  }

  /**
   * Whether search uses PostgreSQL's tsvector and GIN index; H2 has neither and falls back to LIKE
   * over the text (see docs/STORE.md).
   */
  public boolean fullTextSearch() {
    return this == POSTGRESQL;
  }

  /**
   * Whether many store processes may share the database: H2's embedded file is locked by one
   * process, so there the fetch queue has exactly one store in front of it.
   */
  public boolean sharedByProcesses() {
    return this == POSTGRESQL;
  }
}
