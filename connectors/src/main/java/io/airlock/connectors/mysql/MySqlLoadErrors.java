package io.airlock.connectors.mysql;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed insert into a {@link ConnectorException} that says where: the destination table,
 * the column, the names of the primary-key columns and the row's position in the stream. MySQL's
 * messages quote values ({@code Incorrect integer value: 'abc' for column …}, {@code Duplicate
 * entry '42'}), so only names found in them (matched against the known columns) and the row number
 * are kept; neither the message nor the exception is carried along.
 */
final class MySqlLoadErrors {
  private static final Pattern AT_ROW = Pattern.compile(" at row (\\d+)");

  /** MySQL error codes of values the server refused, with what they mean. */
  private static final Map<Integer, String> DATA_ERRORS =
      Map.ofEntries(
          Map.entry(1048, "NULL in a NOT NULL column"),
          Map.entry(1062, "duplicate key"),
          Map.entry(1264, "value out of range for the column"),
          Map.entry(1265, "value truncated"),
          Map.entry(1292, "invalid date or time value"),
          Map.entry(1366, "invalid value for the column type"),
          Map.entry(1406, "value too long for the column"),
          Map.entry(1452, "foreign key violated"),
          Map.entry(1690, "value out of range"),
          Map.entry(3140, "invalid JSON"),
          Map.entry(3819, "check constraint violated"),
          Map.entry(4025, "check constraint violated (for a JSON column: invalid JSON)"));

  private static final Map<Integer, String> ADVICE =
      Map.of(
          1062,
          "the destination table already holds a row with this key; remove the duplicate in the"
              + " source or load with FULL_REFRESH_OVERWRITE",
          1048,
          "the source holds NULL where the destination column is NOT NULL; fix the source value or"
              + " allow NULL in the destination column",
          1406,
          "widen the destination column or shorten the source value");

  /**
   * What is being loaded, for messages.
   *
   * @param stream the stream's name
   * @param table the destination table as {@code database.table} (never a staging table)
   * @param columns the loaded columns, in order
   * @param primaryKey the names of the stream's primary-key columns; empty when it has none
   * @param aftermath what became of the data, for example that the old table is unchanged
   */
  record Load(
      String stream,
      String table,
      List<String> columns,
      List<String> primaryKey,
      String aftermath) {
    Load {
      requireNonNull(stream, "stream is null");
      requireNonNull(table, "table is null");
      columns = List.copyOf(columns);
      primaryKey = List.copyOf(primaryKey);
      requireNonNull(aftermath, "aftermath is null");
    }
  }

  private MySqlLoadErrors() {}

  /**
   * The failure {@code e} of an insert whose rows are rows {@code firstRow} to {@code lastRow} of
   * the stream (a commit's failure covers every row since the last checkpoint).
   */
  static ConnectorException translate(SQLException e, Load load, long firstRow, long lastRow) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    boolean data =
        DATA_ERRORS.containsKey(e.getErrorCode())
            || state.startsWith("22")
            || state.startsWith("23");
    if (!data) {
      return new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot load stream "
              + load.stream()
              + " into "
              + load.table()
              + " (SQLSTATE "
              + state
              + ", error "
              + e.getErrorCode()
              + "). "
              + load.aftermath(),
          e);
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "MySQL/MariaDB rejected "
            + row(message, firstRow, lastRow)
            + " of stream "
            + load.stream()
            + " "
            + key(load)
            + " loading into "
            + load.table()
            + column(message, load.columns())
            + " (SQLSTATE "
            + state
            + ", error "
            + e.getErrorCode()
            + ": "
            + DATA_ERRORS.getOrDefault(e.getErrorCode(), "data exception")
            + "); "
            + ADVICE.getOrDefault(
                e.getErrorCode(), "fix the source value or the destination column type")
            + ". "
            + load.aftermath());
  }

  /** A value of row {@code row} that cannot be sent; {@code reason} has no value. */
  static ConnectorException unwritable(Load load, long row, int column, String reason) {
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "Cannot write row "
            + row
            + " of stream "
            + load.stream()
            + " "
            + key(load)
            + " into "
            + load.table()
            + ", column "
            + load.columns().get(column)
            + ": "
            + reason
            + ". "
            + load.aftermath());
  }

  private static String row(String message, long firstRow, long lastRow) {
    Matcher matcher = AT_ROW.matcher(message);
    String last = null;
    while (matcher.find()) {
      last = matcher.group(1);
    }
    if (last != null && last.length() < 10) {
      long row = firstRow - 1 + Long.parseLong(last);
      if (row >= firstRow && row <= lastRow) {
        return "row " + row;
      }
    }
    return firstRow == lastRow
        ? "row " + firstRow
        : "a row among rows " + firstRow + " to " + Math.max(lastRow, firstRow);
  }

  private static String key(MySqlLoadErrors.Load load) {
    return load.primaryKey().isEmpty()
        ? "(it has no primary key)"
        : "(primary key " + String.join(", ", load.primaryKey()) + ")";
  }

  /**
   * {@code ", column c"} for the loaded column the message names after its last {@code column}
   * (values come before it: {@code … value: 'x' for column `db`.`t`.`c` at row 1}), or nothing.
   */
  private static String column(String message, List<String> columns) {
    int start = message.toLowerCase(java.util.Locale.ROOT).lastIndexOf("column ");
    if (start < 0) {
      return "";
    }
    String tail = message.substring(start);
    String best = null;
    for (String column : columns) {
      boolean named =
          tail.contains("'" + column + "'") || tail.contains("`" + column.replace("`", "``") + "`");
      if (named && (best == null || column.length() > best.length())) {
        best = column;
      }
    }
    return best == null ? "" : ", column " + best;
  }
}
