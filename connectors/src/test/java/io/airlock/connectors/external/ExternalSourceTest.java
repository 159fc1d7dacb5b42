package io.airlock.connectors.external;

import static io.airlock.connectors.external.TestingProtocolSource.SECRET_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.postgres.PostgresDestinationFactory;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.protocol.job.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code source-external} connector against a protocol source run as its own process. */
class ExternalSourceTest {
  private static TestingPostgres postgres;

  @TempDir Path temp;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase("external");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void discoverMapsJsonSchemaTypesKeysAndCursor() {
    ExternalSource source = source(Map.of());

    StreamDescriptor items = source.discover().get(0);

    assertThat(items.name()).isEqualTo("items");
    assertThat(items.primaryKey()).containsExactly("id");
    assertThat(source.catalog().get("items").cursorCandidates()).containsExactly("cursor");
    assertThat(types(items))
        .containsExactly(
            Map.entry("id", DataType.INTEGER),
            Map.entry("cursor", DataType.INTEGER),
            Map.entry("amount", DataType.DECIMAL),
            Map.entry("big", DataType.DECIMAL),
            Map.entry("name", DataType.TEXT),
            Map.entry("seen_at", DataType.TIMESTAMPTZ),
            Map.entry("local_at", DataType.TIMESTAMP),
            Map.entry("day", DataType.DATE),
            Map.entry("tags", DataType.JSON),
            Map.entry("meta", DataType.JSON),
            Map.entry("flag", DataType.BOOLEAN),
            Map.entry("counted", DataType.INTEGER),
            Map.entry("clock", DataType.TIME),
            Map.entry("clock_tz", DataType.TEXT),
            Map.entry("ref", DataType.UUID),
            Map.entry("blob", DataType.BYTES),
            Map.entry("either", DataType.JSON),
            Map.entry("untyped", DataType.JSON));
  }

