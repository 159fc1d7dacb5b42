package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.StreamDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Incremental append with dedup: rows are loaded into a temporary table and merged into the
 * destination table by primary key at each checkpoint, in the checkpoint's transaction.
 *
 * <p>The rules, as docs/sync-modes.md states them: among the rows of one checkpoint with the same
 * key, the last one read wins (sources read in cursor or log order); it replaces the table's row
 * unless the table's cursor is later than its own. A NULL cursor on either side never blocks the
 * replacement, since it cannot be compared.
 */
final class DedupMerge {
  static final String TEMPORARY_SCHEMA = "pg_temp";
  private static final String ROW_NUMBER = "_airlock_row";

  private final String target;
  private final String stage;
  private final List<String> columns;
  private final List<String> key;
  private final String cursorField;

  DedupMerge(String schema, StreamDescriptor stream, String cursorField) {
    this.target = SqlIdentifiers.qualified(schema, stream.name());
    this.stage = SqlIdentifiers.qualified(TEMPORARY_SCHEMA, stageName());
    this.columns = stream.columns().stream().map(Column::name).toList();
    this.key = stream.primaryKey();
    this.cursorField = cursorField == null || key.contains(cursorField) ? null : cursorField;
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
      statement.execute(mergeSql());
      statement.execute("TRUNCATE " + stage);
    }
  }

  private String mergeSql() {
    String all = list(columns);
    String latest =
        "SELECT DISTINCT ON ("
            + list(key)
            + ") "
            + all
            + " FROM "
            + stage
            + " ORDER BY "
            + list(key)
            + ", "
            + ROW_NUMBER
            + " DESC";
    return "INSERT INTO "
        + target
        + " AS t ("
        + all
        + ") SELECT "
        + all
        + " FROM ("
        + latest
        + ") AS latest ON CONFLICT ("
        + list(key)
        + ") "
        + onConflict();
  }

  private String onConflict() {
    List<String> others = columns.stream().filter(c -> !key.contains(c)).toList();
    if (others.isEmpty()) {
      return "DO NOTHING";
    }
    String set =
        others.stream()
            .map(c -> SqlIdentifiers.quote(c) + " = EXCLUDED." + SqlIdentifiers.quote(c))
            .collect(Collectors.joining(", "));
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
    return names.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
  }
}
