package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Chinook sample database copied table by table by the PostgreSQL connectors. */
class ChinookRoundTripTest {
  private static final String DB = "chinook";
  private static TestingPostgres postgres;

  @BeforeAll
  static void loadChinook() throws Exception {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    String script =
        Files.readString(
            TestingDatasets.resolve("chinook/Chinook_PostgreSql.sql"), StandardCharsets.UTF_8);
    // The script creates and connects to its own database first; we created it already.
    String marker = "\\c chinook;";
    postgres.execute(DB, script.substring(script.indexOf(marker) + marker.length()));
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void everyChinookTableIsIdenticalAfterCopy() throws Exception {
    List<StreamDescriptor> streams;
    Map<String, Long> copied;
    try (Source source =
            ConnectorRegistry.builtIn()
                .factory("source-postgres")
                .createSource(postgres.sourceSettings(DB, List.of("public")));
        Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-postgres")
                .createDestination(postgres.destinationSettings(DB, "copy"))) {
      streams = source.discover();
      copied = TestingSync.copy(source, streams, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }

    assertThat(streams)
        .extracting(StreamDescriptor::name)
        .containsExactlyInAnyOrder(
            "album",
            "artist",
            "customer",
            "employee",
            "genre",
            "invoice",
            "invoice_line",
            "media_type",
            "playlist",
            "playlist_track",
            "track");
    assertThat(streams)
        .filteredOn(s -> s.name().equals("playlist_track"))
        .singleElement()
        .extracting(StreamDescriptor::primaryKey)
        .isEqualTo(List.of("playlist_id", "track_id"));
    try (Connection connection = postgres.connect(DB)) {
      for (StreamDescriptor stream : streams) {
        String table = stream.name();
        long rows = count(connection, "SELECT count(*) FROM public." + table);

        assertThat(rows).as(table + " has rows").isPositive();
        assertThat(copied.get(table)).as(table + " rows copied").isEqualTo(rows);
        assertThat(count(connection, "SELECT count(*) FROM copy." + table)).isEqualTo(rows);
        assertThat(count(connection, exceptAll("public", "copy", table)))
            .as(table + " rows missing from the copy")
            .isZero();
        assertThat(count(connection, exceptAll("copy", "public", table)))
            .as(table + " rows only in the copy")
            .isZero();
      }
    }
  }

  private static String exceptAll(String left, String right, String table) {
    return "SELECT count(*) FROM (SELECT * FROM "
        + left
        + "."
        + table
        + " EXCEPT ALL SELECT * FROM "
        + right
        + "."
        + table
        + ") difference";
  }

  private static long count(Connection connection, String sql) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
