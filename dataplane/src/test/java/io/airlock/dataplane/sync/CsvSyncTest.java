package io.airlock.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.csv.CsvSourceFactory;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.dataplane.secrets.EnvSecretResolver;
import io.airlock.dataplane.secrets.SchemeSecretResolver;
import io.airlock.dataplane.testing.ReferenceHmac;
import io.airlock.dataplane.testing.TestingConnectors;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.job.MapperConfig;
import io.airlock.protocol.lease.StreamProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with the real built-in CSV source and a recording destination. */
class CsvSyncTest {
  private static final String KEY = "csv-test-key";
  private static final int ROWS = 12_345;

  @TempDir Path dir;

  @Test
  void syncsACsvFolderAndHashesTheChosenColumn() throws Exception {
    StringBuilder csv = new StringBuilder("ID,SSN,ZIP\n");
    for (int i = 0; i < ROWS; i++) {
      csv.append(i).append(",999-00-").append(1000 + i).append(",0").append(1000 + i % 9000);
      csv.append('\n');
    }
    Files.writeString(dir.resolve("patients.csv"), csv);
    TestingConnectors destination = new TestingConnectors();
    SyncJobRunner runner =
        new SyncJobRunner(
            new SyncEngine(
                destination.registryWithSource(new CsvSourceFactory()),
                SyncOptions.of(5_000),
                LocalPaths.allowing(dir)),
            new SchemeSecretResolver(
                Map.of("env", new EnvSecretResolver(Map.of("HASH_KEY", KEY)::get))));
    JobProgress progress = new JobProgress();

    RunOutcome outcome = runner.run(job(), progress);

    assertThat(outcome.error()).isNull();
    assertThat(outcome.isSuccess()).isTrue();
    assertThat(progress.snapshot())
        .extracting(StreamProgress::records)
        .containsExactly((long) ROWS);
    assertThat(destination.checkpoints.get("patients")).hasSize(ROWS / 5_000);
    List<Object[]> rows = destination.rows.get("patients");
    assertThat(rows).hasSize(ROWS);
    Object[] row = rows.get(42);
    assertThat(row[1]).isEqualTo(ReferenceHmac.hex(KEY, "999-00-1042"));
    assertThat(row[2]).isEqualTo("01042");
  }

  private JobSpec job() {
    return new JobSpec(
        UUID.randomUUID(),
        JobKind.SYNC,
        UUID.randomUUID(),
        UUID.randomUUID(),
        new ConnectorConfig("source-csv", Map.of("path", dir.toString())),
        new ConnectorConfig(TestingConnectors.DESTINATION, Map.of()),
        List.of(),
        List.of(new MapperConfig("hash", "patients", List.of("SSN"), "env://HASH_KEY")),
        null);
  }
}
