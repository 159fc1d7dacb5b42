package io.airlock.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.controlplane.TestingControlPlane.EnrolledDataPlane;
import io.airlock.controlplane.testing.TestingHttps.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Discovery jobs, stored catalogs and schema changes over the real API and real mutual TLS, with
 * the control plane's embedded PostgreSQL. Each test uses its own region.
 */
class SourceCatalogTest {
  private static final String LEASES = "/api/v1/dataplane/leases";

  @TempDir static Path dataDir;
  static TestingControlPlane cp;

  @BeforeAll
  static void start() {
    cp = TestingControlPlane.start(dataDir, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @Test
  void discoveryIsLeasedInTheSourcesRegionAndItsCatalogIsStoredAndServed() {
    Scenario s = scenario("discover-1");
    EnrolledDataPlane outsider = cp.enroll(cp.createRegion("discover-1-other"), "outsider");
    cp.admin("GET", catalog(s.sourceId), null, 404);

    JsonNode job = cp.admin("POST", discover(s.sourceId), null, 201);
    UUID jobId = TestingControlPlane.id(job);
    assertThat(job.path("kind").asString()).isEqualTo("DISCOVER");
    assertThat(job.path("sourceId").asString()).isEqualTo(s.sourceId.toString());
    assertThat(job.path("connectionId").isNull()).isTrue();
    assertThat(outsider.call(LEASES, Map.of("waitSeconds", 1)).status()).isEqualTo(204);

    JsonNode lease = s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json();
    JsonNode spec = lease.path("job");
    assertThat(spec.path("kind").asString()).isEqualTo("DISCOVER");
    assertThat(spec.path("source").path("type").asString()).isEqualTo("source-csv");
    assertThat(spec.path("destination").isNull()).isTrue();
    Response result =
        s.dataPlane.call(
            results(jobId),
            Map.of(
                "generation",
                lease.path("generation").asLong(),
                "outcome",
                "SUCCEEDED",
                "catalog",
                List.of(patients(column("id", integer(4)), column("age", integer(4))))));

    assertThat(result.status()).as(result.body()).isEqualTo(204);
    JsonNode stored = cp.admin("GET", catalog(s.sourceId), null, 200);
    assertThat(stored.path("jobId").asString()).isEqualTo(jobId.toString());
    JsonNode stream = stored.path("streams").get(0);
    assertThat(stream.path("name").asString()).isEqualTo("patients");
    assertThat(stream.path("primaryKey").get(0).asString()).isEqualTo("id");
    assertThat(stream.path("cursorCandidates").size()).isEqualTo(2);
    assertThat(stream.path("columns").get(1).path("name").asString()).isEqualTo("age");
    assertThat(stream.path("columns").get(1).path("type").path("kind").asString())
        .isEqualTo("INTEGER");
    assertThat(stream.path("columns").get(1).path("type").path("width").asInt()).isEqualTo(4);
    assertThat(stream.path("columns").get(1).path("nullable").asBoolean()).isTrue();
  }

  @Test
  void aSecondDiscoveryWaitsForTheFirstAndUnknownSourcesAre404() {
    Scenario s = scenario("discover-2");

    cp.admin("POST", discover(s.sourceId), null, 201);
    cp.admin("POST", discover(s.sourceId), null, 409);
    cp.admin("POST", discover(UUID.randomUUID()), null, 404);
    cp.admin("GET", catalog(UUID.randomUUID()), null, 404);
  }

  @Test
  void aFailedDiscoveryKeepsTheStoredCatalog() {
    Scenario s = scenario("discover-3");
    discoverAndStore(s, List.of(patients(column("id", integer(4)))));

    UUID jobId = TestingControlPlane.id(cp.admin("POST", discover(s.sourceId), null, 201));
    long generation =
        s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json().path("generation").asLong();
    s.dataPlane.call(
        results(jobId),
        Map.of(
            "generation",
            generation,
            "outcome",
            "FAILED",
            "error",
            Map.of("kind", "EXTERNAL", "message", "Cannot reach the source", "retriable", true)));

    JsonNode stored = cp.admin("GET", catalog(s.sourceId), null, 200);
    assertThat(stored.path("streams").get(0).path("columns").size()).isEqualTo(1);
  }

  @Test
  void aSyncCarriesTheStoredCatalogAndPolicyAndASuccessfulSyncUpdatesTheCatalog() {
    Scenario s = scenario("sync-1");
    discoverAndStore(s, List.of(patients(column("id", integer(4))), stream("visits")));
    UUID connectionId = connection(s, "sync-1-conn", "FAIL");

    UUID jobId = trigger(connectionId);
    JsonNode lease = s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json();
    JsonNode spec = lease.path("job");
    assertThat(spec.path("schemaChanges").asString()).isEqualTo("FAIL");
    assertThat(spec.path("catalog").size()).as("only the selected stream").isEqualTo(1);
    assertThat(spec.path("catalog").get(0).path("name").asString()).isEqualTo("patients");

    s.dataPlane.call(
        results(jobId),
        Map.of(
            "generation",
            lease.path("generation").asLong(),
            "outcome",
            "SUCCEEDED",
            "catalog",
            List.of(patients(column("id", integer(4)), column("email", text())))));

    JsonNode stored = cp.admin("GET", catalog(s.sourceId), null, 200);
    assertThat(stored.path("jobId").asString()).isEqualTo(jobId.toString());
    assertThat(stored.path("streams").size()).as("other streams are kept").isEqualTo(2);
    JsonNode patients = stored.path("streams").get(1);
    assertThat(patients.path("name").asString()).isEqualTo("patients");
    assertThat(patients.path("columns").get(1).path("name").asString()).isEqualTo("email");
  }

  @Test
  void schemaChangesAreStoredWithTheJobAndUnderPauseTheConnectionIsPaused() {
    Scenario s = scenario("pause-1");
    discoverAndStore(s, List.of(patients(column("id", integer(4)))));
    UUID paused = connection(s, "pause-1-conn", "PAUSE");
    UUID failing = connection(s, "pause-1-fail", "FAIL");

    UUID pausedJob = failWithChanges(s, paused);
    UUID failedJob = failWithChanges(s, failing);

    JsonNode change = job(pausedJob).path("schemaChanges").get(0);
    assertThat(change.path("stream").asString()).isEqualTo("patients");
    assertThat(change.path("column").asString()).isEqualTo("id");
    assertThat(change.path("change").asString()).isEqualTo("TYPE_CHANGED");
    assertThat(change.path("oldType").path("width").asInt()).isEqualTo(4);
    assertThat(change.path("newType").path("kind").asString()).isEqualTo("TEXT");
    assertThat(change.path("additive").asBoolean()).isFalse();
    assertThat(connectionStatus(paused)).isEqualTo("PAUSED");
    assertThat(job(failedJob).path("schemaChanges").size()).isEqualTo(1);
    assertThat(connectionStatus(failing)).isEqualTo("ACTIVE");
    JsonNode kept = cp.admin("GET", catalog(s.sourceId), null, 200);
    assertThat(kept.path("streams").get(0).path("columns").get(0).path("type").path("kind"))
        .as("a failed sync keeps the stored catalog")
        .hasToString("\"INTEGER\"");
  }

  @Test
  void connectionsDefaultToPropagateAndRefuseUnknownPolicies() {
    Scenario s = scenario("policy-1");

    JsonNode created =
        cp.admin("GET", "/api/v1/connections/" + connection(s, "policy-1-conn", null), null, 200);
    Response unknown = cp.admin("POST", "/api/v1/connections", body(s, "policy-1-bad", "IGNORE"));

    assertThat(created.path("schemaChanges").asString()).isEqualTo("PROPAGATE");
    assertThat(unknown.status()).isBetween(400, 422);
  }

  private static UUID failWithChanges(Scenario s, UUID connectionId) {
    UUID jobId = trigger(connectionId);
    long generation =
        s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json().path("generation").asLong();
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("stream", "patients");
    change.put("column", "id");
    change.put("change", "TYPE_CHANGED");
    change.put("oldType", integer(4));
    change.put("newType", text());
    change.put("additive", false);
    Response result =
        s.dataPlane.call(
            results(jobId),
            Map.of(
                "generation",
                generation,
                "outcome",
                "FAILED",
                "error",
                Map.of("kind", "USER", "message", "Schema changed", "retriable", false),
                "schemaChanges",
                List.of(change)));
    assertThat(result.status()).as(result.body()).isEqualTo(204);
    return jobId;
  }

  private static void discoverAndStore(Scenario s, List<Map<String, Object>> streams) {
    UUID jobId = TestingControlPlane.id(cp.admin("POST", discover(s.sourceId), null, 201));
    long generation =
        s.dataPlane.call(LEASES, Map.of("waitSeconds", 5)).json().path("generation").asLong();
    Response result =
        s.dataPlane.call(
            results(jobId),
            Map.of("generation", generation, "outcome", "SUCCEEDED", "catalog", streams));
    assertThat(result.status()).as(result.body()).isEqualTo(204);
  }

  private static Scenario scenario(String regionName) {
    UUID regionId = cp.createRegion(regionName);
    UUID workspaceId = cp.createWorkspace(regionId, regionName + "-ws");
    UUID first = cp.createConnection(workspaceId, regionName + "-base", null);
    JsonNode base = cp.admin("GET", "/api/v1/connections/" + first, null, 200);
    cp.admin("DELETE", "/api/v1/connections/" + first, null, 204);
    return new Scenario(
        workspaceId,
        UUID.fromString(base.path("sourceId").asString()),
        UUID.fromString(base.path("destinationId").asString()),
        cp.enroll(regionId, regionName + "-dp"));
  }

  private static UUID connection(Scenario s, String name, String policy) {
    return TestingControlPlane.id(
        cp.admin("POST", "/api/v1/connections", body(s, name, policy), 201));
  }

  private static Map<String, Object> body(Scenario s, String name, String policy) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", s.workspaceId);
    body.put("name", name);
    body.put("sourceId", s.sourceId);
    body.put("destinationId", s.destinationId);
    body.put("streams", List.of(Map.of("name", "patients")));
    if (policy != null) {
      body.put("schemaChanges", policy);
    }
    return body;
  }

  private static UUID trigger(UUID connectionId) {
    return TestingControlPlane.id(
        cp.admin("POST", "/api/v1/connections/" + connectionId + "/jobs", null, 201));
  }

  private static String connectionStatus(UUID connectionId) {
    return cp.admin("GET", "/api/v1/connections/" + connectionId, null, 200)
        .path("status")
        .asString();
  }

  @SafeVarargs
  private static Map<String, Object> patients(Map<String, Object>... columns) {
    Map<String, Object> stream = new LinkedHashMap<>(stream("patients"));
    stream.put("columns", List.of(columns));
    stream.put("primaryKey", List.of("id"));
    stream.put("cursorCandidates", List.of(columns).stream().map(c -> c.get("name")).toList());
    return stream;
  }

  private static Map<String, Object> stream(String name) {
    return Map.of(
        "name", name, "namespace", "public", "columns", List.of(), "primaryKey", List.of());
  }

  private static Map<String, Object> column(String name, Map<String, Object> type) {
    return Map.of("name", name, "type", type, "nullable", true);
  }

  private static Map<String, Object> integer(int width) {
    return Map.of("kind", "INTEGER", "width", width);
  }

  private static Map<String, Object> text() {
    return Map.of("kind", "TEXT");
  }

  private static JsonNode job(UUID jobId) {
    return cp.admin("GET", "/api/v1/jobs/" + jobId, null, 200);
  }

  private static String discover(UUID sourceId) {
    return "/api/v1/sources/" + sourceId + "/discover";
  }

  private static String catalog(UUID sourceId) {
    return "/api/v1/sources/" + sourceId + "/catalog";
  }

  private static String results(UUID jobId) {
    return "/api/v1/dataplane/jobs/" + jobId + "/result";
  }

  private record Scenario(
      UUID workspaceId, UUID sourceId, UUID destinationId, EnrolledDataPlane dataPlane) {}
}
