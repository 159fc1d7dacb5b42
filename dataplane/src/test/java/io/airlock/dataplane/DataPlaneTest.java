package io.airlock.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.dataplane.testing.ListeningSockets;
import io.airlock.dataplane.testing.Poll;
import io.airlock.dataplane.testing.TestingCa;
import io.airlock.dataplane.testing.TestingConnectors;
import io.airlock.dataplane.testing.TestingControlPlane;
import io.airlock.dataplane.testing.TestingControlPlane.HeartbeatMode;
import io.airlock.protocol.job.ConnectorConfig;
import io.airlock.protocol.job.JobKind;
import io.airlock.protocol.job.JobSpec;
import io.airlock.protocol.lease.JobOutcome;
import io.airlock.protocol.lease.JobResult;
import io.airlock.protocol.lease.StreamProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPlaneTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestingCa ca;

  @TempDir Path workDir;

  private TestingControlPlane controlPlane;
  private TestingConnectors connectors;
  private DataPlane dataPlane;

  @BeforeAll
  static void createCa() {
    ca = TestingCa.create("Airlock test CA");
  }

  @BeforeEach
  void startControlPlane() throws Exception {
    controlPlane = TestingControlPlane.start(ca);
    controlPlane.leaseDuration(Duration.ofSeconds(3));
    connectors = new TestingConnectors("a");
    connectors.holdReading = new CountDownLatch(1);
  }

  @AfterEach
  void stopAll() throws Exception {
    connectors.holdReading.countDown();
    if (dataPlane != null) {
      dataPlane.stop();
      dataPlane.awaitTermination(Duration.ofSeconds(30));
    }
    controlPlane.close();
  }

  @Test
  void runsALeasedJobWithHeartbeatsAndNoListeningSocket() throws Exception {
    Map<Long, Integer> before = ListeningSockets.of(ProcessHandle.current().pid());
    // The detector must see the fake control plane's own listening socket, else it sees nothing.
    assertThat(before).containsValue(controlPlane.port());

    dataPlane = start();
    controlPlane.enqueue(job());
    assertThat(connectors.readingStarted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Poll.until(() -> controlPlane.heartbeats.size() >= 2, WAIT)).isTrue();

    Map<Long, Integer> during = new HashMap<>(ListeningSockets.of(ProcessHandle.current().pid()));
    during.keySet().removeAll(before.keySet());
    assertThat(during).as("listening sockets opened by the data plane").isEmpty();

    connectors.holdReading.countDown();
    JobResult result = controlPlane.results.poll(30, TimeUnit.SECONDS);
    assertThat(result).isNotNull();
    assertThat(result.outcome()).isEqualTo(JobOutcome.SUCCEEDED);
    assertThat(result.generation()).isEqualTo(1);
    assertThat(result.streams()).extracting(StreamProgress::records).containsExactly(10_000L);
    assertThat(controlPlane.heartbeats.getFirst().generation()).isEqualTo(1);
    assertThat(controlPlane.heartbeats.getFirst().streams())
        .extracting(StreamProgress::stream)
        .containsExactly("a");
  }

  @Test
  void aStaleHeartbeatStopsTheJobWithoutReportingSuccess() throws Exception {
    controlPlane.heartbeatMode(HeartbeatMode.STALE);
    dataPlane = start();
    controlPlane.enqueue(job());

    assertThat(Poll.until(() -> connectors.events.contains("abort a"), WAIT)).isTrue();
    connectors.holdReading.countDown();
    dataPlane.stop();
    dataPlane.awaitTermination(Duration.ofSeconds(30));

    assertThat(connectors.events).doesNotContain("finish a");
    assertThat(controlPlane.results).noneMatch(r -> r.outcome() == JobOutcome.SUCCEEDED);
  }

  @Test
  void aCancelledJobIsStoppedAndReportedAsFailed() throws Exception {
    controlPlane.heartbeatMode(HeartbeatMode.CANCELLED);
    dataPlane = start();
    controlPlane.enqueue(job());

    JobResult result = controlPlane.results.poll(30, TimeUnit.SECONDS);

    assertThat(result).isNotNull();
    assertThat(result.outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(result.error().kind()).isEqualTo("CANCELLED");
    assertThat(connectors.events).contains("abort a").doesNotContain("finish a");
  }

  @Test
  void aCancelReachesAJobHoldingALongLeaseWithinAFewHeartbeats() throws Exception {
    controlPlane.leaseDuration(Duration.ofMinutes(10));
    controlPlane.heartbeatMode(HeartbeatMode.CANCELLED);
    dataPlane = start();
    controlPlane.enqueue(job());

    // With heartbeats only at a third of the lease, the first would come after 200 s.
    JobResult result = controlPlane.results.poll(30, TimeUnit.SECONDS);

    assertThat(result).isNotNull();
    assertThat(result.error().kind()).isEqualTo("CANCELLED");
  }

  @Test
  void stoppingDuringAJobAbortsItAndReportsItRetriable() throws Exception {
    dataPlane = start();
    controlPlane.enqueue(job());
    assertThat(connectors.readingStarted.await(30, TimeUnit.SECONDS)).isTrue();

    dataPlane.stop();

    assertThat(dataPlane.awaitTermination(Duration.ofSeconds(30))).isTrue();
    JobResult result = controlPlane.results.poll(10, TimeUnit.SECONDS);
    assertThat(result).isNotNull();
    assertThat(result.outcome()).isEqualTo(JobOutcome.FAILED);
    assertThat(result.error().retriable()).isTrue();
    assertThat(connectors.events).contains("abort a");
  }

  @Test
  void aRevokedDataPlaneStopsWithAClearReason() throws Exception {
    dataPlane = start();
    controlPlane.revoke();

    assertThat(dataPlane.awaitTermination(Duration.ofSeconds(30))).isTrue();
    assertThat(dataPlane.failure())
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("revoked")
                    .contains("register a new data plane ('airlock dataplanes create')"));
  }

  private DataPlane start() {
    DataPlaneSettings settings =
        new DataPlaneSettings(
            controlPlane.uri(), controlPlane.token(), workDir, null, 2_500, Duration.ofSeconds(1));
    return DataPlane.start(settings, connectors.registry());
  }

  private static JobSpec job() {
    return new JobSpec(
        UUID.randomUUID(),
        JobKind.SYNC,
        UUID.randomUUID(),
        UUID.randomUUID(),
        new ConnectorConfig(TestingConnectors.SOURCE, Map.of()),
        new ConnectorConfig(TestingConnectors.DESTINATION, Map.of()),
        List.of(),
        List.of(),
        null);
  }
}
