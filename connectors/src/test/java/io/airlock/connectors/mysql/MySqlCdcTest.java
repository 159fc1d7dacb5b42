package io.airlock.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.postgres.PostgresDestinationFactory;
import io.airlock.connectors.spi.BatchSink;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamRead;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Change data capture from a real MariaDB binary log into the real PostgreSQL destination: initial
 * snapshot then changes, deletes applied in log order (the MySQL analogue of case CDC-02), resuming
 * from committed state, and zero dates and {@code TIME} outside a day by the standard read's rule
 * (case MY-01).
 */
class MySqlCdcTest {
  private static final String DB = "binlog_cdc";
  private static final String PG_DB = "from_binlog";
  private static final String LSN = "_airlock_lsn";

  private static TestingMariaDb mariadb;
  private static TestingPostgres postgres;
  private static int tableNumber;

  private String table;
  private long lastRows;

  @BeforeAll
  static void startServers() {
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(DB);
    postgres = TestingPostgres.start();
    postgres.createDatabase(PG_DB);
    postgres.execute(PG_DB, "CREATE SCHEMA dw");
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void freshTable() {
    table = "orders" + (++tableNumber);
    mariadb.execute(
        DB,
        "CREATE TABLE "
            + table
            + " (id BIGINT PRIMARY KEY, amount DECIMAL(30,10), note VARCHAR(40),"
            + " at DATETIME(6), raw VARBINARY(8), doc JSON, tiny TINYINT)");
  }

  @Test
  void anInitialSnapshotThenInsertsUpdatesAndDeletesArriveExactly() throws Exception {
    mariadb.execute(
        DB,
        "INSERT INTO "
            + table
            + " VALUES (1, 98765432101.1234567891, 'a', '2024-05-05 10:00:00.123456', x'00ff',"
            + " '{\"k\": [1, 2.5]}', -3), (2, 2, 'b', NULL, NULL, NULL, NULL),"
            + " (3, 3, 'c', NULL, NULL, NULL, NULL)");
    String first = sync(null);
    assertThat(target())
        .containsExactly(
            "1|98765432101.1234567891|a|2024-05-05 10:00:00.123456|\\x00ff|{\"k\": [1, 2.5]}|-3",
            "2|2.0000000000|b|null|null|null|null",
            "3|3.0000000000|c|null|null|null|null");

    mariadb.execute(
        DB,
        "INSERT INTO "
            + table
            + " VALUES (4, 0.0000000001, 'd', '0001-01-01 00:00:00.000001', x'deadbeef', '[]', 7);"
            + " UPDATE "
            + table
            + " SET note = 'b2', at = '2024-12-31 23:59:59.999999' WHERE id = 2;"
            + " DELETE FROM "
            + table
            + " WHERE id = 3");
    sync(first);

    assertThat(target())
        .containsExactly(
            "1|98765432101.1234567891|a|2024-05-05 10:00:00.123456|\\x00ff|{\"k\": [1, 2.5]}|-3",
            "2|2.0000000000|b2|2024-12-31 23:59:59.999999|null|null|null",
            "4|0.0000000001|d|0001-01-01 00:00:00.000001|\\xdeadbeef|[]|7");
  }

  @Test
  void insertUpdateAndDeleteOfOneKeyInOneTransactionLeaveItAbsent() throws Exception {
    mariadb.execute(DB, "INSERT INTO " + table + " (id, note) VALUES (1, 'kept')");
    String first = sync(null);

    mariadb.execute(
        DB,
        "START TRANSACTION; INSERT INTO "
            + table
            + " (id, note) VALUES (7, 'new'); UPDATE "
            + table
            + " SET note = 'changed' WHERE id = 7; DELETE FROM "
            + table
            + " WHERE id = 7; COMMIT");
    sync(first);

    assertThat(lastRows).as("the insert, the update and the delete of id 7").isEqualTo(3);
    assertThat(target()).containsExactly("1|null|kept|null|null|null|null");
  }

  @Test
  void aReadWithNoNewChangesEndsAndKeepsItsPlace() throws Exception {
    mariadb.execute(DB, "INSERT INTO " + table + " (id, note) VALUES (1, 'a')");
    String first = sync(null);

    String second = sync(first);

    assertThat(lastRows).isZero();
    assertThat(second).isNotNull();
    mariadb.execute(DB, "INSERT INTO " + table + " (id, note) VALUES (2, 'b')");
    sync(second);
    assertThat(lastRows).isEqualTo(1);
    assertThat(target()).hasSize(2);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // a read that misses its end waits forever
  void aReadFollowsTheLogIntoItsNextFileAndEndsAfterARotationWithNoChanges() throws Exception {
    mariadb.execute(DB, "INSERT INTO " + table + " (id, note) VALUES (1, 'a')");
    String first = sync(null);
    mariadb.execute(DB, "FLUSH BINARY LOGS");

    String second = sync(first);

    assertThat(lastRows).isZero();
    mariadb.execute(
        DB,
        "INSERT INTO "
            + table
            + " (id, note) VALUES (2, 'b'); FLUSH BINARY LOGS; INSERT INTO "
            + table
            + " (id, note) VALUES (3, 'c')");
    sync(second);
    assertThat(lastRows).isEqualTo(2);
    assertThat(rows("SELECT id, note FROM dw." + table + " ORDER BY id"))
        .containsExactly("1|a", "2|b", "3|c");
  }

  @Test
  void aReadResumesFromTheLastCommittedStateWithoutLossOrDuplicates() throws Exception {
    mariadb.execute(DB, "INSERT INTO " + table + " (id, note) VALUES (0, 'seed')");
    String first = sync(null);
    for (int t = 0; t < 4; t++) {
      StringBuilder insert = new StringBuilder("INSERT INTO " + table + " (id, note) VALUES ");
      for (int i = t * 400 + 1; i <= t * 400 + 400; i++) {
        insert.append(i > t * 400 + 1 ? ", " : "").append("(").append(i).append(", 'n')");
      }
      mariadb.execute(DB, insert.toString());
    }

    String committed = syncFailingAfterOneCheckpoint(first);
    assertThat(committed).isNotEqualTo(first);
    long partial = pgScalar("SELECT count(*) FROM dw." + table);
    assertThat(partial).isBetween(2L, 1600L);

    sync(committed);

    assertThat(pgScalar("SELECT count(*) FROM dw." + table)).isEqualTo(1601);
    assertThat(
            pgScalar(
                "SELECT count(*) FROM (SELECT id FROM dw."
                    + table
                    + " GROUP BY id HAVING count(*) > 1) AS twice"))
        .as("no change appended twice")
        .isZero();
  }

  @Test
  void zeroDatesAndTimesOutsideADayAreNullInSnapshotAndChangesAlike() throws Exception {
    table = "dates" + tableNumber;
    mariadb.execute(
        DB,
        "SET SESSION sql_mode = ''; CREATE TABLE "
            + table
            + " (id INT PRIMARY KEY, d DATE NOT NULL, dt DATETIME NULL, t TIME(1));"
            + " INSERT INTO "
            + table
            + " VALUES (1, '0000-00-00', '0000-00-00 00:00:00', '-01:00:00'),"
            + " (2, '2024-02-29', '2024-02-29 23:59:59', '838:59:59'),"
            + " (3, '1970-01-01', NULL, '12:34:56.5')");
    String first = sync(null);
    List<String> expected =
        List.of(
            "1|null|null|null",
            "2|2024-02-29|2024-02-29 23:59:59|null",
            "3|1970-01-01|null|12:34:56.5");
    assertThat(rows("SELECT id, d, dt, t FROM dw." + table + " ORDER BY id"))
        .as("snapshot")
        .containsExactlyElementsOf(expected);

    mariadb.execute(
        DB,
        "SET SESSION sql_mode = ''; INSERT INTO "
            + table
            + " SELECT id + 10, d, dt, t FROM "
            + table);
    sync(first);

    List<String> streamed = new ArrayList<>();
    expected.forEach(row -> streamed.add("1" + row));
    assertThat(rows("SELECT id, d, dt, t FROM dw." + table + " WHERE id > 10 ORDER BY id"))
        .as("changes")
        .containsExactlyElementsOf(streamed);
  }

  @Test
  void aFullRefreshReadsTheTableWithLogPositionZero() throws Exception {
    mariadb.execute(DB, "INSERT INTO " + table + " (id, note) VALUES (2, 'b')");

    run(null, SyncMode.FULL_REFRESH_OVERWRITE, Integer.MAX_VALUE);

    assertThat(rows("SELECT id, note, _airlock_lsn, _airlock_deleted FROM dw." + table))
        .containsExactly("2|b|0|f");
  }

  @Test
  void changesOfEveryTypeCarryTheValuesAStandardReadGives() throws Exception {
    table = "typed" + tableNumber;
    mariadb.execute(DB, "CREATE TABLE " + table + " (" + MySqlTypeFidelityTest.COLUMNS + ")");
    String first = sync(null);
    mariadb.execute(DB, "INSERT INTO " + table + " VALUES " + MySqlTypeFidelityTest.ROWS);

    List<Object[]> changes = read(settings(), LSN, first);
    List<Object[]> standard = read(mariadb.sourceSettings(DB), null, null);

    assertThat(changes).hasSize(3).hasSameSizeAs(standard);
    for (int r = 0; r < standard.size(); r++) {
      Object[] expected = standard.get(r);
      assertThat(Arrays.copyOf(changes.get(r), expected.length))
          .as("row %d", r + 1)
          .usingRecursiveFieldByFieldElementComparator()
          .containsExactly(expected);
    }
  }

  @Test
  void aMariaDbUuidColumnIsRefusedWithWhatToDo() throws Exception {
    table = "uuids" + tableNumber;
    mariadb.execute(DB, "CREATE TABLE " + table + " (id INT PRIMARY KEY, u UUID)");
    String first = sync(null);
    mariadb.execute(DB, "INSERT INTO " + table + " VALUES (1, UUID())");

    assertThatThrownBy(() -> read(settings(), LSN, first))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("Column u of table binlog_cdc." + table + " is a MariaDB UUID")
        .hasMessageContaining("leave the column out");
  }

  /** The rows one read of the table gives, without the change columns. */
  private List<Object[]> read(ConnectorSettings settings, String cursor, String state)
      throws InterruptedException {
    List<Object[]> rows = new ArrayList<>();
    try (Source source = new MySqlSourceFactory().createSource(settings)) {
      StreamDescriptor stream =
          source.discover().stream().filter(s -> s.name().equals(table)).findFirst().orElseThrow();
      source.read(new StreamRead(stream, cursor, state), batch -> rows.addAll(batch.rows()));
    }
    return rows;
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
    String[] committed = {state};
    lastRows = 0;
    try (Source source = new MySqlSourceFactory().createSource(settings());
        Destination destination =
            new PostgresDestinationFactory()
                .createDestination(postgres.destinationSettings(PG_DB, "dw"))) {
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

  private static ConnectorSettings settings() {
    Map<String, Object> config = new HashMap<>(mariadb.connectionConfig(DB));
    config.put("replication_method", "cdc");
    return new ConnectorSettings("source-mysql", config, mariadb.secrets());
  }

  private List<String> target() throws SQLException {
    return rows("SELECT id, amount, note, at, raw, doc, tiny FROM dw." + table + " ORDER BY id");
  }

  private static List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.connect(PG_DB);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int width = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= width; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static long pgScalar(String sql) throws SQLException {
    try (Connection connection = postgres.connect(PG_DB);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
