package io.airlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.cli.quickstart.DataPlaneProcess;
import io.airlock.connectors.testing.TestingPostgres;
import io.airlock.controlplane.testing.TestingCertificates;
import io.airlock.controlplane.testing.TestingHttps;
import io.airlock.controlplane.testing.TestingHttps.HandshakeRefused;
import io.airlock.controlplane.testing.TestingHttps.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Security properties of the running planes: the data plane never listens, enrollment tokens are
 * one-time, the data-plane API wants a valid client certificate of the control plane's CA, stale
 * lease generations are fenced, and secret fields refuse literal values.
 */
class DataPlaneSecurityTest {
  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final Duration PATIENCE = Duration.ofMinutes(5);
  private static final String LEASES = "/api/v1/dataplane/leases";
  private static final String PG_PASSWORD = "AIRLOCK_TEST_PG_PASSWORD";
  private static final int ROWS = 1_000_000;

  @TempDir static Path home;
  static TestingAirlock airlock;
  static TestingPostgres customer;
  static TestingAirlock.Region region;
  static String usedToken;

  @BeforeAll
  static void start() {
    customer = TestingPostgres.start();
    customer.createDatabase("source");
    customer.createDatabase("warehouse");
    customer.execute(
        "source",
        "CREATE TABLE events AS SELECT g AS id, md5(g::text) AS digest,"
            + " now() - g * interval '1 second' AS happened_at, g * 1.25 AS amount"
            + " FROM generate_series(1, "
            + ROWS
            + ") g");
    airlock = TestingAirlock.start(home, LEASE);
    UUID regionId = airlock.createRegion("secure");
    UUID workspaceId = airlock.createWorkspace(regionId, "secure-workspace");
    TestingAirlock.NewDataPlane created = airlock.createDataPlane(regionId, "secure-dataplane");
    usedToken = created.token();
    DataPlaneProcess process =
        airlock
            .dataPlane("secure-dataplane", usedToken)
            .environment(PG_PASSWORD, "postgres")
            .start();
    region = new TestingAirlock.Region(regionId, workspaceId, created.id(), process);
  }

  @AfterAll
  static void stop() {
    if (airlock != null) {
      airlock.close();
    }
    if (customer != null) {
      customer.close();
    }
  }

  @Test
  void dataPlaneHasNoListeningSocketWhileItSyncs() {
    int controlPlanePort = airlock.controlPlane().baseUrl().getPort();
    assertThat(ListeningSockets.ports(ProcessHandle.current().pid()))
        .as("the method sees the control plane listening in this JVM")
        .contains(controlPlanePort);
    UUID connectionId = pgToPg(region.workspaceId(), "sockets");

    UUID jobId = airlock.runJob(connectionId);
    List<List<Integer>> whileRunning = new ArrayList<>();
    JsonNode job = airlock.job(jobId);
    while (!TestingAirlock.ENDED.contains(job.path("status").asString())) {
      List<Integer> ports = ListeningSockets.ports(region.dataPlane().pid());
      if (job.path("status").asString().equals("RUNNING")) {
        whileRunning.add(ports);
      }
      assertThat(ports).as("ports the data plane listens on").isEmpty();
      TestingAirlock.sleep(Duration.ofMillis(50));
      job = airlock.job(jobId);
    }

    assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(whileRunning).as("samples taken while the sync ran").hasSizeGreaterThanOrEqualTo(3);
    assertThat(job.path("streams").get(0).path("records").asLong()).isEqualTo(ROWS);
  }

  @Test
  void enrollmentTokenWorksOnceThenIsRefused() throws Exception {
    awaitActive(region.dataPlaneId());

    DataPlaneProcess second = airlock.dataPlane("second-with-same-token", usedToken).start();
    second.handle().onExit().get();
    String log = Files.readString(second.logFile());

    assertThat(second.exitCode()).hasValueSatisfying(code -> assertThat(code).isNotZero());
    assertThat(log).contains("Cannot start the data plane").contains("already used");
    assertThat(log).doesNotContain(usedToken);
  }

