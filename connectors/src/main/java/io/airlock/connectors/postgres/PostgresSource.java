package io.airlock.connectors.postgres;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.cdc.SnapshotRows;
import io.airlock.connectors.postgres.PostgresCatalog.CatalogColumn;
import io.airlock.connectors.postgres.PostgresCatalog.CatalogTable;
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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads tables and views of a PostgreSQL database. One stream per table: its name is the table name
 * and its namespace the schema. Full refreshes read with {@code COPY (SELECT …) TO STDOUT} in text
 * format, parsed into typed values without a detour through JDBC's value conversions.
 */
final class PostgresSource implements Source {
  private static final Logger log = LoggerFactory.getLogger(PostgresSource.class);

  /**
   * Rows per batch handed to the sink. Batches waiting between reader and writer are what every
   * young garbage collection copies, so they are kept small: a few hundred rows are plenty to
   * amortise a hand-over, and halving them halves that copying.
   */
  static final int BATCH_ROWS = 500;

  /** Bytes (of COPY text) after which a batch is handed over even if it has fewer rows. */
  static final long BATCH_BYTES = 1L << 20;

  private final PostgresSession session;
  private final List<String> schemas;
  private final CdcSettings cdc;
  private final ParallelSnapshotRead parallel;

  PostgresSource(ConnectorSettings settings) {
    this(settings, () -> {});
  }

