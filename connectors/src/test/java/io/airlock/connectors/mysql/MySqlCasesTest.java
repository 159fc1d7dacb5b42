package io.airlock.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.connectors.testing.TestingSync;
import io.airlock.protocol.job.SyncMode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MySQL cases MY-01 to MY-03 of shared/cases, and how the destination fails and appends. */
class MySqlCasesTest {
  private static final String SOURCE = "cases_src";
  private static final String COPY = "cases_copy";
  private static final String PG_DB = "cases";

  private static TestingMariaDb mariadb;
  private static TestingPostgres postgres;

  @BeforeAll
  static void startServers() {
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(SOURCE);
    mariadb.createDatabase(COPY);
    postgres = TestingPostgres.start();
    postgres.createDatabase(PG_DB);
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void zeroDatesAndTimesOutsideADayArriveAsNull() throws Exception {
    mariadb.execute(
        SOURCE,
        "SET SESSION sql_mode = ''; CREATE TABLE zero (id INT PRIMARY KEY,"
            + " dtm DATETIME NOT NULL, dt DATE, ts TIMESTAMP NULL, tm TIME(1));"
            + " INSERT INTO zero VALUES"
            + " (1, '0000-00-00 00:00:00', '2021-00-00', '0000-00-00 00:00:00', '-838:59:59'),"
            + " (2, '2021-05-00 10:00:00', '0000-05-12', NULL, '838:59:59'),"
            + " (3, '2024-01-31 23:59:59', '2024-02-29', '2024-01-01 00:00:00', '24:00:00'),"
            + " (4, '2024-01-31 00:00:00', '2021-01-01', NULL, '12:34:56.5')");

    copyToPostgres("zero");

    assertThat(postgresRows("SELECT * FROM mysql.zero ORDER BY id"))
        .containsExactly(
            "1|null|null|null|null",
            "2|null|null|null|null",
            "3|2024-01-31 23:59:59|2024-02-29|2024-01-01 00:00:00+00|null",
            "4|2024-01-31 00:00:00|2021-01-01|null|12:34:56.5");
  }

  @Test
  void reservedWordsAreQuotedEverywhere() throws Exception {
    mariadb.execute(
        SOURCE,
        "CREATE TABLE `group` (`order` INT PRIMARY KEY, `new` VARCHAR(10), `select` TEXT);"
            + " INSERT INTO `group` VALUES (1, 'a', 'b'), (2, NULL, 'c')");

    copyToPostgres("group");
    copyToMariaDb(streams("group"), SyncMode.FULL_REFRESH_OVERWRITE);
    copyToMariaDb(streams("group"), SyncMode.FULL_REFRESH_OVERWRITE);

    assertThat(postgresRows("SELECT \"order\", \"new\", \"select\" FROM mysql.\"group\""))
        .containsExactlyInAnyOrder("1|a|b", "2|null|c");
    assertThat(mariaDbRows("SELECT `order`, `new`, `select` FROM `group` ORDER BY `order`"))
        .containsExactly("1|a|b", "2|null|c");
  }

  @Test
  void emojiIsStoredIntactInUtf8mb4() throws Exception {
    postgres.execute(
        PG_DB,
        "CREATE TABLE public.rocket (id int PRIMARY KEY, label text, short varchar(12));"
            + " INSERT INTO public.rocket VALUES (1, 'rocket 🚀', '🚀🚀🚀')");
    try (Source source =
            ConnectorRegistry.builtIn()
                .factory("source-postgres")
                .createSource(postgres.sourceSettings(PG_DB, List.of("public")));
        Destination destination = destination()) {
      List<StreamDescriptor> streams =
          source.discover().stream().filter(s -> s.name().equals("rocket")).toList();
      TestingSync.copy(source, streams, destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }

    assertThat(mariaDbRows("SELECT label, HEX(label), short, CHARSET(label) FROM rocket"))
        .containsExactly("rocket 🚀|726F636B657420F09F9A80|🚀🚀🚀|utf8mb4");
  }

  @Test
  void failedOverwriteKeepsTheOldTable() throws Exception {
    StreamDescriptor stream = amounts();
    try (Destination destination = destination()) {
      load(destination, stream, SyncMode.FULL_REFRESH_OVERWRITE, List.<Object[]>of(row(1, "1.50")));
    }

    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_OVERWRITE)) {
      writer.write(batch(stream, List.<Object[]>of(row(2, "2.00"), row(3, "3.25"))));
      writer.checkpoint();

      assertThatThrownBy(() -> writer.write(batch(stream, List.<Object[]>of(row(4, "0.001")))))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("row 3 of stream amounts (primary key id)")
          .hasMessageContaining("column amount")
          .hasMessageContaining("The table is unchanged")
          .hasMessageNotContaining("0.001");
      writer.abort();
    }

    assertThat(mariaDbRows("SELECT id, amount FROM amounts")).containsExactly("1|1.50");
    assertThat(mariaDbRows("SHOW TABLES LIKE '\\_airlock%'")).isEmpty();
  }

