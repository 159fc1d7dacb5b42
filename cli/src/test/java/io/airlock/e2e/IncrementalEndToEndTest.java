package io.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.testing.TestingPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Incremental sync with dedup through both planes: the connection's cursor field reaches the data
 * plane, the state saved by the first job is where the second starts (inclusive), and the
 * destination ends with one row per key, equal to the source.
 */
class IncrementalEndToEndTest {
  private static final String DB = "shop";

  @TempDir static Path home;
  static TestingAirlock airlock;
  static TestingPostgres customer;

  @BeforeAll
  static void start() {
    customer = TestingPostgres.start();
    customer.createDatabase(DB);
    customer.execute(
        DB,
        "CREATE TABLE public.orders (id bigint PRIMARY KEY, note text, updated_at timestamp(6));"
            + " INSERT INTO public.orders VALUES (1, 'a', '2024-03-01 00:00:00'),"
            + " (2, 'b', '2024-03-01 00:00:00.000001')");
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
  void theSecondSyncStartsWhereTheFirstCommittedAndKeepsOneRowPerKey() throws Exception {
    TestingAirlock.Region region =
        airlock.region("incr", Map.of("AIRLOCK_TEST_PG_PASSWORD", "postgres"), List.of());
    Map<String, Object> source = customer.connectionConfig(DB);
    source.put("schemas", List.of("public"));
    Map<String, Object> destination = customer.connectionConfig(DB);
    destination.put("schema", "dw");
    UUID connectionId =
        airlock.createConnection(
            region.workspaceId(),
            "orders",
            airlock.createSource(region.workspaceId(), "shop", "source-postgres", source),
            airlock.createDestination(
                region.workspaceId(), "dw", "destination-postgres", destination),
            List.of(
                Map.of(
                    "name",
                    "public.orders",
                    "syncMode",
                    "INCREMENTAL_APPEND_DEDUP",
                    "cursorField",
                    "updated_at")),
            List.of());

    JsonNode first = airlock.runToSuccess(connectionId, region.dataPlane(), Duration.ofMinutes(3));
    customer.execute(
        DB,
        "INSERT INTO public.orders VALUES (3, 'c', '2024-03-01 00:00:00.000001');"
            + " UPDATE public.orders SET note = 'b2', updated_at = '2024-03-02' WHERE id = 2");
    JsonNode second = airlock.runToSuccess(connectionId, region.dataPlane(), Duration.ofMinutes(3));

    assertThat(records(first)).isEqualTo(2);
    assertThat(records(second)).as("rows 2 and 3, at or after the saved cursor").isEqualTo(2);
    assertThat(rows("dw.orders")).containsExactlyElementsOf(rows("public.orders"));
  }

  private static long records(JsonNode job) {
    return job.path("streams").get(0).path("records").asLong();
  }

  private static List<String> rows(String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = customer.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT id, note, updated_at FROM " + table + " ORDER BY id")) {
      while (result.next()) {
        rows.add(result.getLong(1) + "|" + result.getString(2) + "|" + result.getString(3));
      }
    }
    return rows;
  }
}
