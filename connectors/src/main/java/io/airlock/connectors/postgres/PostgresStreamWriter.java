package io.airlock.connectors.postgres;

import io.airlock.connectors.postgres.CopyTextEncoder.UnencodableValueException;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one stream into a PostgreSQL table through one COPY that stays open from one checkpoint to
 * the next. Overwrite loads a staging table {@code _airlock_stage_<table>_<random>} in the same
 * schema and swaps it in at {@link #finish()} in one transaction (drop the old table, rename the
 * new one), so readers see the old table or the new one and never an empty or missing one.
 */
final class PostgresStreamWriter implements StreamWriter {
  private static final Logger log = LoggerFactory.getLogger(PostgresStreamWriter.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_IDENTIFIER_BYTES = 63;

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
  private final String copySql;
  private final CopyTextEncoder encoder;
  private CopyIn copy;
  private long rowsWritten;
  private long rowsCommitted;
  private State state = State.OPEN;

  PostgresStreamWriter(Connection connection, String schema, StreamDescriptor stream, SyncMode mode)
      throws SQLException {
    this.connection = connection;
    this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
    this.stream = stream;
    this.mode = mode;
    this.schema = schema;
    this.loadTable =
        mode == SyncMode.FULL_REFRESH_OVERWRITE ? stagingName(stream.name()) : stream.name();
    this.columnNames = stream.columns().stream().map(Column::name).toList();
    this.copySql = copySql();
    this.encoder =
        new CopyTextEncoder(
            (bytes, offset, length) -> copy.writeToCopy(bytes, offset, length),
            stream.columns().stream().map(Column::type).toList());
    createTable();
  }

  private void createTable() throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + SqlIdentifiers.quote(schema));
      String ifNotExists = mode == SyncMode.FULL_REFRESH_APPEND ? "IF NOT EXISTS " : "";
      statement.execute(
          "CREATE TABLE " + ifNotExists + target(loadTable) + " (" + columnsDdl() + ")");
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
    return "COPY " + target(loadTable) + " (" + columns + ") FROM STDIN";
  }

  @Override
  public void write(RecordBatch batch) {
    requireState(State.OPEN, "write");
    checkColumns(batch.columns());
    int index = 0;
    try {
      if (copy == null) {
        copy = copyManager.copyIn(copySql);
      }
      for (Object[] row : batch.rows()) {
        encoder.writeRow(row);
        index++;
      }
      rowsWritten += index;
    } catch (UnencodableValueException e) {
      state = State.FAILED;
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Cannot write stream "
              + stream.name()
              + ", column "
              + columnNames.get(Math.min(e.column(), columnNames.size() - 1))
              + ", row "
              + (rowsWritten + index + 1)
              + ": "
              + e.getMessage());
    } catch (SQLException e) {
      state = State.FAILED;
      throw translate(e);
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
        encoder.flush();
        copy.endCopy();
        copy = null;
      }
      connection.commit();
      rowsCommitted = rowsWritten;
    } catch (SQLException e) {
      state = State.FAILED;
      throw translate(e);
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
          "Cannot clean up after aborting stream {} (SQLSTATE {})", stream.name(), e.getSQLState());
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

  private ConnectorException translate(SQLException e) {
    return CopyErrors.translate(
        e, stream.name(), schema + "." + stream.name(), columnNames, rowsCommitted);
  }

  private String target(String table) {
    return SqlIdentifiers.qualified(schema, table);
  }

  private static String stagingName(String table) {
    String suffix = "_" + HexFormat.of().formatHex(randomBytes());
    String prefix = "_airlock_stage_";
    int budget = MAX_IDENTIFIER_BYTES - prefix.length() - suffix.length();
    String part = table;
    while (part.getBytes(StandardCharsets.UTF_8).length > budget) {
      int cut = part.length() - 1;
      if (cut > 0 && Character.isLowSurrogate(part.charAt(cut))) {
        cut--;
      }
      part = part.substring(0, cut);
    }
    return prefix + part + suffix;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
