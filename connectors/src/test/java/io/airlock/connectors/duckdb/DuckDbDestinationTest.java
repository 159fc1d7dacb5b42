package io.airlock.connectors.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.SpecialValue;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingRows;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tricky PostgreSQL values (cases PG-01 to PG-06, PG-09 to PG-11) copied by the real PostgreSQL
 * source into a real DuckDB file, and read back through DuckDB's JDBC driver; overwrite, append,
 * failure and abort semantics.
 */
class DuckDbDestinationTest {
  private static final String DB = "cases";
  private static TestingPostgres postgres;

  @TempDir Path folder;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void infinityTimestampsBecomeDuckDbInfinities() throws Exception {
    copy(
        "temporal_infinity",
        "id int primary key, ts timestamp, tstz timestamptz, d date",
        "(1, 'infinity', 'infinity', 'infinity'), (2, '-infinity', '-infinity', '-infinity'),"
            + " (3, NULL, NULL, NULL)");

    assertThat(
            duck(
                "SELECT ts::VARCHAR, tstz::VARCHAR, d::VARCHAR, isinf(ts), isinf(tstz), isinf(d),"
                    + " typeof(ts), typeof(tstz) FROM temporal_infinity ORDER BY id"))
        .containsExactly(
            "\"infinity\" | \"infinity\" | \"infinity\" | true | true | true | \"TIMESTAMP\" |"
                + " \"TIMESTAMP WITH TIME ZONE\"",
            "\"-infinity\" | \"-infinity\" | \"-infinity\" | true | true | true | \"TIMESTAMP\" |"
                + " \"TIMESTAMP WITH TIME ZONE\"",
            "NULL | NULL | NULL | NULL | NULL | NULL | \"TIMESTAMP\" | \"TIMESTAMP WITH"
                + " TIME ZONE\"");
    assertThat(duck("SELECT count(*) FROM temporal_infinity WHERE ts > TIMESTAMP '294000-01-01'"))
        .containsExactly("1");
  }

  @Test
  void beforeChristAndFiveDigitYearsKeepTheirInstant() throws Exception {
    copy(
        "temporal_far",
        "id int primary key, ts timestamp, tstz timestamptz, d date, t time",
        "(1, '0044-03-15 12:00:00 BC', '0044-03-15 12:00:00+00 BC', '0044-03-15 BC', '24:00:00'),"
            + " (2, '12345-06-07 08:09:10', '12345-06-07 08:09:10.123456+00', '12345-06-07',"
            + " '23:59:59.999999'), (3, '2024-05-05 10:00:00.123456',"
            + " '2024-05-05 10:00:00.000001+05:30', '2024-02-29', '00:00:00')");

    assertThat(
            duck(
                "SELECT ts::VARCHAR, (tstz AT TIME ZONE 'UTC')::VARCHAR, d::VARCHAR, t::VARCHAR"
                    + " FROM temporal_far ORDER BY id"))
        .containsExactly(
            "\"0044-03-15 (BC) 12:00:00\" | \"0044-03-15 (BC) 12:00:00\" | \"0044-03-15 (BC)\""
                + " | \"24:00:00\"",
            "\"12345-06-07 08:09:10\" | \"12345-06-07 08:09:10.123456\" | \"12345-06-07\" |"
                + " \"23:59:59.999999\"",
            "\"2024-05-05 10:00:00.123456\" | \"2024-05-05 04:30:00.000001\" | \"2024-02-29\" |"
                + " \"00:00:00\"");
  }

