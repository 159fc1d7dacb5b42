package io.airlock.connectors.postgres;

import io.airlock.connectors.postgres.CopyEncoder.UnencodableValueException;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one stream into a PostgreSQL table through one COPY that stays open from one checkpoint to
 * the next. Overwrite loads a staging table ({@link StagingTables} names it) in the same schema and
 * swaps it in at {@link #finish()} in one transaction (drop the old table, rename the new one), so
 * readers see the old table or the new one and never an empty or missing one. Opening a writer
 * first drops the staging tables of the same table that earlier loads left behind (a data plane
 * killed mid-load cannot drop its own).
 *
 * <p>Incremental append loads like full-refresh append. Incremental append with dedup loads each
 * checkpoint's rows into a temporary table and merges them into the table by primary key at the
 * checkpoint ({@link DedupMerge}): per key the last row read wins, and it replaces the table's row
 * unless the table's cursor is later.
 *
 * <p>A rejected row fails the load with an error naming the table, the column, the primary-key
 * columns and the row's position, never a value ({@link CopyErrors}). Rows committed at earlier
 * checkpoints stay: in append mode in the table, in overwrite mode nowhere, since the old table is
 * kept whole.
 */
final class PostgresStreamWriter implements StreamWriter {
  private static final Logger log = LoggerFactory.getLogger(PostgresStreamWriter.class);

  private enum State {
    OPEN,
    FAILED,
    FINISHED,
    ABORTED
  }

  private final Connection connection;
  private final CopyManager copyManager;
  private final StreamDescriptor stream;
  private final SyncMode mode;
  private final String schema;
  private final String loadTable;
  private final List<String> columnNames;
  private final CopyEncoder encoder;
  private final String copySql;
  private final CopyErrors.Load load;
  private final DedupMerge merge;
  private CopyIn copy;
  private long rowsWritten;
  private long rowsCommitted;
  private State state = State.OPEN;

  PostgresStreamWriter(
      Connection connection,
      String schema,
      StreamDescriptor stream,
      SyncMode mode,
      String cursorField)
      throws SQLException {
    this.connection = connection;
    this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
    this.stream = stream;
    this.mode = mode;
    this.schema = schema;
    this.loadTable = loadTable(mode, stream.name());
    this.merge =
        mode == SyncMode.INCREMENTAL_APPEND_DEDUP
            ? new DedupMerge(schema, stream, cursorField)
            : null;
    this.columnNames = stream.columns().stream().map(Column::name).toList();
    this.load =
        new CopyErrors.Load(
            stream.name(),
            schema + "." + stream.name(),
            columnNames,
            stream.primaryKey(),
            aftermathOfFailure(mode));
    connection.setAutoCommit(false);
    StagingTables.dropLeftovers(connection, schema, stream.name());
    createTable();
    this.encoder =
        CopyFormats.encoder(
            connection,
            loadSchema(),
            loadTable,
            stream.columns(),
            (bytes, offset, length) -> copy.writeToCopy(bytes, offset, length));
    connection.commit();
    this.copySql = copySql();
  }

  private static String loadTable(SyncMode mode, String table) {
    return switch (mode) {
      case FULL_REFRESH_OVERWRITE -> StagingTables.newName(table);
      case INCREMENTAL_APPEND_DEDUP -> DedupMerge.stageName();
      default -> table;
    };
  }

  /** The schema of the table COPY loads: temporary for dedup. */
  private String loadSchema() {
    return merge == null ? schema : DedupMerge.TEMPORARY_SCHEMA;
  }

  /** What a failed load leaves in the table, for error messages. */
  private static String aftermathOfFailure(SyncMode mode) {
    return mode == SyncMode.FULL_REFRESH_OVERWRITE
        ? "The table is unchanged; the new copy was not swapped in"
        : "Rows committed at earlier checkpoints stay in the table; later rows were rolled back";
  }

  private void createTable() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + SqlIdentifiers.quote(schema));
      if (merge != null) {
        statement.execute(merge.createTarget(columnsDdl()));
        TableEvolution.addMissing(connection, schema, stream.name(), stream.columns());
        statement.execute(merge.createStage(columnsDdl()));
        connection.commit();
        log.info("Loading stream {} into {}.{} ({})", stream.name(), schema, stream.name(), mode);
        return;
      }
      String ifNotExists = mode == SyncMode.FULL_REFRESH_OVERWRITE ? "" : "IF NOT EXISTS ";
      if (mode == SyncMode.FULL_REFRESH_OVERWRITE) {
        StagingTables.claim(connection, schema, loadTable);
      }
      statement.execute(
          "CREATE TABLE " + ifNotExists + target(loadTable) + " (" + columnsDdl() + ")");
      if (mode != SyncMode.FULL_REFRESH_OVERWRITE) {
        TableEvolution.addMissing(connection, schema, loadTable, stream.columns());
      }
    }
    connection.commit();
    log.info("Loading stream {} into {}.{} ({})", stream.name(), schema, loadTable, mode);
  }

  private String columnsDdl() {
    return stream.columns().stream()
        .map(c -> SqlIdentifiers.quote(c.name()) + " " + PostgresTypeNames.sqlType(c.type()))
        .collect(Collectors.joining(", "));
  }

  private String copySql() {
    String columns =
        columnNames.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
    return "COPY "
        + SqlIdentifiers.qualified(loadSchema(), loadTable)
        + " ("
        + columns
        + ") FROM STDIN"
        + encoder.copyOptions();
  }

  @Override
  public void write(RecordBatch batch) {
    requireState(State.OPEN, "write");
    checkColumns(batch.columns());
    int index = 0;
    try {
      if (copy == null) {
        copy = copyManager.copyIn(copySql);
        encoder.begin();
      }
      for (Object[] row : batch.rows()) {
        encoder.writeRow(row);
        index++;
      }
      rowsWritten += index;
    } catch (UnencodableValueException e) {
      state = State.FAILED;
      throw CopyErrors.unencodable(load, rowsWritten + index + 1, e.column(), e.getMessage());
    } catch (SQLException e) {
      state = State.FAILED;
      throw translate(e, rowsWritten + index);
    }
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
      if (copy != null) {
        encoder.end();
        copy.endCopy();
        copy = null;
      }
      if (merge != null) {
        merge.apply(connection);
      }
      connection.commit();
      rowsCommitted = rowsWritten;
    } catch (SQLException e) {
      state = State.FAILED;
      throw translate(e, rowsWritten);
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
        schema,
        stream.name());
  }

  private void swap() {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + target(stream.name()));
      statement.execute(
          "ALTER TABLE " + target(loadTable) + " RENAME TO " + SqlIdentifiers.quote(stream.name()));
      connection.commit();
    } catch (SQLException e) {
      state = State.FAILED;
      throw new ConnectorException(
          ConnectorException.Kind.EXTERNAL,
          "Cannot replace table "
              + schema
              + "."
              + stream.name()
              + " with the new copy (SQLSTATE "
              + e.getSQLState()
              + "); the old table is unchanged. If other objects depend on the table, drop"
              + " them or use append mode",
          e);
    }
  }

  @Override
  public void abort() {
    if (state == State.FINISHED || state == State.ABORTED) {
      return;
    }
    state = State.ABORTED;
    cancelCopy();
    try {
      connection.rollback();
      if (mode == SyncMode.FULL_REFRESH_OVERWRITE) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("DROP TABLE IF EXISTS " + target(loadTable));
        }
        connection.commit();
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

  private void cancelCopy() {
    if (copy == null) {
      return;
    }
    try {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException e) {
      log.debug(
          "Cancelling the COPY of stream {} failed (SQLSTATE {})", stream.name(), e.getSQLState());
    }
    copy = null;
  }

  @Override
  public void close() {
    try {
      abort();
    } finally {
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

  /**
   * The failure of the COPY or commit that holds the rows after {@code rowsCommitted}, up to {@code
   * rowsSent}. The transaction is rolled back first, so the catalog can name the columns of a
   * violated constraint.
   */
  private ConnectorException translate(SQLException e, long rowsSent) {
    cancelCopy();
    boolean usable = rollbackQuietly();
    return CopyErrors.translate(
        e,
        load,
        rowsCommitted,
        rowsSent,
        (constraintSchema, table, constraint) ->
            usable ? constraintColumns(constraintSchema, table, constraint) : List.of());
  }

  private boolean rollbackQuietly() {
    try {
      connection.rollback();
      return true;
    } catch (SQLException e) {
      log.debug("Rolling back stream {} failed (SQLSTATE {})", stream.name(), e.getSQLState());
      return false;
    }
  }

  private List<String> constraintColumns(String constraintSchema, String table, String constraint) {
    if (constraintSchema == null || table == null) {
      return List.of();
    }
    try {
      List<String> columns =
          new PostgresCatalog(connection).constraintColumns(constraintSchema, table, constraint);
      connection.commit();
      return columns;
    } catch (SQLException e) {
      log.debug(
          "Cannot look up constraint columns for stream {} (SQLSTATE {})",
          stream.name(),
          e.getSQLState());
      return List.of();
    }
  }

  private String target(String table) {
    return SqlIdentifiers.qualified(schema, table);
  }
}
