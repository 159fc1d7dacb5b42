package io.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.cli.quickstart.DataPlaneProcess;
import io.airlock.connectors.testing.TestingDatasets;
import io.airlock.controlplane.ControlPlane;
import io.airlock.controlplane.ControlPlaneSettings;
import io.airlock.controlplane.testing.TestingHttps;
import io.airlock.controlplane.testing.TestingHttps.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Both planes for real, for one end-to-end test class: a control plane started in this JVM (temp
 * data folder, free port, embedded PostgreSQL) and data planes started as separate JVM processes
 * that enroll with tokens created through the REST API and then talk to the control plane over
 * mutual TLS on loopback. Every resource is created through the REST API with the admin token.
 */
final class TestingAirlock implements AutoCloseable {
  static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  private static final Duration POLL = Duration.ofMillis(250);

  private final Path home;
  private final ControlPlane controlPlane;
  private final String adminToken;
  private final TestingHttps https;
  private final List<DataPlaneProcess> processes = new ArrayList<>();

  private TestingAirlock(Path home, ControlPlane controlPlane, String adminToken) {
    this.home = home;
    this.controlPlane = controlPlane;
    this.adminToken = adminToken;
    this.https = TestingHttps.anonymous(controlPlane.baseUrl(), controlPlane.caCertificate());
  }

  /** Starts a control plane with default settings under {@code home}. */
  static TestingAirlock start(Path home) {
    return start(home, ControlPlaneSettings.DEFAULT_LEASE_DURATION);
  }

  /** Starts a control plane whose leases last {@code leaseDuration} without a heartbeat. */
  static TestingAirlock start(Path home, Duration leaseDuration) {
    ControlPlaneSettings settings =
        ControlPlaneSettings.builder()
            .dataDir(home.resolve("controlplane"))
            .port(0)
            .adminTokenFile(null)
            .leaseDuration(leaseDuration)
            .build();
    ControlPlane controlPlane = ControlPlane.start(settings);
    String token =
        controlPlane
            .newAdminToken()
            .orElseThrow(() -> new IllegalStateException("A fresh control plane has no token"));
    return new TestingAirlock(home, controlPlane, token);
  }

  ControlPlane controlPlane() {
    return controlPlane;
  }

  /** The control plane's data folder (embedded database, TLS material). */
  Path controlPlaneDataDir() {
    return home.resolve("controlplane");
  }

  /** An HTTPS client without client certificate that trusts the control plane's CA. */
  TestingHttps anonymous() {
    return https;
  }

  /** Sends an admin request and returns the response, whatever its status. */
  Response call(String method, String path, Object body) {
    return https.send(method, path, adminToken, body);
  }

  /** Sends an admin request and returns its JSON body, failing unless the status is expected. */
  JsonNode admin(String method, String path, Object body, int expectedStatus) {
    Response response = call(method, path, body);
    assertThat(response.status())
        .as(method + " " + path + " answered " + response.body())
        .isEqualTo(expectedStatus);
    return response.body().isEmpty() ? null : response.json();
  }

  UUID createRegion(String name) {
    return id(admin("POST", "/api/v1/regions", Map.of("name", name), 201));
  }

  UUID createWorkspace(UUID regionId, String name) {
    return id(admin("POST", "/api/v1/workspaces", Map.of("regionId", regionId, "name", name), 201));
  }

  /** Registers a data plane and returns its id and one-time enrollment token. */
  NewDataPlane createDataPlane(UUID regionId, String name) {
    JsonNode created =
        admin("POST", "/api/v1/dataplanes", Map.of("regionId", regionId, "name", name), 201);
    return new NewDataPlane(
        UUID.fromString(created.path("dataPlane").path("id").asString()),
        created.path("enrollmentToken").asString());
  }

  UUID createSource(UUID workspaceId, String name, String type, Map<String, Object> config) {
    return id(admin("POST", "/api/v1/sources", connector(workspaceId, name, type, config), 201));
  }

  UUID createDestination(UUID workspaceId, String name, String type, Map<String, Object> config) {
    return id(
        admin("POST", "/api/v1/destinations", connector(workspaceId, name, type, config), 201));
  }

  /** A connection with the given streams (empty: all) and mappers, without schedule. */
  UUID createConnection(
      UUID workspaceId,
      String name,
      UUID sourceId,
      UUID destinationId,
      List<Map<String, Object>> streams,
      List<Map<String, Object>> mappers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", name);
    body.put("sourceId", sourceId);
    body.put("destinationId", destinationId);
    body.put("streams", streams);
    body.put("mappers", mappers);
    return id(admin("POST", "/api/v1/connections", body, 201));
  }

