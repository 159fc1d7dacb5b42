package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Staging tables left behind by a data plane that died during an overwrite load are dropped when
 * the same table is opened again; nothing else is touched.
 */
class PostgresStagingTablesTest {
  private static final String DB = "staging";
  private static final String SCHEMA = "loaded";
  private static final String CANARY = "CANARY-0b7c";
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", DataType.INTEGER, false, null),
          new Column("name", DataType.TEXT, true, null));

  private static TestingPostgres postgres;
  private static int tables;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger stagingLog = (Logger) LoggerFactory.getLogger(StagingTables.class);

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    postgres.execute(DB, "CREATE SCHEMA " + SCHEMA);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    stagingLog.addAppender(logs);
    stagingLog.setLevel(Level.INFO);
  }

  @AfterEach
  void releaseLogs() {
    stagingLog.detachAppender(logs);
  }

  @Test
  void stagingTablesOfAKilledLoadAreDroppedWhenTheTableIsOpenedAgain() throws SQLException {
    StreamDescriptor stream = stream("orders");
    load(stream, rows(1));
    List<String> leftovers = killedMidLoads(stream, 2);
    assertThat(stagingTables()).containsAll(leftovers);

    load(stream, rows(2, 3));

    assertThat(stagingTables()).doesNotContainAnyElementsOf(leftovers);
    assertThat(ids(stream.name())).containsExactly(2L, 3L);
    assertThat(infoMessages())
        .anySatisfy(m -> assertThat(m).contains(leftovers.get(0)).contains("orders"))
        .anySatisfy(m -> assertThat(m).contains(leftovers.get(1)))
        .allSatisfy(m -> assertThat(m).doesNotContain(CANARY));
  }

  @Test
  void appendAlsoDropsTheLeftoversOfItsTable() throws SQLException {
    StreamDescriptor stream = stream("events");
    String leftover = killedMidLoad(stream);

    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_APPEND)) {
      writer.finish();
    }

    assertThat(stagingTables()).doesNotContain(leftover);
  }

  @Test
  void tablesOfOtherTablesAndOtherOwnersAreNeverTouched() throws SQLException {
    StreamDescriptor stream = stream("customers");
    StreamDescriptor other = stream("customers_archive");
    String othersLeftover = killedMidLoad(other);
    String truncatedCousin = killedMidLoad(stream("customers" + "x".repeat(80)));
    List<String> notOurs =
        List.of(
            StagingTables.PREFIX + stream.name(),
            StagingTables.PREFIX + stream.name() + "_0123456789abcdef01",
            StagingTables.PREFIX + stream.name() + "_" + StagingTables.owner(stream.name()));
    for (String name : notOurs) {
      postgres.execute(DB, "CREATE TABLE " + SCHEMA + ".\"" + name + "\" (x int)");
    }

    load(stream, rows(1));

    assertThat(stagingTables()).contains(othersLeftover, truncatedCousin).containsAll(notOurs);
  }

  @Test
  void aStagingTableInUseByARunningLoadIsKept() throws SQLException {
    StreamDescriptor stream = stream("invoices");
    try (Destination destination = destination();
        StreamWriter running = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
      running.write(batch(rows(1)));
      running.checkpoint();
      List<String> inUse = stagingTablesOf(stream.name());

      load(stream, rows(2));

      assertThat(inUse).hasSize(1);
      assertThat(stagingTables()).containsAll(inUse);
      running.finish();
    }
    assertThat(stagingTablesOf(stream.name())).isEmpty();
    assertThat(ids(stream.name())).containsExactly(1L);
  }

  /**
   * Opens an overwrite load of {@code stream}, writes and checkpoints a row, then kills the load's
   * database session as a dying data plane would; returns the staging table it leaves.
   */
  private static String killedMidLoad(StreamDescriptor stream) throws SQLException {
    return killedMidLoads(stream, 1).get(0);
  }

  /** {@link #killedMidLoad} with {@code count} loads of the stream running at the same time. */
  private static List<String> killedMidLoads(StreamDescriptor stream, int count)
      throws SQLException {
    List<String> before = stagingTablesOf(stream.name());
    List<StreamWriter> writers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StreamWriter writer = destination().open(stream, SyncMode.FULL_REFRESH_OVERWRITE);
      writer.write(batch(rows(99)));
      writer.checkpoint();
      writers.add(writer);
    }
    List<String> created = stagingTablesOf(stream.name());
    created.removeAll(before);

    terminateLoadSessions();
    writers.forEach(StreamWriter::close);

    assertThat(created).hasSize(count);
    return created;
  }

  private static void terminateLoadSessions() throws SQLException {
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                    + " WHERE application_name = 'airlock' AND datname = '"
                    + DB
                    + "'")) {
      while (rows.next()) {
        assertThat(rows.getBoolean(1)).isTrue();
      }
    }
  }

  private static StreamDescriptor stream(String base) {
    return new StreamDescriptor(base + "_" + (++tables), null, COLUMNS, List.of("id"));
  }

  private static List<Object[]> rows(long... ids) {
    List<Object[]> rows = new ArrayList<>();
    for (long id : ids) {
      rows.add(new Object[] {id, "name " + CANARY});
    }
    return rows;
  }

  private static RecordBatch batch(List<Object[]> rows) {
    return new RecordBatch(COLUMNS, rows, 0);
  }

  private static void load(StreamDescriptor stream, List<Object[]> rows) {
    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
      writer.write(batch(rows));
      writer.finish();
    }
  }

  private static Destination destination() {
    return ConnectorRegistry.builtIn()
        .factory("destination-postgres")
        .createDestination(postgres.destinationSettings(DB, SCHEMA));
  }

  private List<String> infoMessages() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == Level.INFO)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static List<String> stagingTablesOf(String table) throws SQLException {
    String owner = StagingTables.owner(table);
    return new ArrayList<>(stagingTables().stream().filter(n -> n.contains("_" + owner)).toList());
  }

  private static List<String> stagingTables() throws SQLException {
    return query(
        "SELECT tablename FROM pg_tables WHERE schemaname = '"
            + SCHEMA
            + "' AND tablename LIKE '\\_airlock\\_stage\\_%' ORDER BY 1");
  }

  private static List<Long> ids(String table) throws SQLException {
    return query("SELECT id FROM " + SCHEMA + "." + table + " ORDER BY 1").stream()
        .map(Long::valueOf)
        .toList();
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
}
