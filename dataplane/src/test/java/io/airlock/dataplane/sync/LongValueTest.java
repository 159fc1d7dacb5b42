package io.airlock.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.protocol.job.StreamConfig;
import io.airlock.protocol.job.SyncMode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Case TX-01: a 100,000-character text value. Where the destination creates the column, it loads
 * intact; bound for a column with a length limit, the sync fails with an error naming table, column
 * and row (never the value), and the rows committed before it stay.
 */
class LongValueTest {
  private static final String DB = "longvalue";
  private static final int ROWS = 10_000;
  private static final long LONG_ROW = 9_000;
  private static final int CHECKPOINT = 2_000;
  private static final String LONG = "L0ngV4lue-".repeat(10_000);

  @TempDir static Path folder;

  private static TestingPostgres postgres;
  private static TestingMariaDb mariadb;
  private static TestingCaseSync engine;
  private static Path input;

  @BeforeAll
  static void prepare() throws Exception {
    input = Files.createDirectories(folder.resolve("input"));
    try (BufferedWriter out = Files.newBufferedWriter(input.resolve("notes.jsonl"))) {
      for (long id = 1; id <= ROWS; id++) {
        String note = id == LONG_ROW ? LONG : "note " + id;
        out.write("{\"id\": " + id + ", \"note\": \"" + note + "\"}\n");
      }
    }
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(DB);
    engine = new TestingCaseSync(postgres, mariadb);
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void theValueLoadsIntactIntoEveryTableTheDestinationCreates() throws Exception {
    Map<String, Object> pg = postgres.connectionConfig(DB);
    pg.put("schema", "created");
    Path duckdb = folder.resolve("notes.duckdb");

    succeed("destination-postgres", pg);
    succeed("destination-mysql", mariadb.connectionConfig(DB));
    succeed("destination-duckdb", Map.of("path", duckdb.toString()));

    String sql = "SELECT id, note FROM %s WHERE id = " + LONG_ROW;
    try (Connection connection = postgres.connect(DB)) {
      assertThat(TestingCaseSync.read(connection, sql.formatted("created.notes")))
          .hasEntrySatisfying(LONG_ROW, row -> assertThat(row[0]).isEqualTo(LONG));
    }
    try (Connection connection = mariadb.connect(DB)) {
      assertThat(TestingCaseSync.read(connection, sql.formatted("notes")))
          .hasEntrySatisfying(LONG_ROW, row -> assertThat(row[0]).isEqualTo(LONG));
    }
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + duckdb)) {
      assertThat(TestingCaseSync.read(connection, sql.formatted("main.notes")))
          .hasEntrySatisfying(LONG_ROW, row -> assertThat(row[0]).isEqualTo(LONG));
    }
  }

  @Test
  void aLimitedPostgresColumnFailsTheSyncNamingItAndKeepsCommittedRows() throws Exception {
    postgres.execute(
        DB,
        "CREATE SCHEMA limited; CREATE TABLE limited.notes (id bigint, note varchar(1000));"
            + " INSERT INTO limited.notes VALUES (0, 'before the sync')");
    Map<String, Object> config = postgres.connectionConfig(DB);
    config.put("schema", "limited");

    RunOutcome outcome = appendInto("destination-postgres", config);

    assertFailedNaming(outcome, "limited.notes", "column note");
    try (Connection connection = postgres.connect(DB)) {
      assertCommittedRowsKept(TestingCaseSync.read(connection, "SELECT id FROM limited.notes"));
    }
  }

  @Test
  void aLimitedMariaDbColumnFailsTheSyncNamingItAndKeepsCommittedRows() throws Exception {
    String database = DB + "_limited";
    mariadb.createDatabase(database);
    mariadb.execute(
        database,
        "CREATE TABLE notes (id BIGINT, note VARCHAR(1000));"
            + " INSERT INTO notes VALUES (0, 'before the sync')");

    RunOutcome outcome = appendInto("destination-mysql", mariadb.connectionConfig(database));

    assertFailedNaming(outcome, "notes", "column note");
    try (Connection connection = mariadb.connect(database)) {
      assertCommittedRowsKept(TestingCaseSync.read(connection, "SELECT id FROM notes"));
    }
  }

  private static void succeed(String destination, Map<String, Object> config) {
    RunOutcome outcome = engine.run(input, destination, config, List.of(), CHECKPOINT);

    assertThat(outcome.error()).as("the sync's error into " + destination).isNull();
    assertThat(outcome.isSuccess()).isTrue();
  }

  private static RunOutcome appendInto(String destination, Map<String, Object> config) {
    return engine.run(
        input,
        destination,
        config,
        List.of(),
        CHECKPOINT,
        List.of(new StreamConfig("notes", SyncMode.FULL_REFRESH_APPEND, List.of())));
  }

  private static void assertFailedNaming(RunOutcome outcome, String table, String column) {
    assertThat(outcome.isSuccess()).as("a failed sync is never reported as succeeded").isFalse();
    assertThat(outcome.error().message())
        .contains(table)
        .contains(column)
        .contains("row " + LONG_ROW)
        .doesNotContain("L0ngV4lue");
  }

  /**
   * The row from before the sync, and every row of the checkpoints committed before the long value:
   * ids 1 to some n, n at least one checkpoint's worth and below the long value's row.
   */
  private static void assertCommittedRowsKept(Map<Long, String[]> rows) {
    long committed = rows.size() - 1;
    assertThat(rows).containsKey(0L);
    assertThat(committed).isBetween((long) CHECKPOINT, LONG_ROW - 1);
    for (long id = 1; id <= committed; id++) {
      assertThat(rows).containsKey(id);
    }
  }
}
