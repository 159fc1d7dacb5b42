package io.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every Synthea CSV file synced by a data plane running as its own process, enrolled with the
 * control plane over mutual TLS, into PostgreSQL with SSN, DRIVERS and PASSPORT hashed. The
 * destination is checked value by value against the files read by the tests' own CSV reader.
 */
class SyntheaEndToEndTest {
  private static final Path SYNTHEA = TestingDatasets.resolve("synthea");
  private static final String KEY_VARIABLE = "AIRLOCK_E2E_HASH_KEY";
  private static final String HASH_KEY = "synthea-test-key-" + UUID.randomUUID();
  private static final List<String> HASHED = List.of("SSN", "DRIVERS", "PASSPORT");
  private static final String SCHEMA = "synthea";
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  @TempDir static Path home;
  static TestingAirlock airlock;
  static TestingPostgres customer;
  static TestingAirlock.Region region;
  static UUID destinationId;
  static JsonNode job;

  @BeforeAll
  static void syncSynthea() {
    customer = TestingPostgres.start();
    customer.createDatabase("warehouse");
    airlock = TestingAirlock.start(home);
    region =
        airlock.region(
            "synthea",
            Map.of(KEY_VARIABLE, HASH_KEY, "AIRLOCK_TEST_PG_PASSWORD", "postgres"),
            List.of());
    UUID sourceId =
        airlock.createSource(
            region.workspaceId(), "synthea-csv", "source-csv", Map.of("path", SYNTHEA.toString()));
    Map<String, Object> warehouse = customer.connectionConfig("warehouse");
    warehouse.put("schema", SCHEMA);
    destinationId =
        airlock.createDestination(
            region.workspaceId(), "warehouse", "destination-postgres", warehouse);
    UUID connectionId =
        airlock.createConnection(
            region.workspaceId(),
            "synthea-to-warehouse",
            sourceId,
            destinationId,
            List.of(),
            List.of(TestingAirlock.hashMapper("patients", HASHED, "env://" + KEY_VARIABLE)));

    job = airlock.runToSuccess(connectionId, region.dataPlane(), PATIENCE);
  }

  @AfterAll
  static void stop() {
    if (airlock != null) {
      airlock.close();
    }
    if (customer != null) {
      customer.close();
    }
  }

  @Test
  void everyTableHasAsManyRowsAsItsFile() throws Exception {
    List<Path> files = csvFiles();
    Map<String, Long> reported = new HashMap<>();
    job.path("streams")
        .forEach(s -> reported.put(s.path("stream").asString(), s.path("records").asLong()));

    assertThat(files).hasSize(15);
    assertThat(reported).hasSameSizeAs(files);
    try (Connection connection = customer.connect("warehouse")) {
      for (Path file : files) {
        String table = tableOf(file);
        long expected = CsvRecords.read(file).size() - 1L;

        assertThat(expected).as(table + " records in the file").isPositive();
        assertThat(count(connection, table)).as(table + " rows").isEqualTo(expected);
        assertThat(reported.get(table)).as(table + " records reported").isEqualTo(expected);
      }
    }
  }

  @Test
  void everyValueEqualsTheSourceAndHashedColumnsHoldTheHmac() throws Exception {
    try (Connection connection = customer.connect("warehouse")) {
      for (Path file : csvFiles()) {
        String table = tableOf(file);
        List<List<String>> records = CsvRecords.read(file);
        Map<String, String> types = columnTypes(connection, table);

        assertThat(types.keySet()).as(table + " columns").containsExactlyElementsOf(records.get(0));
        List<String> expected = expectedRows(table, records, types);
        List<String> actual = destinationRows(connection, table, types);
        assertSameRows(table, expected, actual);
      }
    }
  }

  @Test
  void blankZipsAndDeathDatesAreNullAndLeadingZeroZipsAreKept() throws Exception {
    List<List<String>> records = CsvRecords.read(SYNTHEA.resolve("patients.csv"));
    List<String> header = records.get(0);
    Map<String, List<String>> byId = new HashMap<>();
    records.stream().skip(1).forEach(r -> byId.put(r.get(header.indexOf("Id")), r));
    int checked = 0;
    int blankZips = 0;
    int leadingZeroZips = 0;
    int blankDeathDates = 0;
    try (Connection connection = customer.connect("warehouse");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT \"Id\", \"ZIP\", \"DEATHDATE\"::text, \"SSN\" FROM synthea.patients")) {
      while (rows.next()) {
        List<String> source = byId.get(rows.getString(1));
        String zip = source.get(header.indexOf("ZIP"));
        String deathDate = source.get(header.indexOf("DEATHDATE"));
        String ssn = source.get(header.indexOf("SSN"));
        blankZips += zip.isEmpty() ? 1 : 0;
        leadingZeroZips += zip.startsWith("0") ? 1 : 0;
        blankDeathDates += deathDate.isEmpty() ? 1 : 0;

        assertThat(rows.getString(2)).as("ZIP of a patient").isEqualTo(blankToNull(zip));
        assertThat(rows.getString(3)).as("DEATHDATE").isEqualTo(blankToNull(deathDate));
        assertThat(rows.getString(4))
            .as("hashed SSN")
            .isEqualTo(ReferenceHmac.hex(HASH_KEY, ssn))
            .isNotEqualTo(ssn);
        checked++;
      }
    }

