package io.airlock.connectors.duckdb;

import io.airlock.connectors.cdc.ChangeColumns;
import io.airlock.connectors.duckdb.DuckDbValues.UnwritableValueException;
import io.airlock.connectors.duckdb.DuckDbValues.ValueWriter;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one stream into a DuckDB table through DuckDB's Appender, in one transaction from one
 * checkpoint to the next. Overwrite loads a staging table ({@link DuckDbStagingTables}) and swaps
 * it in at {@link #finish()} in one transaction (drop the old table, rename the new one), so a
 * failed or aborted overwrite leaves the old table as it was. Append adds to the table, creating it
 * when it does not exist.
 *
 * <p>A value the column cannot hold fails the load with an error naming the table, the column, the
 * primary-key columns and the row's position in the stream, never a value. DuckDB's own messages
 * can quote values, so they are never passed on; only the SQLSTATE is.
 */
final class DuckDbStreamWriter implements StreamWriter {
  private static final Logger log = LoggerFactory.getLogger(DuckDbStreamWriter.class);

  private enum State {
    OPEN,
    FAILED,
    FINISHED,
    ABORTED
  }

  private final DuckDBConnection connection;
  private final String database;
  private final String schema;
  private final StreamDescriptor stream;
  private final SyncMode mode;
  private final String loadTable;
  private final List<String> columnNames;
  private final ValueWriter[] writers;
  private final String cursorField;
  private final boolean changes;
  private DuckDBAppender appender;
  private long rowsWritten;
  private long rowsCommitted;
  private State state = State.OPEN;

  DuckDbStreamWriter(
      DuckDBConnection connection,
      String database,
      String schema,
      StreamDescriptor stream,
      SyncMode mode,
      String cursorField)
      throws SQLException {
    this.connection = connection;
    this.changes =
        mode == SyncMode.INCREMENTAL_APPEND_DEDUP && ChangeColumns.carriesChanges(stream);
    // Changes are ordered by their log position, whatever cursor the connection names.
    String cursor = changes ? ChangeColumns.LSN : cursorField;
    this.cursorField = cursor == null || stream.primaryKey().contains(cursor) ? null : cursor;
    this.database = database;
    this.schema = schema;
    this.stream = stream;
    this.mode = mode;
    this.loadTable = staged(mode) ? DuckDbStagingTables.newName(stream.name()) : stream.name();
    this.columnNames = stream.columns().stream().map(Column::name).toList();
    this.writers =
        stream.columns().stream()
            .map(c -> DuckDbValues.writer(c.type()))
            .toArray(ValueWriter[]::new);
    connection.setAutoCommit(false);
    createTable();
  }

  /**
   * Whether rows are loaded into a staging table: for overwrite, swapped in at the end; for dedup,
   * merged into the table at each checkpoint.
   */
  private static boolean staged(SyncMode mode) {
    return mode == SyncMode.FULL_REFRESH_OVERWRITE || mode == SyncMode.INCREMENTAL_APPEND_DEDUP;
  }

  private boolean dedup() {
    return mode == SyncMode.INCREMENTAL_APPEND_DEDUP;
  }

  private void createTable() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + DuckDbSql.quote(schema));
      connection.commit();
      DuckDbStagingTables.dropLeftovers(connection, database, schema, stream.name());
      String ifNotExists = mode == SyncMode.FULL_REFRESH_OVERWRITE ? "" : "IF NOT EXISTS ";
      if (staged(mode)) {
        DuckDbStagingTables.claim(database, schema, loadTable);
      }
      if (dedup()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS "
                + target(stream.name())
                + " ("
                + columnsDdl()
                + ", PRIMARY KEY ("
                + quotedList(stream.primaryKey())
                + "))");
      }
      statement.execute(
          "CREATE TABLE " + ifNotExists + target(loadTable) + " (" + columnsDdl() + ")");
    }
    connection.commit();
    log.info("Loading stream {} into {}.{} ({})", stream.name(), schema, loadTable, mode);
  }

  private String columnsDdl() {
    return stream.columns().stream()
        .map(c -> DuckDbSql.quote(c.name()) + " " + DuckDbTypes.sqlType(c.type()))
        .collect(Collectors.joining(", "));
  }

  @Override
  public void write(RecordBatch batch) {
    requireState(State.OPEN, "write");
    checkColumns(batch.columns());
    int index = 0;
    int column = 0;
    try {
      if (appender == null) {
        beginTransaction();
        appender = connection.createAppender(schema, loadTable);
      }
      for (Object[] row : batch.rows()) {
        appender.beginRow();
        for (column = 0; column < writers.length; column++) {
          Object value = row[column];
          if (value == null) {
            appender.appendNull();
          } else {
            writers[column].append(appender, value);
          }
        }
        appender.endRow();
        index++;
      }
      rowsWritten += index;
    } catch (UnwritableValueException e) {
      throw fail(rowsWritten + index + 1, column, e.getMessage(), null);
    } catch (SQLException e) {
      throw fail(rowsWritten + index + 1, column, "DuckDB refused the value", e);
    } catch (ClassCastException e) {
      throw fail(
          rowsWritten + index + 1,
          column,
          "the value's Java class does not match the column's declared type",
          null);
    }
  }

  private void checkColumns(List<Column> columns) {
    boolean same = columns.size() == columnNames.size();
    for (int i = 0; same && i < columns.size(); i++) {
      same = columns.get(i).name().equals(columnNames.get(i));
    }
    if (!same) {
      state = State.FAILED;
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Batch columns of stream "
              + stream.name()
              + " differ from the columns it was opened with");
    }
  }

  /** A value of row {@code row} (1-based, in the stream) that the column cannot take. */
  private ConnectorException fail(long row, int column, String reason, SQLException cause) {
    state = State.FAILED;
    rollbackQuietly();
    String sqlState = cause == null ? "" : " (SQLSTATE " + cause.getSQLState() + ")";
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "Cannot write row "
            + row
            + " of stream "
            + stream.name()
            + " "
            + key()
            + " into DuckDB table "
            + schema
            + "."
            + stream.name()
            + ", column "
            + columnNames.get(Math.min(column, columnNames.size() - 1))
            + ": "
            + reason
            + sqlState
            + ". "
            + aftermath());
  }

  private String key() {
    return stream.primaryKey().isEmpty()
        ? "(it has no primary key)"
        : "(primary key " + String.join(", ", stream.primaryKey()) + ")";
  }

  private String aftermath() {
    return mode == SyncMode.FULL_REFRESH_OVERWRITE
        ? "The table is unchanged; the new copy was not swapped in"
        : "Rows committed at earlier checkpoints ("
            + rowsCommitted
            + ") stay in the table; later rows were rolled back";
  }

  @Override
  public void checkpoint() {
    requireState(State.OPEN, "checkpoint");
    try {
      closeAppender();
      if (dedup()) {
        merge();
      }
      connection.commit();
      rowsCommitted = rowsWritten;
    } catch (SQLException e) {
      state = State.FAILED;
      rollbackQuietly();
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot commit stream "
              + stream.name()
              + " into DuckDB table "
              + schema
              + "."
              + stream.name()
              + " (SQLSTATE "
              + e.getSQLState()
              + "); check the free space and permissions of the database file. "
              + aftermath());
    }
  }

  /**
   * Merges the staged rows into the table by primary key, in the checkpoint's transaction: per key
   * the last row loaded wins, and it replaces the table's row unless the table's cursor is later (a
   * NULL cursor on either side never blocks it); then empties the staging table. Changes (streams
   * with the change-capture columns) are ordered by log position, and a key whose latest change is
   * a delete is deleted: its tombstone is merged like any version, then removed.
   */
  private void merge() throws SQLException {
    String all = quotedList(columnNames);
    String key = quotedList(stream.primaryKey());
    String keyOfStage =
        stream.primaryKey().stream()
            .map(k -> "s." + DuckDbSql.quote(k))
            .collect(Collectors.joining(", "));
    String latest =
        "SELECT DISTINCT ON ("
            + keyOfStage
            + ") "
            + columnNames.stream().map(this::latestValue).collect(Collectors.joining(", "))
            + " FROM "
            + target(loadTable)
            + " AS s ORDER BY "
            + keyOfStage
            + (changes ? ", s." + DuckDbSql.quote(ChangeColumns.LSN) + " DESC" : "")
            + ", s.rowid DESC";
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + target(stream.name())
              + " ("
              + all
              + ") SELECT "
              + all
              + " FROM ("
              + latest
              + ") ON CONFLICT ("
              + key
              + ") "
              + onConflict());
      if (changes) {
        statement.execute(
            "DELETE FROM "
                + target(stream.name())
                + " WHERE "
                + DuckDbSql.quote(ChangeColumns.DELETED));
      }
      statement.execute("DELETE FROM " + target(loadTable));
    }
  }

  /**
   * A column of a key's latest staged version. For changes, the placeholder of an unchanged value
   * takes the value of the key's previous staged version that has one (the row was inserted or
   * changed earlier in the same checkpoint); otherwise the conflict update keeps the table's.
   */
  private String latestValue(String column) {
    String c = DuckDbSql.quote(column);
    if (!mayBeUnchanged(column)) {
      return "s." + c;
    }
    String lsn = DuckDbSql.quote(ChangeColumns.LSN);
    String sameKey =
        stream.primaryKey().stream()
            .map(DuckDbSql::quote)
            .map(k -> "p." + k + " = s." + k)
            .collect(Collectors.joining(" AND "));
    String previous =
        "(SELECT p."
            + c
            + " FROM "
            + target(loadTable)
            + " AS p WHERE "
            + sameKey
            + " AND NOT p."
            + DuckDbSql.quote(ChangeColumns.DELETED)
            + " AND NOT ("
            + unchanged(column, "p." + c)
            + ") AND (p."
            + lsn
            + " < s."
            + lsn
            + " OR (p."
            + lsn
            + " = s."
            + lsn
            + " AND p.rowid < s.rowid)) ORDER BY p."
            + lsn
            + " DESC, p.rowid DESC LIMIT 1)";
    return "CASE WHEN "
        + unchanged(column, "s." + c)
        + " THEN COALESCE("
        + previous
        + ", s."
        + c
        + ") ELSE s."
        + c
        + " END AS "
        + c;
  }

  private boolean mayBeUnchanged(String column) {
    return changes
        && ChangeColumns.canBeUnchanged(
            stream.columns().get(columnNames.indexOf(column)).type().kind());
  }

  /** SQL true when {@code value} is the placeholder of an unchanged value (never for NULL). */
  private String unchanged(String column, String value) {
    String placeholder = "'" + ChangeColumns.UNCHANGED + "'";
    return switch (stream.columns().get(columnNames.indexOf(column)).type().kind()) {
      case BYTES -> value + " IS NOT DISTINCT FROM " + placeholder + "::BLOB";
      case JSON -> value + "::VARCHAR IS NOT DISTINCT FROM '\"" + ChangeColumns.UNCHANGED + "\"'";
      default -> value + " IS NOT DISTINCT FROM " + placeholder;
    };
  }

  private String onConflict() {
    List<String> others =
        columnNames.stream().filter(c -> !stream.primaryKey().contains(c)).toList();
    if (others.isEmpty()) {
      return "DO NOTHING";
    }
    String table = DuckDbSql.quote(stream.name());
    String set =
        others.stream()
            .map(
                c -> {
                  String q = DuckDbSql.quote(c);
                  if (!mayBeUnchanged(c)) {
                    return q + " = excluded." + q;
                  }
                  return q
                      + " = CASE WHEN "
                      + unchanged(c, "excluded." + q)
                      + " THEN "
                      + table
                      + "."
                      + q
                      + " ELSE excluded."
                      + q
                      + " END";
                })
            .collect(Collectors.joining(", "));
    if (cursorField == null) {
      return "DO UPDATE SET " + set;
    }
    String cursor = DuckDbSql.quote(cursorField);
    String existing = DuckDbSql.quote(stream.name()) + "." + cursor;
    return "DO UPDATE SET "
        + set
        + " WHERE excluded."
        + cursor
        + " IS NULL OR "
        + existing
        + " IS NULL OR excluded."
        + cursor
        + " >= "
        + existing;
  }

  private static String quotedList(List<String> names) {
    return names.stream().map(DuckDbSql::quote).collect(Collectors.joining(", "));
  }

  /**
   * Makes the driver open the transaction that a checkpoint commits. An appender alone does not:
   * without a statement first, the rows it flushes after a commit are committed on their own, and
   * an abort could not take them back.
   */
  private void beginTransaction() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    }
  }

  private void closeAppender() throws SQLException {
    if (appender != null) {
      DuckDBAppender open = appender;
      appender = null;
      open.close();
    }
  }

  @Override
  public void finish() {
    checkpoint();
    if (mode == SyncMode.FULL_REFRESH_OVERWRITE) {
      swap();
    } else if (dedup()) {
      dropStaging();
    }
    state = State.FINISHED;
    log.info(
        "Finished stream {}: {} rows in DuckDB table {}.{}",
        stream.name(),
        rowsCommitted,
        schema,
        stream.name());
  }

  private void swap() {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + target(stream.name()));
      statement.execute(
          "ALTER TABLE " + target(loadTable) + " RENAME TO " + DuckDbSql.quote(stream.name()));
      connection.commit();
      DuckDbStagingTables.release(database, schema, loadTable);
    } catch (SQLException e) {
      state = State.FAILED;
      rollbackQuietly();
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot replace DuckDB table "
              + schema
              + "."
              + stream.name()
              + " with the new copy (SQLSTATE "
              + e.getSQLState()
              + "); the old table is unchanged. If a view or other object of that name is in the"
              + " way, drop or rename it, or use append mode");
    }
  }

  @Override
  public void abort() {
    if (state == State.FINISHED || state == State.ABORTED) {
      return;
    }
    state = State.ABORTED;
    try {
      discardAppender();
      connection.rollback();
      if (staged(mode)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + target(loadTable));
        }
        connection.commit();
        DuckDbStagingTables.release(database, schema, loadTable);
      }
      log.info("Aborted stream {}; {} rows stay committed", stream.name(), rowsCommitted);
    } catch (SQLException e) {
      log.warn(
          "Cannot clean up after aborting stream {} (SQLSTATE {}); a staging table left behind is"
              + " dropped when the table is loaded next",
          stream.name(),
          e.getSQLState());
    }
  }

  /** Drops the emptied staging table of a finished dedup stream; a failure leaves it for later. */
  private void dropStaging() {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + target(loadTable));
      connection.commit();
      DuckDbStagingTables.release(database, schema, loadTable);
    } catch (SQLException e) {
      log.warn(
          "Cannot drop the staging table of stream {} (SQLSTATE {}); it is dropped when the table"
              + " is loaded next",
          stream.name(),
          e.getSQLState());
    }
  }

  /** Closes the appender without keeping its rows: they are rolled back with the transaction. */
  private void discardAppender() {
    if (appender == null) {
      return;
    }
    try {
      appender.close();
    } catch (SQLException e) {
      log.debug("Closing the appender of stream {} failed", stream.name());
    }
    appender = null;
  }

  private void rollbackQuietly() {
    discardAppender();
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.debug("Rolling back stream {} failed (SQLSTATE {})", stream.name(), e.getSQLState());
    }
  }

  @Override
  public void close() {
    try {
      abort();
    } finally {
      DuckDbStagingTables.release(database, schema, loadTable);
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("Closing the connection of stream {} failed", stream.name());
      }
    }
  }

  private void requireState(State expected, String action) {
    if (state != expected) {
      throw new IllegalStateException(
          "Cannot " + action + " stream " + stream.name() + ": the writer is " + state);
    }
  }

  private String target(String table) {
    return DuckDbSql.qualified(schema, table);
  }
}
