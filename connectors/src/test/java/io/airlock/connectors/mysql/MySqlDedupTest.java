package io.airlock.connectors.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.protocol.job.SyncMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Incremental append with dedup into a real MariaDB: one row per primary key, the last one read
 * wins within a statement, an older cursor never replaces a newer row, and a NULL cursor never
 * blocks a replacement.
 */
class MySqlDedupTest {
  private static final String DB = "dedup";
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", DataType.INTEGER, false, null),
          new Column("note", DataType.TEXT, true, null),
          new Column("updated", DataType.TIMESTAMP, true, null));
  private static final StreamDescriptor STREAM =
      new StreamDescriptor("orders", null, COLUMNS, List.of("id"));
  private static final LocalDateTime T0 = LocalDateTime.of(2024, 1, 1, 0, 0);

  private static TestingMariaDb mariadb;

  @BeforeAll
  static void createDatabase() {
    mariadb = TestingMariaDb.shared();
    mariadb.createDatabase(DB);
  }

  @Test
  void oneRowPerKeyAndTheLatestCursorWins() throws SQLException {
    try (Destination destination =
            ConnectorRegistry.builtIn()
                .factory("destination-mysql")
                .createDestination(mariadb.destinationSettings(DB));
        StreamWriter writer =
            destination.open(STREAM, SyncMode.INCREMENTAL_APPEND_DEDUP, "updated")) {
      writer.write(
          batch(
              row(1, "a", T0.plusHours(1)),
              row(2, "b", T0.plusHours(1)),
              row(1, "a2", T0.plusHours(2))));
      writer.checkpoint();
      assertThat(rows()).containsExactly("1|a2", "2|b");

      writer.write(batch(row(2, "older", T0), row(3, "c", null), row(1, "a3", null)));
      writer.finish();
    }

    assertThat(rows()).containsExactly("1|a3", "2|b", "3|c");
  }

  private static Object[] row(long id, String note, LocalDateTime updated) {
    return new Object[] {id, note, updated};
  }

  private static RecordBatch batch(Object[]... rows) {
    return new RecordBatch(COLUMNS, List.of(rows), 64L * rows.length);
  }

  private static List<String> rows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = mariadb.connect(DB);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT id, note FROM orders ORDER BY id")) {
      while (result.next()) {
        rows.add(result.getLong(1) + "|" + result.getString(2));
      }
    }
    return rows;
  }
}
