package io.airlock.connectors.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.datasets.MatrixDataset.Origin;
import io.airlock.connectors.datasets.MatrixDataset.Refusal;
import io.airlock.connectors.datasets.MatrixTarget.Rows;
import io.airlock.connectors.datasets.MatrixTarget.Servers;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSakila;
import io.airlock.protocol.job.SyncMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real dataset synced into every destination and compared row for row: the source is the real
 * connector on the real server or files, the destination the real connector, and each table is read
 * back (by our own source connectors, by DuckDB's JDBC driver, or by Jackson for JSON Lines) and
 * compared with what the source produced, value for value in {@link CanonicalValues}' exact form. A
 * lost or extra row, a changed digit, microsecond or byte fails, naming the table and the differing
 * rows.
 */
class DatasetMatrixTest {
  private static final int BATCHES_PER_CHECKPOINT = 5;
  private static final Map<MatrixDataset, List<Recorded>> READS =
      new EnumMap<>(MatrixDataset.class);

  private static TestingPostgres postgres;
  private static Servers servers;

  @TempDir static Path folder;

  @BeforeAll
  static void loadDatasets() throws Exception {
    postgres = TestingPostgres.start();
    postgres.createDatabase("sakila");
    TestingSakila.load(postgres, "sakila");
    postgres.createDatabase(MatrixTarget.MATRIX_DATABASE);
    TestingMariaDb mariadb = TestingMariaDb.shared();
    mariadb.runScriptOnce(TestingDatasets.resolve("sakila-mysql/sakila-mv-schema.sql"));
    mariadb.runScriptOnce(TestingDatasets.resolve("sakila-mysql/sakila-mv-data.sql"));
    mariadb.runScriptOnce(TestingDatasets.resolve("chinook/Chinook_MySql.sql"));
    servers = new Servers(postgres, mariadb, folder);
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  static Stream<Arguments> combinations() {
    return Stream.of(MatrixDataset.values())
        .flatMap(d -> Stream.of(MatrixTarget.values()).map(t -> Arguments.of(d, t)));
  }

  @ParameterizedTest(name = "{0} into {1}")
  @MethodSource("combinations")
  void everyTableArrivesRowForRow(MatrixDataset dataset, MatrixTarget target) throws Exception {
    target.prepare(servers, dataset.key());
    List<Recorded> tables = recorded(dataset);
    assertThat(tables).as("streams of " + dataset).hasSize(dataset.tables());

    try (Destination destination = target.destination(servers, dataset.key())) {
      destination.check();
      for (Recorded table : tables) {
        Refusal refusal = dataset.refusal(target, table.table());
        if (refusal != null) {
          assertRefused(table, refusal, destination, target, dataset);
        } else {
          copy(table, destination);
        }
      }
    }

    for (Recorded table : tables) {
      if (dataset.refusal(target, table.table()) == null) {
        Rows back = target.readBack(servers, dataset.key(), table.table());
        assertSameKinds(table, back, target);
        assertSameRows(table, back);
      }
    }
  }

  /** The stream fails naming its row and column, and leaves no table behind. */
  private static void assertRefused(
      Recorded table,
      Refusal refusal,
      Destination destination,
      MatrixTarget target,
      MatrixDataset dataset) {
    assertThatThrownBy(() -> copy(table, destination))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row " + refusal.row() + " of stream " + table.table())
        .hasMessageContaining("column " + refusal.column())
        .hasMessageContaining("unchanged");
    assertThatThrownBy(() -> target.readBack(servers, dataset.key(), table.table()))
        .as(table.table() + " is not in the destination")
        .isNotNull();
  }

  /**
   * What the source produced for one table: its stream, the batches in order, and each row's
   * canonical values, taken before any destination saw the batch.
   */
  record Recorded(
      String table, StreamDescriptor stream, List<RecordBatch> batches, List<List<String>> rows) {
    List<Column> columns() {
      return stream.columns();
    }
  }

  /** Each dataset is read once by its source; every destination receives the same batches. */
  private static synchronized List<Recorded> recorded(MatrixDataset dataset)
      throws InterruptedException {
    List<Recorded> recorded = READS.get(dataset);
    if (recorded == null) {
      recorded = new ArrayList<>();
      for (Origin origin : dataset.origins(servers)) {
        recorded.addAll(readOrigin(origin));
      }
      READS.put(dataset, recorded);
    }
    return recorded;
  }

  private static List<Recorded> readOrigin(Origin origin) throws InterruptedException {
    List<Recorded> recorded = new ArrayList<>();
    try (Source source =
        ConnectorRegistry.builtIn()
            .factory(origin.settings().type())
            .createSource(origin.settings())) {
      for (StreamDescriptor stream : source.discover()) {
        List<RecordBatch> batches = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        source.read(
            stream,
            batch -> {
              batch.rows().forEach(row -> rows.add(canonical(stream.columns(), row)));
              batches.add(batch);
            });
        recorded.add(new Recorded(origin.tableOf(stream), stream, batches, rows));
      }
    }
    return recorded;
  }

  /** Writes a recorded stream as a sync does, with a checkpoint every few batches. */
  private static void copy(Recorded table, Destination destination) {
    StreamDescriptor stream = table.stream();
    StreamDescriptor named =
        new StreamDescriptor(
            table.table(), stream.namespace(), stream.columns(), stream.primaryKey());
    try (StreamWriter writer = destination.open(named, SyncMode.FULL_REFRESH_OVERWRITE)) {
      int batches = 0;
      for (RecordBatch batch : table.batches()) {
        writer.write(batch);
        if (++batches % BATCHES_PER_CHECKPOINT == 0) {
          writer.checkpoint();
        }
      }
      writer.finish();
    }
  }

  private static List<String> canonical(List<Column> columns, Object[] row) {
    List<String> values = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      values.add(CanonicalValues.of(columns.get(i).type(), row[i]));
    }
    return values;
  }

  /** Each column reads back as the kind the destination's type mapping documents. */
  private static void assertSameKinds(Recorded table, Rows back, MatrixTarget target) {
    if (back.kinds() == null) {
      return;
    }
    List<DataType.Kind> expected =
        table.columns().stream().map(c -> target.kindBack(c.type())).toList();
    assertThat(back.kinds()).as(table.table() + " column kinds").isEqualTo(expected);
  }

  /** Same columns, and the same rows as a multiset: every row as often as the source gave it. */
  private static void assertSameRows(Recorded table, Rows back) {
    List<String> names = table.columns().stream().map(Column::name).toList();
    if (back.columns() != null || !back.rows().isEmpty()) {
      assertThat(back.columns()).as(table.table() + " columns").containsExactlyElementsOf(names);
    }

    List<List<String>> actual = new ArrayList<>(back.rows().size());
    for (Object[] row : back.rows()) {
      actual.add(canonicalBack(table, row));
    }

    Map<List<String>, Integer> missing = counts(table.rows());
    List<List<String>> extra = new ArrayList<>();
    for (List<String> row : actual) {
      if (missing.merge(row, -1, Integer::sum) < 0) {
        extra.add(row);
      }
    }
    List<List<String>> lost = new ArrayList<>();
    missing.forEach(
        (row, n) -> {
          for (int i = 0; i < n; i++) {
            lost.add(row);
          }
        });
    assertThat(actual.size()).as(table.table() + ": rows read back").isEqualTo(table.rows().size());
    assertThat(lost.size())
        .as(
            table.table()
                + ": rows of the source the destination does not hold, first ones "
                + first(lost)
                + "; it holds instead "
                + first(extra))
        .isZero();
  }

  private static List<String> canonicalBack(Recorded table, Object[] row) {
    List<String> values = new ArrayList<>(row.length);
    for (int i = 0; i < row.length; i++) {
      Column column = table.columns().get(i);
      try {
        values.add(CanonicalValues.of(column.type(), row[i]));
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(
            table.table() + " column " + column.name() + ": " + e.getMessage(), e);
      }
    }
    return values;
  }

  private static Map<List<String>, Integer> counts(List<List<String>> rows) {
    Map<List<String>, Integer> counts = new HashMap<>();
    rows.forEach(row -> counts.merge(row, 1, Integer::sum));
    return counts;
  }

  private static List<List<String>> first(List<List<String>> rows) {
    return rows.subList(0, Math.min(3, rows.size()));
  }
}
