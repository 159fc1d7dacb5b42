package io.airlock.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.job.StreamConfig;
import io.airlock.protocol.job.SyncMode;
import io.airlock.protocol.lease.JobOutcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Change data capture through the engine, with the real PostgreSQL source (logical WAL) and
 * destination: a first sync takes the initial snapshot, a second one, from the saved state, brings
 * the inserts, updates and deletes made in between, and a third with nothing new changes nothing.
 */
class CdcSyncTest {
  private static final String DB = "cdcsync";

  private static TestingPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.startLogical();
    postgres.createDatabase(DB);
    postgres.execute(
        DB,
        "CREATE SCHEMA app; CREATE TABLE app.orders (id bigint PRIMARY KEY, amount numeric(12,2),"
            + " note text, updated_at timestamp(6))");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void aSnapshotThenLaterInsertsUpdatesAndDeletesReachTheDestination() throws Exception {
    postgres.execute(
        DB,
        "INSERT INTO app.orders VALUES (1, 10.00, 'a', '2024-01-01 00:00:00.000001'),"
            + " (2, 20.00, 'b', NULL), (3, 30.00, 'c', NULL)");
    Run first = sync(null);
    assertThat(first.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(first.records()).isEqualTo(3);
    assertThat(rows("dw.orders")).containsExactlyElementsOf(rows("app.orders"));

    postgres.execute(
        DB,
        "INSERT INTO app.orders VALUES (4, 40.00, 'd', '2024-02-02 00:00:00.999999');"
            + " UPDATE app.orders SET note = 'b2', amount = 21.50 WHERE id = 2;"
            + " DELETE FROM app.orders WHERE id = 3");
    Run second = sync(first.state());

    assertThat(second.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(second.records()).as("one insert, one update, one delete").isEqualTo(3);
    assertThat(rows("dw.orders")).containsExactlyElementsOf(rows("app.orders"));

    Run third = sync(second.state());
    assertThat(third.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(third.records()).as("nothing changed since").isZero();
    assertThat(rows("dw.orders")).containsExactlyElementsOf(rows("app.orders"));
  }

  private record Run(JobOutcome outcome, String state, long records) {}

  private static Run sync(String state) {
    SyncEngine engine =
        new SyncEngine(ConnectorRegistry.builtIn(), SyncOptions.of(5_000), LocalPaths.none());
    List<String> saved = new ArrayList<>();
    JobProgress progress = new JobProgress(saved::add);
    RunOutcome outcome = engine.run(job(state), postgres.secrets(), progress);
    String last = saved.isEmpty() ? state : saved.getLast();
    return new Run(outcome.outcome(), last, progress.totalRecords());
  }

  private static JobSpec job(String state) {
    Map<String, Object> source = postgres.connectionConfig(DB);
    source.put("schemas", List.of("app"));
    source.put("replication_method", "cdc");
    Map<String, Object> destination = postgres.connectionConfig(DB);
    destination.put("schema", "dw");
    return new JobSpec(
        UUID.randomUUID(),
        JobKind.SYNC,
        UUID.randomUUID(),
        UUID.randomUUID(),
        new ConnectorConfig("source-postgres", source),
        new ConnectorConfig("destination-postgres", destination),
        List.of(
            new StreamConfig(
                "app.orders", SyncMode.INCREMENTAL_APPEND_DEDUP, List.of(), "_airlock_lsn")),
        List.of(),
        state);
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
}
