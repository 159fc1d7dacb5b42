package io.airlock.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.controlplane.jobs.ScheduleService;
import io.airlock.controlplane.testing.TestingHttps.Response;
import io.airlock.protocol.spec.ConnectorSpecs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The admin REST API over real HTTPS and a real embedded PostgreSQL. */
class AdminApiTest {
  private static final String CANARY = "literal-canary-7f3a9c";

  @TempDir static Path dataDir;
  static TestingControlPlane cp;
  static UUID regionId;
  static UUID workspaceId;

  @BeforeAll
  static void start() {
    cp = TestingControlPlane.start(dataDir, Duration.ofSeconds(60));
    regionId = cp.createRegion("eu-1");
    workspaceId = cp.createWorkspace(regionId, "analytics");
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @Test
  void adminTokenIsRequired() {
    Response missing = cp.anonymous.send("GET", "/api/v1/organizations", null, null);
    Response wrong = cp.anonymous.send("GET", "/api/v1/organizations", "aladm_wrong", null);

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(missing.json().path("status").asInt()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(cp.admin("GET", "/api/v1/organizations", null).status()).isEqualTo(200);
  }

  @Test
  void clientCertificateIsNotAdminAuthentication() {
    var dataPlane = cp.enroll(regionId, "not-an-admin");

    Response response = dataPlane.client().send("GET", "/api/v1/organizations", null, null);

    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void routesOutsideTheApiAreDenied() {
    assertThat(cp.admin("GET", "/actuator/env", null).status()).isIn(401, 403);
    assertThat(cp.admin("GET", "/api/v1/nothing-here", null).status()).isEqualTo(404);
  }

  @Test
  void defaultOrganizationExists() {
    JsonNode organizations = cp.admin("GET", "/api/v1/organizations", null, 200);

    assertThat(organizations.findValuesAsString("name")).contains("default");
  }

  @Test
  void organizationsRegionsAndWorkspacesAreCreatedAndRead() {
    JsonNode organization = cp.admin("POST", "/api/v1/organizations", Map.of("name", "acme"), 201);
    UUID organizationId = TestingControlPlane.id(organization);
    JsonNode region =
        cp.admin(
            "POST",
            "/api/v1/regions",
            Map.of("organizationId", organizationId, "name", "us-2"),
            201);
    JsonNode workspace =
        cp.admin(
            "POST",
            "/api/v1/workspaces",
            Map.of("regionId", TestingControlPlane.id(region), "name", "sales"),
            201);

    assertThat(cp.admin("GET", "/api/v1/organizations/" + organizationId, null, 200))
        .isEqualTo(organization);
    assertThat(cp.admin("GET", "/api/v1/regions/" + TestingControlPlane.id(region), null, 200))
        .isEqualTo(region);
    assertThat(workspace.path("organizationId").asString()).isEqualTo(organizationId.toString());
    assertThat(cp.admin("GET", "/api/v1/workspaces", null, 200).findValuesAsString("name"))
        .contains("sales", "analytics");
    assertThat(Instant.parse(workspace.path("createdAt").asString())).isBefore(Instant.now());
  }

  @Test
  void regionNamesAreUniqueAndWellFormed() {
    JsonNode duplicate = cp.admin("POST", "/api/v1/regions", Map.of("name", "eu-1"), 409);
    JsonNode malformed = cp.admin("POST", "/api/v1/regions", Map.of("name", "EU 1"), 422);

    assertThat(duplicate.path("detail").asString()).contains("already taken");
    assertThat(malformed.path("errors").get(0).path("field").asString()).isEqualTo("name");
  }

  @Test
  void unknownIdsAre404AndMalformedIdsAre400() {
    JsonNode missing = cp.admin("GET", "/api/v1/workspaces/" + UUID.randomUUID(), null, 404);

    assertThat(missing.path("type").asString()).isEqualTo("urn:airlock:problem:not-found");
    assertThat(cp.admin("GET", "/api/v1/workspaces/not-a-uuid", null).status()).isEqualTo(400);
    assertThat(cp.admin("POST", "/api/v1/regions", "{not json").status()).isEqualTo(400);
  }

  @Test
  void sourcesAndDestinationsAreCreatedListedAndDeleted() {
    JsonNode source =
        cp.admin(
            "POST",
            "/api/v1/sources",
            Map.of(
                "workspaceId",
                workspaceId,
                "name",
                "crm",
                "type",
                "source-postgres",
                "config",
                Map.of(
                    "host", "127.0.0.1",
                    "database", "crm",
                    "username", "reader",
                    "password", "file:///run/secrets/crm")),
            201);
    UUID id = TestingControlPlane.id(source);

    assertThat(source.path("config").path("password").asString())
        .isEqualTo("file:///run/secrets/crm");
    assertThat(cp.admin("GET", "/api/v1/sources/" + id, null, 200)).isEqualTo(source);
    assertThat(
            cp.admin("GET", "/api/v1/sources?workspaceId=" + workspaceId, null, 200)
                .findValuesAsString("name"))
        .contains("crm");
    cp.admin("DELETE", "/api/v1/sources/" + id, null, 204);
    cp.admin("GET", "/api/v1/sources/" + id, null, 404);
  }

  @Test
  void literalSecretIsRejectedNamingTheFieldWithoutEchoingIt() {
    Response response =
        cp.admin(
            "POST",
            "/api/v1/destinations",
            Map.of(
                "workspaceId",
                workspaceId,
                "name",
                "leaky",
                "type",
                "destination-postgres",
                "config",
                Map.of(
                    "host", "127.0.0.1",
                    "database", "warehouse",
                    "username", "writer",
                    "password", CANARY)));

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("errors").findValuesAsString("field"))
        .containsExactly("config.password");
    assertThat(response.body()).doesNotContain(CANARY);
    assertThat(cp.admin("GET", "/api/v1/destinations", null, 200).toString())
        .doesNotContain("leaky");
  }

  @Test
  void connectorTypeMustExistAndBeOfTheRightKind() {
    JsonNode wrongKind =
        cp.admin(
            "POST",
            "/api/v1/sources",
            Map.of(
                "workspaceId",
                workspaceId,
                "name",
                "x",
                "type",
                "destination-postgres",
                "config",
                Map.of()),
            422);
    JsonNode unknownField =
        cp.admin(
            "POST",
            "/api/v1/sources",
            Map.of(
                "workspaceId",
                workspaceId,
                "name",
                "y",
                "type",
                "source-csv",
                "config",
                Map.of("path", "/in", "colour", "blue")),
            422);

    assertThat(wrongKind.path("errors").get(0).path("field").asString()).isEqualTo("type");
    assertThat(unknownField.path("errors").findValuesAsString("field"))
        .containsExactly("config.colour");
  }

  @Test
  void configValuesOutsideTheSpecAreRejectedNamingFieldAndRuleNotValue() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", CANARY);
    config.put("database", "app");
    config.put("username", "reader");
    config.put("password", "env://PG_PASSWORD");
    config.put("sslMode", CANARY);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", "typed");
    body.put("type", "source-postgres");
    body.put("config", config);

    Response response = cp.admin("POST", "/api/v1/sources", body);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("config.port", "config.sslMode");
    assertThat(response.body()).contains("integer").contains("verify-full").doesNotContain(CANARY);
  }

  @Test
  void connectorSpecsAreListed() {
    JsonNode specs = cp.admin("GET", "/api/v1/connector-specs", null, 200);

    List<String> types = new java.util.ArrayList<>();
    specs.forEach(spec -> types.add(spec.path("type").asString()));

    assertThat(types).containsExactlyElementsOf(ConnectorSpecs.TYPES);
    assertThat(types).contains("source-csv", "source-postgres", "destination-postgres");
    assertThat(specs.get(2).path("kind").asString()).isEqualTo("destination");
    assertThat(specs.get(2).path("spec").path("properties").has("password")).isTrue();
  }

  @Test
  void connectionIsCreatedReadAndDeletedAndProtectsItsSource() {
    UUID connectionId = cp.createConnection(workspaceId, "nightly", "0 3 * * *");
    JsonNode connection = cp.admin("GET", "/api/v1/connections/" + connectionId, null, 200);
    UUID sourceId = UUID.fromString(connection.path("sourceId").asString());

    assertThat(connection.path("schedule").asString()).isEqualTo("0 3 * * *");
    assertThat(connection.path("status").asString()).isEqualTo("ACTIVE");
    assertThat(connection.path("streams").get(0).path("syncMode").asString())
        .isEqualTo("FULL_REFRESH_OVERWRITE");
    assertThat(connection.path("mappers").get(0).path("keyRef").asString())
        .isEqualTo("env://AIRLOCK_HASH_KEY");
    cp.admin("DELETE", "/api/v1/sources/" + sourceId, null, 409);
    cp.admin("DELETE", "/api/v1/connections/" + connectionId, null, 204);
    cp.admin("DELETE", "/api/v1/sources/" + sourceId, null, 204);
  }

  @Test
  void literalMapperKeyAndBadCronAreRejectedNamingTheFields() {
    UUID connectionId = cp.createConnection(workspaceId, "template", null);
    JsonNode template = cp.admin("GET", "/api/v1/connections/" + connectionId, null, 200);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", "bad");
    body.put("sourceId", template.path("sourceId").asString());
    body.put("destinationId", template.path("destinationId").asString());
    body.put(
        "mappers", List.of(Map.of("type", "hash", "columns", List.of("SSN"), "keyRef", CANARY)));
    body.put("schedule", "every day");

    Response response = cp.admin("POST", "/api/v1/connections", body);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().path("errors").findValuesAsString("field"))
        .containsExactly("mappers[0].keyRef", "schedule");
    assertThat(response.body()).doesNotContain(CANARY);
  }

