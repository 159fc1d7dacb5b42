package io.airlock.connectors.contract;

import io.airlock.connectors.spi.ConnectorSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB destination against the destination contract, on a real DuckDB file. */
class DuckDbDestinationContractTest extends DestinationContract {
  @TempDir static Path folder;

  @Override
  protected String type() {
    return "destination-duckdb";
  }

  @Override
  protected ConnectorSettings goodSettings() {
    return settings(folder.resolve("warehouse.duckdb"));
  }

  /** A database file under a path that is a regular file, so it cannot be created. */
  @Override
  protected ConnectorSettings badSettings() {
    return settings(Path.of("/proc/version/warehouse.duckdb"));
  }

  private ConnectorSettings settings(Path file) {
    return new ConnectorSettings(type(), Map.of("path", file.toString()), reference -> null);
  }

  @Override
  protected List<Long> idsOf(String stream) throws SQLException {
    List<Long> ids = new ArrayList<>();
    String url = "jdbc:duckdb:" + folder.resolve("warehouse.duckdb");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT id FROM main.\"" + stream + "\" ORDER BY id")) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }
}
