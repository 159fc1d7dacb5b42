package io.airlock.connectors.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Synthea CSV files read by the CSV source, checked against a small independent reader in this
 * test, and loaded into PostgreSQL.
 */
class SyntheaCsvTest {
  private static final Path SYNTHEA = TestingDatasets.resolve("synthea");
  private static TestingPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase("warehouse");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void everySyntheaFileIsReadWithAllItsRecords() throws Exception {
    List<StreamDescriptor> streams;
    Map<String, Long> rows = new HashMap<>();
    try (Source source = source()) {
      streams = source.discover();
      for (StreamDescriptor stream : streams) {
        long[] count = {0};
        source.read(stream, batch -> count[0] += batch.size());
        rows.put(stream.name(), count[0]);
      }
    }

    assertThat(streams).hasSize(15);
    for (StreamDescriptor stream : streams) {
      List<List<String>> records = independentRecords(stream.name());
      assertThat(rows.get(stream.name()))
          .as(stream.name() + " rows")
          .isEqualTo(records.size() - 1L);
      assertThat(stream.columns())
          .extracting(Column::name)
          .as(stream.name() + " header")
          .isEqualTo(records.get(0));
    }
  }

  @Test
  void leadingZeroZipsStayTextAndBlankValuesBecomeNull() throws Exception {
    StreamDescriptor patients;
    List<Object[]> rows = new ArrayList<>();
    try (Source source = source()) {
      patients =
          source.discover().stream()
              .filter(s -> s.name().equals("patients"))
              .findFirst()
              .orElseThrow();
      source.read(patients, batch -> rows.addAll(batch.rows()));
    }
    List<List<String>> records = independentRecords("patients");
    int zip = records.get(0).indexOf("ZIP");
    int deathDate = records.get(0).indexOf("DEATHDATE");

    assertThat(patients.column("ZIP").map(Column::type)).contains(DataType.TEXT);
    assertThat(patients.column("DEATHDATE").map(Column::type)).contains(DataType.DATE);
    assertThat(patients.column("BIRTHDATE").map(Column::type)).contains(DataType.DATE);
    assertThat(rows).hasSize(records.size() - 1);
    long leadingZeroZips = 0;
    for (int i = 0; i < rows.size(); i++) {
      List<String> record = records.get(i + 1);
      String expectedZip = record.get(zip).isEmpty() ? null : record.get(zip);
      leadingZeroZips += expectedZip != null && expectedZip.startsWith("0") ? 1 : 0;

      assertThat(rows.get(i)[zip]).as("ZIP of row " + (i + 1)).isEqualTo(expectedZip);
      assertThat(rows.get(i)[deathDate] == null).isEqualTo(record.get(deathDate).isEmpty());
    }
    assertThat(leadingZeroZips).isPositive();
    assertThat(rows).anyMatch(row -> row[zip] == null);
    assertThat(rows).anyMatch(row -> row[deathDate] == null);
  }

  @Test
  void syntheaLoadsIntoPostgresWithExactZipsAndCounts() throws Exception {
    Map<String, Long> copied;
    try (Source source = source();
        Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-postgres")
                .createDestination(postgres.destinationSettings("warehouse", "synthea"))) {
      copied = TestingSync.copyAll(source, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }

    List<List<String>> patients = independentRecords("patients");
    int zip = patients.get(0).indexOf("ZIP");
    List<String> expectedZips = new ArrayList<>();
    patients.stream()
        .skip(1)
        .forEach(r -> expectedZips.add(r.get(zip).isEmpty() ? null : r.get(zip)));
    try (Connection connection = postgres.connect("warehouse")) {
      for (Map.Entry<String, Long> stream : copied.entrySet()) {
        assertThat(count(connection, "SELECT count(*) FROM synthea." + stream.getKey()))
            .as(stream.getKey())
            .isEqualTo(independentRecords(stream.getKey()).size() - 1L);
      }
      assertThat(strings(connection, "SELECT \"ZIP\" FROM synthea.patients"))
          .containsExactlyInAnyOrderElementsOf(expectedZips);
    }
  }

  private static Source source() {
    return ConnectorRegistry.builtIn()
        .factory("source-csv")
        .createSource(
            new ConnectorSettings("source-csv", Map.of("path", SYNTHEA.toString()), ref -> null));
  }

  /**
   * Records of a file split by a minimal RFC 4180 reader written for this test (not Commons CSV):
   * quotes toggle, doubled quotes are a quote, line breaks outside quotes end a record.
   */
  private static List<List<String>> independentRecords(String stream) throws Exception {
    String text = Files.readString(SYNTHEA.resolve(stream + ".csv"), StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        endRecord(records, fields, field);
        fields = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    endRecord(records, fields, field);
    return records;
  }

  private static void endRecord(
      List<List<String>> records, List<String> fields, StringBuilder field) {
    if (fields.isEmpty() && field.isEmpty()) {
      return;
    }
    fields.add(field.toString());
    field.setLength(0);
    records.add(fields);
  }

  private static long count(Connection connection, String sql) throws Exception {
    return Long.parseLong(strings(connection, sql).get(0));
  }

  private static List<String> strings(Connection connection, String sql) throws Exception {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
