package io.airlock.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.airlock.controlplane.TestingControlPlane.EnrolledDataPlane;
import io.airlock.controlplane.testing.TestingHttps.Response;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Leases over real mutual TLS with a short lease duration, so that expiry and the scheduled reaper
 * can be observed. Each test uses its own region, so their jobs never mix.
 */
class LeaseTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String LEASES = "/api/v1/dataplane/leases";

  @TempDir static Path dataDir;
  static TestingControlPlane cp;

  @BeforeAll
  static void start() {
    cp = TestingControlPlane.start(dataDir, LEASE);
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @Test
  void leaseCarriesTheJobSpecWithSecretReferencesOnly() {
    Scenario s = scenario("spec-1");
    UUID jobId = s.trigger();

    JsonNode lease = s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json();
    JsonNode spec = lease.path("job");

    assertThat(lease.path("jobId").asString()).isEqualTo(jobId.toString());
    assertThat(lease.path("attempt").asInt()).isEqualTo(1);
    assertThat(lease.path("generation").asLong()).isEqualTo(1);
    assertThat(spec.path("kind").asString()).isEqualTo("SYNC");
    assertThat(spec.path("connectionId").asString()).isEqualTo(s.connectionId.toString());
    assertThat(spec.path("source").path("type").asString()).isEqualTo("source-csv");
    assertThat(spec.path("destination").path("config").path("password").asString())
        .isEqualTo("env://PG_PASSWORD");
    assertThat(spec.path("streams").get(0).path("name").asString()).isEqualTo("patients");
    assertThat(spec.path("mappers").get(0).path("keyRef").asString())
        .isEqualTo("env://AIRLOCK_HASH_KEY");
    assertThat(job(jobId).path("status").asString()).isEqualTo("RUNNING");
  }

  @Test
  void jobsAreLeasedOnlyToDataPlanesOfTheWorkspacesRegion() {
    Scenario s = scenario("pin-1");
    UUID otherRegion = cp.createRegion("pin-2");
    EnrolledDataPlane outsider = cp.enroll(otherRegion, "outsider");
    s.trigger();

    Response foreign = outsider.call(LEASES, Map.of("waitSeconds", 1));
    Response local = s.dataPlane.call(LEASES, Map.of("waitSeconds", 1));

    assertThat(foreign.status()).isEqualTo(204);
    assertThat(local.status()).isEqualTo(200);
  }

  @Test
  void longPollReturns204WhenNothingComesAndRejectsLongWaits() {
    Scenario s = scenario("idle-1");

    assertThat(s.dataPlane.call(LEASES, Map.of("waitSeconds", 1)).status()).isEqualTo(204);
    Response tooLong = s.dataPlane.call(LEASES, Map.of("waitSeconds", 31));
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.json().path("errors").get(0).path("field").asString())
        .isEqualTo("waitSeconds");
  }

  @Test
  void longPollPicksUpAJobQueuedWhileWaiting() throws Exception {
    Scenario s = scenario("wait-1");
    var waiting =
        Thread.ofVirtual()
            .start(() -> s.result = s.dataPlane.call(LEASES, Map.of("waitSeconds", 20)));
    Thread.sleep(500);

    UUID jobId = s.trigger();
    waiting.join(Duration.ofSeconds(30));

    assertThat(s.result.status()).isEqualTo(200);
    assertThat(s.result.json().path("jobId").asString()).isEqualTo(jobId.toString());
  }

  @Test
  void heartbeatsExtendTheLeaseAndRecordProgressAndTheResultEndsTheJob() throws SQLException {
    Scenario s = scenario("beat-1");
    UUID jobId = s.trigger();
    JsonNode lease = s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json();
    long generation = lease.path("generation").asLong();
    Instant firstExpiry = Instant.parse(lease.path("expiresAt").asString());

    JsonNode beat =
        s.dataPlane
            .call(heartbeats(jobId), Map.of("generation", generation, "streams", progress(10)))
            .json();
    byte[] state = {1, 2, 3, 42};
    Response result =
        s.dataPlane.call(
            results(jobId),
            Map.of(
                "generation",
                generation,
                "outcome",
                "SUCCEEDED",
                "streams",
                progress(20),
                "state",
                Base64.getEncoder().encodeToString(state)));

    assertThat(Instant.parse(beat.path("expiresAt").asString())).isAfterOrEqualTo(firstExpiry);
    assertThat(beat.path("cancelled").asBoolean()).isFalse();
    assertThat(result.status()).isEqualTo(204);
    JsonNode job = job(jobId);
    assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(job.path("attempts").get(0).path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(job.path("streams").get(0).path("records").asLong()).isEqualTo(20);
    assertThat(job.path("streams").get(0).path("bytes").asLong()).isEqualTo(2000);
    assertThat(storedState(s.connectionId)).isEqualTo(state);
  }

  @Test
  void aCheckpointSavesStateThatTheNextAttemptStartsFromAndAStaleOneIsRefused() {
    Scenario s = scenario("checkpoint-1");
    EnrolledDataPlane second = cp.enroll(s.regionId, "checkpoint-1-second");
    UUID jobId = s.trigger();
    long first =
        s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json().path("generation").asLong();
    String saved = Base64.getEncoder().encodeToString(new byte[] {7, 0, 7});

    Response checkpoint =
        s.dataPlane.call(checkpoints(jobId), Map.of("generation", first, "state", saved));
    assertThat(checkpoint.status()).isEqualTo(204);

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(job(jobId).path("status").asString()).isEqualTo("QUEUED"));
    JsonNode retry = second.call(LEASES, Map.of("waitSeconds", 5)).json();
    Response stale =
        s.dataPlane.call(
            checkpoints(jobId),
            Map.of(
                "generation", first, "state", Base64.getEncoder().encodeToString(new byte[] {9})));

    assertThat(retry.path("job").path("state").asString())
        .as("the failed attempt's checkpoint")
        .isEqualTo(saved);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(
            second
                .call(
                    checkpoints(jobId),
                    Map.of("generation", retry.path("generation").asLong(), "state", "not base64!"))
                .status())
        .isEqualTo(422);
  }

  @Test
  void expiredLeaseReturnsTheJobToTheQueueAndFencesTheOldHolder() {
    Scenario s = scenario("expiry-1");
    EnrolledDataPlane second = cp.enroll(s.regionId, "expiry-1-second");
    UUID jobId = s.trigger();
    long stale =
        s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json().path("generation").asLong();

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(job(jobId).path("status").asString()).isEqualTo("QUEUED"));
    JsonNode requeued = job(jobId);
    JsonNode lease = second.call(LEASES, Map.of("waitSeconds", 5)).json();
    Response staleBeat = s.dataPlane.call(heartbeats(jobId), Map.of("generation", stale));
    Response staleResult =
        s.dataPlane.call(results(jobId), Map.of("generation", stale, "outcome", "SUCCEEDED"));

    JsonNode firstAttempt = requeued.path("attempts").get(0);
    assertThat(firstAttempt.path("status").asString()).isEqualTo("FAILED");
    assertThat(firstAttempt.path("error").path("message").asString()).isEqualTo("lease expired");
    assertThat(lease.path("attempt").asInt()).isEqualTo(2);
    assertThat(lease.path("generation").asLong()).isGreaterThan(stale);
    assertThat(staleBeat.status()).isEqualTo(409);
    assertThat(staleResult.status()).isEqualTo(409);
    assertThat(staleResult.json().path("detail").asString()).contains("generation");
    long current = lease.path("generation").asLong();
    Response fresh =
        second.call(
            results(jobId),
            Map.of(
                "generation",
                current,
                "outcome",
                "FAILED",
                "error",
                Map.of("kind", "EXTERNAL", "message", "destination refused", "retriable", false)));
    assertThat(fresh.status()).isEqualTo(204);
    JsonNode ended = job(jobId);
    assertThat(ended.path("status").asString()).isEqualTo("FAILED");
    assertThat(ended.path("attempts").get(1).path("error").path("message").asString())
        .isEqualTo("destination refused");
  }

  @Test
  void jobFailsAfterThreeExpiredLeases() {
    Scenario s = scenario("attempts-1");
    UUID jobId = s.trigger();

    for (int attempt = 1; attempt <= 3; attempt++) {
      await()
          .atMost(PATIENCE)
          .until(() -> s.dataPlane.call(LEASES, Map.of("waitSeconds", 1)).status() == 200);
      int expected = attempt;
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  job(jobId)
                      .path("attempts")
                      .get(expected - 1)
                      .path("status")
                      .asString()
                      .equals("FAILED"));
    }

    JsonNode job = job(jobId);
    assertThat(job.path("status").asString()).isEqualTo("FAILED");
    assertThat(job.path("attempts")).hasSize(3);
    assertThat(job.path("endedAt").isNull()).isFalse();
  }

  @Test
  void cancellingARunningJobIsToldByTheHeartbeat() {
    Scenario s = scenario("cancel-1");
    UUID jobId = s.trigger();
    long generation =
        s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json().path("generation").asLong();

    cp.admin("POST", "/api/v1/jobs/" + jobId + "/cancel", null, 200);
    JsonNode beat = s.dataPlane.call(heartbeats(jobId), Map.of("generation", generation)).json();
    Response result =
        s.dataPlane.call(results(jobId), Map.of("generation", generation, "outcome", "FAILED"));

    assertThat(beat.path("cancelled").asBoolean()).isTrue();
    assertThat(result.status()).isEqualTo(204);
    assertThat(job(jobId).path("status").asString()).isEqualTo("CANCELLED");
  }

  @Test
  void aJobThatSucceedsBeforeItsCancelArrivesIsReportedSucceeded() {
    Scenario s = scenario("cancel-late");
    UUID jobId = s.trigger();
    long generation =
        s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json().path("generation").asLong();

    cp.admin("POST", "/api/v1/jobs/" + jobId + "/cancel", null, 200);
    Response result =
        s.dataPlane.call(results(jobId), Map.of("generation", generation, "outcome", "SUCCEEDED"));

    assertThat(result.status()).isEqualTo(204);
    assertThat(job(jobId).path("status").asString()).isEqualTo("SUCCEEDED");
  }

  private static Scenario scenario(String regionName) {
    UUID regionId = cp.createRegion(regionName);
    UUID workspaceId = cp.createWorkspace(regionId, regionName + "-ws");
    UUID connectionId = cp.createConnection(workspaceId, regionName + "-conn", null);
    return new Scenario(regionId, connectionId, cp.enroll(regionId, regionName + "-dp"));
  }

  private static JsonNode job(UUID jobId) {
    return cp.admin("GET", "/api/v1/jobs/" + jobId, null, 200);
  }

  private static String heartbeats(UUID jobId) {
    return "/api/v1/dataplane/jobs/" + jobId + "/heartbeats";
  }

  private static String checkpoints(UUID jobId) {
    return "/api/v1/dataplane/jobs/" + jobId + "/checkpoints";
  }

  private static String results(UUID jobId) {
    return "/api/v1/dataplane/jobs/" + jobId + "/result";
  }

  private static List<Map<String, Object>> progress(long records) {
    return List.of(
        Map.of(
            "stream", "patients", "records", records, "bytes", records * 100, "elapsedMillis", 5));
  }

  private static byte[] storedState(UUID connectionId) throws SQLException {
    try (var db = DriverManager.getConnection(cp.controlPlane.databaseUrl());
        var statement = db.prepareStatement("select state from connections where id = ?")) {
      statement.setObject(1, connectionId);
      var rows = statement.executeQuery();
      rows.next();
      return rows.getBytes(1);
    }
  }

  private static final class Scenario {
    final UUID regionId;
    final UUID connectionId;
    final EnrolledDataPlane dataPlane;
    volatile Response result;

    Scenario(UUID regionId, UUID connectionId, EnrolledDataPlane dataPlane) {
      this.regionId = regionId;
      this.connectionId = connectionId;
      this.dataPlane = dataPlane;
    }

    UUID trigger() {
      return TestingControlPlane.id(
          cp.admin("POST", "/api/v1/connections/" + connectionId + "/jobs", null, 201));
    }
  }
}
