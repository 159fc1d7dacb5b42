package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.testing.TestingPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Full refreshes of a table read by several connections in page ranges under one exported snapshot,
 * against a real PostgreSQL: the same rows and values as one reader, writes made during the read
 * not seen, a failed worker failing the whole read, and every connection closed afterwards.
 */
class ParallelSnapshotReadTest {
  private static final String DB = "parallel";
  private static final int ROWS = 20_000;
  private static final String VALUE_MARK = "value-";

  private static TestingPostgres postgres;
  private static int tableNumber;

  private String table;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void freshTable() {
    table = "big" + (++tableNumber);
    postgres.execute(
        DB,
        "CREATE TABLE "
            + table
            + " (id bigint PRIMARY KEY, label text, amount numeric(12,2), seen timestamptz,"
            + " doc jsonb, raw bytea, tags text[]);"
            + " INSERT INTO "
            + table
            + " SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE '"
            + VALUE_MARK
            + "' || g || E'\\t\\\\x\\n' || repeat('é', g % 5) END,"
            + " (g * 37 % 100000) / 100.0, timestamptz '2024-01-01 00:00:00.123456+00'"
            + " + g * interval '1 second', jsonb_build_object('n', g), decode(md5(g::text), 'hex'),"
            + " ARRAY['a' || g, NULL] FROM generate_series(1, "
            + ROWS
            + ") g");
    postgres.execute(DB, "VACUUM ANALYZE " + table);
  }

  @Test
  void parallelReadHasExactlyTheRowsOfOneReader() throws Exception {
    AtomicBoolean parallel = new AtomicBoolean();

    List<Object[]> single = readAll(source(1, () -> {}));
    List<Object[]> ranges = readAll(source(4, () -> parallel.set(true)));

    assertThat(parallel).isTrue();
    assertThat(ranges).hasSize(ROWS);
    assertSameRows(ranges, single);
  }

  @Test
  void writesDuringTheReadAreNotSeen() throws Exception {
    List<Object[]> atStart = readAll(source(1, () -> {}));
    AtomicInteger batches = new AtomicInteger();
    PostgresSource source =
        source(
            2,
            () ->
                postgres.execute(
                    DB,
                    "DELETE FROM "
                        + table
                        + " WHERE id % 10 = 0; UPDATE "
                        + table
                        + " SET label = 'changed', amount = -1 WHERE id % 10 = 3; INSERT INTO "
                        + table
                        + " SELECT g, 'new' FROM generate_series(100001, 103000) g"));

    List<Object[]> read =
        readAll(
            source,
            batch -> {
              if (batches.incrementAndGet() == 1) {
                postgres.execute(
                    DB,
                    "DELETE FROM "
                        + table
                        + " WHERE id % 10 = 1; INSERT INTO "
                        + table
                        + " SELECT g, 'newer' FROM generate_series(200001, 202000) g");
              }
            });

    assertSameRows(read, atStart);
    assertThat(count()).isEqualTo(ROWS - 2000 + 3000 - 2300 + 2000);
  }

  @Test
  void aFailedReaderFailsTheWholeReadAndClosesEveryConnection() throws Exception {
    AtomicInteger terminated = new AtomicInteger();
    PostgresSource source = source(2, () -> {});

    assertThatThrownBy(
            () ->
                readAll(
                    source,
                    batch -> {
                      if (terminated.get() == 0) {
                        terminated.set(terminateOneReader());
                      }
                    }))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("public." + table)
        .hasMessageContaining("range ")
        .hasMessageContaining("set parallel_readers to 1")
        .hasMessageNotContaining(VALUE_MARK);
    assertThat(terminated).hasValue(1);
    assertThat(connectionsLeft()).isZero();
  }

  @Test
  void aFailingSinkStopsEveryReader() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    PostgresSource source = source(3, () -> {});

