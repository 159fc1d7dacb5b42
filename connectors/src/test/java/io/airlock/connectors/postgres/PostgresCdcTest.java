package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.cdc.CdcState;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Change data capture from a real PostgreSQL with logical WAL into the real PostgreSQL destination:
 * initial snapshot then changes, deletes applied in log order (case CDC-02), unchanged out-of-line
 * values kept (case CDC-01), resuming from committed state, and the slot and publication created
 * once and reused.
 */
class PostgresCdcTest {
  private static final String DB = "cdc";
  private static final String LSN = "_airlock_lsn";

  private static TestingPostgres postgres;
  private static int tableNumber;

  private String table;
  private long lastRows;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.startLogical();
    postgres.createDatabase(DB);
    postgres.execute(DB, "CREATE SCHEMA app; CREATE SCHEMA dw");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void freshTable() {
    table = "orders" + (++tableNumber);
    postgres.execute(
        DB,
        "CREATE TABLE app."
            + table
            + " (id bigint PRIMARY KEY, amount numeric(30,10), note text, body text,"
            + " at timestamp(6), paid timestamptz, raw bytea, doc jsonb)");
  }

  @Test
  void anInitialSnapshotThenInsertsUpdatesAndDeletesArriveExactly() throws Exception {
    postgres.execute(
        DB,
        "INSERT INTO app."
            + table
            + " VALUES (1, 98765432101.1234567891, 'a', NULL, '2024-05-05 10:00:00.123456',"
            + " '2024-05-05 10:00:00.654321+02', '\\x00ff', '{\"k\": [1, 2.50]}'),"
            + " (2, 2, 'b', NULL, NULL, NULL, NULL, NULL), (3, 3, 'c', NULL, NULL, NULL,"
            + " NULL, NULL)");
    String first = sync(null);
    assertThat(target()).containsExactlyElementsOf(source());

    postgres.execute(
        DB,
        "INSERT INTO app."
            + table
            + " VALUES (4, 0.0000000001, 'd', NULL, '0001-01-01 00:00:00.000001', NULL,"
            + " '\\xdeadbeef', '[]');"
            + " UPDATE app."
            + table
            + " SET note = 'b2', at = '2024-12-31 23:59:59.999999' WHERE id = 2;"
            + " DELETE FROM app."
            + table
            + " WHERE id = 3");
    sync(first);

    assertThat(target()).containsExactlyElementsOf(source());
    assertThat(target()).hasSize(3);
  }

  @Test
  void insertUpdateAndDeleteOfOneKeyInOneTransactionLeaveItAbsent() throws Exception {
    postgres.execute(DB, "INSERT INTO app." + table + " (id, note) VALUES (1, 'kept')");
    String first = sync(null);

    postgres.execute(
        DB,
        "BEGIN; INSERT INTO app."
            + table
            + " (id, note) VALUES (7, 'new'); UPDATE app."
            + table
            + " SET note = 'changed' WHERE id = 7; DELETE FROM app."
            + table
            + " WHERE id = 7; COMMIT");
    sync(first);

    assertThat(lastRows).as("the insert, the update and the delete of id 7").isEqualTo(3);
    assertThat(target()).containsExactly("1|null|kept|null|null|null|null|null");
  }

  @Test
  void dedupFollowsTheLogPositionNotTheArrivalOrder() throws Exception {
    StreamDescriptor stream =
        new StreamDescriptor(
            table,
            "app",
            List.of(
                new Column("id", DataType.INTEGER, false, "bigint"),
                new Column("note", DataType.TEXT, true, "text"),
                new Column(LSN, DataType.INTEGER, false, "pg_lsn"),
                new Column("_airlock_deleted", DataType.BOOLEAN, false, "boolean")),
            List.of("id"));
    try (Destination destination =
            new PostgresDestinationFactory()
                .createDestination(postgres.destinationSettings(DB, "dw"));
        StreamWriter writer = destination.open(stream, SyncMode.INCREMENTAL_APPEND_DEDUP, LSN)) {
      writer.write(
          new RecordBatch(
              stream.columns(),
              List.of(
                  new Object[] {7L, null, 300L, true},
                  new Object[] {7L, "updated", 200L, false},
                  new Object[] {7L, "inserted", 100L, false},
                  new Object[] {8L, "late copy", 50L, false},
                  new Object[] {8L, "latest", 60L, false}),
              0));
      writer.finish();
    }

    assertThat(texts("SELECT id || ':' || note FROM dw." + table + " ORDER BY id"))
        .containsExactly("8:latest");
  }

