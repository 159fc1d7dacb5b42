package io.airlock.dataplane.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.SecretResolver;
import io.airlock.dataplane.files.LocalPaths;
import io.airlock.dataplane.secrets.EnvSecretResolver;
import io.airlock.dataplane.secrets.SchemeSecretResolver;
import io.airlock.dataplane.testing.ReferenceHmac;
import io.airlock.dataplane.testing.TestingConnectors;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.job.MapperConfig;
import io.airlock.protocol.job.StreamConfig;
import io.airlock.protocol.job.SyncMode;
import io.airlock.protocol.lease.JobOutcome;
import io.airlock.protocol.lease.StreamProgress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SyncEngineTest {
  private static final String KEY = "test-hash-key";
  private static final String CANARY = "CANARY-8e41f0";

  private final SecretResolver secrets =
      new SchemeSecretResolver(
          Map.of(
              "env",
              new EnvSecretResolver(Map.of("HASH_KEY", KEY, "DB_PASSWORD", CANARY + "-pw")::get)));

  @Test
  void syncsEveryDiscoveredStreamWhenNoneIsSelected() {
    TestingConnectors connectors = new TestingConnectors("a", "b");
    JobProgress progress = new JobProgress();

    RunOutcome outcome =
        engine(connectors, 100_000).run(job(List.of(), List.of()), secrets, progress);

    assertThat(outcome.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(outcome.error()).isNull();
    assertThat(connectors.events)
        .containsSubsequence(
            "open a FULL_REFRESH_OVERWRITE",
            "finish a",
            "open b FULL_REFRESH_OVERWRITE",
            "finish b");
    assertThat(connectors.rows.get("a")).hasSize(10_000);
    assertThat(progress.snapshot())
        .extracting(StreamProgress::stream, StreamProgress::records, StreamProgress::bytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 10_000L, 200_000L),
            org.assertj.core.groups.Tuple.tuple("b", 10_000L, 200_000L));
  }

  @Test
  void readerRunsAtMostTheQueueCapacityAheadOfTheWriter() {
    TestingConnectors connectors = new TestingConnectors("big");
    connectors.rowsPerStream = 200_000;
    connectors.slowFirstWrite = true;

    RunOutcome outcome =
        new SyncEngine(connectors.registry(), new SyncOptions(1_000_000, 4), LocalPaths.none())
            .run(job(List.of(), List.of()), secrets, new JobProgress());

    assertThat(outcome.isSuccess()).isTrue();
    assertThat(connectors.batchesWritten.get()).isEqualTo(200);
    // Queued (4) plus the one being written; without the bound the reader would be 20+ ahead.
    assertThat(connectors.maxBatchesInFlight.get()).isBetween(1L, 5L);
  }

  @Test
  void checkpointsEveryConfiguredNumberOfRecords() {
    TestingConnectors connectors = new TestingConnectors("a");

    RunOutcome outcome =
        engine(connectors, 2_500).run(job(List.of(), List.of()), secrets, new JobProgress());

    assertThat(outcome.isSuccess()).isTrue();
    assertThat(connectors.checkpoints.get("a")).containsExactly(3_000L, 6_000L, 9_000L);
    assertThat(connectors.events).containsSubsequence("finish a", "close a");
  }

  @Test
  void aFailingStreamFailsTheJobAndAbortsItsWriter() {
    TestingConnectors connectors = new TestingConnectors("a", "b");
    connectors.failStream = "b";
    connectors.failAtBatch = 3;
    connectors.readFailure =
        new ConnectorException(
            ConnectorException.Kind.EXTERNAL, "Connection to the source was lost reading stream b");

    RunOutcome outcome =
        engine(connectors, 100_000).run(job(List.of(), List.of()), secrets, new JobProgress());

    assertThat(outcome.outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(outcome.error().kind()).isEqualTo("EXTERNAL");
    assertThat(outcome.error().retriable()).isTrue();
    assertThat(outcome.error().message())
        .isEqualTo("Connection to the source was lost reading stream b");
    assertThat(connectors.events)
        .contains("finish a", "abort b", "close b")
        .doesNotContain("finish b");
    assertThat(connectors.events).contains("source closed", "destination closed");
  }

  @Test
  void aFailingWriterFailsTheJobAndStopsTheReader() {
    TestingConnectors connectors = new TestingConnectors("a");
    connectors.rowsPerStream = 1_000_000;
    connectors.writeFailure =
        new ConnectorException(ConnectorException.Kind.USER, "Column ssn of table a is too short");

    RunOutcome outcome =
        engine(connectors, 100_000).run(job(List.of(), List.of()), secrets, new JobProgress());

    assertThat(outcome.outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(outcome.error().kind()).isEqualTo("USER");
    assertThat(connectors.events).contains("abort a").doesNotContain("finish a");
    assertThat(connectors.batchesProduced.get()).isLessThan(100);
  }

  @Test
  void driverMessagesNeverReachTheErrorReport() {
    TestingConnectors connectors = new TestingConnectors("a");
    connectors.failStream = "a";
    connectors.failAtBatch = 1;
    connectors.readFailure =
        new IllegalStateException(
            "ERROR: duplicate key value violates unique constraint \"a_pkey\"\n  Detail: Key"
                + " (id)=("
                + CANARY
                + ") already exists.");

    RunOutcome outcome =
        engine(connectors, 100_000).run(job(List.of(), List.of()), secrets, new JobProgress());

    assertThat(outcome.outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(outcome.error().kind()).isEqualTo("INTERNAL");
    assertThat(outcome.error().message())
        .doesNotContain(CANARY)
        .contains("java.lang.IllegalStateException");
  }

  @Test
  void valuesQuotedInConnectorMessagesAndSecretsAreScrubbed() {
    TestingConnectors connectors = new TestingConnectors("a");
    connectors.failStream = "a";
    connectors.failAtBatch = 0;
    connectors.readFailure =
        new ConnectorException(
            ConnectorException.Kind.EXTERNAL,
            "Copy into a failed: Key (id)=("
                + CANARY
                + ") already exists; login "
                + CANARY
                + "-pw refused",
            new IllegalStateException(CANARY));
    JobSpec job =
        new JobSpec(
            UUID.randomUUID(),
            JobKind.SYNC,
            UUID.randomUUID(),
            UUID.randomUUID(),
            new ConnectorConfig(TestingConnectors.SOURCE, Map.of("password", "env://DB_PASSWORD")),
            new ConnectorConfig(TestingConnectors.DESTINATION, Map.of()),
            List.of(),
            List.of(),
            null);

    RunOutcome outcome =
        new SyncJobRunner(engine(connectors, 100_000), secrets).run(job, new JobProgress());

    assertThat(connectors.secretsSeen).containsExactly(CANARY + "-pw");
    assertThat(outcome.error().message())
        .doesNotContain(CANARY)
        .contains("Copy into a failed: Key (id)=(…)")
        .contains("<redacted>");
  }

  @Test
  void selectedColumnsAreProjectedAndMappedColumnsHashed() {
    TestingConnectors connectors = new TestingConnectors("a", "b");
    JobSpec job =
        job(
            List.of(new StreamConfig("a", SyncMode.FULL_REFRESH_APPEND, List.of("ssn", "id"))),
            List.of(new MapperConfig("hash", "a", List.of("ssn"), "env://HASH_KEY")));

    RunOutcome outcome = engine(connectors, 100_000).run(job, secrets, new JobProgress());

    assertThat(outcome.isSuccess()).isTrue();
    assertThat(connectors.events).contains("open a FULL_REFRESH_APPEND").doesNotContain("open b");
    var opened = connectors.opened.get("a");
    assertThat(opened.columns()).extracting(c -> c.name()).containsExactly("id", "ssn");
    assertThat(opened.column("ssn").orElseThrow().type()).isEqualTo(DataType.TEXT);
    List<Object[]> rows = connectors.rows.get("a");
    assertThat(rows).hasSize(10_000);
    for (int i : new int[] {1, 2, 7, 9_999}) {
      Object[] row = rows.get(i);
      assertThat(row[0]).isEqualTo((long) i);
      String ssn = TestingConnectors.ssn(i);
      assertThat(row[1]).isEqualTo(ssn == null ? null : ReferenceHmac.hex(KEY, ssn));
    }
  }

  @Test
  void aMapperNamingAnUnknownColumnIsAUserError() {
    TestingConnectors connectors = new TestingConnectors("patients");
    JobSpec job =
        job(
            List.of(),
            List.of(new MapperConfig("hash", "patients", List.of("email"), "env://HASH_KEY")));

    RunOutcome outcome = engine(connectors, 100_000).run(job, secrets, new JobProgress());

    assertThat(outcome.outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(outcome.error().kind()).isEqualTo("USER");
    assertThat(outcome.error().message()).contains("'email'").contains("'patients'");
    assertThat(connectors.events).noneMatch(e -> e.startsWith("open"));
  }

  @Test
  void aStreamTheSourceDoesNotOfferIsAUserError() {
    TestingConnectors connectors = new TestingConnectors("a");
    JobSpec job = job(List.of(new StreamConfig("nope", null, List.of())), List.of());

    RunOutcome outcome = engine(connectors, 100_000).run(job, secrets, new JobProgress());

    assertThat(outcome.error().kind()).isEqualTo("USER");
    assertThat(outcome.error().message()).contains("'nope'").contains("offers: public.a");
  }

  @Test
  void interruptingTheJobStopsItWithoutSuccess() throws Exception {
    TestingConnectors connectors = new TestingConnectors("a");
    connectors.holdReading = new CountDownLatch(1);
    AtomicReference<RunOutcome> outcome = new AtomicReference<>();
    Thread worker =
        new Thread(
            () ->
                outcome.set(
                    engine(connectors, 100_000)
                        .run(job(List.of(), List.of()), secrets, new JobProgress())));
    worker.start();
    assertThat(connectors.readingStarted.await(10, TimeUnit.SECONDS)).isTrue();

    worker.interrupt();
    worker.join(10_000);

    assertThat(worker.isAlive()).isFalse();
    assertThat(outcome.get().outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(outcome.get().error().kind()).isEqualTo("CANCELLED");
    assertThat(connectors.events).contains("abort a").doesNotContain("finish a");
  }

  @Test
  void streamsAndMappersMayNameANamespaceQualifiedStream() {
    for (String[] names : new String[][] {{"public.a", "public.a"}, {"a", "public.a"}}) {
      TestingConnectors connectors = new TestingConnectors("a", "b");
      JobSpec job =
          job(
              List.of(new StreamConfig(names[0], SyncMode.FULL_REFRESH_APPEND, List.of())),
              List.of(new MapperConfig("hash", names[1], List.of("ssn"), "env://HASH_KEY")));

      RunOutcome outcome = engine(connectors, 100_000).run(job, secrets, new JobProgress());

      assertThat(outcome.error()).isNull();
      assertThat(connectors.opened.get("a").column("ssn").orElseThrow().type())
          .isEqualTo(DataType.TEXT);
      Object[] row = connectors.rows.get("a").get(1);
      assertThat(row[1]).isEqualTo(ReferenceHmac.hex(KEY, TestingConnectors.ssn(1)));
    }
  }

  private static SyncEngine engine(TestingConnectors connectors, int checkpointRecords) {
    return new SyncEngine(
        connectors.registry(), SyncOptions.of(checkpointRecords), LocalPaths.none());
  }

  private static JobSpec job(List<StreamConfig> streams, List<MapperConfig> mappers) {
    return new JobSpec(
        UUID.randomUUID(),
        JobKind.SYNC,
        UUID.randomUUID(),
        UUID.randomUUID(),
        new ConnectorConfig(TestingConnectors.SOURCE, Map.of()),
        new ConnectorConfig(TestingConnectors.DESTINATION, Map.of()),
        streams,
        mappers,
        null);
  }
}
