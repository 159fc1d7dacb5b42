package io.airlock.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.postgres.PostgresDestinationFactory;
import io.airlock.connectors.postgres.PostgresSourceFactory;
import io.airlock.connectors.spi.ConnectorFactory;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.job.StreamConfig;
import io.airlock.protocol.job.SyncMode;
import io.airlock.protocol.lease.JobOutcome;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Incremental sync through the engine with the real PostgreSQL source and destination: the cursor
 * comparison is inclusive and dedup removes the repeat (case PG-07), state keeps every microsecond
 * (case PG-08), later versions of a row replace it, NULL cursors follow their rule, and a sync
 * whose destination connection is killed resumes from its last committed checkpoint with no row
 * missing and none duplicated.
 */
class IncrementalSyncTest {
  private static final String DB = "incremental";

  private static TestingPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void freshTables() {
    postgres.execute(
        DB,
        "DROP SCHEMA IF EXISTS app CASCADE; DROP SCHEMA IF EXISTS dw CASCADE; CREATE SCHEMA app;"
            + " CREATE TABLE app.orders (id bigint PRIMARY KEY, amount numeric(12,2), note text,"
            + " updated_at timestamp(6))");
  }

  @Test
  void aRowInsertedAtTheLastCursorArrivesInTheNextSyncOnce() throws Exception {
    postgres.execute(
        DB,
        "INSERT INTO app.orders VALUES (1, 10.00, 'a', '2024-02-01 00:00:00'),"
            + " (2, 20.00, 'b', '2024-03-01 00:00:00')");
    Run first = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, null);
    assertThat(first.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(streamState(first.state())).contains("2024-03-01 00:00:00");

    postgres.execute(DB, "INSERT INTO app.orders VALUES (3, 30.00, 'c', '2024-03-01 00:00:00')");
    Run second = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, first.state());

    assertThat(second.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(second.records()).as("rows at or after the cursor: 2 and 3").isEqualTo(2);
    assertThat(rows("dw.orders")).containsExactlyElementsOf(rows("app.orders"));
  }

  @Test
  void stateKeepsEveryMicrosecondOfTheCursor() throws Exception {
    postgres.execute(
        DB,
        "INSERT INTO app.orders VALUES (1, 1.00, 'a', '2024-05-05 10:00:00.123455'),"
            + " (2, 2.00, 'b', '2024-05-05 10:00:00.123456')");
    Run first = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, null);
    assertThat(streamState(first.state())).contains("2024-05-05 10:00:00.123456");

