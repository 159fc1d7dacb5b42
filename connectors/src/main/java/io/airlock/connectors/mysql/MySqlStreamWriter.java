package io.airlock.connectors.mysql;

import io.airlock.connectors.cdc.ChangeColumns;
import io.airlock.connectors.mysql.MySqlParameters.UnwritableValueException;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one stream into a MySQL or MariaDB table with multi-row {@code INSERT}s of up to {@link
 * #ROWS_PER_INSERT} rows, in one transaction from one checkpoint to the next. Tables are InnoDB in
 * {@code utf8mb4} with a binary collation, so every character and every distinction between strings
 * is kept.
 *
 * <p>Overwrite loads a staging table ({@link MySqlStagingTables}) and swaps it in at {@link
 * #finish()} with one {@code RENAME TABLE}, which MySQL applies atomically: readers see the old
 * table or the new one, never an empty or missing one, and a failed load leaves the old table
 * intact. A rejected row fails the load with an error naming table, column, primary-key columns and
 * row position, never a value ({@link MySqlLoadErrors}).
 */
final class MySqlStreamWriter implements StreamWriter {
  private static final Logger log = LoggerFactory.getLogger(MySqlStreamWriter.class);

  /** Rows per INSERT: enough to amortise a round trip, few enough for a small packet. */
  static final int ROWS_PER_INSERT = 500;

  /** MySQL allows at most 65,535 placeholders in one statement. */
  private static final int MAX_PLACEHOLDERS = 65_535;

  private static final String TABLE_OPTIONS =
      " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

  private enum State {
    OPEN,
    FAILED,
    FINISHED,
    ABORTED
  }

  private final Connection connection;
  private final String database;
  private final StreamDescriptor stream;
  private final SyncMode mode;
  private final String loadTable;
  private final List<String> columnNames;
  private final List<DataType> types;
  private final int rowsPerInsert;
  private final MySqlLoadErrors.Load load;
  private final String cursorField;
  private final boolean changes;
  private PreparedStatement fullInsert;
  private long rowsWritten;
  private long rowsCommitted;
  private State state = State.OPEN;

  MySqlStreamWriter(
      Connection connection,
      String database,
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
    this.stream = stream;
    this.mode = mode;
    this.loadTable =
        mode == SyncMode.FULL_REFRESH_OVERWRITE
            ? MySqlStagingTables.newName(stream.name())
            : stream.name();
    this.columnNames = stream.columns().stream().map(Column::name).toList();
    this.types = stream.columns().stream().map(Column::type).toList();
    this.rowsPerInsert =
        Math.max(1, Math.min(ROWS_PER_INSERT, MAX_PLACEHOLDERS / Math.max(1, columnNames.size())));
    this.load =
        new MySqlLoadErrors.Load(
            stream.name(),
            database + "." + stream.name(),
            columnNames,
            stream.primaryKey(),
            aftermathOfFailure(mode));
    MySqlStagingTables.dropLeftovers(connection, database, stream.name());
    createTable();
    connection.setAutoCommit(false);
  }

  private static String aftermathOfFailure(SyncMode mode) {
    return mode == SyncMode.FULL_REFRESH_OVERWRITE
        ? "The table is unchanged: overwrite swaps in the new data only when the stream completes"
        : "Rows committed at earlier checkpoints stay in the table";
  }

  private void createTable() throws SQLException {
    if (mode == SyncMode.FULL_REFRESH_OVERWRITE) {
      MySqlStagingTables.claim(connection, database, loadTable);
    }
    String ifNotExists = mode == SyncMode.FULL_REFRESH_OVERWRITE ? "" : "IF NOT EXISTS ";
    String key =
        dedup()
            ? ", PRIMARY KEY ("
                + stream.primaryKey().stream()
                    .map(MySqlIdentifiers::quote)
                    .collect(Collectors.joining(", "))
                + ")"
            : "";
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE "
              + ifNotExists
              + target(loadTable)
              + " ("
              + columnsDdl()
              + key
              + ")"
              + TABLE_OPTIONS);
    }
    log.info("Loading stream {} into {}.{} ({})", stream.name(), database, loadTable, mode);
  }

  private boolean dedup() {
    return mode == SyncMode.INCREMENTAL_APPEND_DEDUP;
  }

  /** Every column nullable, except the key columns of a dedup table, which MySQL requires. */
  private String columnsDdl() {
    List<String> sqlTypes = MySqlTypeNames.sqlTypes(stream.columns());
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < columnNames.size(); i++) {
      boolean key = dedup() && stream.primaryKey().contains(columnNames.get(i));
      columns.add(
          MySqlIdentifiers.quote(columnNames.get(i))
              + " "
              + sqlTypes.get(i)
              + (key ? " NOT NULL" : " NULL"));
    }
    return String.join(", ", columns);
  }

  /**
   * For dedup: each row replaces its key's row unless that row's cursor is later, one row after the
   * other, so that the last of several rows of a key in one statement wins. MySQL assigns left to
   * right and later assignments see earlier ones, so the cursor column is assigned last.
   */
  private String onDuplicateKey() {
    List<String> others =
        columnNames.stream()
            .filter(c -> !stream.primaryKey().contains(c) && !c.equals(cursorField))
            .collect(Collectors.toCollection(ArrayList::new));
    if (cursorField != null) {
      others.add(cursorField);
    }
    if (others.isEmpty()) {
      String first = MySqlIdentifiers.quote(stream.primaryKey().getFirst());
      return " ON DUPLICATE KEY UPDATE " + first + " = " + first;
    }
    return " ON DUPLICATE KEY UPDATE "
        + others.stream().map(this::assignment).collect(Collectors.joining(", "));
  }

  /**
   * {@code c = …} of the update: the incoming value when the row is at least as new as the table's
   * (always without a cursor), and for changes not the placeholder of an unchanged value, whose
   * stored value stays.
   */
  private String assignment(String column) {
    String c = MySqlIdentifiers.quote(column);
    String incoming = "VALUES(" + c + ")";
    String newer = newerCondition();
    String unchanged = unchangedCondition(column, incoming);
    if (newer == null && unchanged == null) {
      return c + " = " + incoming;
    }
    String condition =
        newer == null
            ? "NOT (" + unchanged + ")"
            : unchanged == null ? newer : "(" + newer + ") AND NOT (" + unchanged + ")";
    return c + " = IF(" + condition + ", " + incoming + ", " + c + ")";
  }

  /** For changes: SQL true when {@code value} is the placeholder of an unchanged value; or null. */
  private String unchangedCondition(String column, String value) {
    DataType.Kind kind = types.get(columnNames.indexOf(column)).kind();
    if (!changes || !ChangeColumns.canBeUnchanged(kind)) {
      return null;
    }
    String placeholder = "'" + ChangeColumns.UNCHANGED + "'";
    return switch (kind) {
      case BYTES -> value + " <=> BINARY " + placeholder;
      case JSON -> "CAST(" + value + " AS CHAR) <=> '\"" + ChangeColumns.UNCHANGED + "\"'";
      default -> value + " <=> " + placeholder;
    };
  }

  /** Whether the incoming row is at least as new as the table's; null without a cursor. */
  private String newerCondition() {
    if (cursorField == null) {
      return null;
    }
    String cursor = MySqlIdentifiers.quote(cursorField);
    return "VALUES("
        + cursor
        + ") IS NULL OR "
        + cursor
        + " IS NULL OR VALUES("
        + cursor
        + ") >= "
        + cursor;
  }

  private String insertSql(int rows) {
    String list =
        columnNames.stream().map(MySqlIdentifiers::quote).collect(Collectors.joining(", "));
    String row =
        "(" + String.join(", ", java.util.Collections.nCopies(columnNames.size(), "?")) + ")";
    return "INSERT INTO "
        + target(loadTable)
        + " ("
        + list
        + ") VALUES "
        + String.join(", ", java.util.Collections.nCopies(rows, row))
        + (dedup() ? onDuplicateKey() : "");
  }

  @Override
  public void write(RecordBatch batch) {
    requireState(State.OPEN, "write");
    checkColumns(batch.columns());
    List<Object[]> rows = batch.rows();
    for (int from = 0; from < rows.size(); from += rowsPerInsert) {
      List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + rowsPerInsert));
      insert(chunk);
      rowsWritten += chunk.size();
    }
  }

  private void insert(List<Object[]> rows) {
    int column = 0;
    int index = 0;
    try {
      PreparedStatement statement = statementFor(rows.size());
      int parameter = 1;
      for (index = 0; index < rows.size(); index++) {
        Object[] row = rows.get(index);
        for (column = 0; column < row.length; column++) {
          MySqlParameters.bind(statement, parameter++, types.get(column), row[column]);
        }
      }
      statement.executeUpdate();
      if (statement != fullInsert) {
        statement.close();
      }
    } catch (UnwritableValueException e) {
      state = State.FAILED;
      rollbackQuietly();
      throw MySqlLoadErrors.unwritable(load, rowsWritten + index + 1, column, e.getMessage());
    } catch (SQLException e) {
      state = State.FAILED;
      rollbackQuietly();
      throw MySqlLoadErrors.translate(e, load, rowsWritten + 1, rowsWritten + rows.size());
    } catch (ClassCastException e) {
      state = State.FAILED;
      rollbackQuietly();
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Row "
              + (rowsWritten + index + 1)
              + " of stream "
              + stream.name()
              + ", column "
              + columnNames.get(column)
              + " holds a value of another class than its type "
              + types.get(column).kind()
              + " names");
    }
  }

  private PreparedStatement statementFor(int rows) throws SQLException {
    if (rows != rowsPerInsert) {
      return connection.prepareStatement(insertSql(rows));
    }
    if (fullInsert == null) {
      fullInsert = connection.prepareStatement(insertSql(rowsPerInsert));
    }
    return fullInsert;
  }

  private void checkColumns(List<Column> columns) {
    if (columns.size() != columnNames.size()) {
      throw columnMismatch();
    }
    for (int i = 0; i < columns.size(); i++) {
      if (!columns.get(i).name().equals(columnNames.get(i))) {
        throw columnMismatch();
      }
    }
  }

  private ConnectorException columnMismatch() {
    state = State.FAILED;
    return new ConnectorException(
        ConnectorException.Kind.INTERNAL,
        "Batch columns of stream " + stream.name() + " differ from the columns it was opened with");
  }

  @Override
  public void checkpoint() {
    requireState(State.OPEN, "checkpoint");
    try {
      deleteTombstones();
      connection.commit();
      rowsCommitted = rowsWritten;
    } catch (SQLException e) {
      state = State.FAILED;
      rollbackQuietly();
      throw MySqlLoadErrors.translate(e, load, rowsCommitted + 1, rowsWritten);
    }
  }

  /**
   * For changes in dedup mode: a key whose latest change is a delete holds that change's row (its
   * tombstone, merged by log position like any version); it is removed in the checkpoint's
   * transaction.
   */
  private void deleteTombstones() throws SQLException {
    if (!changes) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "DELETE FROM "
              + target(loadTable)
              + " WHERE "
              + MySqlIdentifiers.quote(ChangeColumns.DELETED));
    }
  }

  @Override
  public void finish() {
    checkpoint();
    if (mode == SyncMode.FULL_REFRESH_OVERWRITE) {
      swap();
    }
    state = State.FINISHED;
    log.info(
        "Finished stream {}: {} rows in {}.{}",
        stream.name(),
        rowsCommitted,
        database,
        stream.name());
  }

  /**
   * Renames the staging table to the table's name in one atomic {@code RENAME TABLE}, moving an
   * existing table aside to a fresh staging name, which is dropped next (or by a later cleanup).
   */
  private void swap() {
    String retired = MySqlStagingTables.newName(stream.name());
    try (Statement statement = connection.createStatement()) {
      boolean exists = tableExists(stream.name());
      if (exists) {
        statement.execute(
            "RENAME TABLE "
                + target(stream.name())
                + " TO "
                + target(retired)
                + ", "
                + target(loadTable)
                + " TO "
                + target(stream.name()));
      } else {
        statement.execute("RENAME TABLE " + target(loadTable) + " TO " + target(stream.name()));
      }
      MySqlStagingTables.release(connection, database, loadTable);
      if (exists) {
        dropRetired(statement, retired);
      }
    } catch (SQLException e) {
      state = State.FAILED;
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot replace table "
              + database
              + "."
              + stream.name()
              + " with the new copy (SQLSTATE "
              + e.getSQLState()
              + ", error "
              + e.getErrorCode()
              + "); the old table is unchanged. Check that the user may rename and drop tables"
              + " in "
              + database,
          e);
    }
  }

  private boolean tableExists(String table) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      statement.setString(1, database);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private void dropRetired(Statement statement, String retired) {
    try {
      statement.execute("DROP TABLE " + target(retired));
    } catch (SQLException e) {
      log.warn(
          "Cannot drop the replaced copy {}.{} of table {} (SQLSTATE {}); it is dropped when the"
              + " table is loaded next",
          database,
          retired,
          stream.name(),
          e.getSQLState());
    }
  }

  @Override
  public void abort() {
    if (state == State.FINISHED || state == State.ABORTED) {
      return;
    }
    state = State.ABORTED;
    rollbackQuietly();
    if (mode == SyncMode.FULL_REFRESH_OVERWRITE) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + target(loadTable));
      } catch (SQLException e) {
        log.warn(
            "Cannot drop the staging table of aborted stream {} (SQLSTATE {}); it is dropped when"
                + " the table is loaded next",
            stream.name(),
            e.getSQLState());
      }
    }
    log.info("Aborted stream {}; {} rows stay committed", stream.name(), rowsCommitted);
  }

  private void rollbackQuietly() {
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
      try {
        if (fullInsert != null) {
          fullInsert.close();
        }
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
    return MySqlIdentifiers.qualified(database, table);
  }
}
