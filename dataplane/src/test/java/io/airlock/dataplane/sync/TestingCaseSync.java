package io.airlock.dataplane.sync;

import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.testing.TestingMariaDb;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.job.MapperConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the real engine over the built-in connectors for the tests of {@code ../shared/cases}: a
 * JSON Lines folder as the source, any built-in destination, and the secrets of the test servers.
 */
final class TestingCaseSync {
  static final String KEY = "case-hash-key";
  static final String KEY_REFERENCE = "env://CASE_HASH_KEY";

  private final TestingPostgres postgres;
  private final TestingMariaDb mariadb;

  TestingCaseSync(TestingPostgres postgres, TestingMariaDb mariadb) {
    this.postgres = postgres;
    this.mariadb = mariadb;
  }

  /** One sync of every JSON Lines file of {@code input}, each overwritten. */
  RunOutcome run(
      Path input,
      String destination,
      Map<String, Object> config,
      List<MapperConfig> mappers,
      int checkpointRecords) {
    return run(input, destination, config, mappers, checkpointRecords, List.of());
  }

  /** One sync of {@code input} with the given stream selections. */
  RunOutcome run(
      Path input,
      String destination,
      Map<String, Object> config,
      List<MapperConfig> mappers,
      int checkpointRecords,
      List<io.airlock.protocol.job.StreamConfig> streams) {
    JobSpec job =
        new JobSpec(
            UUID.randomUUID(),
            JobKind.SYNC,
            UUID.randomUUID(),
            UUID.randomUUID(),
            new ConnectorConfig(
                "source-files", Map.of("path", input.toString(), "format", "jsonl")),
            new ConnectorConfig(destination, config),
            streams,
            mappers,
            null);
    SyncEngine engine =
        new SyncEngine(
            ConnectorRegistry.builtIn(),
            SyncOptions.of(checkpointRecords),
            LocalPaths.allowing(input.getParent()));
    return new SyncJobRunner(engine, this::secret).run(job, new JobProgress());
  }

  private Secret secret(String reference) {
    return switch (reference) {
      case KEY_REFERENCE -> Secret.of(KEY);
      case TestingPostgres.PASSWORD_REFERENCE -> postgres.secrets().resolve(reference);
      case TestingMariaDb.PASSWORD_REFERENCE -> mariadb.secrets().resolve(reference);
      default -> throw new IllegalArgumentException("Unknown reference in test: " + reference);
    };
  }

  /** The rows of a query whose first column is a long key, the others text, by key. */
  static Map<Long, String[]> read(Connection connection, String sql) throws SQLException {
    Map<Long, String[]> rows = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        String[] values = new String[columns - 1];
        for (int i = 0; i < values.length; i++) {
          values[i] = result.getString(i + 2);
        }
        rows.put(result.getLong(1), values);
      }
    }
    return rows;
  }
}
