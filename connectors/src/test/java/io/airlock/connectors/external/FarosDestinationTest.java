package io.airlock.connectors.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.postgres.PostgresSourceFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.protocol.job.SyncMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code destination-external} connector running the third-party npm package {@code
 * airbyte-faros-destination} in its offline dry-run mode, fed by the PostgreSQL source.
 */
class FarosDestinationTest {
  private static final String VALUE = "Quokka-Marker-9931";
  private static TestingPostgres postgres;
  private static String entry;

  @BeforeAll
  static void setUp() throws Exception {
    entry = TestingFarosDestination.entry().toString();
    postgres = TestingPostgres.start();
    postgres.createDatabase("faros");
    postgres.execute(
        "faros",
        "CREATE TABLE mytest__custom__items (id integer PRIMARY KEY, name text, amount"
            + " numeric(20,4), seen_at timestamptz);"
            + " INSERT INTO mytest__custom__items SELECT g, '"
            + VALUE
            + "' || g, g * 1.5, '2024-01-01T00:00:00Z'::timestamptz + g * interval '1 minute'"
            + " FROM generate_series(1, 1200) g");
  }

  @AfterAll
  static void tearDown() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void specIsTheDestinationsOwn() {
    JsonNode spec = ExternalRuns.spec(command());

    assertThat(spec.path("connectionSpecification").path("title").asString())
        .isEqualTo("Faros Destination Spec");
    assertThat(spec.path("supported_destination_sync_modes").toString()).contains("append");
  }

  @Test
  void checkSucceedsOffline() {
    new ExternalDestinationFactory().createDestination(settings()).check();
  }

  @Test
  void dryRunWriteReportsEveryRecordReadAndAcknowledgesTheState() throws Exception {
    Source source =
        new PostgresSourceFactory()
            .createSource(postgres.sourceSettings("faros", List.of("public")));
    StreamDescriptor items = source.discover().get(0);

    try (TestingExternal.LogCapture logs = new TestingExternal.LogCapture();
        Destination destination = new ExternalDestinationFactory().createDestination(settings());
        StreamWriter writer = destination.open(items, SyncMode.FULL_REFRESH_APPEND)) {
      TestingExternal.sync(source, StreamRead.fullRefresh(items), writer);

      assertThat(logs.messages())
          .contains(
              "destination-external write [INFO]: Read … records",
              "destination-external write [INFO]: Errored … records",
              "Wrote stream mytest__custom__items through destination-external: 1 checkpoints"
                  + " acknowledged");
      assertThat(logs.all()).doesNotContain(VALUE).doesNotContain("hasura");
    }
  }

  @Test
  void eachCheckpointEndsAWriteRunThatEchoesItsStateAndTheNextBatchStartsAnother()
      throws Exception {
    Source source =
        new PostgresSourceFactory()
            .createSource(postgres.sourceSettings("faros", List.of("public")));
    StreamDescriptor items = source.discover().get(0);

    try (TestingExternal.LogCapture logs = new TestingExternal.LogCapture();
        Destination destination = new ExternalDestinationFactory().createDestination(settings());
        StreamWriter writer = destination.open(items, SyncMode.INCREMENTAL_APPEND, "id")) {
      source.read(
          StreamRead.fullRefresh(items),
          batch -> {
            writer.write(batch);
            writer.checkpoint();
          });
      writer.finish();

      assertThat(logs.messages())
          .as("one write run per checkpointed batch of 500: 500, 500, 200")
          .filteredOn(m -> m.equals("destination-external write [INFO]: Read … records"))
          .hasSize(3);
      assertThat(logs.messages())
          .contains(
              "Wrote stream mytest__custom__items through destination-external: 3 checkpoints"
                  + " acknowledged");
    }
  }

  private static ExternalCommand command() {
    return new ExternalCommand(settings());
  }

  private static ConnectorSettings settings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("command", TestingFarosDestination.NODE.toString());
    settings.put("args", List.of(entry));
    settings.put("writeArgs", List.of("--dry-run"));
    settings.put(
        "config",
        Map.of(
            "edition_configs",
            Map.of("edition", "community", "hasura_url", "http://127.0.0.1:9"),
            "dry_run",
            true));
    return new ConnectorSettings("destination-external", settings, TestingExternal.noSecrets());
  }
}
