package io.airlock.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.cli.api.ApiClient;
import io.airlock.cli.api.TestingHttpsServer;
import io.airlock.cli.api.TestingHttpsServer.Request;
import io.airlock.cli.api.TestingHttpsServer.Response;
import io.airlock.cli.api.TrustedCa;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's REST calls, against a real HTTPS server that answers like the control plane. */
class QuickstartResourcesTest {
  private static final String CONNECTION = "5e0c7a1d-1f0e-4b57-8c1a-2b9d6f4e7a10";
  private static final String JOBS = "/api/v1/jobs?connectionId=" + CONNECTION;
  private static final String TRIGGER = "/api/v1/connections/" + CONNECTION + "/jobs";

  @TempDir static Path folder;

  private static TestingHttpsServer server;
  private static QuickstartResources resources;

  @BeforeAll
  static void start() throws Exception {
    server = TestingHttpsServer.start(folder);
    resources =
        new QuickstartResources(
            new ApiClient(server.baseUrl(), TrustedCa.sslContext(server.caFile()), "token"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void forget() {
    server.requests().clear();
    server.forgetResponses();
  }

  @Test
  void syncFollowsTheJobAKilledRunLeftRunning() {
    server.respond(
        "GET",
        JOBS,
        json(
            """
            [{"id":"j-old","status":"SUCCEEDED"},{"id":"j-left","status":"RUNNING"}]"""));

    QuickstartResources.SyncJob job = resources.startSync(CONNECTION);

    assertThat(job).isEqualTo(new QuickstartResources.SyncJob("j-left", true));
    assertThat(server.requests()).extracting(Request::method).containsOnly("GET");
  }

  @Test
  void syncStartsANewJobWhenEveryEarlierOneEnded() {
    server.respond("GET", JOBS, json("[{\"id\":\"j-old\",\"status\":\"FAILED\"}]"));
    server.respond(
        "POST",
        TRIGGER,
        new Response(201, "application/json", "{\"id\":\"j-new\",\"status\":\"QUEUED\"}"));

    QuickstartResources.SyncJob job = resources.startSync(CONNECTION);

    assertThat(job).isEqualTo(new QuickstartResources.SyncJob("j-new", false));
    assertThat(server.requests()).extracting(Request::path).contains(TRIGGER);
  }

  @Test
  void aRevokedDataPlaneIsReplacedByOneWithTheNextFreeName() {
    server.respond(
        "GET",
        "/api/v1/dataplanes",
        json(
            """
            [{"id":"p-1","name":"quickstart","regionId":"r-1","status":"REVOKED"},
             {"id":"p-9","name":"quickstart","regionId":"r-other","status":"ACTIVE"}]"""));
    server.respond(
        "POST",
        "/api/v1/dataplanes",
        new Response(
            201,
            "application/json",
            """
            {"dataPlane":{"id":"p-2","name":"quickstart-2","regionId":"r-1","status":"PENDING"},
             "enrollmentToken":"alt_token.abc","tokenExpiresAt":"2026-12-04T11:00:00Z"}"""));

    QuickstartResources.Enrollment enrollment = resources.dataPlane("r-1");

    assertThat(enrollment.dataPlaneId()).isEqualTo("p-2");
    assertThat(enrollment.name()).isEqualTo("quickstart-2");
    assertThat(server.requests())
        .filteredOn(request -> request.method().equals("POST"))
        .singleElement()
        .extracting(Request::body)
        .asString()
        .contains("\"name\":\"quickstart-2\"")
        .contains("\"regionId\":\"r-1\"");
  }

  @Test
  void theReplacementOfARevokedDataPlaneIsReusedLater() {
    server.respond(
        "GET",
        "/api/v1/dataplanes",
        json(
            """
            [{"id":"p-1","name":"quickstart","regionId":"r-1","status":"REVOKED"},
             {"id":"p-2","name":"quickstart-2","regionId":"r-1","status":"ACTIVE"}]"""));
    server.respond(
        "POST",
        "/api/v1/dataplanes/p-2/tokens",
        new Response(
            201,
            "application/json",
            """
            {"dataPlane":{"id":"p-2","name":"quickstart-2"},"enrollmentToken":"alt_t.abc",
             "tokenExpiresAt":"2026-12-04T11:00:00Z"}"""));

    QuickstartResources.Enrollment enrollment = resources.dataPlane("r-1");

    assertThat(enrollment.dataPlaneId()).isEqualTo("p-2");
    assertThat(enrollment.name()).isEqualTo("quickstart-2");
  }

  private static Response json(String body) {
    return new Response(200, "application/json", body);
  }
}