  @Test
  void fullRefreshLandsEveryValueExactlyInPostgres() throws Exception {
    ExternalSource source = source(Map.of("records", 3));
    StreamDescriptor items = source.discover().get(0);

    try (Destination destination = postgresDestination("full");
        StreamWriter writer = destination.open(items, SyncMode.FULL_REFRESH_OVERWRITE)) {
      TestingExternal.sync(source, StreamRead.fullRefresh(items), writer);
    }

    List<String> rows =
        query(
            "SELECT id, amount::text, big::text, name, seen_at AT TIME ZONE 'UTC', local_at, day,"
                + " tags::text, meta::text, flag FROM full_schema.items ORDER BY id");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1))
        .isEqualTo(
            "2|12345678901234567890.1234567892|123456789012345678901234567890|item 2"
                + "|2024-05-05 08:00:00.123456|2024-05-05 10:00:00.654321|2024-02-29"
                + "|[\"a\", \"b\"]|{\"k\": [1, 2.50]}|t");
  }

  @Test
  void everyOtherJsonSchemaRowLandsInItsPostgresType() throws Exception {
    ExternalSource source = source(Map.of("records", 2));
    StreamDescriptor items = source.discover().get(0);

    try (Destination destination = postgresDestination("rows");
        StreamWriter writer = destination.open(items, SyncMode.FULL_REFRESH_OVERWRITE)) {
      TestingExternal.sync(source, StreamRead.fullRefresh(items), writer);
    }

    assertThat(
            query(
                "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ','"
                    + " ORDER BY attnum) FROM pg_attribute WHERE attrelid ="
                    + " 'rows_schema.items'::regclass AND attname IN ('counted', 'clock',"
                    + " 'clock_tz', 'ref', 'blob', 'either', 'untyped')"))
        .containsExactly(
            "counted bigint,clock time without time zone,clock_tz text,ref uuid,blob bytea,"
                + "either jsonb,untyped jsonb");
    assertThat(
            query(
                "SELECT counted, clock, clock_tz, ref, encode(blob, 'hex'), either::text,"
                    + " untyped::text FROM rows_schema.items ORDER BY id"))
        .containsExactly(
            "1000|23:59:59.999999|10:00:00+02:00|123e4567-e89b-12d3-a456-426614174001"
                + "|cafebabe00ff|1|{\"n\": 1}",
            "2000|23:59:59.999999|10:00:00+02:00|123e4567-e89b-12d3-a456-426614174002"
                + "|cafebabe00ff|\"two\"|{\"n\": 2}");
  }

  @Test
  void incrementalStateGoesBackVerbatimAndResumesInclusive() throws Exception {
    Path echo = temp.resolve("state-echo.json");
    ExternalSource first = source(Map.of("records", 5));
    StreamDescriptor items = first.discover().get(0);
    String saved;
    try (Destination destination = postgresDestination("incr");
        StreamWriter writer = destination.open(items, SyncMode.INCREMENTAL_APPEND, "cursor")) {
      saved = TestingExternal.sync(first, new StreamRead(items, "cursor", null), writer);
    }

    ExternalSource second = source(Map.of("records", 7, "stateEcho", echo.toString()));
    try (Destination destination = postgresDestination("incr");
        StreamWriter writer = destination.open(items, SyncMode.INCREMENTAL_APPEND, "cursor")) {
      TestingExternal.sync(second, new StreamRead(items, "cursor", saved), writer);
    }

    assertThat(saved)
        .isEqualTo(
            "{ \"type\" : \"STREAM\", \"stream\":{\"stream_descriptor\":{\"name\":\"items\"},"
                + "\"stream_state\":{\"cursor\": 5, \"precise\": 1.10}}, \"extra\" : [ ]}");
    assertThat(Files.readString(echo)).isEqualTo("[" + saved + "]");
    assertThat(query("SELECT id FROM incr_schema.items ORDER BY id"))
        .containsExactly("1", "2", "3", "4", "5", "5", "6", "7");
  }

  @Test
  void logMessagesAndStrayLinesNeverReachTheLogWithValues() throws Exception {
    ExternalSource source = source(Map.of("records", 2));
    StreamDescriptor items = source.discover().get(0);

    try (TestingExternal.LogCapture logs = new TestingExternal.LogCapture()) {
      source.read(StreamRead.fullRefresh(items), batch -> {});

      assertThat(logs.all()).contains("[INFO]: Reading row with name \"…\" and amount …");
      assertThat(logs.all()).contains("1 lines to stdout that are not protocol messages");
      assertThat(logs.all()).doesNotContain(SECRET_VALUE).doesNotContain("1234.56");
    }
  }

  @Test
  void traceErrorBecomesTheErrorKindAndScrubbedMessage() {
    ExternalSource source = source(Map.of("behaviour", "trace"));
    StreamDescriptor items = source.discover().get(0);

    assertThatThrownBy(() -> source.read(StreamRead.fullRefresh(items), batch -> {}))
        .isInstanceOf(ConnectorException.class)
        .hasMessage(
            "Connector source-external read reported a config_error: API key \"…\" is invalid")
        .extracting(e -> ((ConnectorException) e).kind())
        .isEqualTo(ConnectorException.Kind.USER);
  }

  @Test
  void nonZeroExitFailsWithTheScrubbedTailOfStderr() {
    ExternalSource source = source(Map.of("behaviour", "exit"));
    StreamDescriptor items = source.discover().get(0);

    assertThatThrownBy(() -> source.read(StreamRead.fullRefresh(items), batch -> {}))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("read exited with code 2; the end of its stderr (scrubbed):")
        .hasMessageContaining("Exception in reader: row {…}")
        .hasMessageContaining("failed at value=… after … rows")
        .hasMessageNotContaining(SECRET_VALUE)
        .hasMessageNotContaining("42");
  }

  @Test
  void messageCutShortStopsTheReadInsteadOfLosingIt() {
    ExternalSource source = source(Map.of("behaviour", "garbage", "records", 1));
    StreamDescriptor items = source.discover().get(0);
    List<Integer> batches = new ArrayList<>();

    assertThatThrownBy(
            () -> source.read(StreamRead.fullRefresh(items), batch -> batches.add(batch.size())))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("wrote line 7 of its output that starts as a message but is not")
        .hasMessageNotContaining("RECORD");
  }

  @Test
  void checkFailureIsAUserErrorWithoutValues() {
    ExternalSource source = source(Map.of("behaviour", "badcheck"));

    assertThatThrownBy(source::check)
        .isInstanceOf(ConnectorException.class)
        .hasMessage(
            "Connector source-external check failed: password \"…\" was refused; fix its config");
  }

  @Test
  void hungSourceIsKilledWhenTheReadIsInterrupted() throws Exception {
    ExternalSource source = source(Map.of("behaviour", "hang"));
    StreamDescriptor items = source.discover().get(0);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    source.read(StreamRead.fullRefresh(items), batch -> {});
                  } catch (InterruptedException | RuntimeException e) {
                    outcome.set(e);
                  }
                });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ProcessHandle.current().children().noneMatch(ExternalSourceTest::isProtocolSource)) {
      assertThat(System.nanoTime()).as("the protocol source started").isLessThan(deadline);
      Thread.sleep(20);
    }

    reader.interrupt();
    reader.join();

    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(ProcessHandle.current().descendants().filter(ExternalSourceTest::isProtocolSource))
        .isEmpty();
  }

  @Test
  void relativeCommandIsRefused() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("command", "java");
    assertThatThrownBy(
            () ->
                new ExternalSourceFactory()
                    .createSource(
                        new io.airlock.connectors.spi.ConnectorSettings(
                            "source-external", settings, TestingExternal.noSecrets())))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("must be an absolute path");
  }

  /**
   * Whether {@code process} runs the test's protocol source. Its command line holds the test class
   * path, longer than the JDK reads through {@code ProcessHandle.Info} on Linux, so procfs is read
   * first.
   */
  private static boolean isProtocolSource(ProcessHandle process) {
    return process.isAlive()
        && commandLine(process).contains(TestingProtocolSource.class.getSimpleName());
  }

  private static String commandLine(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
    } catch (IOException e) {
      return process.info().commandLine().orElse("");
    }
  }

  private ExternalSource source(Map<String, Object> config) {
    return (ExternalSource)
        new ExternalSourceFactory()
            .createSource(TestingExternal.protocolSource(config, TestingExternal.noSecrets()));
  }

  private Destination postgresDestination(String name) {
    postgres.execute("external", "CREATE SCHEMA IF NOT EXISTS " + name + "_schema");
    return new PostgresDestinationFactory()
        .createDestination(postgres.destinationSettings("external", name + "_schema"));
  }

  private static Map<String, DataType> types(StreamDescriptor stream) {
    Map<String, DataType> types = new java.util.LinkedHashMap<>();
    stream.columns().forEach(c -> types.put(c.name(), c.type()));
    return types;
  }

  private static List<String> query(String sql) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.connect("external");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(result.getString(i));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }
}
