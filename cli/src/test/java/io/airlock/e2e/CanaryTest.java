package io.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.airlock.connectors.testing.TestingPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Unique canary strings planted in a source row (a primary key and a text column) and in two
 * secrets (an {@code env://} and a {@code file://} hash key) must reach neither the control plane's
 * database nor its logs, not even through the error of a job failing on the canary row. Each search
 * is first shown to find what it looks for.
 */
class CanaryTest {
  private static final String ROW_CANARY = "canary-row-" + UUID.randomUUID();
  private static final String ENV_CANARY = "canary-env-" + UUID.randomUUID();
  private static final String FILE_CANARY = "canary-file-" + UUID.randomUUID();
  private static final String CONNECTION_NAME = "canary-connection-" + UUID.randomUUID();
  private static final String BROKEN_FILE = "canary-broken.csv";
  private static final String KEY_VARIABLE = "AIRLOCK_E2E_CANARY_KEY";

  /** Where logback-test.xml sends this JVM's log, control plane included. */
  private static final Path TEST_LOG = Path.of("target", "cli-tests.log");

  static String startedLine;

  @TempDir static Path home;
  static TestingAirlock airlock;
  static TestingPostgres customer;
  static TestingAirlock.Region region;
  static CapturingAppender logs;

  @BeforeAll
  static void syncTheCanaries() throws IOException {
    customer = TestingPostgres.start();
    customer.createDatabase("source");
    customer.createDatabase("warehouse");
    customer.execute(
        "source",
        "CREATE TABLE people (id text PRIMARY KEY, note text, email text, phone text);"
            + " INSERT INTO people SELECT 'person-' || g, 'note ' || g, g || '@example.org',"
            + " '555-' || g FROM generate_series(1, 1000) g;"
            + " INSERT INTO people VALUES ('%s', 'says %s', 'canary@example.org', '555-0000')"
                .formatted(ROW_CANARY, ROW_CANARY));
    Path keyFile = home.resolve("hash-key");
    Files.writeString(keyFile, FILE_CANARY);
    airlock = TestingAirlock.start(home);
    logs = CapturingAppender.attachToRoot();
    startedLine = "Control plane started on " + airlock.controlPlane().baseUrl();
    region =
        airlock.region(
            "canary",
            Map.of(KEY_VARIABLE, ENV_CANARY, "AIRLOCK_TEST_PG_PASSWORD", "postgres"),
            List.of());
    UUID sourceId =
        airlock.createSource(
            region.workspaceId(), "people", "source-postgres", customer.connectionConfig("source"));
    UUID destinationId =
        airlock.createDestination(
            region.workspaceId(),
            "warehouse",
            "destination-postgres",
            customer.connectionConfig("warehouse"));
    UUID connectionId =
        airlock.createConnection(
            region.workspaceId(),
            CONNECTION_NAME,
            sourceId,
            destinationId,
            List.of(),
            List.of(
                TestingAirlock.hashMapper("people", List.of("email"), "env://" + KEY_VARIABLE),
                TestingAirlock.hashMapper("people", List.of("phone"), keyFile.toUri().toString())));

    airlock.runToSuccess(connectionId, region.dataPlane(), Duration.ofMinutes(5));
    failOnACanaryRow(destinationId);
  }

  /** A CSV row holding the canary does not fit its header: the job fails, naming the file. */
  private static void failOnACanaryRow(UUID destinationId) throws IOException {
    Path folder = Files.createDirectories(home.resolve("csv"));
    Files.writeString(
        folder.resolve(BROKEN_FILE), "id,note\n1,fine\n2," + ROW_CANARY + ",surplus\n");
    UUID sourceId =
        airlock.createSource(
            region.workspaceId(), "broken", "source-csv", Map.of("path", folder.toString()));
    UUID connectionId =
        airlock.createConnection(
            region.workspaceId(), "broken", sourceId, destinationId, List.of(), List.of());

    JsonNode job =
        airlock.awaitJobEnd(
            airlock.runJob(connectionId), region.dataPlane(), Duration.ofMinutes(5));

    assertThat(job.path("status").asString()).isEqualTo("FAILED");
  }

  @AfterAll
  static void stop() {
    if (logs != null) {
      logs.detach();
    }
    if (airlock != null) {
      airlock.close();
    }
    if (customer != null) {
      customer.close();
    }
  }

  @Test
  void canariesReachedTheDestinationHashedWithBothKeys() throws SQLException {
    try (Connection warehouse = customer.connect("warehouse")) {
      String dump = String.join("\n", dumpDatabase(warehouse));

      assertThat(dump).contains(ROW_CANARY).doesNotContain("canary@example.org");
      assertThat(dump)
          .contains(ReferenceHmac.hex(ENV_CANARY, "canary@example.org"))
          .contains(ReferenceHmac.hex(FILE_CANARY, "555-0000"));
    }
  }

  @Test
  void controlPlaneDatabaseHoldsNoCanary() throws SQLException {
    List<String> dump;
    try (Connection database = DriverManager.getConnection(airlock.controlPlane().databaseUrl())) {
      dump = dumpDatabase(database);
    }
    String text = String.join("\n", dump);

    assertThat(text).as("the dump holds the connection").contains(CONNECTION_NAME);
    assertThat(text).as("the dump holds the failed job's error").contains(BROKEN_FILE);
    for (String canary : List.of(ROW_CANARY, ENV_CANARY, FILE_CANARY)) {
      assertThat(text).doesNotContain(canary).doesNotContain(hex(canary));
    }
  }

  @Test
  void controlPlaneFilesHoldNoCanary() throws IOException {
    List<Path> files = files(airlock.controlPlaneDataDir());

    assertThat(files).as("control plane files, database included").isNotEmpty();
    assertThat(filesContaining(files, CONNECTION_NAME))
        .as("the file search finds the connection name in the database files")
        .isNotEmpty();
    for (String canary : List.of(ROW_CANARY, ENV_CANARY, FILE_CANARY)) {
      assertThat(filesContaining(files, canary)).as("files holding a canary").isEmpty();
    }
  }

  @Test
  void logsHoldNoCanary() throws IOException {
    LoggerFactory.getLogger(CanaryTest.class).info("Log capture check {}", CONNECTION_NAME);
    String captured = logs.text();
    String testLog = Files.readString(TEST_LOG);
    String dataPlaneLog = Files.readString(region.dataPlane().logFile());

    assertThat(captured).as("the capture sees this JVM's log").contains(CONNECTION_NAME);
    assertThat(testLog).as("the log file holds the control plane's start").contains(startedLine);
    assertThat(dataPlaneLog).as("the data plane's log is read").isNotBlank();
    for (String canary : List.of(ROW_CANARY, ENV_CANARY, FILE_CANARY)) {
      assertThat(captured).as("log events of this JVM").doesNotContain(canary);
      assertThat(testLog).as("log file of this JVM").doesNotContain(canary);
      assertThat(dataPlaneLog).as("data plane log").doesNotContain(canary);
    }
  }

  /** Every row of every table of every user schema, as text. */
  private static List<String> dumpDatabase(Connection connection) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                    + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                    + " AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    assertThat(tables).as("tables to dump").isNotEmpty();
    List<String> dump = new ArrayList<>();
    for (String table : tables) {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT t::text FROM " + table + " t")) {
        while (rows.next()) {
          dump.add(table + " " + rows.getString(1));
        }
      }
    }
    return dump;
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private static List<Path> filesContaining(List<Path> files, String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    return files.stream().filter(file -> contains(read(file), needle)).toList();
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      if (!Files.exists(file)) {
        return new byte[0]; // Removed by PostgreSQL while walking.
      }
      throw new UncheckedIOException(e);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Keeps every event logged in this JVM, formatted with its stack trace. */
  static final class CapturingAppender extends AppenderBase<ILoggingEvent> {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    static CapturingAppender attachToRoot() {
      CapturingAppender appender = new CapturingAppender();
      appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
      appender.start();
      root().addAppender(appender);
      return appender;
    }

    void detach() {
      root().detachAppender(this);
      stop();
    }

    String text() {
      return String.join("\n", lines);
    }

    @Override
    protected void append(ILoggingEvent event) {
      String line = event.getLoggerName() + " " + event.getFormattedMessage();
      if (event.getThrowableProxy() != null) {
        line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
      }
      lines.add(line);
    }

    private static Logger root() {
      return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
  }
}
