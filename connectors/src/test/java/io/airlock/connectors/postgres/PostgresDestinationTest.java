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
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Load modes and failure handling of the PostgreSQL destination. */
class PostgresDestinationTest {
  private static final String DB = "destination";
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", DataType.INTEGER, false, null),
          new Column("name", DataType.TEXT, true, null),
          new Column("at", DataType.TIMESTAMP, true, null));

  private static TestingPostgres postgres;
  private static int tables;

  @BeforeAll
  static void startPostgres() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void overwriteReplacesTheTableAndLeavesNoStagingTable() {
    StreamDescriptor stream = newStream();
    load(stream, SyncMode.FULL_REFRESH_OVERWRITE, rows(1, 3));

    load(stream, SyncMode.FULL_REFRESH_OVERWRITE, rows(10, 2));

    assertThat(ids(stream)).containsExactly(10L, 11L);
    assertThat(stagingTables()).isEmpty();
  }

  @Test
  void overwriteKeepsOldDataWhenTheLoadFails() {
    StreamDescriptor stream = newStream();
    load(stream, SyncMode.FULL_REFRESH_OVERWRITE, rows(1, 3));
    List<Object[]> bad = rows(100, 5);
    bad.get(3)[1] = "nul \u0000 inside";

    assertThatThrownBy(() -> load(stream, SyncMode.FULL_REFRESH_OVERWRITE, bad))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("stream " + stream.name())
        .hasMessageContaining("column name")
        .hasMessageContaining("row 4")
        .hasMessageNotContaining("inside");
    assertThat(ids(stream)).containsExactly(1L, 2L, 3L);
    assertThat(stagingTables()).isEmpty();
  }

  @Test
  void valueRejectedByPostgresFailsTheLoadNamingColumnAndRowButNotTheValue() {
    StreamDescriptor stream = newStream();
    load(stream, SyncMode.FULL_REFRESH_OVERWRITE, rows(1, 2));
    List<Object[]> bad = rows(100, 3000);
    // PostgreSQL timestamps end in year 294276.
    bad.get(2499)[2] = LocalDateTime.of(300_000, 1, 1, 0, 0);

    assertThatThrownBy(() -> load(stream, SyncMode.FULL_REFRESH_OVERWRITE, bad))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("column at")
        .hasMessageContaining("row 2500")
        .hasMessageNotContaining("300000");
    assertThat(ids(stream)).containsExactly(1L, 2L);
    assertThat(stagingTables()).isEmpty();
  }

  @Test
  void appendKeepsEveryCheckpointedBatchWhenLaterWorkIsAborted() {
    StreamDescriptor stream = newStream();
    load(stream, SyncMode.FULL_REFRESH_APPEND, rows(1, 2));

    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_APPEND)) {
      writer.write(batch(rows(10, 2)));
      writer.checkpoint();
      writer.write(batch(rows(20, 2)));
      writer.abort();
    }

    assertThat(ids(stream)).containsExactly(1L, 2L, 10L, 11L);
  }

  @Test
  void appendUsesOneCopyBetweenCheckpoints() throws SQLException {
    StreamDescriptor stream = newStream();
    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, SyncMode.FULL_REFRESH_APPEND)) {
      for (int i = 0; i < 5; i++) {
        writer.write(batch(rows(i * 10, 3)));
      }

      assertThat(ids(stream)).isEmpty();
      writer.checkpoint();
      assertThat(ids(stream)).hasSize(15);
      writer.finish();
    }
  }

  @Test
  void dedupNeedsThePrimaryKeyOfTheStream() {
    StreamDescriptor keyless =
        new StreamDescriptor("keyless_" + (++tables), null, COLUMNS, List.of());
    try (Destination destination = destination()) {
      assertThatThrownBy(
              () -> destination.open(keyless, SyncMode.INCREMENTAL_APPEND_DEDUP, "updated_at"))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("has no primary key")
          .hasMessageContaining("INCREMENTAL_APPEND")
          .extracting(e -> ((ConnectorException) e).kind())
          .isEqualTo(ConnectorException.Kind.USER);
    }
  }

  @Test
  void identifiersAreAlwaysQuoted() {
    StreamDescriptor stream =
        new StreamDescriptor(
            "Group \"of\" order",
            null,
            List.of(
                new Column("order", DataType.INTEGER, true, null),
                new Column("new", DataType.TEXT, true, null),
                new Column("Mixed Case;drop", DataType.TEXT, true, null)),
            List.of());

    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {1L, "a", "b"});

    load(stream, SyncMode.FULL_REFRESH_OVERWRITE, rows);

    assertThat(ids(stream)).containsExactly(1L);
  }

  private static StreamDescriptor newStream() {
    return new StreamDescriptor("table_" + (++tables), null, COLUMNS, List.of("id"));
  }

  private static List<Object[]> rows(int firstId, int count) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(
          new Object[] {
            (long) firstId + i, "name " + i, LocalDateTime.of(2024, 1, 1, 0, 0, i % 60)
          });
    }
    return rows;
  }

  private static RecordBatch batch(List<Object[]> rows) {
    return new RecordBatch(COLUMNS, rows, 0);
  }

  private static void load(StreamDescriptor stream, SyncMode mode, List<Object[]> rows) {
    try (Destination destination = destination();
        StreamWriter writer = destination.open(stream, mode)) {
      for (int i = 0; i < rows.size(); i += 1000) {
        writer.write(
            new RecordBatch(stream.columns(), rows.subList(i, Math.min(rows.size(), i + 1000)), 0));
      }
      writer.finish();
    }
  }

  private static Destination destination() {
    return ConnectorRegistry.builtIn()
        .factory("destination-postgres")
        .createDestination(postgres.destinationSettings(DB, "loaded"));
  }

  private static List<Long> ids(StreamDescriptor stream) {
    String column = stream.columns().get(0).name().replace("\"", "\"\"");
    String table = stream.name().replace("\"", "\"\"");
    List<Long> ids = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT \"" + column + "\" FROM loaded.\"" + table + "\" ORDER BY 1")) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }

  private static List<String> stagingTables() {
    List<String> names = new ArrayList<>();
    try (Connection connection = postgres.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT tablename FROM pg_tables WHERE tablename LIKE '\\_airlock\\_stage\\_%'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return names;
  }
}