  @Test
  void manualTriggerQueuesOneJobAndCancelEndsIt() {
    UUID connectionId = cp.createConnection(workspaceId, "manual", null);

    JsonNode job = cp.admin("POST", "/api/v1/connections/" + connectionId + "/jobs", null, 201);
    JsonNode second = cp.admin("POST", "/api/v1/connections/" + connectionId + "/jobs", null, 409);
    UUID jobId = TestingControlPlane.id(job);
    JsonNode cancelled = cp.admin("POST", "/api/v1/jobs/" + jobId + "/cancel", null, 200);

    assertThat(job.path("status").asString()).isEqualTo("QUEUED");
    assertThat(job.path("trigger").asString()).isEqualTo("MANUAL");
    assertThat(job.path("kind").asString()).isEqualTo("SYNC");
    assertThat(second.path("detail").asString()).contains("already has a queued or running job");
    assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
    assertThat(cancelled.path("endedAt").isNull()).isFalse();
    cp.admin("POST", "/api/v1/jobs/" + jobId + "/cancel", null, 409);
    assertThat(
            cp.admin("GET", "/api/v1/jobs?connectionId=" + connectionId, null, 200)
                .findValuesAsString("id"))
        .containsExactly(jobId.toString());
  }

  @Test
  void dueSchedulesCreateJobsOncePerRun() throws SQLException {
    UUID connectionId = cp.createConnection(workspaceId, "scheduled", "*/5 * * * *");
    makeDue(connectionId);
    ScheduleService schedules = cp.controlPlane.bean(ScheduleService.class);

    // The scheduled tick may run meanwhile on its own; either way exactly one job is queued.
    schedules.tick();
    int secondTick = schedules.tick();

    JsonNode jobs = cp.admin("GET", "/api/v1/jobs?connectionId=" + connectionId, null, 200);
    assertThat(secondTick).isZero();
    assertThat(jobs).hasSize(1);
    assertThat(jobs.get(0).path("trigger").asString()).isEqualTo("SCHEDULE");
    assertThat(nextRun(connectionId)).isAfter(Instant.now());
  }

