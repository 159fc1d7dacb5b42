package io.airlock.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MySQL editions of Sakila and Chinook, loaded into a real MariaDB with the {@code mariadb}
 * client and copied by {@code source-mysql} into PostgreSQL: every table and view, row for row.
 */
class MySqlDatasetsToPostgresTest {
  private static final String PG_DB = "mysql_datasets";

  private static TestingMariaDb mariadb;
  private static TestingPostgres postgres;

  @BeforeAll
  static void startServers() {
    mariadb = TestingMariaDb.shared();
    mariadb.runScriptOnce(TestingDatasets.resolve("sakila-mysql/sakila-mv-schema.sql"));
    mariadb.runScriptOnce(TestingDatasets.resolve("sakila-mysql/sakila-mv-data.sql"));
    mariadb.runScriptOnce(TestingDatasets.resolve("chinook/Chinook_MySql.sql"));
    postgres = TestingPostgres.start();
    postgres.createDatabase(PG_DB);
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everySakilaTableAndViewArrivesRowForRow() throws Exception {
    List<StreamDescriptor> streams = copy("sakila", "sakila");

    assertThat(streams)
        .extracting(StreamDescriptor::name)
        .contains(
            "actor",
            "address",
            "film",
            "film_text",
            "payment",
            "rental",
            "staff",
            "store",
            "customer_list",
            "sales_by_film_category",
            "actor_info");
    assertThat(streams)
        .filteredOn(s -> s.name().equals("film_actor"))
        .singleElement()
        .extracting(StreamDescriptor::primaryKey)
        .isEqualTo(List.of("actor_id", "film_id"));
    assertSameRows("sakila", "sakila", streams);
  }

  @Test
  void everyChinookTableArrivesRowForRow() throws Exception {
    List<StreamDescriptor> streams = copy("Chinook", "chinook");

    assertThat(streams).hasSize(11);
    assertSameRows("Chinook", "chinook", streams);
  }

  private static List<StreamDescriptor> copy(String database, String schema) throws Exception {
    try (Source source =
            ConnectorRegistry.builtIn()
                .factory("source-mysql")
                .createSource(mariadb.sourceSettings(database));
        Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-postgres")
                .createDestination(postgres.destinationSettings(PG_DB, schema))) {
      List<StreamDescriptor> streams = source.discover();
      Map<String, Long> copied =
          TestingSync.copy(source, streams, destination, SyncMode.FULL_REFRESH_OVERWRITE);
      assertThat(copied).hasSameSizeAs(streams);
      return streams;
    }
  }

  private static void assertSameRows(String database, String schema, List<StreamDescriptor> streams)
      throws Exception {
    try (Connection mysql = mariadb.connectForComparison(database);
        Connection pg = postgres.connect(PG_DB)) {
      for (StreamDescriptor stream : streams) {
        List<String> expected = TextRows.mysql(mysql, database, stream.name());
        List<String> actual = TextRows.postgres(pg, schema, stream.name());

        assertThat(actual).as(stream.name()).hasSameSizeAs(expected);
        assertThat(actual).as(stream.name()).containsExactlyElementsOf(expected);
      }
    }
  }
}