  @Test
  void numericsKeepEveryDigit() throws Exception {
    copy(
        "numeric_exact",
        "id int primary key, n numeric, amount numeric(12,2), wide numeric(50,4)",
        "(1, 98765432101.12345678901234, 42.42, 1234567890123456789012345678901234.5678),"
            + " (2, -0.000000000000000001, -0.01, -0.0001), (3, 0, 0.00, 0), (4, NULL, NULL,"
            + " NULL)");

    assertThat(
            duck(
                "SELECT n::VARCHAR, amount::VARCHAR, wide::VARCHAR, typeof(n), typeof(amount),"
                    + " typeof(wide) FROM numeric_exact ORDER BY id"))
        .containsExactly(
            "\"98765432101.123456789012340000\" | \"42.42\" |"
                + " \"1234567890123456789012345678901234.5678\" | \"DECIMAL(38,18)\" |"
                + " \"DECIMAL(12,2)\" | \"DECIMAL(38,4)\"",
            "\"-0.000000000000000001\" | \"-0.01\" | \"-0.0001\" | \"DECIMAL(38,18)\" |"
                + " \"DECIMAL(12,2)\" | \"DECIMAL(38,4)\"",
            "\"0.000000000000000000\" | \"0.00\" | \"0.0000\" | \"DECIMAL(38,18)\" |"
                + " \"DECIMAL(12,2)\" |"
                + " \"DECIMAL(38,4)\"",
            "NULL | NULL | NULL | \"DECIMAL(38,18)\" | \"DECIMAL(12,2)\" | \"DECIMAL(38,4)\"");
    try (Connection duck = duckDb()) {
      assertThat(TestingRows.read(duck, "SELECT n FROM numeric_exact WHERE id = 1"))
          .containsExactly("98765432101.12345678901234");
    }
  }

  @Test
  void floatSpecialsArriveAndNumericNanFailsNamingTheColumnAndRow() throws Exception {
    copy(
        "float_specials",
        "id int primary key, f8 double precision, f4 real",
        "(1, 'NaN', 'NaN'), (2, 'Infinity', 'Infinity'), (3, '-Infinity', '-Infinity'),"
            + " (4, 1.0000000000000002, 0.1)");

    assertThat(
            duck(
                "SELECT isnan(f8), f8::VARCHAR, f4::VARCHAR, typeof(f8), typeof(f4)"
                    + " FROM float_specials ORDER BY id"))
        .containsExactly(
            "true | \"nan\" | \"nan\" | \"DOUBLE\" | \"FLOAT\"",
            "false | \"inf\" | \"inf\" | \"DOUBLE\" | \"FLOAT\"",
            "false | \"-inf\" | \"-inf\" | \"DOUBLE\" | \"FLOAT\"",
            "false | \"1.0000000000000002\" | \"0.1\" | \"DOUBLE\" | \"FLOAT\"");

    postgres.execute(
        DB,
        "CREATE TABLE numeric_nan (id int primary key, n numeric);"
            + " INSERT INTO numeric_nan VALUES (1, 1.5), (2, 'NaN'), (3, 2)");
    assertThatThrownBy(() -> copyTable("numeric_nan", SyncMode.FULL_REFRESH_OVERWRITE))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row 2 of stream numeric_nan (primary key id)")
        .hasMessageContaining("main.numeric_nan, column n")
        .hasMessageContaining("cannot hold NAN")
        .hasMessageNotContaining("1.5");
  }

  @Test
  void bytesJsonUuidAndArraysArriveAsThemselves() throws Exception {
    copy(
        "typed_values",
        "id int primary key, b bytea, jb jsonb, j json, u uuid, tags text[], nums numeric(6,2)[]",
        "(1, '\\xCAFEBABE00FF', '[{\"k\": 1}, null, \"x\"]', '{\"a\": [1, 2]}',"
            + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a,b\",\"c\\\"d\",NULL}',"
            + " '{42.42,NULL,-0.01}'), (2, '', 'null', NULL, NULL, '{}', NULL)");

    assertThat(
            duck(
                "SELECT hex(b), octet_length(b), json_type(jb), jb::VARCHAR, json_type(j),"
                    + " j::VARCHAR, u::VARCHAR, len(tags), tags[1], tags[2], tags[3] IS NULL,"
                    + " nums::VARCHAR FROM typed_values ORDER BY id"))
        .containsExactly(
            "\"CAFEBABE00FF\" | 6 | \"ARRAY\" | \"[{\"k\": 1}, null, \"x\"]\" | \"OBJECT\" |"
                + " \"{\"a\": [1, 2]}\" | \"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\" | 3 |"
                + " \"a,b\" | \"c\"d\" | true | \"[42.42, NULL, -0.01]\"",
            "\"\" | 0 | \"NULL\" | \"null\" | NULL | NULL | NULL | 0 | NULL | NULL | true | NULL");
    assertThat(
            duck(
                "SELECT typeof(b), typeof(jb), typeof(u), typeof(tags), typeof(nums)"
                    + " FROM typed_values LIMIT 1"))
        .containsExactly("\"BLOB\" | \"JSON\" | \"UUID\" | \"VARCHAR[]\" | \"DECIMAL(6,2)[]\"");
  }