  @Test
  void dataPlaneCallsWithoutAValidClientCertificateAreRefused() {
    EnrolledClient genuine = enrollClient("cert-checks");
    KeyPair keys = TestingCertificates.keyPair();
    Instant now = Instant.now();
    X509Certificate foreign =
        TestingCertificates.clientCertificate(
            TestingCertificates.foreignCa(),
            keys,
            genuine.id(),
            now.minusSeconds(60),
            now.plusSeconds(3600));
    X509Certificate expired =
        TestingCertificates.clientCertificate(
            TestingCertificates.controlPlaneCa(airlock.controlPlaneDataDir()),
            keys,
            genuine.id(),
            now.minus(Duration.ofDays(2)),
            now.minus(Duration.ofDays(1)));

    assertThat(genuine.lease(1).status()).as("the genuine certificate works").isEqualTo(204);
    assertRefused(() -> airlock.anonymous().send("POST", LEASES, null, Map.of("waitSeconds", 1)));
    assertRefused(() -> client(foreign, keys).send("POST", LEASES, null, Map.of("waitSeconds", 1)));
    assertRefused(() -> client(expired, keys).send("POST", LEASES, null, Map.of("waitSeconds", 1)));
  }

  @Test
  void reportUnderAStaleLeaseGenerationIsRefused() {
    EnrolledClient client = enrollClient("stale");
    UUID connectionId = pgToPg(client.workspaceId(), "stale");
    UUID jobId = airlock.runJob(connectionId);
    JsonNode first = client.lease(5).json();
    long stale = first.path("generation").asLong();
    assertThat(first.path("jobId").asString()).isEqualTo(jobId.toString());

    awaitStatus(jobId, "QUEUED");
    JsonNode second = client.lease(5).json();
    long current = second.path("generation").asLong();
    Response staleBeat = client.post(jobPath(jobId, "heartbeats"), Map.of("generation", stale));
    Response staleResult =
        client.post(jobPath(jobId, "result"), Map.of("generation", stale, "outcome", "SUCCEEDED"));
    Response currentResult =
        client.post(
            jobPath(jobId, "result"),
            Map.of(
                "generation",
                current,
                "outcome",
                "FAILED",
                "error",
                Map.of("kind", "USER", "message", "stopped by the test", "retriable", false)));

    assertThat(current).isGreaterThan(stale);
    assertThat(staleBeat.status()).isEqualTo(409);
    assertThat(staleResult.status()).isEqualTo(409);
    assertThat(currentResult.status()).isEqualTo(204);
    assertThat(airlock.job(jobId).path("status").asString()).isEqualTo("FAILED");
  }

  @Test
  void literalValuesInSecretFieldsAreRejected() {
    Map<String, Object> config = customer.connectionConfig("warehouse");
    config.put("password", "hunter2");
    Map<String, Object> body =
        Map.of(
            "workspaceId",
            region.workspaceId(),
            "name",
            "literal",
            "type",
            "destination-postgres",
            "config",
            config);

    Response response = airlock.call("POST", "/api/v1/destinations", body);
    Response mapper = connectionWithLiteralKey();

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(fields(response)).contains("config.password");
    assertThat(response.body()).doesNotContain("hunter2");
    assertThat(mapper.status()).isEqualTo(422);
    assertThat(fields(mapper)).contains("mappers[0].keyRef");
    assertThat(mapper.body()).doesNotContain("hunter2");
  }

  private static Response connectionWithLiteralKey() {
    Map<String, Object> source = customer.connectionConfig("source");
    UUID sourceId =
        airlock.createSource(region.workspaceId(), "literal-key", "source-postgres", source);
    UUID destinationId =
        airlock.createDestination(
            region.workspaceId(),
            "literal-key",
            "destination-postgres",
            customer.connectionConfig("warehouse"));
    Map<String, Object> body = new HashMap<>();
    body.put("workspaceId", region.workspaceId());
    body.put("name", "literal-key");
    body.put("sourceId", sourceId);
    body.put("destinationId", destinationId);
    body.put("streams", List.of());
    body.put("mappers", List.of(TestingAirlock.hashMapper("events", List.of("digest"), "hunter2")));
    return airlock.call("POST", "/api/v1/connections", body);
  }