    assertThat(checked).isEqualTo(records.size() - 1);
    assertThat(blankZips).as("patients without ZIP in the file").isPositive();
    assertThat(leadingZeroZips).as("patients with a leading-zero ZIP").isPositive();
    assertThat(blankDeathDates).as("living patients").isPositive();
  }

  @Test
  void malformedRowFailsTheJobNamingFileAndLine(@TempDir Path folder) throws Exception {
    Files.writeString(
        folder.resolve("broken.csv"), "id,name\n1,first\n2,second,surplus\n3,third\n");
    UUID sourceId =
        airlock.createSource(
            region.workspaceId(), "broken-csv", "source-csv", Map.of("path", folder.toString()));
    UUID connectionId =
        airlock.createConnection(
            region.workspaceId(), "broken", sourceId, destinationId, List.of(), List.of());

    JsonNode failed =
        airlock.awaitJobEnd(airlock.runJob(connectionId), region.dataPlane(), PATIENCE);

    assertThat(failed.path("status").asString()).isEqualTo("FAILED");
    assertThat(failed.path("attempts")).isNotEmpty();
    for (JsonNode attempt : failed.path("attempts")) {
      assertThat(attempt.path("status").asString()).isEqualTo("FAILED");
      assertThat(attempt.path("error").path("message").asString())
          .contains("broken.csv")
          .containsPattern("line 3\\b");
    }
  }

  private static List<String> expectedRows(
      String table, List<List<String>> records, Map<String, String> types) {
    List<String> header = records.get(0);
    List<String> rows = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      assertThat(record).as(table + " record width").hasSameSizeAs(header);
      List<String> values = new ArrayList<>();
      for (int i = 0; i < header.size(); i++) {
        String column = header.get(i);
        String text = blankToNull(record.get(i));
        values.add(
            text == null
                ? null
                : isHashed(table, column)
                    ? ReferenceHmac.hex(HASH_KEY, text)
                    : normalize(types.get(column), text));
      }
      rows.add(String.valueOf(values));
    }
    return rows;
  }

  private static List<String> destinationRows(
      Connection connection, String table, Map<String, String> types) throws SQLException {
    List<String> columns = new ArrayList<>(types.keySet());
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT * FROM " + SCHEMA + ".\"" + table + "\"")) {
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
          values.add(value(result, i + 1, types.get(columns.get(i))));
        }
        rows.add(String.valueOf(values));
      }
    }
    return rows;
  }

  /** A destination value as the same normalized text as {@link #normalize}. */
  private static String value(ResultSet result, int index, String type) throws SQLException {
    Object value =
        switch (type) {
          case "timestamp with time zone" ->
              result.getObject(index, OffsetDateTime.class) == null
                  ? null
                  : result.getObject(index, OffsetDateTime.class).toInstant();
          case "timestamp without time zone" -> result.getObject(index, LocalDateTime.class);
          case "date" -> result.getObject(index, LocalDate.class);
          case "numeric" ->
              result.getBigDecimal(index) == null
                  ? null
                  : result.getBigDecimal(index).stripTrailingZeros().toPlainString();
          default -> result.getString(index);
        };
    return value == null ? null : value.toString();
  }

  /** A source text as the value of the destination column's type would print. */
  private static String normalize(String type, String text) {
    return switch (type) {
      case "timestamp with time zone" -> OffsetDateTime.parse(text).toInstant().toString();
      case "timestamp without time zone" -> LocalDateTime.parse(text).toString();
      case "date" -> LocalDate.parse(text).toString();
      case "numeric" -> new BigDecimal(text).stripTrailingZeros().toPlainString();
      case "bigint", "integer" -> new BigInteger(text).toString();
      case "boolean" -> Boolean.parseBoolean(text) ? "t" : "f";
      case "text" -> text;
      default -> throw new IllegalStateException("Unexpected column type " + type);
    };
  }

  /** Compares as multisets, naming the table and the first differing row of each side. */
  private static void assertSameRows(String table, List<String> expected, List<String> actual) {
    Map<String, Integer> balance = new HashMap<>();
    expected.forEach(row -> balance.merge(row, 1, Integer::sum));
    actual.forEach(row -> balance.merge(row, -1, Integer::sum));
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    balance.forEach((row, n) -> (n > 0 ? missing : unexpected).add(row));
    unexpected.removeIf(row -> balance.get(row) == 0);

    assertThat(actual).as(table + " row count").hasSameSizeAs(expected);
    assertThat(missing)
        .as(
            table + " rows of the file missing from the destination, for example %s",
            first(missing))
        .isEmpty();
    assertThat(unexpected)
        .as(table + " destination rows not in the file, for example %s", first(unexpected))
        .isEmpty();
  }

  private static String first(List<String> rows) {
    return rows.isEmpty() ? "none" : rows.get(0);
  }

  private static Map<String, String> columnTypes(Connection connection, String table)
      throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    try (var statement =
        connection.prepareStatement(
            "SELECT column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      statement.setString(1, SCHEMA);
      statement.setString(2, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          types.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return types;
  }

  private static boolean isHashed(String table, String column) {
    return table.equals("patients") && HASHED.contains(column);
  }

  private static String blankToNull(String text) {
    return text.isEmpty() ? null : text;
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM " + SCHEMA + ".\"" + table + "\"")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static List<Path> csvFiles() throws IOException {
    try (Stream<Path> files = Files.list(SYNTHEA)) {
      return files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
    }
  }

  private static String tableOf(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".csv".length());
  }
}
