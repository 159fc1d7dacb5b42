package io.airlock.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows that the PostgreSQL destination rejects (constraint violations, values too long, invalid
 * input) fail the load with an error naming table, column, primary-key columns and row position,
 * never a value, and keep what earlier checkpoints committed.
 */
class PostgresLoadErrorTest {
  private static final String DB = "load_errors";
  private static final String SCHEMA = "loaded";
  private static final String CANARY = "CANARY-5d1e";
  private static final long CANARY_NUMBER = 918_273_645L;
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", DataType.INTEGER, false, null),
          new Column("code", DataType.TEXT, true, null),
          new Column("qty", DataType.INTEGER, true, null),
          new Column("note", DataType.TEXT, true, null));

  /** The destination table as a customer created it, stricter than the stream. */
  private static final String TABLE_DDL =
      "(id bigint PRIMARY KEY, code varchar(12), qty bigint CONSTRAINT qty_not_negative CHECK"
          + " (qty >= 0), note text NOT NULL)";

  private static TestingPostgres postgres;
  private static int tables;

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

  @Test
  void aDuplicateKeyNamesTableKeyColumnsAndRowButNotTheValue() {
    String table = existingTable();
    List<Object[]> rows = rows(1, 2500);
    rows.get(2199)[0] = CANARY_NUMBER;
    rows.get(2299)[0] = CANARY_NUMBER;

    assertThatThrownBy(() -> appendWithCheckpoints(table, rows, 1000))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row 2300 of stream " + table)
        .hasMessageContaining("(primary key id)")
        .hasMessageContaining("loading into " + SCHEMA + "." + table)
        .hasMessageContaining("column id, constraint " + table + "_pkey")
        .hasMessageContaining("SQLSTATE 23505")
        .hasMessageNotContaining(String.valueOf(CANARY_NUMBER))
        .satisfies(e -> assertThat(((ConnectorException) e).kind()).isEqualTo(userKind()));
    assertThat(count(table)).as("rows committed at the two checkpoints").isEqualTo(2000);
  }

  @Test
  void aValueTooLongNamesTheColumn() {
    String table = existingTable();
    List<Object[]> rows = rows(1, 30);
    rows.get(16)[1] = "too long for twelve " + CANARY;

    assertThatThrownBy(() -> appendWithCheckpoints(table, rows, 10))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row 17 of stream " + table)
        .hasMessageContaining("(primary key id)")
        .hasMessageContaining(SCHEMA + "." + table + ", column code")
        .hasMessageContaining("SQLSTATE 22001")
        .hasMessageNotContaining(CANARY);
    assertThat(count(table)).isEqualTo(10);
  }

  @Test
  void aNullInANotNullColumnNamesTheColumn() {
    String table = existingTable();
    List<Object[]> rows = rows(1, 5);
    rows.get(3)[3] = null;

    assertThatThrownBy(() -> appendWithCheckpoints(table, rows, 2))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row 4 of stream " + table)
        .hasMessageContaining(", column note")
        .hasMessageContaining("SQLSTATE 23502")
        .hasMessageNotContaining("code 3");
    assertThat(count(table)).isEqualTo(2);
  }

  @Test
  void aCheckViolationNamesTheColumnOfTheConstraint() {
    String table = existingTable();
    List<Object[]> rows = rows(1, 5);
    rows.get(4)[2] = -CANARY_NUMBER;

    assertThatThrownBy(() -> appendWithCheckpoints(table, rows, 100))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row 5 of stream " + table)
        .hasMessageContaining(", column qty, constraint qty_not_negative")
        .hasMessageContaining("SQLSTATE 23514")
        .hasMessageNotContaining(String.valueOf(CANARY_NUMBER));
    assertThat(count(table)).isZero();
  }

  @Test
  void invalidInputNamesTheColumnButNotTheText() {
    String table = "t" + (++tables);
    postgres.execute(DB, "CREATE TABLE " + SCHEMA + "." + table + " (id bigint, code integer)");
    StreamDescriptor stream = new StreamDescriptor(table, null, COLUMNS.subList(0, 2), List.of());
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1L, "7"});
    rows.add(new Object[] {2L, "seven " + CANARY});

    assertThatThrownBy(() -> write(stream, SyncMode.FULL_REFRESH_APPEND, rows, 100))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row 2 of stream " + table)
        .hasMessageContaining("(it has no primary key)")
        .hasMessageContaining(", column code")
        .hasMessageContaining("SQLSTATE 22P02")
        .hasMessageNotContaining(CANARY)
        .hasMessageNotContaining("seven");
  }

  @Test
  void aRejectedRowInOverwriteKeepsTheOldTableAndSaysSo() {
    String table = "t" + (++tables);
    StreamDescriptor stream = stream(table);
    write(stream, SyncMode.FULL_REFRESH_OVERWRITE, rows(1, 3), 100);
    List<Object[]> rows = rows(100, 40);
    rows.get(24)[1] = "nul \u0000 " + CANARY;

    assertThatThrownBy(() -> write(stream, SyncMode.FULL_REFRESH_OVERWRITE, rows, 10))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("row 25 of stream " + table)
        .hasMessageContaining("(primary key id)")
        .hasMessageContaining("into " + SCHEMA + "." + table + ", column code")
        .hasMessageContaining("The table is unchanged")
        .hasMessageNotContaining(CANARY);
    assertThat(count(table)).isEqualTo(3);
  }

  private static ConnectorException.Kind userKind() {
    return ConnectorException.Kind.USER;
  }

  /** A new destination table created ahead of the load, with a key and constraints. */
  private static String existingTable() {
    String table = "t" + (++tables);
    postgres.execute(DB, "CREATE TABLE " + SCHEMA + "." + table + " " + TABLE_DDL);
    return table;
  }

  private static StreamDescriptor stream(String table) {
    return new StreamDescriptor(table, null, COLUMNS, List.of("id"));
  }

  private static List<Object[]> rows(long firstId, int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(new Object[] {firstId + i, "code " + i % 100, (long) i, "note " + i});
    }
    return rows;
  }

  private static void appendWithCheckpoints(String table, List<Object[]> rows, int checkpointRows) {
    write(stream(table), SyncMode.FULL_REFRESH_APPEND, rows, checkpointRows);
  }

  /** Writes {@code rows} in batches of {@code checkpointRows}, each followed by a checkpoint. */
  private static void write(
      StreamDescriptor stream, SyncMode mode, List<Object[]> rows, int checkpointRows) {
    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, mode)) {
      for (int i = 0; i < rows.size(); i += checkpointRows) {
        List<Object[]> batch = rows.subList(i, Math.min(rows.size(), i + checkpointRows));
        writer.write(new RecordBatch(stream.columns(), batch, 0));
        writer.checkpoint();
      }
      writer.finish();
    }
  }

  private static Destination destination() {
    return ConnectorRegistry.builtIn()
        .factory("destination-postgres")
        .createDestination(postgres.destinationSettings(DB, SCHEMA));
  }

  private static long count(String table) {
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + SCHEMA + "." + table)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