  /**
   * @param afterSnapshotExport runs when a parallel read has exported its snapshot, before its
   *     workers start (for tests)
   */
  PostgresSource(ConnectorSettings settings, Runnable afterSnapshotExport) {
    this.session = new PostgresSession(settings);
    this.schemas = settings.strings("schemas", List.of("public"));
    this.cdc = CdcSettings.from(settings);
    this.parallel =
        new ParallelSnapshotRead(session, ParallelReadSettings.from(settings), afterSnapshotExport);
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
          new PostgresCatalog(connection)
              .tables(schemas, null).stream()
                  .map(CatalogTable::descriptor)
                  .map(d -> cdc.enabled() ? CdcColumns.withChangeColumns(d) : d)
                  .toList();
      log.info(
          "Discovered {} tables in schemas {} of {}", streams.size(), schemas, session.address());
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
   * Reads a full refresh, or an incremental read: the rows whose cursor is at or after the saved
   * one, in cursor order, then the rows whose cursor is NULL (they are read by every incremental
   * sync, since no cursor can say they were read before). After each batch it marks the cursor of
   * the batch's last row as the point to resume from.
   */
  @Override
  public void read(StreamRead read, BatchSink sink) throws InterruptedException {
    requireNonNull(read, "read is null");
    requireNonNull(sink, "sink is null");
    StreamDescriptor stream = read.stream();
    String schema = stream.namespace() == null ? schemas.get(0) : stream.namespace();
    if (cdc.enabled()) {
      readChanges(schema, read, sink);
      return;
    }
    readStandard(schema, read, sink, true);
  }

  /**
   * Reads with COPY: a full refresh of a large table in parallel page ranges under one snapshot
   * when {@code mayParallel}, any other read with one COPY.
   */
  private void readStandard(String schema, StreamRead read, BatchSink sink, boolean mayParallel)
      throws InterruptedException {
    StreamDescriptor stream = read.stream();
    try (Connection connection = session.open()) {
      List<CatalogColumn> columns = selectedColumns(connection, schema, stream);
      OptionalLong pages =
          mayParallel && !read.incremental()
              ? parallel.pagesToSplit(connection, schema, stream.name())
              : OptionalLong.empty();
      OptionalLong parallelRows =
          pages.isPresent()
              ? parallel.read(connection, schema, stream.name(), columns, pages.getAsLong(), sink)
              : OptionalLong.empty();
      if (parallelRows.isPresent()) {
        log.info(
            "Read {} rows from {}.{} in parallel", parallelRows.getAsLong(), schema, stream.name());
        return;
      }
      Scan scan =
          read.incremental()
              ? incrementalScan(connection, schema, stream, columns, read)
              : new Scan(copySql(schema, stream.name(), columns, ""), -1, null, null);
      long rows = copy(connection, stream.name(), columns, scan, sink);
      log.info("Read {} rows from {}.{}", rows, schema, stream.name());
    } catch (SQLException e) {
      throw external("read table " + schema + "." + stream.name() + " from", e);
    }
  }

  /**
   * Reads in change-capture mode: an incremental read follows the log by {@code _airlock_lsn}; a
   * full refresh reads the table as the standard mode does, every row with log position 0 and not
   * deleted.
   */
  private void readChanges(String schema, StreamRead read, BatchSink sink)
      throws InterruptedException {
    StreamDescriptor stream = read.stream();
    if (!CdcColumns.carriesChanges(stream)) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.qualifiedName()
              + " is read by change capture but does not select the columns "
              + CdcColumns.LSN
              + " and "
              + CdcColumns.DELETED
              + "; select them (refresh the connection's schema)");
    }
    StreamDescriptor tableOnly =
        stream.withColumns(
            stream.columns().stream().filter(c -> !CdcColumns.isChangeColumn(c.name())).toList());
    try (Connection connection = session.open()) {
      selectedColumns(connection, schema, tableOnly);
    } catch (SQLException e) {
      throw external("read table " + schema + "." + stream.name() + " from", e);
    }
    if (!read.incremental()) {
      // Change capture keeps its single-COPY snapshot read (issue #3: parallel ranges here too).
      readStandard(
          schema, StreamRead.fullRefresh(tableOnly), new SnapshotRows(stream, sink), false);
      return;
    }
    if (!CdcColumns.LSN.equals(read.cursorField())) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream.qualifiedName()
              + " is read by change capture, which follows the log position; use cursor "
              + CdcColumns.LSN);
    }
    new CdcReader(session, cdc).read(schema, read, sink);
  }

  /**
   * The COPY of an incremental read, and the saved cursor, bound as a session setting rather than
   * written into the SQL.
   */
  private Scan incrementalScan(
      Connection connection,
      String schema,
      StreamDescriptor stream,
      List<CatalogColumn> columns,
      StreamRead read)
      throws SQLException {
    int cursorIndex = cursorIndex(schema, stream, columns, read.cursorField());
    Column cursor = columns.get(cursorIndex).column();
    String quoted = SqlIdentifiers.quote(cursor.name());
    Optional<CursorState> saved = CursorState.parse(read.state(), cursor.name(), stream.name());
    String where = "";
    if (saved.isPresent()) {
      try (PreparedStatement bind =
          connection.prepareStatement("SELECT set_config('airlock.cursor', ?, false)")) {
        bind.setString(1, saved.get().cursor());
        bind.execute();
      }
      where =
          " WHERE "
              + quoted
              + " >= CAST(current_setting('airlock.cursor') AS "
              + cursor.sourceType()
              + ") OR "
              + quoted
              + " IS NULL";
    }
    log.info(
        "Reading {}.{} incrementally by {} from {}",
        schema,
        stream.name(),
        cursor.name(),
        saved.isPresent() ? "the saved cursor (inclusive)" : "the start");
    String order = " ORDER BY " + quoted + " NULLS LAST";
    return new Scan(
        copySql(schema, stream.name(), columns, where + order),
        cursorIndex,
        cursor.name(),
        saved.orElse(null));
  }

  private int cursorIndex(
      String schema, StreamDescriptor stream, List<CatalogColumn> columns, String cursorField) {
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i).column();
      if (column.name().equals(cursorField)) {
        if (!StreamDescriptor.isCursorKind(column.type().kind())) {
          throw new ConnectorException(
              ConnectorException.Kind.USER,
              "Column "
                  + cursorField
                  + " of table "
                  + schema
                  + "."
                  + stream.name()
                  + " cannot be a cursor: its values are "
                  + column.type().kind()
                  + "; choose one of "
                  + stream.cursorCandidates());
        }
        return i;
      }
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "Cursor column "
            + cursorField
            + " is not among the selected columns of table "
            + schema
            + "."
            + stream.name()
            + "; select it, or choose one of "
            + stream.cursorCandidates());
  }

  /**
   * One COPY to run.
   *
   * @param cursorIndex the cursor column's position, or -1 for a full refresh
   * @param cursorField the cursor column's name, or null
   * @param saved the state the read started from, or null
   */
  private record Scan(String sql, int cursorIndex, String cursorField, CursorState saved) {}

  private List<CatalogColumn> selectedColumns(
      Connection connection, String schema, StreamDescriptor stream) throws SQLException {
    List<CatalogTable> tables =
        new PostgresCatalog(connection).tables(List.of(schema), stream.name());
    if (tables.isEmpty()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Table " + schema + "." + stream.name() + " does not exist in " + session.address());
    }
    List<CatalogColumn> selected = new ArrayList<>();
    for (Column wanted : stream.columns()) {
      CatalogColumn found =
          tables.get(0).columns().stream()
              .filter(c -> c.column().name().equals(wanted.name()))
              .findFirst()
              .orElseThrow(() -> schemaChanged(schema, stream.name(), wanted.name(), "is gone"));
      if (!found.column().type().equals(wanted.type())) {
        throw schemaChanged(schema, stream.name(), wanted.name(), "changed its type");
      }
      selected.add(found);
    }
    return selected;
  }

  /**
   * Runs the full-refresh COPY {@code sql} on {@code connection} into {@code sink}.
   *
   * @param label what is read, for messages: the table, and the part of it
   * @return the number of rows read
   */
  static long copyAll(
      Connection connection, String label, List<CatalogColumn> columns, String sql, BatchSink sink)
      throws SQLException, InterruptedException {
    return copy(connection, label, columns, new Scan(sql, -1, null, null), sink);
  }

  private static long copy(
      Connection connection, String table, List<CatalogColumn> columns, Scan scan, BatchSink sink)
      throws SQLException, InterruptedException {
    List<Column> batchColumns = columns.stream().map(CatalogColumn::column).toList();
    CopyRowDecoder decoder = decoder(table, columns);
    CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(scan.sql());
    Checkpoints checkpoints = new Checkpoints(scan, sink);
    long rows = 0;
    try {
      List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
      long bytes = 0;
      byte[] line;
      while ((line = copy.readFromCopy()) != null) {
        batch.add(decoder.decode(line, ++rows));
        bytes += line.length;
        if (batch.size() >= BATCH_ROWS || bytes >= BATCH_BYTES) {
          String state = checkpoints.stateAfter(batch);
          handOver(sink, batchColumns, batch, bytes);
          checkpoints.mark(state);
          batch = new ArrayList<>(BATCH_ROWS);
          bytes = 0;
        }
      }
      if (!batch.isEmpty()) {
        String state = checkpoints.stateAfter(batch);
        handOver(sink, batchColumns, batch, bytes);
        checkpoints.mark(state);
      }
      checkpoints.atEnd(table);
      return rows;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /**
   * Marks, after each batch of an incremental read, the cursor to resume from. The cursor is taken
   * before the batch is handed over, since mappers may replace values in place afterwards.
   */
  private static final class Checkpoints {
    private final Scan scan;
    private final BatchSink sink;
    private CursorState last;
    private long nullCursors;

    Checkpoints(Scan scan, BatchSink sink) {
      this.scan = scan;
      this.sink = sink;
      this.last = scan.saved();
    }

    /** The state after {@code batch}: its last non-NULL cursor, or the one before it. */
    String stateAfter(List<Object[]> batch) {
      if (scan.cursorIndex() < 0) {
        return null;
      }
      Object cursor = null;
      for (Object[] row : batch) {
        Object value = row[scan.cursorIndex()];
        if (value == null) {
          nullCursors++;
        } else {
          cursor = value;
        }
      }
      if (cursor != null) {
        last = new CursorState(scan.cursorField(), PostgresCursorText.text(cursor));
      }
      return last == null ? null : last.json();
    }

    void mark(String state) throws InterruptedException {
      if (state != null) {
        sink.checkpoint(state);
      }
    }

    void atEnd(String table) throws InterruptedException {
      if (scan.cursorIndex() < 0) {
        return;
      }
      if (last != null) {
        sink.checkpoint(last.json());
      }
      if (nullCursors > 0) {
        log.info(
            "Read {} rows of {} whose cursor is NULL; every incremental sync reads them again",
            nullCursors,
            table);
      }
    }
  }

  private static void handOver(
      BatchSink sink, List<Column> columns, List<Object[]> rows, long bytes)
      throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("Reading was interrupted");
    }
    sink.accept(new RecordBatch(columns, rows, bytes));
  }

  private static CopyRowDecoder decoder(String table, List<CatalogColumn> columns) {
    List<FieldDecoder> decoders = new ArrayList<>();
    for (CatalogColumn column : columns) {
      decoders.add(FieldDecoders.forType(column.column().type(), column.arrayDelimiter()));
    }
    return new CopyRowDecoder(
        table, columns.stream().map(c -> c.column().name()).toList(), decoders);
  }

  static String copySql(String schema, String table, List<CatalogColumn> columns, String suffix) {
    String list =
        columns.stream()
            .map(c -> SqlIdentifiers.quote(c.column().name()))
            .collect(Collectors.joining(", "));
    return "COPY (SELECT "
        + list
        + " FROM "
        + SqlIdentifiers.qualified(schema, table)
        + suffix
        + ") TO STDOUT";
  }

  private ConnectorException schemaChanged(
      String schema, String table, String column, String what) {
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "Column "
            + column
            + " of table "
            + schema
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
            + " PostgreSQL at "
            + session.address()
            + " (SQLSTATE "
            + e.getSQLState()
            + ")",
        e);
  }

  @Override
  public void close() {
    // Each call opens and closes its own connection.
  }
}
