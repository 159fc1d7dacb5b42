package io.airlock.controlplane.database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Reads typed columns from JDBC rows. */
public final class Columns {
  private Columns() {}

  /** A {@code timestamptz} column as an instant, or null. */
  public static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /** A {@code uuid} column, or null. */
  public static UUID uuid(ResultSet row, String column) throws SQLException {
    return row.getObject(column, UUID.class);
  }

  /** An instant as a JDBC parameter for a {@code timestamptz} column. */
  public static OffsetDateTime parameter(Instant instant) {
    return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
  }
}
