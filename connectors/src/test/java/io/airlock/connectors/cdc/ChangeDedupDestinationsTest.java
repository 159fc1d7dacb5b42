package io.airlock.connectors.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.protocol.job.SyncMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Changes (streams with the change-capture columns) in dedup mode, into every database destination:
 * the versions of a key are ordered by log position, not by arrival, and a key whose latest change
 * is a delete is absent, within one checkpoint and across checkpoints (case CDC-02's rule).
 */
class ChangeDedupDestinationsTest {
  private static final String DB = "changes";
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", DataType.INTEGER, false, null),
          new Column("note", DataType.TEXT, true, null),
          new Column(ChangeColumns.LSN, DataType.INTEGER, false, null),
          new Column(ChangeColumns.DELETED, DataType.BOOLEAN, false, null));

  @TempDir static Path folder;

  private static TestingPostgres postgres;
  private static TestingMariaDb mariadb;

  @BeforeAll
  static void start() {
    postgres = TestingPostgres.start();
    postgres.createDatabase(DB);
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(DB);
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"destination-postgres", "destination-mysql", "destination-duckdb"})
  void theLatestChangeByLogPositionWinsAndDeletesRemoveTheKey(String type) throws Exception {
    StreamDescriptor stream =
        new StreamDescriptor("orders_" + type.substring(12), null, COLUMNS, List.of("id"));

    try (Destination destination = destination(type);
        StreamWriter writer = destination.open(stream, SyncMode.INCREMENTAL_APPEND_DEDUP, "id")) {
      writer.write(batch(change(1, "a", 10), change(2, "b", 11), change(5, "e", 12)));
      writer.checkpoint();
      writer.write(
          batch(
              delete(1, 20),
              change(2, "b-newer", 25),
              change(2, "b-older", 22),
              change(3, "c", 30),
              change(3, "c2", 31),
              delete(3, 32),
              delete(4, 40),
              change(4, "d-again", 41)));
      writer.checkpoint();
      writer.write(batch(change(5, "e-stale", 5), delete(2, 50)));
      writer.finish();
    }

    assertThat(rows(type, stream.name())).containsExactly("4|d-again", "5|e");
  }

  @ParameterizedTest
  @ValueSource(strings = {"destination-postgres", "destination-mysql", "destination-duckdb"})
  void anUnchangedValueKeepsTheStoredOrTheEarlierStagedValue(String type) throws Exception {
    StreamDescriptor stream =
        new StreamDescriptor("toast_" + type.substring(12), null, COLUMNS, List.of("id"));
    String unchanged = ChangeColumns.UNCHANGED;

    try (Destination destination = destination(type);
        StreamWriter writer = destination.open(stream, SyncMode.INCREMENTAL_APPEND_DEDUP, "id")) {
      writer.write(batch(change(6, "large six", 60)));
      writer.checkpoint();
      writer.write(
          batch(
              change(6, unchanged, 61),
              change(7, "large seven", 70),
              change(7, unchanged, 71),
              change(8, null, 80)));
      writer.checkpoint();
      writer.write(batch(change(6, unchanged, 62), change(8, unchanged, 81)));
      writer.finish();
    }

    assertThat(rows(type, stream.name())).containsExactly("6|large six", "7|large seven", "8|null");
  }

  private static Object[] change(long id, String note, long lsn) {
    return new Object[] {id, note, lsn, false};
  }

  private static Object[] delete(long id, long lsn) {
    return new Object[] {id, null, lsn, true};
  }

  private static RecordBatch batch(Object[]... rows) {
    return new RecordBatch(COLUMNS, List.of(rows), 64L * rows.length);
  }

  private static Destination destination(String type) {
    ConnectorSettings settings =
        switch (type) {
          case "destination-postgres" -> postgres.destinationSettings(DB, "public");
          case "destination-mysql" -> mariadb.destinationSettings(DB);
          default ->
              new ConnectorSettings(
                  type, Map.of("path", folder.resolve("changes.duckdb").toString()), r -> null);
        };
    return ConnectorRegistry.builtIn().factory(type).createDestination(settings);
  }

  private static List<String> rows(String type, String table) throws SQLException {
    try (Connection connection = connect(type)) {
      List<String> rows = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet result =
              statement.executeQuery("SELECT id, note FROM " + table + " ORDER BY id")) {
        while (result.next()) {
          rows.add(result.getLong(1) + "|" + result.getString(2));
        }
      }
      return rows;
    }
  }

  private static Connection connect(String type) throws SQLException {
    return switch (type) {
      case "destination-postgres" -> postgres.connect(DB);
      case "destination-mysql" -> mariadb.connect(DB);
      default -> DriverManager.getConnection("jdbc:duckdb:" + folder.resolve("changes.duckdb"));
    };
  }
}
