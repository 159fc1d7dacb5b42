package io.airlock.connectors.mysql;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.cdc.ChangeColumns;
import io.airlock.connectors.cdc.SnapshotRows;
import io.airlock.connectors.mysql.MySqlCatalog.CatalogColumn;
import io.airlock.connectors.mysql.MySqlCatalog.CatalogTable;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.CursorState;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
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
 * Reads the tables and views of one MySQL or MariaDB database. One stream per table: its name is
 * the table name and its namespace the database. A full refresh is one {@code SELECT} whose rows
 * the driver streams (it never holds the whole result), handed over in small batches.
 *
 * <p>Zero and invalid dates, and {@code TIME} values outside one day, are read as NULL and counted
 * per column ({@link MySqlValues}); the counts are logged when the stream ends.
 */
final class MySqlSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(MySqlSource.class);

  /** Rows per batch handed to the sink; small for the same reasons as the PostgreSQL source. */
  static final int BATCH_ROWS = 500;

  /** Approximate value bytes after which a batch is handed over even if it has fewer rows. */
  static final long BATCH_BYTES = 1L << 20;

  private final MySqlSession session;
  private final BinlogSettings binlog;

  MySqlSource(ConnectorSettings settings) {
    this.session = new MySqlSession(settings);
    this.binlog = BinlogSettings.from(settings);
  }

  @Override
  public void check() {
    try (Connection connection = session.open()) {
      connection.isValid(10);
    } catch (SQLException e) {
      throw external("check the connection to", e);
    }
  }

  @Override
  public List<StreamDescriptor> discover() {
    try (Connection connection = session.open()) {
      List<StreamDescriptor> streams =
          new MySqlCatalog(connection)
              .tables(session.database(), null).stream()
                  .map(CatalogTable::descriptor)
                  .map(
                      d ->
                          binlog.enabled()
                              ? ChangeColumns.withChangeColumns(d, BinlogReader.LOG_POSITION_TYPE)
                              : d)
                  .toList();
      log.info("Discovered {} tables and views in {}", streams.size(), session.address());
      return streams;
    } catch (SQLException e) {
      throw external("discover tables of", e);
    }
  }

  @Override
  public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
    read(StreamRead.fullRefresh(requireNonNull(stream, "stream is null")), sink);
  }

  /**
   * A full refresh, or an incremental read: the rows whose cursor is at or after the saved one
   * (inclusive), in cursor order, then those whose cursor is NULL (read by every incremental sync,
   * docs/sync-modes.md), marking the cursor of each batch's last row as the point to resume from.
   */
  @Override
  public void read(StreamRead read, BatchSink sink) throws InterruptedException {
    requireNonNull(read, "read is null");
    requireNonNull(sink, "sink is null");
    if (binlog.enabled()) {
      readChanges(read, sink);
      return;
    }
    readStandard(read, sink);
  }

  private void readStandard(StreamRead read, BatchSink sink) throws InterruptedException {
    StreamDescriptor stream = read.stream();
    String database = session.database();
    try (Connection connection = session.open()) {
      List<CatalogColumn> columns = selectedColumns(connection, database, stream);
      String sql = selectSql(database, stream, columns);
      if (!read.incremental()) {
        new TableRead(stream.name(), columns, sink, null).run(connection, sql, null);
        return;
      }
      Cursor cursor = cursor(stream, columns, read);
      String quoted = MySqlIdentifiers.quote(cursor.column().name());
      String where =
          cursor.saved() == null
              ? ""
              : " WHERE "
                  + quoted
                  + " >= CAST(? AS "
                  + MySqlCursor.castType(cursor.column())
                  + ") OR "
                  + quoted
                  + " IS NULL";
      log.info(
          "Reading {}.{} incrementally by {} from {}",
          database,
          stream.name(),
          cursor.column().name(),
          cursor.saved() == null ? "the start" : "the saved cursor (inclusive)");
      new TableRead(stream.name(), columns, sink, cursor)
          .run(
              connection,
              sql + where + " ORDER BY " + quoted + " IS NULL, " + quoted,
              cursor.saved() == null ? null : cursor.saved().cursor());
    } catch (SQLException e) {
      throw external("read table " + database + "." + stream.name() + " from", e);
    }
  }

  /**
   * Reads in change-capture mode: an incremental read follows the binary log by {@code
   * _airlock_lsn}; a full refresh reads the table as the standard mode does, every row with log
   * position 0 and not deleted (a full refresh may leave the change columns out).
   */
  private void readChanges(StreamRead read, BatchSink sink) throws InterruptedException {
    StreamDescriptor stream = read.stream();
    String database = session.database();
    StreamDescriptor tableOnly = ChangeColumns.tableColumns(stream);
    List<CatalogColumn> columns;
    try (Connection connection = session.open()) {
      columns = selectedColumns(connection, database, tableOnly);
    } catch (SQLException e) {
      throw external("read table " + database + "." + stream.name() + " from", e);
    }
    if (!read.incremental()) {
      readStandard(StreamRead.fullRefresh(tableOnly), new SnapshotRows(stream, sink));
      return;
    }
    requireChangeColumns(read);
    readLog(read, tableOnly, columns, sink);
  }

  /** An incremental change-capture read needs both change columns, and the log's as cursor. */
  private static void requireChangeColumns(StreamRead read) {
    StreamDescriptor stream = read.stream();
    if (!ChangeColumns.carriesChanges(stream)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.qualifiedName()
              + " is read by change capture but does not select the columns "
              + ChangeColumns.LSN
              + " and "
              + ChangeColumns.DELETED
              + "; select them (refresh the connection's schema)");
    }
    if (!ChangeColumns.LSN.equals(read.cursorField())) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.qualifiedName()
              + " is read by change capture, which follows the log position; use cursor "
              + ChangeColumns.LSN);
    }
  }

  /**
   * Reads a stream's changes from the binary log, after an initial snapshot when it has no state.
   * The snapshot starts after the log position it notes, so every change it may have missed is in
   * the log after that position, with a later log position than its rows' 0.
   */
  private void readLog(
      StreamRead read, StreamDescriptor tableOnly, List<CatalogColumn> columns, BatchSink sink)
      throws InterruptedException {
    StreamDescriptor stream = read.stream();
    BinlogReader reader = new BinlogReader(session, binlog);
    BinlogPosition end = reader.logEnd();
    BinlogPosition from = BinlogPosition.parse(read.state(), stream.qualifiedName()).orElse(null);
    if (from == null) {
      log.info("Reading {} by change capture from an initial snapshot", stream.qualifiedName());
      readStandard(StreamRead.fullRefresh(tableOnly), new SnapshotRows(stream, sink));
      sink.checkpoint(end.json());
      from = end;
      end = reader.logEnd();
    }
    reader.read(session.database(), stream, columns, from, end, sink);
  }

  /**
   * The cursor of an incremental read.
   *
   * @param index its position among the selected columns
   * @param saved the state the read starts from, or null
   */
  private record Cursor(Column column, int index, CursorState saved) {}

  private static Cursor cursor(
      StreamDescriptor stream, List<CatalogColumn> columns, StreamRead read) {
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i).column();
      if (column.name().equals(read.cursorField())) {
        if (!StreamDescriptor.isCursorKind(column.type().kind())) {
          throw new ConnectorException(
              ConnectorException.Kind.USER,
              "Column "
                  + column.name()
                  + " of table "
                  + stream.name()
                  + " cannot be a cursor: its values are "
                  + column.type().kind()
                  + "; choose one of "
                  + stream.cursorCandidates());
        }
        CursorState saved =
            CursorState.parse(read.state(), column.name(), stream.name()).orElse(null);
        return new Cursor(column, i, saved);
      }
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "Cursor column "
            + read.cursorField()
            + " is not among the selected columns of table "
            + stream.name()
            + "; select it, or choose one of "
            + stream.cursorCandidates());
  }

  private List<CatalogColumn> selectedColumns(
      Connection connection, String database, StreamDescriptor stream) throws SQLException {
    List<CatalogTable> tables = new MySqlCatalog(connection).tables(database, stream.name());
    if (tables.isEmpty()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Table " + database + "." + stream.name() + " does not exist in " + session.address());
    }
    List<CatalogColumn> selected = new ArrayList<>();
    for (Column wanted : stream.columns()) {
      CatalogColumn found =
          tables.get(0).columns().stream()
              .filter(c -> c.column().name().equals(wanted.name()))
              .findFirst()
              .orElseThrow(() -> schemaChanged(database, stream.name(), wanted.name(), "is gone"));
      if (!found.column().type().equals(wanted.type())) {
        throw schemaChanged(database, stream.name(), wanted.name(), "changed its type");
      }
      selected.add(found);
    }
    return selected;
  }

  private static String selectSql(
      String database, StreamDescriptor stream, List<CatalogColumn> columns) {
    String list =
        columns.stream()
            .map(
                c ->
                    MySqlValues.selectExpression(
                        MySqlIdentifiers.quote(c.column().name()), c.read()))
            .collect(Collectors.joining(", "));
    // A change-capture stream may select only its change columns: then no table column is read.
    return "SELECT "
        + (list.isEmpty() ? "NULL" : list)
        + " FROM "
        + MySqlIdentifiers.qualified(database, stream.name());
  }

  /** One streaming read of a table: rows to batches, with the per-column NULL counts. */
  private static final class TableRead {
    private final String table;
    private final List<CatalogColumn> columns;
    private final List<Column> batchColumns;
    private final BatchSink sink;
    private final long[] noCounterpart;
    private final Cursor cursor;
    private CursorState last;
    private long nullCursors;
    private long rows;

    /** {@code cursor} is null for a full refresh. */
    TableRead(String table, List<CatalogColumn> columns, BatchSink sink, Cursor cursor) {
      this.table = table;
      this.columns = columns;
      this.batchColumns = columns.stream().map(CatalogColumn::column).toList();
      this.sink = sink;
      this.noCounterpart = new long[columns.size()];
      this.cursor = cursor;
      this.last = cursor == null ? null : cursor.saved();
    }

    /** Runs {@code sql}, binding {@code parameter} to its one placeholder when not null. */
    void run(Connection connection, String sql, String parameter)
        throws SQLException, InterruptedException {
      boolean complete = false;
      try (PreparedStatement statement =
          connection.prepareStatement(
              sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        // A positive fetch size makes the driver stream rows instead of buffering the result.
        statement.setFetchSize(BATCH_ROWS);
        if (parameter != null) {
          statement.setString(1, parameter);
        }
        try (ResultSet result = statement.executeQuery()) {
          try {
            readAll(result);
            complete = true;
          } finally {
            if (!complete) {
              cancelQuietly(statement);
            }
          }
        }
      }
      if (last != null) {
        sink.checkpoint(last.json());
      }
      log.info("Read {} rows from {}", rows, table);
      if (nullCursors > 0) {
        log.info(
            "Read {} rows of {} whose cursor is NULL; every incremental sync reads them again",
            nullCursors,
            table);
      }
      logNoCounterpart();
    }

    private void readAll(ResultSet result) throws SQLException, InterruptedException {
      List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
      long bytes = 0;
      while (result.next()) {
        Object[] row = row(result, ++rows);
        bytes += RecordBatch.approximateBytes(row);
        batch.add(row);
        if (batch.size() >= BATCH_ROWS || bytes >= BATCH_BYTES) {
          handOver(batch, bytes);
          batch = new ArrayList<>(BATCH_ROWS);
          bytes = 0;
        }
      }
      if (!batch.isEmpty()) {
        handOver(batch, bytes);
      }
    }

    private Object[] row(ResultSet result, long position) throws SQLException {
      Object[] row = new Object[columns.size()];
      for (int i = 0; i < row.length; i++) {
        Object value;
        try {
          value = MySqlValues.read(result, i + 1, columns.get(i).read());
        } catch (IllegalArgumentException e) {
          throw unreadable(position, i, e);
        }
        if (value == MySqlValues.NO_COUNTERPART) {
          noCounterpart[i]++;
          value = null;
        }
        row[i] = MySqlValues.padded(value, columns.get(i).column().type());
      }
      return row;
    }

    private ConnectorException unreadable(long position, int column, IllegalArgumentException e) {
      // The exception's message may quote the value, so only its class is kept.
      return new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Cannot read row "
              + position
              + " of table "
              + table
              + ", column "
              + batchColumns.get(column).name()
              + " ("
              + batchColumns.get(column).sourceType()
              + "): the server sent a form Airlock does not parse ("
              + e.getClass().getSimpleName()
              + "); report it with the column's type");
    }

    /**
     * Hands a batch over and, in an incremental read, marks the cursor of its last non-NULL row;
     * the cursor is taken first, since mappers may replace values afterwards.
     */
    private void handOver(List<Object[]> batch, long bytes) throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException("Reading was interrupted");
      }
      String state = stateAfter(batch);
      sink.accept(new RecordBatch(batchColumns, batch, bytes));
      if (state != null) {
        sink.checkpoint(state);
      }
    }

    private String stateAfter(List<Object[]> batch) {
      if (cursor == null) {
        return null;
      }
      Object value = null;
      for (Object[] row : batch) {
        if (row[cursor.index()] == null) {
          nullCursors++;
        } else {
          value = row[cursor.index()];
        }
      }
      if (value != null) {
        last = new CursorState(cursor.column().name(), MySqlCursor.text(value));
      }
      return last == null ? null : last.json();
    }

    private void logNoCounterpart() {
      for (int i = 0; i < noCounterpart.length; i++) {
        if (noCounterpart[i] > 0) {
          log.info(
              "Read {} values of column {} of table {} ({}) as NULL: zero or invalid dates, or"
                  + " times outside 00:00:00 to 24:00:00, have no counterpart"
                  + " (docs/type-mapping.md)",
              noCounterpart[i],
              batchColumns.get(i).name(),
              table,
              batchColumns.get(i).sourceType());
        }
      }
    }

    private void cancelQuietly(Statement statement) {
      try {
        statement.cancel();
      } catch (SQLException e) {
        log.debug("Cancelling the read of {} failed (SQLSTATE {})", table, e.getSQLState());
      }
    }
  }

  private ConnectorException schemaChanged(
      String database, String table, String column, String what) {
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "Column "
            + column
            + " of table "
            + database
            + "."
            + table
            + " "
            + what
            + " since discovery; refresh the connection's schema");
  }

  private ConnectorException external(String action, SQLException e) {
    return new ConnectorException(
        ConnectorException.Kind.EXTERNAL,
        "Cannot "
            + action
            + " MySQL/MariaDB at "
            + session.address()
            + " (SQLSTATE "
            + e.getSQLState()
            + ", error "
            + e.getErrorCode()
            + ")",
        e);
  }

  @Override
  public void close() {
    // Each call opens and closes its own connection.
  }
}
