package io.airlock.connectors.files.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.SpecialValue;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tricky PostgreSQL values (PG-01 to PG-06, PG-09 to PG-11) copied by the real PostgreSQL
 * source into JSON Lines, CSV and Parquet files, read back with Jackson, Commons CSV,
 * parquet-java's reader and DuckDB's Parquet reader; overwrite, append, failure and part-file
 * semantics.
 */
class FilesDestinationTest {
  private static final String DB = "files";
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static TestingPostgres postgres;

  @TempDir Path root;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    postgres.execute(
        DB,
        """
        CREATE TABLE tricky (id int primary key, ts timestamp, tstz timestamptz, d date,
          n numeric, amount numeric(12,2), f8 double precision, f4 real, b bytea, jb jsonb, j json,
          tags text[], u uuid, t time);
        INSERT INTO tricky VALUES
          (1, 'infinity', 'infinity', 'infinity', 98765432101.12345678901234, 42.42, 'NaN', 'NaN',
           '\\xCAFEBABE00FF', '[{"k": 1}, null, "x"]', '{"a": [1, 2]}', '{"a,b","c\\"d",NULL}',
           'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '24:00:00'),
          (2, '-infinity', '-infinity', '-infinity', -0.000000000000000001, -0.01, 'Infinity',
           '-Infinity', '', 'null', E'{\\n  "b": 1\\n}', '{}', NULL, '23:59:59.999999'),
          (3, '0044-03-15 12:00:00 BC', '12345-06-07 08:09:10.123456+00', '0044-03-15 BC', 0,
           0.00, 1.0000000000000002, 0.1, NULL, NULL, NULL, NULL, NULL, '00:00:00'),
          (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        CREATE TABLE numeric_nan (id int primary key, n numeric);
        INSERT INTO numeric_nan VALUES (1, 1.5), (2, 'NaN');
        """);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void jsonLinesHoldExactValuesRealJsonAndMarkers() throws Exception {
    copy("tricky", "jsonl", SyncMode.FULL_REFRESH_OVERWRITE);

    List<String> lines = Files.readAllLines(onlyPart("tricky", "jsonl"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .contains("\"n\":98765432101.12345678901234", "\"amount\":42.42", "\"f8\":\"NaN\"");
    assertThat(lines.get(1)).contains("\"n\":-0.000000000000000001", "\"amount\":-0.01");
    List<JsonNode> rows = new ArrayList<>();
    for (String line : lines) {
      rows.add(JSON.readTree(line));
    }
    JsonNode first = rows.get(0);
    assertThat(List.of(first.get("ts"), first.get("tstz"), first.get("d")))
        .extracting(JsonNode::asString)
        .containsOnly("infinity");
    assertThat(rows.get(1).get("tstz").asString()).isEqualTo("-infinity");
    assertThat(first.get("n").decimalValue())
        .isEqualTo(new BigDecimal("98765432101.12345678901234"));
    assertThat(Base64.getDecoder().decode(first.get("b").asString()))
        .isEqualTo(HexFormat.of().parseHex("cafebabe00ff"));
    assertThat(first.get("jb").isArray()).isTrue();
    assertThat(first.get("jb").toString()).isEqualTo("[{\"k\":1},null,\"x\"]");
    assertThat(first.get("j").get("a").isArray()).isTrue();
    assertThat(rows.get(1).get("j").get("b").asInt()).isEqualTo(1);
    assertThat(first.get("tags").toString()).isEqualTo("[\"a,b\",\"c\\\"d\",null]");
    assertThat(first.get("t").asString()).isEqualTo("24:00:00");
    assertThat(rows.get(1).get("f4").asString()).isEqualTo("-Infinity");
    JsonNode third = rows.get(2);
    assertThat(third.get("ts").asString()).isEqualTo("-0043-03-15T12:00:00");
    assertThat(third.get("tstz").asString()).isEqualTo("+12345-06-07T08:09:10.123456Z");
    assertThat(third.get("d").asString()).isEqualTo("-0043-03-15");
    assertThat(third.get("f8").decimalValue()).isEqualTo(new BigDecimal("1.0000000000000002"));
    assertThat(third.get("f4").decimalValue()).isEqualTo(new BigDecimal("0.1"));
    assertThat(rows.get(3).get("b").isNull()).isTrue();
  }

  @Test
  void csvKeepsNullApartFromEmptyAndHoldsTheSameTexts() throws Exception {
    copy("tricky", "csv", SyncMode.FULL_REFRESH_OVERWRITE);

    Path part = onlyPart("tricky", "csv");
    List<String> lines = Files.readAllLines(part, StandardCharsets.UTF_8);
    assertThat(lines.get(0))
        .isEqualTo(
            "\"id\",\"ts\",\"tstz\",\"d\",\"n\",\"amount\",\"f8\","
                + "\"f4\",\"b\",\"jb\",\"j\",\"tags\",\"u\",\"t\"");
    assertThat(lines.get(2)).contains(",\"\",\"null\",");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("\"4\",,,,,,,,,,,,,");
    List<CSVRecord> records;
    try (Reader reader = Files.newBufferedReader(part, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      records = parser.getRecords();
    }
    assertThat(records).hasSize(4);
    CSVRecord first = records.get(0);
    assertThat(first.get("ts")).isEqualTo("infinity");
    assertThat(first.get("n")).isEqualTo("98765432101.12345678901234");
    assertThat(first.get("amount")).isEqualTo("42.42");
    assertThat(records.get(1).get("amount")).isEqualTo("-0.01");
    assertThat(first.get("f8")).isEqualTo("NaN");
    assertThat(first.get("b"))
        .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex("cafebabe00ff")));
    assertThat(JSON.readTree(first.get("jb")).isArray()).isTrue();
    assertThat(first.get("tags")).isEqualTo("[\"a,b\",\"c\\\"d\",null]");
    assertThat(records.get(1).get("j")).isEqualTo("{\n  \"b\": 1\n}");
    assertThat(records.get(2).get("tstz")).isEqualTo("+12345-06-07T08:09:10.123456Z");
  }

  @Test
  void parquetHoldsLogicalTypesExactDecimalsAndInfinityMarkers() throws Exception {
    copy("tricky", "parquet", SyncMode.FULL_REFRESH_OVERWRITE);

    Path part = onlyPart("tricky", "parquet");
    assertThat(
            query(
                "SELECT name, type, logical_type FROM parquet_schema('"
                    + part
                    + "') WHERE name IN ('ts', 'tstz', 'd', 'n', 'amount', 'jb', 'u', 'tags',"
                    + " 'element', 'b', 't') ORDER BY name"))
        .containsExactly(
            "amount | INT64 | DecimalType(scale=2, precision=12)",
            "b | BYTE_ARRAY | NULL",
            "d | INT32 | DateType()",
            "element | BYTE_ARRAY | StringType()",
            "jb | BYTE_ARRAY | JsonType()",
            "n | FIXED_LEN_BYTE_ARRAY | DecimalType(scale=18, precision=38)",
            "t | INT64 | TimeType(isAdjustedToUTC=0, unit=TimeUnit(MILLIS=<null>,"
                + " MICROS=MicroSeconds(),"
                + " NANOS=<null>))",
            "tags | NULL | ListType()",
            "ts | INT64 | TimestampType(isAdjustedToUTC=0, unit=TimeUnit(MILLIS=<null>,"
                + " MICROS=MicroSeconds(), NANOS=<null>))",
            "tstz | INT64 | TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS=<null>,"
                + " MICROS=MicroSeconds(), NANOS=<null>))",
            "u | FIXED_LEN_BYTE_ARRAY | UUIDType()");
    assertThat(
            query(
                "SELECT ts::VARCHAR, tstz::VARCHAR, d::VARCHAR, n::VARCHAR, amount, f8::VARCHAR,"
                    + " f4::VARCHAR, hex(b), json_type(jb), jb::VARCHAR, j::VARCHAR,"
                    + " tags::VARCHAR, len(tags), tags[3] IS NULL, u::VARCHAR, t::VARCHAR"
                    + " FROM read_parquet('"
                    + part
                    + "') ORDER BY id"))
        .containsExactly(
            "infinity | infinity | infinity | 98765432101.123456789012340000 | 42.42 | nan | nan"
                + " | CAFEBABE00FF | ARRAY | [{\"k\": 1}, null, \"x\"] | {\"a\": [1, 2]} |"
                + " ['a,b', 'c\"d', NULL] | 3 | true | a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 |"
                + " 24:00:00",
            "-infinity | -infinity | -infinity | -0.000000000000000001 | -0.01 | inf | -inf |  |"
                + " NULL | null | {\n  \"b\": 1\n} | [] | 0 | true | NULL | 23:59:59.999999",
            "0044-03-15 (BC) 12:00:00 | 12345-06-07 08:09:10.123456+00 | 0044-03-15 (BC) |"
                + " 0.000000000000000000 | 0.00 | 1.0000000000000002 | 0.1 | NULL | NULL | NULL |"
                + " NULL | NULL | NULL | true | NULL | 00:00:00",
            "NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL |"
                + " NULL | true | NULL | NULL");
  }

  /** Rows of a DuckDB query (DuckDB's own Parquet reader), values as text. */
  private static List<String> query(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      try (ResultSet result = statement.executeQuery(sql)) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            String value = result.getString(i);
            row.add(result.wasNull() ? "NULL" : value);
          }
          rows.add(String.join(" | ", row));
        }
      }
    }
    return rows;
  }

  @Test
  void parquetRefusesNumericNanNamingTheColumnAndRowAndKeepsTheOldFiles() throws Exception {
    copy("numeric_nan", "jsonl", SyncMode.FULL_REFRESH_OVERWRITE);
    List<String> before = tree();

    assertThatThrownBy(() -> copy("numeric_nan", "parquet", SyncMode.FULL_REFRESH_OVERWRITE))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row 2 of stream numeric_nan (primary key id) as parquet, column n")
        .hasMessageContaining("cannot hold NAN")
        .hasMessageContaining("current files are unchanged")
        .hasMessageNotContaining("1.5");

    assertThat(tree()).isEqualTo(before);
  }

  @Test
  void overwriteSwapsTheLatestSyncAndAppendAddsSyncs() throws Exception {
    String first = copy("numeric_nan", "jsonl", SyncMode.FULL_REFRESH_OVERWRITE);
    String second = copy("numeric_nan", "jsonl", SyncMode.FULL_REFRESH_OVERWRITE);

    Path stream = root.resolve("numeric_nan");
    assertThat(Files.readString(stream.resolve("_LATEST"))).isEqualTo(second + "\n");
    assertThat(tree())
        .containsExactly("numeric_nan/" + second + "/part-00000.jsonl", "numeric_nan/_LATEST");
    assertThat(first).isNotEqualTo(second);

    String third = copy("numeric_nan", "jsonl", SyncMode.FULL_REFRESH_APPEND);
    assertThat(tree())
        .containsExactlyInAnyOrder(
            "numeric_nan/" + second + "/part-00000.jsonl",
            "numeric_nan/" + third + "/part-00000.jsonl",
            "numeric_nan/_LATEST");
    assertThat(Files.readString(stream.resolve("_LATEST"))).isEqualTo(second + "\n");
  }

  @Test
  void partsAreCommittedWhileTheStreamIsStillBeingWritten() throws Exception {
    StreamDescriptor stream =
        new StreamDescriptor(
            "events",
            null,
            List.of(
                new Column("id", DataType.INTEGER, false, null),
                new Column("amount", DataType.decimal(10, 2), true, null)),
            List.of("id"));
    FilesDestination destination = destination("parquet", 10_000);
    String sync = destination.syncId();
    Path folder = root.resolve("events").resolve(sync);
    try (destination;
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_APPEND)) {
      for (int batch = 0; batch < 25; batch++) {
        writer.write(batch(stream, batch * 1000L, 1000));
        if (batch == 11) {
          assertThat(visibleFiles(folder)).containsExactly("part-00000.parquet");
        }
      }
      writer.finish();
    }

    assertThat(visibleFiles(folder))
        .containsExactly("part-00000.parquet", "part-00001.parquet", "part-00002.parquet");
    assertThat(
            query(
                "SELECT count(*), min(id), max(id), count(DISTINCT id), sum(amount) FROM"
                    + " read_parquet('"
                    + folder
                    + "/part-*.parquet')"))
        .containsExactly("25000 | 0 | 24999 | 25000 | 308500.00");
    assertThat(
            query(
                "SELECT file_name, num_rows FROM parquet_file_metadata('"
                    + folder
                    + "/part-*.parquet') ORDER BY file_name"))
        .extracting(row -> row.substring(row.lastIndexOf('/') + 1))
        .containsExactly(
            "part-00000.parquet | 10000",
            "part-00001.parquet | 10000",
            "part-00002.parquet | 5000");
  }

  @Test
  void abortedAppendKeepsCheckpointedPartsOnly() throws Exception {
    StreamDescriptor stream =
        new StreamDescriptor(
            "events",
            null,
            List.of(
                new Column("id", DataType.INTEGER, false, null),
                new Column("amount", DataType.decimal(10, 2), true, null)),
            List.of());
    FilesDestination destination = destination("csv", 1_000_000);
    try (destination;
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_APPEND)) {
      writer.write(batch(stream, 0, 100));
      writer.checkpoint();
      writer.write(batch(stream, 100, 100));
      List<Object[]> bad = new ArrayList<>();
      bad.add(new Object[] {200L, SpecialValue.NAN});
      writer.write(new RecordBatch(stream.columns(), bad, 16));
      writer.abort();
    }

    assertThat(tree()).containsExactly("events/" + destination.syncId() + "/part-00000.csv");
    assertThat(
            Files.readAllLines(
                root.resolve("events").resolve(destination.syncId()).resolve("part-00000.csv")))
        .hasSize(101);
  }

  private static RecordBatch batch(StreamDescriptor stream, long firstId, int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(new Object[] {firstId + i, new BigDecimal("12.34")});
    }
    return new RecordBatch(stream.columns(), rows, count * 16L);
  }

  /** Copies one table from PostgreSQL; returns the sync's folder name. */
  private String copy(String table, String format, SyncMode mode) throws Exception {
    FilesDestination destination = destination(format, 1_000_000);
    try (Source source =
            ConnectorRegistry.builtIn()
                .factory("source-postgres")
                .createSource(postgres.sourceSettings(DB, List.of("public")));
        destination) {
      destination.check();
      List<StreamDescriptor> streams =
          source.discover().stream().filter(s -> s.name().equals(table)).toList();
      TestingSync.copy(source, streams, destination, mode);
    }
    return destination.syncId();
  }

  private FilesDestination destination(String format, int rowsPerFile) {
    Map<String, Object> config = new HashMap<>();
    config.put("path", root.toString());
    config.put("format", format);
    config.put("rowsPerFile", rowsPerFile);
    return (FilesDestination)
        ConnectorRegistry.builtIn()
            .factory(FilesDestinationFactory.TYPE)
            .createDestination(
                new ConnectorSettings(FilesDestinationFactory.TYPE, config, reference -> null));
  }

  private Path onlyPart(String stream, String extension) throws Exception {
    List<String> files = tree();
    assertThat(files).noneMatch(f -> f.contains("inprogress") || f.contains("staging"));
    String part =
        files.stream()
            .filter(f -> f.startsWith(stream + "/") && f.endsWith("part-00000." + extension))
            .findFirst()
            .orElseThrow();
    return root.resolve(part);
  }

  /** Every file under the root, relative, sorted; hidden ones included. */
  private List<String> tree() throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString())
          .sorted()
          .toList();
    }
  }

  private static List<String> visibleFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .sorted()
          .toList();
    }
  }
}