    postgres.execute(
        DB, "INSERT INTO app.orders VALUES (3, 3.00, 'c', '2024-05-05 10:00:00.123457')");
    Run second = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, first.state());

    assertThat(second.records()).as("only .123456 again and .123457").isEqualTo(2);
    assertThat(streamState(second.state())).contains("2024-05-05 10:00:00.123457");
    assertThat(rows("dw.orders")).containsExactlyElementsOf(rows("app.orders"));
  }

  @Test
  void aLaterVersionReplacesItsRowAndAnEarlierOneDoesNot() throws Exception {
    postgres.execute(
        DB,
        "INSERT INTO app.orders VALUES (1, 1.00, 'old', '2024-01-01'), (2, 2.00, 'x',"
            + " '2024-01-02')");
    Run first = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, null);

    postgres.execute(
        DB, "UPDATE app.orders SET note = 'new', updated_at = '2024-01-03' WHERE id = 1");
    Run second = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, first.state());
    assertThat(rows("dw.orders")).containsExactlyElementsOf(rows("app.orders"));

    postgres.execute(
        DB, "UPDATE dw.orders SET updated_at = '2030-01-01', note = 'kept' WHERE id = 1");
    postgres.execute(
        DB, "UPDATE app.orders SET note = 'stale', updated_at = '2024-01-04' WHERE id = 1");
    sync(SyncMode.INCREMENTAL_APPEND_DEDUP, second.state());
    assertThat(rows("dw.orders")).contains("1|1.00|kept|2030-01-01 00:00:00");
  }

  @Test
  void rowsWithANullCursorAreReadByEverySyncAndKeptOncePerKey() throws Exception {
    postgres.execute(
        DB, "INSERT INTO app.orders VALUES (1, 1.00, 'a', '2024-01-01'), (2, 2.00, 'n', NULL)");
    Run first = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, null);
    Run second = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, first.state());

    assertThat(second.records()).as("the last cursor again, and the NULL one").isEqualTo(2);
    assertThat(rows("dw.orders")).containsExactlyElementsOf(rows("app.orders"));
  }

  @Test
  void incrementalAppendAddsOnlyRowsAtOrAfterTheCursor() throws Exception {
    postgres.execute(
        DB,
        "INSERT INTO app.orders VALUES (1, 1.00, 'a', '2024-01-01'), (2, 2.00, 'b', '2024-01-02')");
    Run first = sync(SyncMode.INCREMENTAL_APPEND, null);
    postgres.execute(DB, "INSERT INTO app.orders VALUES (3, 3.00, 'c', '2024-01-03')");
    sync(SyncMode.INCREMENTAL_APPEND, first.state());

    assertThat(rows("dw.orders"))
        .as("row 2 again (inclusive cursor), then row 3")
        .containsExactly(
            "1|1.00|a|2024-01-01 00:00:00",
            "2|2.00|b|2024-01-02 00:00:00",
            "2|2.00|b|2024-01-02 00:00:00",
            "3|3.00|c|2024-01-03 00:00:00");
  }

  @Test
  void aSyncWhoseDestinationConnectionIsKilledResumesWithoutLossOrDuplicates() throws Exception {
    postgres.execute(
        DB,
        "INSERT INTO app.orders SELECT g, g / 100.0, 'n' || g,"
            + " timestamp '2024-01-01' + g * interval '1 second' FROM generate_series(1, 30000) g");
    ConnectorRegistry killing =
        new ConnectorRegistry(
            List.of(new PostgresSourceFactory(), new KillingDestinationFactory(2)));

    Run failed = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, null, killing);
    assertThat(failed.outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(failed.state()).as("the state of the second committed checkpoint").isNotNull();
    assertThat(count("dw.orders")).isEqualTo(10_000);

    Run resumed = sync(SyncMode.INCREMENTAL_APPEND_DEDUP, failed.state());
    assertThat(resumed.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(resumed.records())
        .as("resumed from row 10,000, not from the start")
        .isEqualTo(20_001);
    assertThat(count("dw.orders")).isEqualTo(30_000);
    assertThat(rows("dw.orders")).containsExactlyElementsOf(rows("app.orders"));
  }

  private record Run(JobOutcome outcome, String state, long records) {}

  private static Run sync(SyncMode mode, String state) {
    return sync(mode, state, ConnectorRegistry.builtIn());
  }

  private static Run sync(SyncMode mode, String state, ConnectorRegistry registry) {
    SyncEngine engine = new SyncEngine(registry, SyncOptions.of(5_000), LocalPaths.none());
    List<String> saved = new ArrayList<>();
    JobProgress progress = new JobProgress(saved::add);
    RunOutcome outcome = engine.run(job(mode, state), postgres.secrets(), progress);
    String last = saved.isEmpty() ? state : saved.getLast();
    assertThat(progress.state()).isEqualTo(saved.isEmpty() ? null : last);
    return new Run(outcome.outcome(), last, progress.totalRecords());
  }

  private static JobSpec job(SyncMode mode, String state) {
    Map<String, Object> source = postgres.connectionConfig(DB);
    source.put("schemas", List.of("app"));
    Map<String, Object> destination = postgres.connectionConfig(DB);
    destination.put("schema", "dw");
    return new JobSpec(
        UUID.randomUUID(),
        JobKind.SYNC,
        UUID.randomUUID(),
        UUID.randomUUID(),
        new ConnectorConfig("source-postgres", source),
        new ConnectorConfig(KillingDestinationFactory.TYPE_OR_REAL, destination),
        List.of(new StreamConfig("app.orders", mode, List.of(), "updated_at")),
        List.of(),
        state);
  }

  /** The stream's own state inside the connection's opaque state. */
  private static String streamState(String encoded) {
    return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  private static List<String> rows(String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT id, amount, note, updated_at FROM " + table + " ORDER BY id")) {
      while (result.next()) {
        rows.add(
            result.getLong(1)
                + "|"
                + result.getString(2)
                + "|"
                + result.getString(3)
                + "|"
                + result.getString(4));
      }
    }
    return rows;
  }

  private static long count(String table) throws SQLException {
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  /**
   * The real PostgreSQL destination, whose database connection is terminated by the server (from
   * another session, with {@code pg_terminate_backend}) right after its N-th committed checkpoint;
   * the source's connection, busy with its {@code COPY (SELECT …)}, is spared.
   */
  private static final class KillingDestinationFactory implements ConnectorFactory {
    static final String TYPE_OR_REAL = PostgresDestinationFactory.TYPE;

    private final int killAfterCheckpoints;

    KillingDestinationFactory(int killAfterCheckpoints) {
      this.killAfterCheckpoints = killAfterCheckpoints;
    }

    @Override
    public String type() {
      return TYPE_OR_REAL;
    }

    @Override
    public Destination createDestination(ConnectorSettings settings) {
      Destination real = new PostgresDestinationFactory().createDestination(settings);
      return new Destination() {
        @Override
        public void check() {
          real.check();
        }

        @Override
        public StreamWriter open(StreamDescriptor stream, SyncMode mode) {
          return open(stream, mode, null);
        }

        @Override
        public StreamWriter open(StreamDescriptor stream, SyncMode mode, String cursorField) {
          return new KillingWriter(real.open(stream, mode, cursorField), killAfterCheckpoints);
        }

        @Override
        public void close() {
          real.close();
        }
      };
    }
  }

  private static final class KillingWriter implements StreamWriter {
    private final StreamWriter real;
    private final int killAfter;
    private int checkpoints;

    KillingWriter(StreamWriter real, int killAfter) {
      this.real = real;
      this.killAfter = killAfter;
    }

    @Override
    public void write(RecordBatch batch) {
      real.write(batch);
    }

    @Override
    public void checkpoint() {
      real.checkpoint();
      if (++checkpoints == killAfter) {
        postgres.execute(
            DB,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND application_name = 'airlock' AND query NOT LIKE 'COPY (SELECT%'");
      }
    }

    @Override
    public void finish() {
      real.finish();
    }

    @Override
    public void abort() {
      real.abort();
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
