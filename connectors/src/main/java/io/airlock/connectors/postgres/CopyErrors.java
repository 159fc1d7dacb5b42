package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.ConnectorException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a failure of a COPY into a {@link ConnectorException} that names the stream, column and row
 * but never the rejected value: PostgreSQL's own message and context quote the value, so neither is
 * kept, not even as the cause.
 */
final class CopyErrors {
  private static final Map<String, String> DATA_ERRORS =
      Map.of(
          "22P02", "invalid text representation",
          "22003", "numeric value out of range",
          "22001", "value too long for the column",
          "22007", "invalid date or time format",
          "22008", "date or time out of range",
          "23502", "NULL in a NOT NULL column",
          "22021", "invalid byte sequence for the encoding",
          "22P05", "untranslatable character",
          "23505", "duplicate key",
          "23514", "check constraint violated");

  private CopyErrors() {}

  static ConnectorException translate(
      SQLException e, String stream, String table, List<String> columns, long rowsBefore) {
    String state = e.getSQLState();
    if (state == null || !(state.startsWith("22") || state.startsWith("23"))) {
      return new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot load stream "
              + stream
              + " into "
              + table
              + " (SQLSTATE "
              + state
              + "); the load is rolled back to the last checkpoint",
          e);
    }
    String where = where(e);
    long line = line(where);
    String column = column(where, columns);
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "PostgreSQL rejected a value of stream "
            + stream
            + (column == null ? "" : ", column " + column)
            + (line < 0 ? "" : ", row " + (rowsBefore + line))
            + " loading into "
            + table
            + " (SQLSTATE "
            + state
            + ": "
            + DATA_ERRORS.getOrDefault(state, "data exception")
            + "); fix the source value or the destination column type");
  }

  private static String where(SQLException e) {
    if (e instanceof PSQLException psql) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server != null && server.getWhere() != null) {
        return server.getWhere();
      }
    }
    return "";
  }

  private static long line(String where) {
    int start = where.indexOf(", line ");
    if (start < 0) {
      return -1;
    }
    int position = start + ", line ".length();
    long line = 0;
    int digits = 0;
    while (position < where.length() && Character.isDigit(where.charAt(position))) {
      line = line * 10 + where.charAt(position++) - '0';
      digits++;
    }
    return digits == 0 ? -1 : line;
  }

  private static String column(String where, List<String> columns) {
    String best = null;
    for (String column : columns) {
      boolean named =
          where.contains(", column " + column + ":") || where.endsWith(", column " + column);
      if (named && (best == null || column.length() > best.length())) {
        best = column;
      }
    }
    return best;
  }
}
