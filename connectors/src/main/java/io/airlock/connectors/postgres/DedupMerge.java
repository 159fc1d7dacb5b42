package io.airlock.connectors.postgres;

import static java.util.stream.Collectors.joining;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.StreamDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Incremental append with dedup: rows are loaded into a temporary table and merged into the
 * destination table by primary key at each checkpoint, in the checkpoint's transaction.
 *
 * <p>The rules, as docs/sync-modes.md states them: among the rows of one checkpoint with the same
 * key, the last one read wins (sources read in cursor or log order); it replaces the table's row
 * unless the table's cursor is later than its own. A NULL cursor on either side never blocks the
 * replacement, since it cannot be compared.
 *
 * <p>Streams read by change capture (with {@code _airlock_lsn} and {@code _airlock_deleted}) are
 * ordered by log position instead of the cursor; a key whose latest change is a delete is deleted;
 * and an unchanged out-of-line value (the capture's placeholder) keeps the value the table holds.
 */
final class DedupMerge {
  static final String TEMPORARY_SCHEMA = "pg_temp";
  private static final String ROW_NUMBER = "_airlock_row";

  private final String target;
  private final String stage;
  private final List<String> columns;
  private final List<String> key;
  private final String cursorField;
  private final boolean changes;
  private final Map<String, DataType.Kind> kinds;

  DedupMerge(String schema, StreamDescriptor stream, String cursorField) {
    this.target = SqlIdentifiers.qualified(schema, stream.name());
    this.stage = SqlIdentifiers.qualified(TEMPORARY_SCHEMA, stageName());
    this.columns = stream.columns().stream().map(Column::name).toList();
    this.key = stream.primaryKey();
    this.changes = CdcColumns.carriesChanges(stream);
    this.kinds = new HashMap<>();
    stream.columns().forEach(c -> kinds.put(c.name(), c.type().kind()));
    if (changes) {
      // Changes are ordered by their log position, whatever cursor the connection names.
      this.cursorField = CdcColumns.LSN;
    } else {
      this.cursorField = cursorField == null || key.contains(cursorField) ? null : cursorField;
    }
  }

  /** The temporary table's name; it is private to the writer's session. */
  static String stageName() {
    return "_airlock_dedup_stage";
  }

  /** Creates the destination table with the stream's primary key, unless it exists. */
  String createTarget(String columnsDdl) {
    return "CREATE TABLE IF NOT EXISTS "
        + target
        + " ("
        + columnsDdl
        + ", PRIMARY KEY ("
        + list(key)
        + "))";
  }

  /** Creates the temporary table, numbering rows in the order they are loaded. */
  String createStage(String columnsDdl) {
    return "CREATE TEMPORARY TABLE IF NOT EXISTS "
        + SqlIdentifiers.quote(stageName())
        + " ("
        + columnsDdl
        + ", "
        + ROW_NUMBER
        + " bigint GENERATED ALWAYS AS IDENTITY)";
  }

  /** Merges the loaded rows into the destination table and empties the temporary table. */
  void apply(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (changes) {
        statement.execute(deleteSql());
      }
      statement.execute(mergeSql());
      statement.execute("TRUNCATE " + stage);
    }
  }

  /**
   * The latest version of each key among the loaded rows: the last one read, or for changes the one
   * with the greatest log position (then the last one read).
   */
  private String latestSql() {
    String keys = key.stream().map(k -> "s." + SqlIdentifiers.quote(k)).collect(joining(", "));
    String order = changes ? "s." + SqlIdentifiers.quote(CdcColumns.LSN) + " DESC, " : "";
    return "SELECT DISTINCT ON ("
        + keys
        + ") "
        + columns.stream().map(this::latestValue).collect(joining(", "))
        + " FROM "
        + stage
        + " AS s ORDER BY "
        + keys
        + ", "
        + order
        + "s."
        + ROW_NUMBER
        + " DESC";
  }

  /**
   * A column of the latest version. A change's placeholder for an unchanged out-of-line value takes
   * the value of the key's previous version among the loaded rows, when there is one (the row was
   * inserted or changed in the same checkpoint); otherwise the merge keeps the table's value.
   */
  private String latestValue(String column) {
    String quoted = SqlIdentifiers.quote(column);
    if (!keepsUnchangedValues(column)) {
      return "s." + quoted;
    }
    DataType.Kind kind = kinds.get(column);
    String lsn = SqlIdentifiers.quote(CdcColumns.LSN);
    String match =
        key.stream()
            .map(SqlIdentifiers::quote)
            .map(k -> "p." + k + " = s." + k)
            .collect(joining(" AND "));
    String previous =
        "(SELECT p."
            + quoted
            + " FROM "
            + stage
            + " AS p WHERE "
            + match
            + " AND NOT p."
            + SqlIdentifiers.quote(CdcColumns.DELETED)
            + " AND NOT ("
            + isPlaceholder("p." + quoted, kind)
            + ") AND (p."
            + lsn
            + ", p."
            + ROW_NUMBER
            + ") < (s."
            + lsn
            + ", s."
            + ROW_NUMBER
            + ") ORDER BY p."
            + lsn
            + " DESC, p."
            + ROW_NUMBER
            + " DESC LIMIT 1)";
    return "CASE WHEN "
        + isPlaceholder("s." + quoted, kind)
        + " THEN COALESCE("
        + previous
        + ", s."
        + quoted
        + ") ELSE s."
        + quoted
        + " END AS "
        + quoted;
  }

  private boolean keepsUnchangedValues(String column) {
    DataType.Kind kind = kinds.get(column);
    return changes && kind != null && CdcColumns.canBeUnchangedToast(kind);
  }

  /** SQL that is true when {@code value} is the placeholder for an unchanged value. */
  private static String isPlaceholder(String value, DataType.Kind kind) {
    String placeholder = CdcColumns.UNCHANGED_TOAST;
    return switch (kind) {
      case BYTES -> value + " = convert_to('" + placeholder + "', 'UTF8')";
      case JSON -> value + "::text = '\"" + placeholder + "\"'";
      default -> value + " = '" + placeholder + "'";
    };
  }

  /**
   * Deletes the rows whose key's latest change is a delete, unless the table holds a later version
   * (by log position) of that key.
   */
  private String deleteSql() {
    String lsn = SqlIdentifiers.quote(CdcColumns.LSN);
    String match =
        key.stream()
            .map(SqlIdentifiers::quote)
            .map(k -> "t." + k + " = latest." + k)
            .collect(joining(" AND "));
    return "DELETE FROM "
        + target
        + " AS t USING ("
        + latestSql()
        + ") AS latest WHERE "
        + match
        + " AND latest."
        + SqlIdentifiers.quote(CdcColumns.DELETED)
        + " AND (t."
        + lsn
        + " IS NULL OR latest."
        + lsn
        + " >= t."
        + lsn
        + ")";
  }

  private String mergeSql() {
    String all = list(columns);
    String live = changes ? " WHERE NOT " + SqlIdentifiers.quote(CdcColumns.DELETED) : "";
    return "INSERT INTO "
        + target
        + " AS t ("
        + all
        + ") SELECT "
        + all
        + " FROM ("
        + latestSql()
        + ") AS latest"
        + live
        + " ON CONFLICT ("
        + list(key)
        + ") "
        + onConflict();
  }

  /**
   * The new value of a column on update: the incoming one, except that a change's placeholder for
   * an unchanged out-of-line value keeps the stored value.
   */
  private String newValue(String column) {
    String quoted = SqlIdentifiers.quote(column);
    if (!keepsUnchangedValues(column)) {
      return "EXCLUDED." + quoted;
    }
    return "CASE WHEN "
        + isPlaceholder("EXCLUDED." + quoted, kinds.get(column))
        + " THEN t."
        + quoted
        + " ELSE EXCLUDED."
        + quoted
        + " END";
  }

  private String onConflict() {
    List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
    if (others.isEmpty()) {
      return "DO NOTHING";
    }
    String set =
        others.stream()
            .map(c -> SqlIdentifiers.quote(c) + " = " + newValue(c))
            .collect(joining(", "));
    if (cursorField == null) {
      return "DO UPDATE SET " + set;
    }
    String cursor = SqlIdentifiers.quote(cursorField);
    return "DO UPDATE SET "
        + set
        + " WHERE EXCLUDED."
        + cursor
        + " IS NULL OR t."
        + cursor
        + " IS NULL OR EXCLUDED."
        + cursor
        + " >= t."
        + cursor;
  }

  private static String list(List<String> names) {
    return names.stream().map(SqlIdentifiers::quote).collect(joining(", "));
  }
}
