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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine with the real PostgreSQL source and destination: a row the destination rejects fails
 * the job with a report that names table, column, key columns and row, and no value; rows committed
 * at earlier checkpoints stay.
 */
class PostgresSyncFailureTest {
  private static final String DB = "warehouse";
  private static final long FIRST_ID = 7_310_000L;
  private static final String CANARY = "CANARY-93ab";

  private static TestingPostgres postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    postgres.execute(
        DB,
        "CREATE SCHEMA crm; CREATE TABLE crm.customers (id bigint PRIMARY KEY, note text);"
            + " INSERT INTO crm.customers SELECT "
            + FIRST_ID
            + " + g, '"
            + CANARY
            + " ' || g FROM generate_series(1, 5000) g;"
            + " CREATE SCHEMA dw; CREATE TABLE dw.customers (id bigint PRIMARY KEY, note text);"
            + " INSERT INTO dw.customers VALUES ("
            + (FIRST_ID + 4500)
            + ", 'already loaded')");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void aRowTheDestinationRejectsFailsTheJobSayingWhereAndKeepsCommittedRows() throws Exception {
    SyncEngine engine =
        new SyncEngine(ConnectorRegistry.builtIn(), SyncOptions.of(2_000), LocalPaths.none());

    RunOutcome outcome = engine.run(job(), postgres.secrets(), new JobProgress());

    assertThat(outcome.outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(outcome.error().kind()).isEqualTo("USER");
    assertThat(outcome.error().retriable()).isFalse();
    assertThat(outcome.error().message())
        .contains("row 4500 of stream customers")
        .contains("(primary key id)")
        .contains("loading into dw.customers, column id, constraint customers_pkey")
        .contains("Rows committed at earlier checkpoints stay")
        .doesNotContain(String.valueOf(FIRST_ID + 4500))
        .doesNotContain(CANARY);
    assertThat(count()).as("the row loaded before plus two checkpoints of 2000").isEqualTo(4001);
  }

  private static JobSpec job() {
    Map<String, Object> source = postgres.connectionConfig(DB);
    source.put("schemas", List.of("crm"));
    Map<String, Object> destination = postgres.connectionConfig(DB);
    destination.put("schema", "dw");
    return new JobSpec(
        UUID.randomUUID(),
        JobKind.SYNC,
        UUID.randomUUID(),
        UUID.randomUUID(),
        new ConnectorConfig("source-postgres", source),
        new ConnectorConfig("destination-postgres", destination),
        List.of(new StreamConfig("crm.customers", SyncMode.FULL_REFRESH_APPEND, List.of())),
        List.of(),
        null);
  }

  private static long count() throws SQLException {
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM dw.customers")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
