package io.airlock.connectors.postgres;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.postgres.PostgresCatalog.CatalogColumn;
import io.airlock.connectors.postgres.PostgresCatalog.CatalogTable;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

  PostgresSource(ConnectorSettings settings) {
    this.session = new PostgresSession(settings);
    this.schemas = settings.strings("schemas", List.of("public"));
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
              .tables(schemas, null).stream().map(CatalogTable::descriptor).toList();
      log.info(
          "Discovered {} tables in schemas {} of {}", streams.size(), schemas, session.address());
      return streams;
    } catch (SQLException e) {
      throw external("discover tables of", e);
    }
  }

  @Override
  public void read(StreamDescriptor stream, BatchSink sink) throws InterruptedException {
    requireNonNull(stream, "stream is null");
    requireNonNull(sink, "sink is null");
    String schema = stream.namespace() == null ? schemas.get(0) : stream.namespace();
    try (Connection connection = session.open()) {
      List<CatalogColumn> columns = selectedColumns(connection, schema, stream);
      long rows = copy(connection, schema, stream.name(), columns, sink);
      log.info("Read {} rows from {}.{}", rows, schema, stream.name());
    } catch (SQLException e) {
      throw external("read table " + schema + "." + stream.name() + " from", e);
    }
  }

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

  private long copy(
      Connection connection,
      String schema,
      String table,
      List<CatalogColumn> columns,
      BatchSink sink)
      throws SQLException, InterruptedException {
    List<Column> batchColumns = columns.stream().map(CatalogColumn::column).toList();
    CopyRowDecoder decoder = decoder(table, columns);
    CopyOut copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyOut(copySql(schema, table, batchColumns));
    long rows = 0;
    try {
      List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
      long bytes = 0;
      byte[] line;
      while ((line = copy.readFromCopy()) != null) {
        batch.add(decoder.decode(line, ++rows));
        bytes += line.length;
        if (batch.size() >= BATCH_ROWS || bytes >= BATCH_BYTES) {
          handOver(sink, batchColumns, batch, bytes);
          batch = new ArrayList<>(BATCH_ROWS);
          bytes = 0;
        }
      }
      if (!batch.isEmpty()) {
        handOver(sink, batchColumns, batch, bytes);
      }
      return rows;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
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

  private static String copySql(String schema, String table, List<Column> columns) {
    String list =
        columns.stream().map(c -> SqlIdentifiers.quote(c.name())).collect(Collectors.joining(", "));
    return "COPY (SELECT "
        + list
        + " FROM "
        + SqlIdentifiers.qualified(schema, table)
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
