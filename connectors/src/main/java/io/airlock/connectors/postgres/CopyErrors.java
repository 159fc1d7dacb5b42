package io.airlock.connectors.postgres;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a failure of a load into a {@link ConnectorException} that says where: the destination
 * table, the column (as PostgreSQL reports it, or derived from the violated constraint), the names
 * of the stream's primary-key columns and the row's position in the stream. It never carries a
 * value: PostgreSQL's message, detail and context quote values ({@code Key (id)=(42)}, {@code
 * invalid input syntax for type integer: "abc"}, {@code COPY t, line 3, column c: "…"}), so none of
 * them is kept, not even as the cause; only the SQLSTATE and names are.
 */
final class CopyErrors {
  private static final Map<String, String> DATA_ERRORS =
      Map.ofEntries(
          Map.entry("22P02", "invalid text representation"),
          Map.entry("22003", "numeric value out of range"),
          Map.entry("22001", "value too long for the column"),
          Map.entry("22007", "invalid date or time format"),
          Map.entry("22008", "date or time out of range"),
          Map.entry("22021", "invalid byte sequence for the encoding"),
          Map.entry("22P05", "untranslatable character"),
          Map.entry("23502", "NULL in a NOT NULL column"),
          Map.entry("23503", "foreign key violated"),
          Map.entry("23505", "duplicate key"),
          Map.entry("23514", "check constraint violated"),
          Map.entry("23P01", "exclusion constraint violated"));

  private static final Map<String, String> ADVICE =
      Map.of(
          "23505",
          "the destination table already holds a row with this key; remove the duplicate in the"
              + " source or load with FULL_REFRESH_OVERWRITE",
          "23502",
          "the source holds NULL where the destination column is NOT NULL; fix the source value or"
              + " allow NULL in the destination column",
          "22001",
          "widen the destination column or shorten the source value");

  /** Finds the columns of a constraint or unique index, by name; empty when it cannot. */
  @FunctionalInterface
  interface ConstraintColumns {
    List<String> of(String schema, String table, String constraint);
  }

  /**
   * What is being loaded, for messages.
   *
   * @param stream the stream's name
   * @param table the destination table as {@code schema.table} (never a staging table)
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

  private CopyErrors() {}

  /**
   * The failure {@code e} of a COPY or commit that started after {@code rowsBefore} rows of the
   * stream and had received rows up to {@code rowsWritten}.
   */
  static ConnectorException translate(
      SQLException e, Load load, long rowsBefore, long rowsWritten, ConstraintColumns lookup) {
    String state = e.getSQLState();
    if (state == null || !(state.startsWith("22") || state.startsWith("23"))) {
      return new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot load stream "
              + load.stream()
              + " into "
              + load.table()
              + " (SQLSTATE "
              + state
              + "). "
              + load.aftermath(),
          e);
    }
    ServerErrorMessage server =
        e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    String where = server == null || server.getWhere() == null ? "" : server.getWhere();
    long line = line(where);
    String row =
        line < 0
            ? "a row among rows "
                + (rowsBefore + 1)
                + " to "
                + Math.max(rowsWritten, rowsBefore + 1)
            : "row " + (rowsBefore + line);
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "PostgreSQL rejected "
            + row
            + " of stream "
            + load.stream()
            + " "
            + key(load)
            + " loading into "
            + load.table()
            + columns(server, where, load, lookup)
            + " (SQLSTATE "
            + state
            + ": "
            + DATA_ERRORS.getOrDefault(state, "data exception")
            + "); "
            + ADVICE.getOrDefault(state, "fix the source value or the destination column type")
            + ". "
            + load.aftermath());
  }

  /**
   * A value of row {@code row} that cannot be written in COPY text; {@code reason} has no value.
   */
  static ConnectorException unencodable(Load load, long row, int column, String reason) {
    String name = load.columns().get(Math.min(column, load.columns().size() - 1));
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
            + name
            + ": "
            + reason
            + ". "
            + load.aftermath());
  }

  private static String key(Load load) {
    return load.primaryKey().isEmpty()
        ? "(it has no primary key)"
        : "(primary key " + String.join(", ", load.primaryKey()) + ")";
  }

  /** {@code ", column c"}, {@code ", columns a, b"} or {@code ", constraint k"}, or nothing. */
  private static String columns(
      ServerErrorMessage server, String where, Load load, ConstraintColumns lookup) {
    if (server != null && server.getColumn() != null) {
      return ", column " + server.getColumn();
    }
    String fromWhere = columnIn(where, load.columns());
    if (fromWhere != null) {
      return ", column " + fromWhere;
    }
    if (server == null || server.getConstraint() == null) {
      return "";
    }
    List<String> columns = lookup.of(server.getSchema(), server.getTable(), server.getConstraint());
    String constraint = ", constraint " + server.getConstraint();
    return switch (columns.size()) {
      case 0 -> constraint;
      case 1 -> ", column " + columns.get(0) + constraint;
      default -> ", columns " + String.join(", ", columns) + constraint;
    };
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

  /**
   * The loaded column that COPY's context names ({@code COPY t, line 3, column c: "…"}). Only known
   * column names are matched, so the quoted value after them is never taken for a name.
   */
  private static String columnIn(String where, List<String> columns) {
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