  @Test
  void multiDimensionalArrayValuesFailClearly() {
    postgres.execute(
        DB,
        "CREATE TABLE grids (id int primary key, grid int[]);"
            + " INSERT INTO grids VALUES (1, '{1,2}'), (2, '{{1,2},{3,NULL}}')");

    assertThatThrownBy(() -> copyTable("grids", SyncMode.FULL_REFRESH_OVERWRITE))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row 2 of stream grids (primary key id)")
        .hasMessageContaining("column grid: the array has more dimensions than its type declares");
  }

  @Test
  void overwriteReplacesAndAppendAdds() throws Exception {
    postgres.execute(
        DB,
        "CREATE TABLE modes (id int primary key, name text);"
            + " INSERT INTO modes VALUES (1, 'one'), (2, 'two')");

    copyTable("modes", SyncMode.FULL_REFRESH_OVERWRITE);
    copyTable("modes", SyncMode.FULL_REFRESH_OVERWRITE);
    assertThat(duck("SELECT count(*) FROM modes")).containsExactly("2");

    copyTable("modes", SyncMode.FULL_REFRESH_APPEND);
    assertThat(duck("SELECT id, count(*) FROM modes GROUP BY id ORDER BY id"))
        .containsExactly("1 | 2", "2 | 2");
    assertThat(
            duck(
                "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE"
                    + " '\\_airlock\\_stage%' ESCAPE '\\'"))
        .containsExactly("0");
  }

  @Test
  void failedOverwriteLeavesTheOldTableIntact() throws Exception {
    StreamDescriptor stream =
        new StreamDescriptor(
            "ledger",
            null,
            List.of(
                new Column("id", DataType.INTEGER, false, null),
                new Column("amount", DataType.decimal(10, 2), true, null)),
            List.of("id"));
    try (Destination destination = destination()) {
      try (StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
        writer.write(batch(stream, rows(1, 3, new BigDecimal("1.50"))));
        writer.finish();
      }

      try (StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
        writer.write(batch(stream, rows(100, 5000, new BigDecimal("9.99"))));
        writer.checkpoint();
        List<Object[]> bad = rows(5100, 10, new BigDecimal("2.00"));
        bad.get(4)[1] = SpecialValue.NAN;
        assertThatThrownBy(() -> writer.write(batch(stream, bad)))
            .isInstanceOf(ConnectorException.class)
            .hasMessageContaining("row 5005 of stream ledger (primary key id)")
            .hasMessageContaining("column amount")
            .hasMessageContaining("The table is unchanged");
        writer.abort();
      }

      try (StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
        writer.write(batch(stream, rows(7, 2, new BigDecimal("3.25"))));
        writer.checkpoint();
        writer.abort();
      }
    }

    assertThat(duck("SELECT id, amount FROM ledger ORDER BY id"))
        .containsExactly("1 | 1.50", "2 | 1.50", "3 | 1.50");
    assertThat(duck("SELECT count(*) FROM information_schema.tables WHERE table_name <> 'ledger'"))
        .containsExactly("0");
  }