  private static List<String> fields(Response response) {
    List<String> fields = new ArrayList<>();
    response.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
    return fields;
  }

  /** A connection copying the source table {@code events} into schema {@code name}. */
  private static UUID pgToPg(UUID workspaceId, String name) {
    Map<String, Object> destination = customer.connectionConfig("warehouse");
    destination.put("schema", name);
    UUID sourceId =
        airlock.createSource(
            workspaceId, name, "source-postgres", customer.connectionConfig("source"));
    UUID destinationId =
        airlock.createDestination(workspaceId, name, "destination-postgres", destination);
    List<Map<String, Object>> streams =
        List.of(
            Map.of("name", "events", "syncMode", "FULL_REFRESH_OVERWRITE", "columns", List.of()));
    return airlock.createConnection(workspaceId, name, sourceId, destinationId, streams, List.of());
  }

  /**
   * A client certificate enrolled through the REST API with a CSR made here, for a data plane of a
   * region of its own, so that no real data plane takes its jobs. The connection the test then
   * creates lives in that region's workspace.
   */
  private static EnrolledClient enrollClient(String name) {
    UUID regionId = airlock.createRegion(name);
    UUID workspaceId = airlock.createWorkspace(regionId, name + "-workspace");
    TestingAirlock.NewDataPlane created = airlock.createDataPlane(regionId, name + "-client");
    KeyPair keys = TestingCertificates.keyPair();
    Response enrolled =
        airlock
            .anonymous()
            .send(
                "POST",
                "/api/v1/enrollments",
                null,
                Map.of(
                    "token",
                    created.token(),
                    "csrPem",
                    TestingCertificates.csr(keys),
                    "hostname",
                    "e2e-test"));
    assertThat(enrolled.status()).as("enrollment: " + enrolled.body()).isEqualTo(201);
    X509Certificate certificate =
        TestingCertificates.parseCertificate(enrolled.json().path("certificatePem").asString());
    return new EnrolledClient(created.id(), workspaceId, client(certificate, keys));
  }

  private static TestingHttps client(X509Certificate certificate, KeyPair keys) {
    return TestingHttps.withCertificate(
        airlock.controlPlane().baseUrl(),
        airlock.controlPlane().caCertificate(),
        certificate,
        keys.getPrivate());
  }

  /** Refused either at the TLS handshake or by the API with 401 or 403. */
  private static void assertRefused(Supplier<Response> call) {
    Response response;
    try {
      response = call.get();
    } catch (HandshakeRefused e) {
      return;
    }
    assertThat(response.status()).as("status of a refused call").isIn(401, 403);
    assertThat(response.contentType()).startsWith("application/problem+json");
  }

  private static void awaitStatus(UUID jobId, String status) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!airlock.job(jobId).path("status").asString().equals(status)) {
      assertThat(Instant.now()).as("job reached " + status).isBefore(deadline);
      TestingAirlock.sleep(Duration.ofMillis(250));
    }
  }

  private static void awaitActive(UUID dataPlaneId) {
    Instant deadline = Instant.now().plus(PATIENCE);
    String path = "/api/v1/dataplanes/" + dataPlaneId;
    while (!airlock.admin("GET", path, null, 200).path("status").asString().equals("ACTIVE")) {
      assertThat(region.dataPlane().isAlive())
          .as("data plane alive; log:%n%s", TestingAirlock.tail(region.dataPlane()))
          .isTrue();
      assertThat(Instant.now()).as("data plane enrolled").isBefore(deadline);
      TestingAirlock.sleep(Duration.ofMillis(250));
    }
  }

  private static String jobPath(UUID jobId, String what) {
    return "/api/v1/dataplane/jobs/" + jobId + "/" + what;
  }

  /** A test client holding a certificate the control plane issued for a data plane. */
  private record EnrolledClient(UUID id, UUID workspaceId, TestingHttps https) {
    Response lease(int waitSeconds) {
      return post(LEASES, Map.of("waitSeconds", waitSeconds));
    }

    Response post(String path, Object body) {
      return https.send("POST", path, null, body);
    }
  }
}
