package io.airlock.cli;

import static io.airlock.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.cli.api.TestingHttpsServer;
import io.airlock.cli.api.TestingHttpsServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API-client commands against a real HTTPS server that answers like the control plane. */
class ApiCommandsTest {
  private static final String WORKSPACE = "0b6f8a8e-8d3c-4c3e-9a55-3f3b8d0e0c01";
  private static final String CONNECTION = "5e0c7a1d-1f0e-4b57-8c1a-2b9d6f4e7a10";
  private static final String JOB = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
  private static final String CANARY = "literal-canary-4711";

  @TempDir static Path folder;

  private static TestingHttpsServer server;
  private static Path tokenFile;

  @BeforeAll
  static void start() throws Exception {
    server = TestingHttpsServer.start(folder);
    tokenFile = folder.resolve("admin-token");
    Files.writeString(tokenFile, "admin-token-value\n");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void forgetRequests() {
    server.requests().clear();
    server.forgetResponses();
  }

  private static CommandLineTest.Result airlock(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--server", server.baseUrl().toString(),
            "--ca-file", server.caFile().toString(),
            "--token-file", tokenFile.toString()));
    return run(all.toArray(String[]::new));
  }

  @Test
  void regionsListPrintsATable() {
    server.respond(
        "GET",
        "/api/v1/regions",
        new Response(
            200,
            "application/json",
            """
            [{"id":"11111111-1111-4111-8111-111111111111","organizationId":"o","name":"eu-1",
              "createdAt":"2026-12-04T10:00:00Z"}]"""));

    CommandLineTest.Result result = airlock("regions", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("NAME").contains("eu-1");
    assertThat(server.requests().get(0).authorization()).isEqualTo("Bearer admin-token-value");
  }

  @Test
  void jsonOptionPrintsTheApiJson() {
    server.respond(
        "GET",
        "/api/v1/workspaces",
        new Response(200, "application/json", "[{\"id\":\"w-1\",\"name\":\"analytics\"}]"));

    CommandLineTest.Result result = airlock("workspaces", "list", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("\"name\" : \"analytics\"");
  }

  @Test
  void malformedConfigFileIsRefusedWithoutQuotingIt() throws Exception {
    Path config = folder.resolve("bad.json");
    Files.writeString(config, "{\"password\": " + CANARY + "}");

    CommandLineTest.Result result =
        airlock(
            "destinations", "create",
            "--workspace", WORKSPACE,
            "--type", "destination-postgres",
            "--name", "dwh",
            "--config-file", config.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("bad.json is not a JSON object").doesNotContain(CANARY);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void literalSecretIsRefusedBeforeAnythingIsSent() {
    CommandLineTest.Result result =
        airlock(
            "sources", "create",
            "--workspace", WORKSPACE,
            "--type", "source-postgres",
            "--name", "crm",
            "--config", "host=db",
            "--config", "password=" + CANARY);

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("config.password").doesNotContain(CANARY);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void malformedSecretReferenceIsRefusedWithItsReason() {
    CommandLineTest.Result result =
        airlock(
            "sources", "create",
            "--workspace", WORKSPACE,
            "--type", "source-postgres",
            "--name", "crm",
            "--config", "host=db",
            "--config", "password=env://bad name");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("config.password: ").doesNotContain("bad name");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void sourceConfigIsTypedByTheConnectorSpec() {
    server.respond(
        "POST",
        "/api/v1/sources",
        new Response(201, "application/json", "{\"id\":\"s-1\",\"name\":\"crm\"}"));

    CommandLineTest.Result result =
        airlock(
            "sources", "create",
            "--workspace", WORKSPACE,
            "--type", "source-postgres",
            "--name", "crm",
            "--config", "host=db.internal",
            "--config", "port=6543",
            "--config", "schemas=public,sales",
            "--config", "password=env://CRM_PASSWORD");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Created source crm (id s-1)");
    assertThat(server.requests().get(0).body())
        .contains("\"port\":6543")
        .contains("\"schemas\":[\"public\",\"sales\"]")
        .contains("\"password\":\"env://CRM_PASSWORD\"");
  }

  @Test
  void validationProblemIsShownWithItsFields() {
    server.respond(
        "POST",
        "/api/v1/destinations",
        new Response(
            422,
            "application/problem+json",
            """
            {"title":"Unprocessable Entity","status":422,"detail":"Invalid destination",
             "errors":[{"field":"type","message":"unknown connector type 'nope'"}]}"""));

    CommandLineTest.Result result =
        airlock(
            "destinations", "create", "--workspace", WORKSPACE, "--type", "nope", "--name", "x");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(result.err())
        .contains("422 Unprocessable Entity")
        .contains("Invalid destination")
        .contains("- type: unknown connector type 'nope'");
  }

  @Test
  void syncRunWaitsAndPrintsTheStreamSummary() {
    respondJob("QUEUED", "SUCCEEDED", "null");

    CommandLineTest.Result result = airlock("sync", "run", CONNECTION, "--wait", "--no-progress");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Job " + JOB + ": SUCCEEDED")
        .contains("public.patients")
        .contains("100,000")
        .contains("12.0 MiB");
  }

  @Test
  void failedSyncExitsNonZeroWithTheError() {
    respondJob(
        "QUEUED",
        "FAILED",
        "{\"kind\":\"EXTERNAL\",\"message\":\"Cannot connect to warehouse\",\"retriable\":true}");

    CommandLineTest.Result result = airlock("sync", "run", CONNECTION, "--wait", "--no-progress");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(result.out()).contains("FAILED").contains("EXTERNAL: Cannot connect to warehouse");
  }

  @Test
  void connectionsCreateSendsStreamsAndHashMapper() {
    String source = "6f1d3c2b-0a9e-4d8c-b7a6-5f4e3d2c1b0a";
    String destination = "7a2e4d3c-1b0f-4e9d-8c7b-6a5f4e3d2c1b";
    server.respond(
        "GET",
        "/api/v1/sources/" + source,
        new Response(200, "application/json", "{\"id\":\"" + source + "\",\"workspaceId\":\"w\"}"));
    server.respond(
        "POST",
        "/api/v1/connections",
        new Response(201, "application/json", "{\"id\":\"c-1\",\"name\":\"pats\"}"));

    CommandLineTest.Result result =
        airlock(
            "connections", "create",
            "--name", "pats",
            "--source", source,
            "--destination", destination,
            "--stream", "public.patients:append",
            "--hash", "ssn,email",
            "--hash", "phone",
            "--hash-key", "env://HASH_KEY",
            "--schedule", "0 3 * * *");

    assertThat(result.exitCode()).as(result.err()).isZero();
    String body = server.requests().get(server.requests().size() - 1).body();
    assertThat(body)
        .contains("\"workspaceId\":\"w\"")
        .contains("{\"name\":\"public.patients\",\"syncMode\":\"FULL_REFRESH_APPEND\"}")
        .contains("\"columns\":[\"ssn\",\"email\",\"phone\"]")
        .contains("\"keyRef\":\"env://HASH_KEY\"")
        .contains("\"schedule\":\"0 3 * * *\"");
  }

  @Test
  void syncThatSucceededOnItsSecondAttemptShowsNoErrorButANote() {
    respondJobWithAttempts(
        "SUCCEEDED", attempt(1, "FAILED", LEASE_EXPIRED), attempt(2, "SUCCEEDED", "null"));

    CommandLineTest.Result result = airlock("sync", "run", CONNECTION, "--wait", "--no-progress");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Job " + JOB + ": SUCCEEDED")
        .contains("(2 attempts)")
        .contains("Note: attempt 1 failed and was retried: INTERNAL: lease expired")
        .doesNotContain("Error:");
  }

  @Test
  void syncThatFailedAfterARetryShowsTheLastAttemptsError() {
    respondJobWithAttempts(
        "FAILED",
        attempt(1, "FAILED", LEASE_EXPIRED),
        attempt(
            2,
            "FAILED",
            "{\"kind\":\"EXTERNAL\",\"message\":\"Cannot connect to warehouse\","
                + "\"retriable\":true}"));

    CommandLineTest.Result result = airlock("sync", "run", CONNECTION, "--wait", "--no-progress");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(result.out())
        .contains("Note: attempt 1 failed and was retried: INTERNAL: lease expired")
        .contains("Error: EXTERNAL: Cannot connect to warehouse")
        .doesNotContain("Error: INTERNAL");
  }

  @Test
  void runningJobShowsNoErrorOfAnEarlierAttempt() {
    respondJobWithAttempts(
        "RUNNING", attempt(1, "FAILED", LEASE_EXPIRED), attempt(2, "RUNNING", "null"));

    CommandLineTest.Result result = airlock("jobs", "get", JOB);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("RUNNING")
        .contains("Note: attempt 1")
        .doesNotContain("Error");
  }

  @Test
  void connectionsListShowsSourceAndDestinationNames() {
    respondList(
        "/connections",
        """
        [{"id":"%s","name":"pats","workspaceId":"%s","sourceId":"s-1","destinationId":"d-1",
          "streams":[],"mappers":[],"status":"ACTIVE","createdAt":"2026-12-04T10:00:00Z"}]"""
            .formatted(CONNECTION, WORKSPACE));
    respondList("/sources", "[{\"id\":\"s-1\",\"name\":\"crm-db\"}]");
    respondList("/destinations", "[{\"id\":\"d-1\",\"name\":\"lake\"}]");

    CommandLineTest.Result result = airlock("connections", "list");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("SOURCE", "DESTINATION")
        .containsPattern(CONNECTION + " +pats +crm-db +lake +ACTIVE");
  }

  @Test
  void listsShowTheNamesOfRegionsWorkspacesAndConnections() {
    respondList("/regions", "[{\"id\":\"r-1\",\"name\":\"eu-1\"}]");
    respondList("/workspaces", "[{\"id\":\"w-1\",\"name\":\"analytics\",\"regionId\":\"r-1\"}]");
    respondList(
        "/dataplanes",
        "[{\"id\":\"p-1\",\"name\":\"dp-1\",\"regionId\":\"r-1\",\"status\":\"ACTIVE\"}]");
    respondList(
        "/sources",
        "[{\"id\":\"s-1\",\"name\":\"crm\",\"type\":\"source-csv\",\"workspaceId\":\"w-1\"}]");
    respondList("/connections", "[{\"id\":\"c-1\",\"name\":\"pats\"}]");
    respondList(
        "/jobs",
        "[{\"id\":\"j-1\",\"connectionId\":\"c-1\","
            + "\"status\":\"SUCCEEDED\",\"trigger\":\"MANUAL\"}]");

    assertThat(airlock("workspaces", "list").out()).containsPattern("w-1 +analytics +eu-1");
    assertThat(airlock("dataplanes", "list").out()).containsPattern("p-1 +dp-1 +eu-1 +ACTIVE");
    assertThat(airlock("sources", "list").out()).containsPattern("s-1 +crm +source-csv +analytics");
    assertThat(airlock("jobs", "list").out()).containsPattern("j-1 +pats +SUCCEEDED");
  }

  @Test
  void idsShowWhenNamesCannotBeListed() {
    respondList("/workspaces", "[{\"id\":\"w-1\",\"name\":\"analytics\",\"regionId\":\"r-9\"}]");
    server.respond(
        "GET",
        "/api/v1/regions",
        new Response(403, "application/problem+json", "{\"title\":\"Forbidden\",\"status\":403}"));

    CommandLineTest.Result result = airlock("workspaces", "list");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).containsPattern("w-1 +analytics +r-9");
  }

  @Test
  void connectionsUpdateSendsOnlyTheMembersGivenAndResumeSendsActive() {
    String connection = "8b3f5e4d-2c1a-4f0e-9d8c-7b6a5f4e3d2c";
    String updated =
        "{\"id\":\"" + connection + "\",\"name\":\"pats\",\"status\":\"ACTIVE\",\"schedule\":null}";
    server.respond(
        "PATCH",
        "/api/v1/connections/" + connection,
        new Response(200, "application/json", updated));

    CommandLineTest.Result update =
        airlock("connections", "update", connection, "--no-schedule", "--schema-changes", "pause");
    String patch = server.requests().get(server.requests().size() - 1).body();
    CommandLineTest.Result resume = airlock("connections", "resume", connection);
    String resumePatch = server.requests().get(server.requests().size() - 1).body();
    CommandLineTest.Result nothing = airlock("connections", "update", connection);

    assertThat(update.exitCode()).as(update.err()).isZero();
    assertThat(patch).isEqualTo("{\"schedule\":null,\"schemaChanges\":\"PAUSE\"}");
    assertThat(update.out()).contains("status ACTIVE, schedule none");
    assertThat(resume.exitCode()).as(resume.err()).isZero();
    assertThat(resumePatch).isEqualTo("{\"status\":\"ACTIVE\"}");
    assertThat(nothing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(nothing.err()).contains("Nothing to change");
  }

  private static final String LEASE_EXPIRED =
      "{\"kind\":\"INTERNAL\",\"message\":\"lease expired\",\"retriable\":true}";

  private static String attempt(int number, String status, String error) {
    return "{\"number\":%d,\"status\":\"%s\",\"error\":%s}".formatted(number, status, error);
  }

  private static void respondList(String collection, String json) {
    server.respond("GET", "/api/v1" + collection, new Response(200, "application/json", json));
  }

  private static void respondJobWithAttempts(String status, String... attempts) {
    server.respond(
        "POST",
        "/api/v1/connections/" + CONNECTION + "/jobs",
        new Response(201, "application/json", "{\"id\":\"" + JOB + "\",\"status\":\"QUEUED\"}"));
    server.respond(
        "GET",
        "/api/v1/jobs/" + JOB,
        new Response(
            200,
            "application/json",
            """
            {"id":"%s","status":"%s","startedAt":"2026-12-04T10:00:00Z",
             "endedAt":"2026-12-04T10:00:07Z","attempts":[%s],
             "streams":[{"stream":"public.patients","records":100000,"bytes":12582912,
                         "elapsedMillis":6500}]}"""
                .formatted(JOB, status, String.join(",", attempts))));
  }

  private static void respondJob(String first, String last, String error) {
    server.respond(
        "POST",
        "/api/v1/connections/" + CONNECTION + "/jobs",
        new Response(
            201, "application/json", "{\"id\":\"" + JOB + "\",\"status\":\"" + first + "\"}"));
    server.respond(
        "GET",
        "/api/v1/jobs/" + JOB,
        new Response(
            200,
            "application/json",
            """
            {"id":"%s","status":"%s","startedAt":"2026-12-04T10:00:00Z",
             "endedAt":"2026-12-04T10:00:07Z",
             "attempts":[{"number":1,"status":"%s","error":%s}],
             "streams":[{"stream":"public.patients","records":100000,"bytes":12582912,
                         "elapsedMillis":6500}]}"""
                .formatted(JOB, last, last, error)));
  }
}
