package io.airlock.connectors.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingRows;
import io.airlock.connectors.testing.TestingSakila;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chinook and Sakila, copied from a real PostgreSQL by the PostgreSQL source into a DuckDB file by
 * the DuckDB destination, and compared row for row: every table, rows in primary-key order, every
 * value read back through both JDBC drivers into one canonical form ({@link TestingRows}).
 */
class DuckDbDatasetsTest {
  private static TestingPostgres postgres;

  @TempDir Path folder;

  @BeforeAll
  static void loadDatasets() throws Exception {
    postgres = TestingPostgres.start();
    postgres.createDatabase("chinook");
    String script =
        Files.readString(
            TestingDatasets.resolve("chinook/Chinook_PostgreSql.sql"), StandardCharsets.UTF_8);
    String marker = "\\c chinook;";
    postgres.execute("chinook", script.substring(script.indexOf(marker) + marker.length()));
    postgres.createDatabase("sakila");
    TestingSakila.load(postgres, "sakila");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void everyChinookTableArrivesRowForRow() throws Exception {
    List<StreamDescriptor> streams = copyIntoDuckDb("chinook", folder.resolve("chinook.duckdb"));

    assertThat(streams).hasSize(11);
    assertSameRows("chinook", streams, folder.resolve("chinook.duckdb"));
  }

  @Test
  void everySakilaTableArrivesRowForRow() throws Exception {
    List<StreamDescriptor> streams = copyIntoDuckDb("sakila", folder.resolve("sakila.duckdb"));

    assertThat(streams)
        .extracting(StreamDescriptor::name)
        .contains("actor", "film", "payment", "rental", "staff", "customer", "inventory");
    assertSameRows("sakila", streams, folder.resolve("sakila.duckdb"));
    try (Connection duck = duckDb(folder.resolve("sakila.duckdb"))) {
      assertThat(TestingRows.read(duck, "SELECT typeof(rating), typeof(release_year) FROM film"))
          .first()
          .isEqualTo("VARCHAR | INTEGER");
      assertThat(TestingRows.read(duck, "SELECT typeof(special_features) FROM film"))
          .first()
          .isEqualTo("VARCHAR[]");
    }
  }

  private static List<StreamDescriptor> copyIntoDuckDb(String database, Path file)
      throws Exception {
    ConnectorRegistry registry = ConnectorRegistry.builtIn();
    try (Source source =
            registry
                .factory("source-postgres")
                .createSource(postgres.sourceSettings(database, List.of("public")));
        Destination destination =
            registry
                .factory("destination-duckdb")
                .createDestination(
                    new ConnectorSettings(
                        "destination-duckdb", Map.of("path", file.toString()), r -> null))) {
      destination.check();
      List<StreamDescriptor> streams = source.discover();
      TestingSync.copy(source, streams, destination, SyncMode.FULL_REFRESH_OVERWRITE);
      return streams;
    }
  }

  private static void assertSameRows(String database, List<StreamDescriptor> streams, Path file)
      throws Exception {
    try (Connection pg = postgres.connect(database);
        Connection duck = duckDb(file)) {
      for (StreamDescriptor stream : streams) {
        String columns =
            stream.columns().stream()
                .map(c -> '"' + c.name() + '"')
                .collect(Collectors.joining(", "));
        String order =
            stream.primaryKey().isEmpty()
                ? ""
                : " ORDER BY "
                    + stream.primaryKey().stream()
                        .map(k -> '"' + k + '"')
                        .collect(Collectors.joining(", "));
        List<String> expected =
            sorted(
                TestingRows.read(
                    pg, "SELECT " + columns + " FROM public.\"" + stream.name() + "\"" + order),
                stream);
        List<String> actual =
            sorted(
                TestingRows.read(
                    duck, "SELECT " + columns + " FROM main.\"" + stream.name() + "\"" + order),
                stream);

        if (!stream.name().startsWith("payment_p")) {
          // Sakila's monthly payment partitions of 2007 are empty in this dataset.
          assertThat(expected).as(stream.name() + " has rows").isNotEmpty();
        }
        assertThat(actual).as(stream.name() + " row for row").containsExactlyElementsOf(expected);
      }
    }
  }

  /** Rows of a table without a primary key in one order on both sides. */
  private static List<String> sorted(List<String> rows, StreamDescriptor stream) {
    if (!stream.primaryKey().isEmpty()) {
      return rows;
    }
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }

  static Connection duckDb(Path file) throws Exception {
    return DriverManager.getConnection("jdbc:duckdb:" + file);
  }
}