  @Test
  void rejectedRowNamesColumnAndPositionButNotTheValue() throws Exception {
    mariadb.execute(COPY, "CREATE TABLE narrow (id BIGINT, name VARCHAR(3))");
    StreamDescriptor stream =
        new StreamDescriptor(
            "narrow",
            null,
            List.of(
                new Column("id", DataType.INTEGER, false, null),
                new Column("name", DataType.TEXT, true, null)),
            List.of("id"));
    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_APPEND)) {
      List<Object[]> rows = new ArrayList<>();
      rows.add(new Object[] {1L, "abc"});
      rows.add(new Object[] {2L, "secretvalue"});

      assertThatThrownBy(() -> writer.write(new RecordBatch(stream.columns(), rows, 0)))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("rejected row 2 of stream narrow (primary key id)")
          .hasMessageContaining("column name")
          .hasMessageContaining("error 1406")
          .hasMessageNotContaining("secretvalue")
          .hasNoCause();
    }
  }

  @Test
  void appendAddsToTheTable() throws Exception {
    StreamDescriptor stream = amounts().withColumns(amounts().columns());
    StreamDescriptor appended =
        new StreamDescriptor("appended", null, stream.columns(), stream.primaryKey());
    try (Destination destination = destination()) {
      load(destination, appended, SyncMode.FULL_REFRESH_APPEND, List.<Object[]>of(row(1, "1.00")));
      load(destination, appended, SyncMode.FULL_REFRESH_APPEND, List.<Object[]>of(row(2, "-0.01")));
    }

    assertThat(mariaDbRows("SELECT id, amount FROM appended ORDER BY id"))
        .containsExactly("1|1.00", "2|-0.01");
  }

  private static StreamDescriptor amounts() {
    return new StreamDescriptor(
        "amounts",
        null,
        List.of(
            new Column("id", DataType.INTEGER, false, null),
            new Column("amount", DataType.decimal(12, 2), true, null)),
        List.of("id"));
  }

  private static Object[] row(long id, String amount) {
    return new Object[] {id, new BigDecimal(amount)};
  }

  private static RecordBatch batch(StreamDescriptor stream, List<Object[]> rows) {
    return new RecordBatch(stream.columns(), new ArrayList<>(rows), 0);
  }

  private static void load(
      Destination destination, StreamDescriptor stream, SyncMode mode, List<Object[]> rows) {
    try (StreamWriter writer = destination.open(stream, mode)) {
      writer.write(batch(stream, rows));
      writer.finish();
    }
  }

  private static List<StreamDescriptor> streams(String table) {
    try (Source source = source()) {
      return source.discover().stream().filter(s -> s.name().equals(table)).toList();
    }
  }

  private static void copyToPostgres(String table) throws InterruptedException {
    try (Source source = source();
        Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-postgres")
                .createDestination(postgres.destinationSettings(PG_DB, "mysql"))) {
      TestingSync.copy(source, streams(table), destination, SyncMode.FULL_REFRESH_OVERWRITE);
    }
  }

  private static void copyToMariaDb(List<StreamDescriptor> streams, SyncMode mode)
      throws InterruptedException {
    try (Source source = source();
        Destination destination = destination()) {
      TestingSync.copy(source, streams, destination, mode);
    }
  }

  private static Source source() {
    return ConnectorRegistry.builtIn()
        .factory("source-mysql")
        .createSource(mariadb.sourceSettings(SOURCE));
  }

  private static Destination destination() {
    return ConnectorRegistry.builtIn()
        .factory("destination-mysql")
        .createDestination(mariadb.destinationSettings(COPY));
  }

  private static List<String> postgresRows(String sql) throws SQLException {
    try (Connection connection = postgres.connect(PG_DB);
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      return rows(statement.executeQuery(sql));
    }
  }

  private static List<String> mariaDbRows(String sql) throws SQLException {
    try (Connection connection = mariadb.connectForComparison(COPY);
        Statement statement = connection.createStatement()) {
      return rows(statement.executeQuery(sql));
    }
  }

  private static List<String> rows(ResultSet rows) throws SQLException {
    try (rows) {
      int columns = rows.getMetaData().getColumnCount();
      List<String> result = new ArrayList<>();
      while (rows.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(rows.getString(i)));
        }
        result.add(String.join("|", values));
      }
      return result;
    }
  }
}