  /** A hash mapper of {@code columns} of {@code stream}, keyed by {@code keyRef}. */
  static Map<String, Object> hashMapper(String stream, List<String> columns, String keyRef) {
    return Map.of("type", "hash", "stream", stream, "columns", columns, "keyRef", keyRef);
  }

  /** Triggers a manual sync of the connection and returns the job id. */
  UUID runJob(UUID connectionId) {
    return id(admin("POST", "/api/v1/connections/" + connectionId + "/jobs", null, 201));
  }

  JsonNode job(UUID jobId) {
    return admin("GET", "/api/v1/jobs/" + jobId, null, 200);
  }

  /**
   * Polls the job until it has ended and returns it. Fails early, with the end of its log, when
   * {@code dataPlane} stops meanwhile.
   */
  JsonNode awaitJobEnd(UUID jobId, DataPlaneProcess dataPlane, Duration patience) {
    Instant deadline = Instant.now().plus(patience);
    while (true) {
      JsonNode job = job(jobId);
      if (ENDED.contains(job.path("status").asString())) {
        return job;
      }
      assertThat(dataPlane.isAlive())
          .as(
              "data plane process alive while job %s runs; its log ends with:%n%s",
              jobId, tail(dataPlane))
          .isTrue();
      assertThat(Instant.now())
          .as("job %s ended within %s; it is %s", jobId, patience, job.path("status").asString())
          .isBefore(deadline);
      sleep(POLL);
    }
  }

  /** Runs a job to its end and fails unless it succeeded, showing the attempts' errors. */
  JsonNode runToSuccess(UUID connectionId, DataPlaneProcess dataPlane, Duration patience) {
    JsonNode job = awaitJobEnd(runJob(connectionId), dataPlane, patience);
    assertThat(job.path("status").asString())
        .as(
            "job status; attempts: %s; data plane log ends with:%n%s",
            job.path("attempts"), tail(dataPlane))
        .isEqualTo("SUCCEEDED");
    return job;
  }

  /** Starts describing a data-plane process that enrolls with {@code token}. */
  DataPlaneLaunch dataPlane(String name, String token) {
    return new DataPlaneLaunch(name, token);
  }

  /**
   * Creates a region, a workspace in it and a data plane for it, and starts that data plane as a
   * separate process with the given environment and JVM options.
   */
  Region region(String name, Map<String, String> environment, List<String> jvmOptions) {
    UUID regionId = createRegion(name);
    UUID workspaceId = createWorkspace(regionId, name + "-workspace");
    NewDataPlane created = createDataPlane(regionId, name + "-dataplane");
    DataPlaneLaunch launch = dataPlane(name + "-dataplane", created.token());
    environment.forEach(launch::environment);
    jvmOptions.forEach(launch::jvmOption);
    return new Region(regionId, workspaceId, created.id(), launch.start());
  }

  /** Stops every data-plane process, then the control plane. */
  @Override
  public void close() {
    try {
      processes.forEach(DataPlaneProcess::close);
    } finally {
      controlPlane.close();
    }
  }

  static String tail(DataPlaneProcess dataPlane) {
    return String.join(System.lineSeparator(), dataPlane.logTail(40));
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting", e);
    }
  }

  private static Map<String, Object> connector(
      UUID workspaceId, String name, String type, Map<String, Object> config) {
    return Map.of("workspaceId", workspaceId, "name", name, "type", type, "config", config);
  }

  private static UUID id(JsonNode node) {
    return UUID.fromString(node.path("id").asString());
  }

  /** A registered data plane that has not enrolled yet. */
  record NewDataPlane(UUID id, String token) {}

  /** A region with its workspace and its running data-plane process. */
  record Region(UUID regionId, UUID workspaceId, UUID dataPlaneId, DataPlaneProcess dataPlane) {}

  /** How to start one data-plane process; its work folder and log live under the home folder. */
  final class DataPlaneLaunch {
    private final Path workDir;
    private final DataPlaneProcess.Builder builder;

    private DataPlaneLaunch(String name, String token) {
      this.workDir = home.resolve("dataplanes").resolve(name);
      this.builder =
          DataPlaneProcess.builder(controlPlane.baseUrl(), token, workDir)
              .logFile(home.resolve("logs").resolve(name + ".log"))
              .environment("AIRLOCK_HOME", home.toString())
              // The tests' files: the shared datasets and their temporary folders.
              .allowPath(TestingDatasets.root())
              .allowPath(Path.of(System.getProperty("java.io.tmpdir")));
    }

    DataPlaneLaunch environment(String name, String value) {
      builder.environment(name, value);
      return this;
    }

    DataPlaneLaunch jvmOption(String option) {
      builder.jvmOption(option);
      return this;
    }

    DataPlaneProcess start() {
      try {
        Files.createDirectories(workDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      DataPlaneProcess process = builder.start();
      processes.add(process);
      return process;
    }
  }
}
