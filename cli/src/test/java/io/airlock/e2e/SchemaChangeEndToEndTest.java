package io.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.testing.TestingPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Discovery and schema change detection through both planes (a data-plane process, mutual TLS) with
 * a real PostgreSQL source and destination: a discovery stores the catalog; a column added to the
 * source then fails and pauses a connection set to PAUSE, and is added to the destination of a
 * connection set to PROPAGATE, whose successful sync stores the new catalog.
 */
class SchemaChangeEndToEndTest {
  private static final String DB = "shop";
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir static Path home;
  static TestingAirlock airlock;
  static TestingPostgres postgres;
  static TestingAirlock.Region region;
  static UUID sourceId;

  @BeforeAll
  static void start() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    postgres.execute(
        DB,
        "CREATE SCHEMA app; CREATE TABLE app.items (id integer PRIMARY KEY, name varchar(10));"
            + " INSERT INTO app.items VALUES (1, 'bolt'), (2, 'nut')");
    airlock = TestingAirlock.start(home);
    region = airlock.region("schema", Map.of("AIRLOCK_TEST_PG_PASSWORD", "postgres"), List.of());
    Map<String, Object> source = postgres.connectionConfig(DB);
    source.put("schemas", List.of("app"));
    sourceId = airlock.createSource(region.workspaceId(), "shop", "source-postgres", source);
  }

  @AfterAll
  static void stop() {
    if (airlock != null) {
      airlock.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aNewColumnPausesOnePolicyAndPropagatesThroughTheOther() throws SQLException {
    JsonNode discovery =
        airlock.admin("POST", "/api/v1/sources/" + sourceId + "/discover", null, 201);
    JsonNode discovered = airlock.awaitJobEnd(id(discovery), region.dataPlane(), PATIENCE);
    assertThat(discovered.path("status").asString())
        .as("discovery; attempts %s", discovered.path("attempts"))
        .isEqualTo("SUCCEEDED");
    assertThat(columns(catalogStream())).containsExactly("id", "name");
    UUID paused = connection("items-pause", "dw_pause", "PAUSE");
    UUID propagated = connection("items-propagate", "dw_prop", "PROPAGATE");
    airlock.runToSuccess(paused, region.dataPlane(), PATIENCE);
    airlock.runToSuccess(propagated, region.dataPlane(), PATIENCE);

    postgres.execute(
        DB,
        "ALTER TABLE app.items ADD COLUMN colour text; INSERT INTO app.items VALUES (3,"
            + " 'washer', 'red')");
    JsonNode failed = airlock.awaitJobEnd(airlock.runJob(paused), region.dataPlane(), PATIENCE);
    JsonNode applied = airlock.runToSuccess(propagated, region.dataPlane(), PATIENCE);
    JsonNode accepted = airlock.runToSuccess(paused, region.dataPlane(), PATIENCE);

    assertThat(failed.path("status").asString()).isEqualTo("FAILED");
    assertThat(failed.path("attempts").get(0).path("error").path("message").asString())
        .contains("app.items.colour: COLUMN_ADDED TEXT")
        .contains("schemaChanges is PAUSE");
    assertThat(failed.path("schemaChanges").get(0).path("column").asString()).isEqualTo("colour");
    assertThat(connectionStatus(paused)).isEqualTo("PAUSED");
    assertThat(applied.path("schemaChanges").get(0).path("change").asString())
        .isEqualTo("COLUMN_ADDED");
    assertThat(applied.path("schemaChanges").get(0).path("additive").asBoolean()).isTrue();
    assertThat(query("SELECT colour FROM dw_prop.items WHERE id = 3")).containsExactly("red");
    assertThat(columns(catalogStream())).containsExactly("id", "name", "colour");
    assertThat(accepted.path("schemaChanges").size())
        .as("the catalog the propagating sync stored is the source's")
        .isZero();
    assertThat(query("SELECT colour FROM dw_pause.items WHERE id = 3")).containsExactly("red");
    airlock.admin("PATCH", "/api/v1/connections/" + paused, Map.of("status", "ACTIVE"), 200);
    assertThat(connectionStatus(paused))
        .as("resumed once the change is accepted")
        .isEqualTo("ACTIVE");
  }

  private static UUID connection(String name, String schema, String policy) {
    Map<String, Object> destination = postgres.connectionConfig(DB);
    destination.put("schema", schema);
    UUID destinationId =
        airlock.createDestination(region.workspaceId(), name, "destination-postgres", destination);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", region.workspaceId());
    body.put("name", name);
    body.put("sourceId", sourceId);
    body.put("destinationId", destinationId);
    body.put(
        "streams",
        List.of(
            Map.of(
                "name", "app.items", "syncMode", "INCREMENTAL_APPEND_DEDUP", "cursorField", "id")));
    body.put("schemaChanges", policy);
    return id(airlock.admin("POST", "/api/v1/connections", body, 201));
  }

  private static JsonNode catalogStream() {
    JsonNode catalog = airlock.admin("GET", "/api/v1/sources/" + sourceId + "/catalog", null, 200);
    for (JsonNode stream : catalog.path("streams")) {
      if (stream.path("name").asString().equals("items")) {
        return stream;
      }
    }
    throw new AssertionError("No stream items in the catalog: " + catalog);
  }

  private static List<String> columns(JsonNode stream) {
    List<String> names = new ArrayList<>();
    stream.path("columns").forEach(c -> names.add(c.path("name").asString()));
    return names;
  }

  private static String connectionStatus(UUID connectionId) {
    return airlock
        .admin("GET", "/api/v1/connections/" + connectionId, null, 200)
        .path("status")
        .asString();
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  private static UUID id(JsonNode node) {
    return UUID.fromString(node.path("id").asString());
  }
}
