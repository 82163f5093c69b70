package com.inkzee.store.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * JDBC conversions shared by every store: UTC timestamps at microsecond precision (what both {@code
 * timestamptz} and the wire keep) and array parameters for {@code = ANY(?)}.
 */
public final class Sql {
  private Sql() {}

  public static Instant micros(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Binds {@code t}, which must lie in {@link StoredTimes}' range or be a bound clamped to it:
   * anything else is refused here the same way on both engines (INVALID_ARGUMENT), where PostgreSQL
   * alone would fail the statement (INTERNAL), for a time that slipped past the callers' checks.
   */
  public static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else if (!StoredTimes.bindable(t)) {
      throw new IllegalArgumentException("the time " + t + " is outside " + StoredTimes.range());
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(micros(t), ZoneOffset.UTC));
    }
  }

  public static Instant getInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  public static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  public static Long getNullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  public static Array longArray(Connection c, Collection<Long> ids) throws SQLException {
    return c.createArrayOf("bigint", ids.toArray(new Long[0]));
  }

  public static Array textArray(Connection c, Collection<String> values) throws SQLException {
    return c.createArrayOf("varchar", values.toArray(new String[0]));
  }
}