  @Test
  void leftoverStagingTablesAreDroppedWhenTheTableIsLoadedNext() throws Exception {
    try (Connection duck = duckDb()) {
      duck.createStatement().execute("CREATE TABLE \"_airlock_stage_kept_0123abcd\" (x int)");
      duck.createStatement().execute("CREATE TABLE \"_airlock_stage_kept_else\" (x int)");
    }
    StreamDescriptor stream =
        new StreamDescriptor(
            "kept", null, List.of(new Column("id", DataType.INTEGER, false, null)), List.of());
    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
      writer.write(new RecordBatch(stream.columns(), List.<Object[]>of(new Object[] {1L}), 8));
      writer.finish();
    }

    assertThat(duck("SELECT table_name FROM information_schema.tables ORDER BY table_name"))
        .containsExactly("\"_airlock_stage_kept_else\"", "\"kept\"");
  }

  @Test
  void appendCommitsAtCheckpointsSoAFailureKeepsEarlierRows() throws Exception {
    StreamDescriptor stream =
        new StreamDescriptor(
            "events",
            null,
            List.of(
                new Column("id", DataType.INTEGER, false, null),
                new Column("amount", DataType.decimal(10, 2), true, null)),
            List.of());
    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_APPEND)) {
      writer.write(batch(stream, rows(1, 1000, new BigDecimal("1.00"))));
      writer.checkpoint();
      assertThat(duck("SELECT count(*) FROM events")).containsExactly("1000");
      List<Object[]> bad = rows(1001, 10, new BigDecimal("1.00"));
      bad.get(9)[1] = new BigDecimal("123456789.123");
      assertThatThrownBy(() -> writer.write(batch(stream, bad)))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("row 1010 of stream events (it has no primary key)")
          .hasMessageContaining("column amount")
          .hasMessageContaining("without rounding")
          .hasMessageContaining("earlier checkpoints (1000)");
      writer.abort();
    }

    assertThat(duck("SELECT count(*), sum(amount) FROM events")).containsExactly("1000 | 1000.00");
  }

  private static List<Object[]> rows(long firstId, int count, BigDecimal amount) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(new Object[] {firstId + i, amount});
    }
    return rows;
  }

  private static RecordBatch batch(StreamDescriptor stream, List<Object[]> rows) {
    return new RecordBatch(stream.columns(), rows, rows.size() * 16L);
  }

  private void copy(String table, String columns, String values) throws Exception {
    postgres.execute(
        DB,
        "CREATE TABLE " + table + " (" + columns + "); INSERT INTO " + table + " VALUES " + values);
    copyTable(table, SyncMode.FULL_REFRESH_OVERWRITE);
  }

  private void copyTable(String table, SyncMode mode) throws Exception {
    try (Source source =
            ConnectorRegistry.builtIn()
                .factory("source-postgres")
                .createSource(postgres.sourceSettings(DB, List.of("public")));
        Destination destination = destination()) {
      List<StreamDescriptor> streams =
          source.discover().stream().filter(s -> s.name().equals(table)).toList();
      assertThat(streams).hasSize(1);
      TestingSync.copy(source, streams, destination, mode);
    }
  }

  private Destination destination() {
    return ConnectorRegistry.builtIn()
        .factory(DuckDbDestinationFactory.TYPE)
        .createDestination(
            new ConnectorSettings(
                DuckDbDestinationFactory.TYPE,
                Map.of("path", folder.resolve("warehouse.duckdb").toString()),
                reference -> null));
  }

  private Connection duckDb() throws Exception {
    return DriverManager.getConnection("jdbc:duckdb:" + folder.resolve("warehouse.duckdb"));
  }

  /** Rows of a query as text, values as DuckDB gives them, strings quoted. */
  private List<String> duck(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection duck = duckDb();
        var statement = duck.createStatement();
        var result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = result.getObject(i);
          row.add(
              value == null
                  ? "NULL"
                  : value instanceof String text ? '"' + text + '"' : value.toString());
        }
        rows.add(String.join(" | ", row));
      }
    }
    return rows;
  }
}
