package io.airlock.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.files.FilesSourceFactory;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.dataplane.testing.TestingConnectors;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control plane cannot make a data plane read files outside the folders it allows: neither a sync
 * nor a discovery of them runs, and nothing of them reaches a destination or the catalog.
 */
class LocalPathsSyncTest {
  @TempDir Path root;

  @Test
  void syncAndDiscoveryOfAFolderOutsideTheAllowedOnesFailBeforeReadingIt() throws Exception {
    Path allowed = Files.createDirectories(root.resolve("exports"));
    Path work = Files.createDirectories(root.resolve("dataplane"));
    Files.writeString(work.resolve("key.csv"), "line\n-----BEGIN PRIVATE KEY-----\n");
    TestingConnectors destination = new TestingConnectors();
    SyncEngine engine =
        new SyncEngine(
            destination.registryWithSource(new FilesSourceFactory()),
            SyncOptions.of(1_000),
            LocalPaths.allowing(List.of(root), List.of(work)));
    SyncJobRunner runner = new SyncJobRunner(engine, reference -> null);

    RunOutcome sync = runner.run(job(JobKind.SYNC, work), new JobProgress());
    JobProgress discovery = new JobProgress();
    RunOutcome discover = runner.run(job(JobKind.DISCOVER, work), discovery);
    RunOutcome outside = runner.run(job(JobKind.SYNC, Path.of("/etc")), new JobProgress());
    RunOutcome inside = runner.run(job(JobKind.SYNC, allowed), new JobProgress());

    assertThat(sync.isSuccess()).isFalse();
    assertThat(sync.error().message())
        .isEqualTo(
            "Connector source-files setting 'path' is outside the folders this data plane allows"
                + " (--allow-path; never its own work folder); use a path inside one of them or"
                + " allow another folder");
    assertThat(discover.isSuccess()).isFalse();
    assertThat(discovery.catalog()).isEmpty();
    assertThat(outside.error().message()).contains("is outside the folders");
    assertThat(destination.rows).isEmpty();
    assertThat(inside.error()).as("an allowed, empty folder").isNull();
  }

  private static JobSpec job(JobKind kind, Path folder) {
    return new JobSpec(
        UUID.randomUUID(),
        kind,
        UUID.randomUUID(),
        UUID.randomUUID(),
        new ConnectorConfig(
            "source-files", Map.of("path", folder.toString(), "format", "csv", "header", false)),
        kind == JobKind.SYNC ? new ConnectorConfig(TestingConnectors.DESTINATION, Map.of()) : null,
        List.of(),
        List.of(),
        null);
  }
}