  @Test
  void anUnchangedOutOfLineValueKeepsItsStoredValue() throws Exception {
    postgres.execute(
        DB,
        "INSERT INTO app."
            + table
            + " (id, note, body) SELECT 1, 'before', string_agg(md5(i::text || random()::text), '')"
            + " FROM generate_series(1, 625) AS i");
    assertThat(scalar("SELECT pg_column_size(body) FROM app." + table))
        .as("20 kB that does not compress, so it is stored out of line")
        .isGreaterThanOrEqualTo(20_000);
    String first = sync(null);

    postgres.execute(DB, "UPDATE app." + table + " SET note = 'after' WHERE id = 1");
    sync(first);

    assertThat(scalar("SELECT length(body) FROM dw." + table)).isEqualTo(20_000);
    assertThat(target()).containsExactlyElementsOf(source());
  }

  @Test
  void anUnchangedOutOfLineValueTakesItsValueFromAnEarlierChangeInTheSameCheckpoint()
      throws Exception {
    String first = sync(null);
    postgres.execute(
        DB,
        "INSERT INTO app."
            + table
            + " (id, note, body, doc) SELECT 1, 'before', string_agg(md5(i::text ||"
            + " random()::text),"
            + " ''), jsonb_build_object('k', string_agg(md5(i::text || random()::text), ''))"
            + " FROM generate_series(1, 625) AS i");
    postgres.execute(DB, "UPDATE app." + table + " SET note = 'after' WHERE id = 1");

    sync(first);

    assertThat(scalar("SELECT length(body) FROM dw." + table)).isEqualTo(20_000);
    assertThat(target()).containsExactlyElementsOf(source());
  }

  @Test
  void aReadResumesFromTheLastCommittedStateWithoutLossOrDuplicates() throws Exception {
    postgres.execute(DB, "INSERT INTO app." + table + " (id, note) VALUES (0, 'seed')");
    String first = sync(null);
    for (int t = 0; t < 4; t++) {
      postgres.execute(
          DB,
          "INSERT INTO app."
              + table
              + " (id, note) SELECT i, 'n' FROM generate_series("
              + (t * 400 + 1)
              + ", "
              + (t * 400 + 400)
              + ") AS i");
    }

    String committed = syncFailingAfterOneCheckpoint(first);
    assertThat(committed).isNotEqualTo(first);
    long partial = scalar("SELECT count(*) FROM dw." + table);
    assertThat(partial).isBetween(2L, 1600L);

    sync(committed);

    assertThat(scalar("SELECT count(*) FROM dw." + table)).isEqualTo(1601);
    assertThat(
            scalar(
                "SELECT count(*) FROM (SELECT id FROM dw."
                    + table
                    + " GROUP BY id HAVING count(*) > 1) AS twice"))
        .as("no change appended twice")
        .isZero();
  }

