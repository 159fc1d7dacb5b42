package io.airlock.connectors.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Destination;
import io.airlock.connectors.spi.RecordBatch;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.connectors.spi.StreamWriter;
import io.airlock.protocol.job.SyncMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental append with dedup into a real DuckDB file: one row per primary key, the last one read
 * wins within a checkpoint, an older cursor never replaces a newer row, a NULL cursor never blocks
 * a replacement, and no staging table is left behind.
 */
class DuckDbDedupTest {
  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", DataType.INTEGER, false, null),
          new Column("note", DataType.TEXT, true, null),
          new Column("updated", DataType.TIMESTAMP, true, null));
  private static final StreamDescriptor STREAM =
      new StreamDescriptor("orders", null, COLUMNS, List.of("id"));
  private static final LocalDateTime T0 = LocalDateTime.of(2024, 1, 1, 0, 0);

  @TempDir Path folder;

  @Test
  void oneRowPerKeyAndTheLatestCursorWins() throws SQLException {
    ConnectorSettings settings =
        new ConnectorSettings(
            "destination-duckdb",
            Map.of("path", folder.resolve("w.duckdb").toString()),
            reference -> null);
    try (Destination destination =
            ConnectorRegistry.builtIn().factory("destination-duckdb").createDestination(settings);
        StreamWriter writer =
            destination.open(STREAM, SyncMode.INCREMENTAL_APPEND_DEDUP, "updated")) {
      writer.write(
          batch(
              row(1, "a", T0.plusHours(1)),
              row(2, "b", T0.plusHours(1)),
              row(1, "a2", T0.plusHours(2))));
      writer.checkpoint();
      writer.write(batch(row(2, "older", T0), row(3, "c", null), row(1, "a3", null)));
      writer.finish();
    }

    assertThat(query("SELECT id || '|' || note FROM orders ORDER BY id"))
        .containsExactly("1|a3", "2|b", "3|c");
    assertThat(query("SELECT table_name FROM information_schema.tables ORDER BY 1"))
        .containsExactly("orders");
  }

  private static Object[] row(long id, String note, LocalDateTime updated) {
    return new Object[] {id, note, updated};
  }

  private static RecordBatch batch(Object[]... rows) {
    return new RecordBatch(COLUMNS, List.of(rows), 64L * rows.length);
  }

  private List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection("jdbc:duckdb:" + folder.resolve("w.duckdb"));
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }
}