    assertThatThrownBy(
            () ->
                readAll(
                    source,
                    batch -> {
                      if (batches.incrementAndGet() == 3) {
                        throw new IllegalStateException("destination is full");
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("destination is full");
    assertThat(connectionsLeft()).isZero();
  }

  @Test
  void smallTablesAndIncrementalReadsUseOneReader() throws Exception {
    AtomicBoolean parallel = new AtomicBoolean();
    Map<String, Object> config = postgres.connectionConfig(DB);
    config.put("parallel_readers", 4);
    PostgresSource defaults =
        new PostgresSource(
            new ConnectorSettings("source-postgres", config, postgres.secrets()),
            () -> parallel.set(true));
    PostgresSource everyTable = source(4, () -> parallel.set(true));

    assertThat(readAll(defaults)).hasSize(ROWS);
    List<Object[]> incremental = new ArrayList<>();
    everyTable.read(
        new StreamRead(stream(everyTable), "id", null), batch -> incremental.addAll(batch.rows()));

    assertThat(parallel).isFalse();
    assertThat(incremental).hasSize(ROWS);
  }

  @Test
  void pageRangesCoverEveryPageOnce() {
    List<PageRange> ranges = PageRange.split(10, 4);

    assertThat(ranges)
        .extracting(PageRange::where)
        .containsExactly(
            " WHERE ctid < '(2,0)'::tid",
            " WHERE ctid >= '(2,0)'::tid AND ctid < '(5,0)'::tid",
            " WHERE ctid >= '(5,0)'::tid AND ctid < '(7,0)'::tid",
            " WHERE ctid >= '(7,0)'::tid");
    assertThat(ranges.get(3).describe()).isEqualTo("pages 7 to the end (range 4 of 4)");
    assertThat(PageRange.split(3, 8)).hasSize(3);
    assertThat(PageRange.split(1, 1).get(0).where()).isEmpty();
  }

  @Test
  void readersOutsideTheirRangeAreRefused() {
    Map<String, Object> config = postgres.connectionConfig(DB);
    config.put("parallel_readers", 0);

    assertThatThrownBy(
            () ->
                new PostgresSource(
                    new ConnectorSettings("source-postgres", config, postgres.secrets())))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("'parallel_readers' must be between 1 (off) and 32");
  }

  private PostgresSource source(int readers, Runnable afterExport) {
    Map<String, Object> config = postgres.connectionConfig(DB);
    config.put("parallel_readers", readers);
    config.put("parallel_min_table_mb", 0);
    return new PostgresSource(
        new ConnectorSettings("source-postgres", config, postgres.secrets()), afterExport);
  }

  private StreamDescriptor stream(PostgresSource source) {
    return source.discover().stream().filter(s -> s.name().equals(table)).findFirst().orElseThrow();
  }

  private List<Object[]> readAll(PostgresSource source) throws InterruptedException {
    return readAll(source, batch -> {});
  }

  private List<Object[]> readAll(PostgresSource source, BatchSink before)
      throws InterruptedException {
    List<Object[]> rows = new ArrayList<>();
    source.read(
        stream(source),
        (RecordBatch batch) -> {
          before.accept(batch);
          rows.addAll(batch.rows());
        });
    rows.sort(Comparator.comparing(row -> (Long) row[0]));
    return rows;
  }

  private static void assertSameRows(List<Object[]> actual, List<Object[]> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      if (!Arrays.deepEquals(actual.get(i), expected.get(i))) {
        throw new AssertionError("Row " + (i + 1) + " (in id order) differs");
      }
    }
  }

  /** Ends the backend of one parallel reader that is copying a page range. */
  private static int terminateOneReader() {
    return queryInt(
        "SELECT count(pg_terminate_backend(pid)) FROM (SELECT pid FROM pg_stat_activity"
            + " WHERE application_name = 'airlock' AND query LIKE 'COPY%ctid%' LIMIT 1) r");
  }

  /**
   * The connections of the source still open, once closed backends have had up to 10 seconds to
   * leave the server's activity view.
   */
  private static int connectionsLeft() throws InterruptedException {
    String sql = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'airlock'";
    for (int i = 0; i < 100 && queryInt(sql) > 0; i++) {
      Thread.sleep(100);
    }
    return queryInt(sql);
  }

  private int count() {
    return queryInt("SELECT count(*) FROM " + table);
  }

  private static int queryInt(String sql) {
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException("Test query failed: " + e.getMessage(), e);
    }
  }
}