  @Test
  void theSlotAndPublicationAreCreatedOnceAndReusedAndNeverAcknowledgedPastTheState()
      throws Exception {
    postgres.execute(DB, "INSERT INTO app." + table + " (id, note) VALUES (1, 'a')");
    String first = sync(null);
    postgres.execute(DB, "INSERT INTO app." + table + " (id, note) VALUES (2, 'b')");
    String second = sync(first);
    postgres.execute(DB, "INSERT INTO app." + table + " (id, note) VALUES (3, 'c')");
    sync(second);

    String slot = CdcSettings.name("t" + tableNumber, "app", table);
    assertThat(scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
        .isEqualTo(1);
    assertThat(
            scalar(
                "SELECT count(*) FROM pg_publication_tables WHERE pubname = '"
                    + slot
                    + "' AND schemaname = 'app' AND tablename = '"
                    + table
                    + "'"))
        .as("the publication holds the stream's table only")
        .isEqualTo(1);
    assertThat(scalar("SELECT count(*) FROM pg_publication_tables WHERE pubname = '" + slot + "'"))
        .isEqualTo(1);
    long acknowledged =
        scalar(
            "SELECT confirmed_flush_lsn - '0/0' FROM pg_replication_slots WHERE slot_name = '"
                + slot
                + "'");
    long committed = CdcState.parse(second, table).orElseThrow().committedLsn().orElseThrow();
    assertThat(acknowledged)
        .as("acknowledged up to the state the third read started from, not beyond")
        .isGreaterThan(0)
        .isLessThanOrEqualTo(committed);
    assertThat(target()).containsExactlyElementsOf(source());
  }

  @Test
  void aFullRefreshReadsTheTableWithLogPositionZero() throws Exception {
    postgres.execute(
        DB, "INSERT INTO app." + table + " (id, note) VALUES (1, 'a'); DELETE FROM app." + table);
    postgres.execute(DB, "INSERT INTO app." + table + " (id, note) VALUES (2, 'b')");

    run(null, SyncMode.FULL_REFRESH_OVERWRITE, Integer.MAX_VALUE);

    assertThat(
            texts(
                "SELECT concat_ws('|', id, note, _airlock_lsn, _airlock_deleted) FROM dw." + table))
        .containsExactly("2|b|0|f");
    assertThat(
            scalar(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 't"
                    + tableNumber
                    + "\\_%'"))
        .as("a full refresh needs no slot")
        .isZero();
  }

  @Test
  void arraysKeepTheirValuesAndTextTypesArriveInTheDocumentedForm() throws Exception {
    table = "types" + tableNumber;
    postgres.execute(
        DB,
        "CREATE TABLE app."
            + table
            + " (id bigint PRIMARY KEY, tags varchar(8)[], nums numeric(6,2)[], d date,"
            + " addr inet, span interval, price money, clock timetz);"
            + " INSERT INTO app."
            + table
            + " VALUES (1, '{a,\"b c\",NULL}', '{1.50,NULL}', '2024-02-29', '10.0.0.1',"
            + " '1 year 2 mons 3 days 04:05:06.5', 12.34, '10:00:00.25+00')");
    String first = sync(null);
    postgres.execute(
        DB,
        "INSERT INTO app."
            + table
            + " SELECT 2, tags, nums, d, addr, span, price, clock FROM app."
            + table
            + " WHERE id = 1");
    sync(first);

    String columns = "id, tags, nums, d, addr";
    assertThat(texts("SELECT concat_ws('|', " + columns + ") FROM dw." + table + " ORDER BY id"))
        .containsExactly(
            "1|{a,\"b c\",NULL}|{1.50,NULL}|2024-02-29|10.0.0.1",
            "2|{a,\"b c\",NULL}|{1.50,NULL}|2024-02-29|10.0.0.1");
    assertThat(texts("SELECT concat_ws('|', span, price, clock) FROM dw." + table + " ORDER BY id"))
        .as("snapshot rows and streamed rows alike")
        .containsExactly(
            "P1Y2M3DT4H5M6.5S|12.34|10:00:00.25Z", "P1Y2M3DT4H5M6.5S|12.34|10:00:00.25Z");
  }

  /** One sync of the table into dw, dedup by log position; returns the last committed state. */
  private String sync(String state) throws InterruptedException {
    return run(state, SyncMode.INCREMENTAL_APPEND_DEDUP, Integer.MAX_VALUE);
  }

  /** A sync in append mode whose destination fails after its first checkpoint. */
  private String syncFailingAfterOneCheckpoint(String state) throws InterruptedException {
    return run(state, SyncMode.INCREMENTAL_APPEND, 1);
  }

  private String run(String state, SyncMode mode, int checkpointsBeforeFailure)
      throws InterruptedException {
    ConnectorSettings settings = settings();
    String[] committed = {state};
    lastRows = 0;
    try (Source source = new PostgresSourceFactory().createSource(settings);
        Destination destination =
            new PostgresDestinationFactory()
                .createDestination(postgres.destinationSettings(DB, "dw"))) {
      StreamDescriptor stream =
          source.discover().stream().filter(s -> s.name().equals(table)).findFirst().orElseThrow();
      assertThat(stream.cursorCandidates()).contains(LSN);
      try (StreamWriter writer = destination.open(stream, mode, LSN)) {
        int[] checkpoints = {0};
        BatchSink sink =
            new BatchSink() {
              @Override
              public void accept(RecordBatch batch) {
                writer.write(batch);
                lastRows += batch.size();
              }

              @Override
              public void checkpoint(String next) {
                if (checkpoints[0] >= checkpointsBeforeFailure) {
                  throw new IllegalStateException("the destination failed");
                }
                writer.checkpoint();
                checkpoints[0]++;
                committed[0] = next;
              }
            };
        try {
          boolean incremental = mode.name().startsWith("INCREMENTAL");
          source.read(new StreamRead(stream, incremental ? LSN : null, state), sink);
          writer.finish();
        } catch (IllegalStateException e) {
          writer.abort();
        }
      }
    }
    return committed[0];
  }

  private ConnectorSettings settings() {
    Map<String, Object> config = new java.util.HashMap<>(postgres.connectionConfig(DB));
    config.put("schemas", List.of("app"));
    config.put("replication_method", "cdc");
    config.put("slot_name", "t" + tableNumber);
    config.put("publication_name", "t" + tableNumber);
    return new ConnectorSettings("source-postgres", config, postgres.secrets());
  }

  private List<String> source() throws SQLException {
    return rows("app." + table);
  }

  private List<String> target() throws SQLException {
    return rows("dw." + table);
  }

  private List<String> rows(String qualified) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT id, amount, note, md5(body), at, paid, raw, doc FROM "
                    + qualified
                    + " ORDER BY id")) {
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private List<String> texts(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private long scalar(String sql) throws SQLException {
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