  @Test
  void pausedConnectionsAreNotScheduled() throws SQLException {
    UUID connectionId = cp.createConnection(workspaceId, "paused", "* * * * *");
    try (Connection db = database()) {
      db.createStatement()
          .executeUpdate(
              "update connections set status = 'PAUSED' where id = '" + connectionId + "'");
    }
    makeDue(connectionId);

    cp.controlPlane.bean(ScheduleService.class).tick();

    assertThat(cp.admin("GET", "/api/v1/jobs?connectionId=" + connectionId, null, 200)).isEmpty();
  }

  @Test
  void pausedConnectionIsResumedByAPatchAndScheduledFromNow() throws SQLException {
    UUID connectionId = cp.createConnection(workspaceId, "resumable", "* * * * *");
    String path = "/api/v1/connections/" + connectionId;

    JsonNode paused = cp.admin("PATCH", path, Map.of("status", "PAUSED"), 200);
    makeDue(connectionId);
    cp.controlPlane.bean(ScheduleService.class).tick();
    JsonNode jobsWhilePaused =
        cp.admin("GET", "/api/v1/jobs?connectionId=" + connectionId, null, 200);
    JsonNode resumed = cp.admin("PATCH", path, Map.of("status", "active"), 200);

    assertThat(paused.path("status").asString()).isEqualTo("PAUSED");
    assertThat(jobsWhilePaused).isEmpty();
    assertThat(resumed.path("status").asString()).isEqualTo("ACTIVE");
    assertThat(resumed.path("schedule").asString()).isEqualTo("* * * * *");
    assertThat(nextRun(connectionId)).as("counted again from now").isAfter(Instant.now());
  }

