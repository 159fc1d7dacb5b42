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

/**
 * {@code airlock sources discover} and {@code airlock sources catalog} against a real HTTPS server
 * that answers like the control plane.
 */
class SourcesDiscoverCommandTest {
  private static final String SOURCE = "6f1d3c2b-0a9e-4d8c-b7a6-5f4e3d2c1b0a";
  private static final String JOB = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
  private static final String CATALOG =
      """
      {"sourceId":"%s","jobId":"%s","updatedAt":"2026-12-04T10:00:00Z","streams":[
        {"name":"items","namespace":"app","primaryKey":["id"],"cursorCandidates":["id","price"],
         "columns":[
           {"name":"id","type":{"kind":"INTEGER","width":4},"nullable":false,"sourceType":"int4"},
           {"name":"name","type":{"kind":"TEXT","length":40},"nullable":true},
           {"name":"price","type":{"kind":"DECIMAL","precision":12,"scale":2},"nullable":true}]}]}
      """
          .formatted(SOURCE, JOB);

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

  @Test
  void discoverWaitsThenPrintsStreamsAndColumns() {
    respondDiscovery("SUCCEEDED", "null");
    server.respond(
        "GET",
        "/api/v1/sources/" + SOURCE + "/catalog",
        new Response(200, "application/json", CATALOG));

    CommandLineTest.Result result = airlock("sources", "discover", SOURCE, "--wait");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("Started discovery job " + JOB)
        .contains("Stream app.items  (primary key: id; cursor candidates: id, price)")
        .containsPattern("id\\s+INTEGER\\(4 bytes\\)\\s+no\\s+int4")
        .containsPattern("name\\s+TEXT\\(40\\)\\s+yes\\s+-")
        .containsPattern("price\\s+DECIMAL\\(12,2\\)\\s+yes");
    assertThat(server.requests())
        .anyMatch(
            r ->
                r.method().equals("POST") && r.path().endsWith("/sources/" + SOURCE + "/discover"));
  }

  @Test
  void failedDiscoveryExitsNonZeroWithTheError() {
    respondDiscovery(
        "FAILED",
        "{\"kind\":\"EXTERNAL\",\"message\":\"Cannot connect to PostgreSQL at db:5432\","
            + "\"retriable\":true}");

    CommandLineTest.Result result = airlock("sources", "discover", SOURCE, "--wait");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(result.out()).contains("FAILED").contains("Cannot connect to PostgreSQL");
    assertThat(server.requests()).noneMatch(r -> r.path().endsWith("/catalog"));
  }

  @Test
  void discoverWithoutWaitSaysHowToFollowIt() {
    respondDiscovery("QUEUED", "null");

    CommandLineTest.Result result = airlock("sources", "discover", SOURCE);

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("airlock jobs get " + JOB)
        .contains("airlock sources catalog");
  }

  @Test
  void catalogPrintsTheStoredCatalogAsJson() {
    server.respond(
        "GET",
        "/api/v1/sources/" + SOURCE + "/catalog",
        new Response(200, "application/json", CATALOG));

    CommandLineTest.Result result = airlock("sources", "catalog", SOURCE, "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("\"cursorCandidates\"").contains("\"DECIMAL\"");
  }

  @Test
  void connectionsCreateSendsTheSchemaChangePolicyAndRefusesUnknownOnes() {
    String destination = "7a2e4d3c-1b0f-4e9d-8c7b-6a5f4e3d2c1b";
    server.respond(
        "GET",
        "/api/v1/sources/" + SOURCE,
        new Response(200, "application/json", "{\"id\":\"" + SOURCE + "\",\"workspaceId\":\"w\"}"));
    server.respond(
        "POST",
        "/api/v1/connections",
        new Response(201, "application/json", "{\"id\":\"c-1\",\"name\":\"items\"}"));

    CommandLineTest.Result paused =
        airlock(
            "connections",
            "create",
            "--name",
            "items",
            "--source",
            SOURCE,
            "--destination",
            destination,
            "--schema-changes",
            "pause");
    String sent = server.requests().get(server.requests().size() - 1).body();
    server.requests().clear();
    CommandLineTest.Result unknown =
        airlock(
            "connections",
            "create",
            "--name",
            "items",
            "--source",
            SOURCE,
            "--destination",
            destination,
            "--schema-changes",
            "ignore");

    assertThat(paused.exitCode()).as(paused.err()).isZero();
    assertThat(sent).contains("\"schemaChanges\":\"PAUSE\"");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("use propagate, pause or fail");
    assertThat(server.requests()).as("nothing sent for an unknown policy").isEmpty();
  }

  private static void respondDiscovery(String status, String error) {
    server.respond(
        "POST",
        "/api/v1/sources/" + SOURCE + "/discover",
        new Response(
            201,
            "application/json",
            "{\"id\":\"" + JOB + "\",\"kind\":\"DISCOVER\",\"status\":\"QUEUED\"}"));
    server.respond(
        "GET",
        "/api/v1/jobs/" + JOB,
        new Response(
            200,
            "application/json",
            """
            {"id":"%s","kind":"DISCOVER","status":"%s","startedAt":"2026-12-04T10:00:00Z",
             "endedAt":"2026-12-04T10:00:02Z",
             "attempts":[{"number":1,"status":"%s","error":%s}],"streams":[]}"""
                .formatted(JOB, status, status, error)));
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
}
