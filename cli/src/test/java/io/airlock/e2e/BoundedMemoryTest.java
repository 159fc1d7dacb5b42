package io.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.testing.TestingPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A data plane limited to a 256 MB heap syncs a 2-million-row table of eight varied columns from
 * PostgreSQL to PostgreSQL: the sync engine streams with bounded memory. It runs with every build
 * (under a minute); the tag only lets it be picked out.
 */
@Tag("large")
class BoundedMemoryTest {
  private static final long ROWS = 2_000_000;
  private static final String TABLE = "patients_large";

  @TempDir static Path home;
  static TestingAirlock airlock;
  static TestingPostgres customer;

  @BeforeAll
  static void start() {
    customer = TestingPostgres.start();
    customer.createDatabase("source");
    customer.createDatabase("warehouse");
    customer.execute(
        "source",
        "CREATE TABLE "
            + TABLE
            + " (id bigint PRIMARY KEY, name text, ssn text, balance numeric(14,2),"
            + " admitted_at timestamptz, details jsonb, active boolean, score double precision);"
            + " INSERT INTO "
            + TABLE
            + " SELECT g, 'patient ' || g, lpad((g % 1000000000)::text, 9, '0'),"
            + " round((g * 37 % 1000000)::numeric / 7, 2),"
            + " timestamptz '2020-01-01 00:00:00+00' + g * interval '1.5 second',"
            + " jsonb_build_object('ward', g % 40, 'tags', jsonb_build_array('a', g % 3)),"
            + " g % 2 = 0, g / 3.0 FROM generate_series(1, "
            + ROWS
            + ") g;"
            + " ANALYZE "
            + TABLE);
    airlock = TestingAirlock.start(home);
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
  void twoMillionRowsSyncWithA256MegabyteHeap() throws SQLException, IOException {
    TestingAirlock.Region region =
        airlock.region(
            "bounded",
            Map.of("AIRLOCK_TEST_PG_PASSWORD", "postgres"),
            List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
    UUID sourceId =
        airlock.createSource(
            region.workspaceId(), "large", "source-postgres", customer.connectionConfig("source"));
    UUID destinationId =
        airlock.createDestination(
            region.workspaceId(),
            "warehouse",
            "destination-postgres",
            customer.connectionConfig("warehouse"));
    UUID connectionId =
        airlock.createConnection(
            region.workspaceId(), "large", sourceId, destinationId, List.of(), List.of());

    JsonNode job = airlock.runToSuccess(connectionId, region.dataPlane(), Duration.ofMinutes(20));

    assertThat(commandLine(region.dataPlane().pid()))
        .as("the data plane's command line")
        .contains("-Xmx256m", "io.airlock.dataplane.DataPlaneMain");
    assertThat(job.path("attempts")).hasSize(1);
    assertThat(job.path("attempts").get(0).path("dataPlaneId").asString())
        .isEqualTo(region.dataPlaneId().toString());
    assertThat(job.path("streams").get(0).path("records").asLong()).isEqualTo(ROWS);
    assertThat(summary("warehouse")).isEqualTo(summary("source"));
    assertThat(count("warehouse")).isEqualTo(ROWS);
  }

  private static List<String> commandLine(long pid) throws IOException {
    byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
    return List.of(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
  }

  /** Aggregates over every column, so that lost or altered rows show. */
  private static String summary(String database) throws SQLException {
    return query(
        database,
        "SELECT count(*), sum(id), sum(length(name)), count(DISTINCT ssn), sum(balance),"
            + " min(admitted_at)::text, max(admitted_at)::text,"
            + " sum(extract(epoch FROM admitted_at)), sum((details->>'ward')::int),"
            + " count(*) FILTER (WHERE active), sum(score::numeric),"
            + " sum(hashtext(details::text)::bigint) FROM public."
            + TABLE);
  }

  private static long count(String database) throws SQLException {
    return Long.parseLong(query(database, "SELECT count(*) FROM public." + TABLE));
  }

  private static String query(String database, String sql) throws SQLException {
    try (Connection connection = customer.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
        values.add(rows.getString(i));
      }
      return String.join("|", values);
    }
  }
}