  @Test
  void patchReplacesOnlyTheMembersItNamesAndNullRemovesTheSchedule() throws SQLException {
    UUID connectionId = cp.createConnection(workspaceId, "patched", "0 3 * * *");
    String path = "/api/v1/connections/" + connectionId;
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("schedule", null);
    patch.put("schemaChanges", "FAIL");
    patch.put(
        "streams",
        List.of(
            Map.of(
                "name", "patients", "syncMode", "INCREMENTAL_APPEND", "cursorField", "updated")));

    JsonNode patched = cp.admin("PATCH", path, patch, 200);

    assertThat(patched.path("schedule").isNull()).isTrue();
    assertThat(patched.path("schemaChanges").asString()).isEqualTo("FAIL");
    assertThat(patched.path("status").asString()).isEqualTo("ACTIVE");
    assertThat(patched.path("streams").get(0).path("cursorField").asString()).isEqualTo("updated");
    assertThat(patched.path("streams").get(0).path("columns")).isEmpty();
    assertThat(patched.path("mappers").get(0).path("keyRef").asString())
        .isEqualTo("env://AIRLOCK_HASH_KEY");
    assertThat(nextRun(connectionId)).as("no schedule, no next run").isNull();
  }

  @Test
  void patchRefusesFixedMembersAndBadValuesNamingThem() {
    UUID connectionId = cp.createConnection(workspaceId, "fixed", null);
    String path = "/api/v1/connections/" + connectionId;

    Response renamed = cp.admin("PATCH", path, Map.of("name", "other"));
    Response sleeping = cp.admin("PATCH", path, Map.of("status", "sleeping"));
    Response noCursor =
        cp.admin(
            "PATCH",
            path,
            Map.of("streams", List.of(Map.of("name", "a", "syncMode", "INCREMENTAL_APPEND"))));
    Response badCron = cp.admin("PATCH", path, Map.of("schedule", "every day"));

    assertThat(renamed.status()).isEqualTo(422);
    assertThat(renamed.json().path("errors").findValuesAsString("field")).containsExactly("name");
    assertThat(sleeping.json().path("errors").findValuesAsString("field"))
        .containsExactly("status");
    assertThat(noCursor.json().path("errors").findValuesAsString("field"))
        .containsExactly("streams[0].cursorField");
    assertThat(badCron.json().path("errors").findValuesAsString("field"))
        .containsExactly("schedule");
    assertThat(cp.admin("GET", path, null, 200).path("status").asString()).isEqualTo("ACTIVE");
  }

  private static void makeDue(UUID connectionId) throws SQLException {
    try (Connection db = database();
        var statement =
            db.prepareStatement(
                "update connections set next_run_at = now() - interval '1 second' where id = ?")) {
      statement.setObject(1, connectionId);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  private static Instant nextRun(UUID connectionId) throws SQLException {
    try (Connection db = database();
        var statement = db.prepareStatement("select next_run_at from connections where id = ?")) {
      statement.setObject(1, connectionId);
      var rows = statement.executeQuery();
      rows.next();
      java.sql.Timestamp next = rows.getTimestamp(1);
      return next == null ? null : next.toInstant();
    }
  }

  private static Connection database() throws SQLException {
    return DriverManager.getConnection(cp.controlPlane.databaseUrl());
  }
}
