package io.airlock.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.controlplane.testing.TestingCertificates;
import io.airlock.controlplane.testing.TestingHttps;
import io.airlock.controlplane.testing.TestingHttps.Response;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A control plane on a free port with its own data folder, plus API helpers for tests. */
final class TestingControlPlane implements AutoCloseable {
  final ControlPlane controlPlane;
  final Path dataDir;
  final String adminToken;
  final TestingHttps anonymous;

  private TestingControlPlane(ControlPlane controlPlane, Path dataDir) {
    this.controlPlane = controlPlane;
    this.dataDir = dataDir;
    this.adminToken = controlPlane.newAdminToken().orElseThrow();
    this.anonymous = TestingHttps.anonymous(controlPlane.baseUrl(), controlPlane.caCertificate());
  }

  static TestingControlPlane start(Path dataDir, Duration leaseDuration) {
    ControlPlaneSettings settings =
        ControlPlaneSettings.defaults(dataDir).toBuilder()
            .port(0)
            .leaseDuration(leaseDuration)
            .build();
    return new TestingControlPlane(ControlPlane.start(settings), dataDir);
  }

  /** An admin call. */
  Response admin(String method, String path, Object body) {
    return anonymous.send(method, path, adminToken, body);
  }

  /** An admin call expected to answer {@code status}; returns its JSON body. */
  JsonNode admin(String method, String path, Object body, int status) {
    Response response = admin(method, path, body);
    assertThat(response.status())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(status);
    return response.body().isEmpty() ? null : response.json();
  }

  UUID createRegion(String name) {
    return id(admin("POST", "/api/v1/regions", Map.of("name", name), 201));
  }

  UUID createWorkspace(UUID regionId, String name) {
    return id(admin("POST", "/api/v1/workspaces", Map.of("regionId", regionId, "name", name), 201));
  }

  /** A workspace with a CSV source, a PostgreSQL destination and a connection between them. */
  UUID createConnection(UUID workspaceId, String name, String schedule) {
    UUID source =
        id(
            admin(
                "POST",
                "/api/v1/sources",
                Map.of(
                    "workspaceId",
                    workspaceId,
                    "name",
                    name + "-src",
                    "type",
                    "source-csv",
                    "config",
                    Map.of("path", "/data/in")),
                201));
    UUID destination =
        id(
            admin(
                "POST",
                "/api/v1/destinations",
                Map.of(
                    "workspaceId",
                    workspaceId,
                    "name",
                    name + "-dst",
                    "type",
                    "destination-postgres",
                    "config",
                    Map.of(
                        "host", "127.0.0.1",
                        "database", "warehouse",
                        "username", "airlock",
                        "password", "env://PG_PASSWORD")),
                201));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", name);
    body.put("sourceId", source);
    body.put("destinationId", destination);
    body.put("streams", List.of(Map.of("name", "patients", "syncMode", "FULL_REFRESH_OVERWRITE")));
    body.put(
        "mappers",
        List.of(
            Map.of("type", "hash", "columns", List.of("SSN"), "keyRef", "env://AIRLOCK_HASH_KEY")));
    body.put("schedule", schedule);
    return id(admin("POST", "/api/v1/connections", body, 201));
  }

  /** Creates a data plane in the region and returns its enrollment token. */
  JsonNode createDataPlane(UUID regionId, String name) {
    return admin("POST", "/api/v1/dataplanes", Map.of("regionId", regionId, "name", name), 201);
  }

  /** Creates and enrolls a data plane, returning a client that presents its certificate. */
  EnrolledDataPlane enroll(UUID regionId, String name) {
    String token = createDataPlane(regionId, name).path("enrollmentToken").asString();
    KeyPair keys = TestingCertificates.keyPair();
    Response response =
        anonymous.send(
            "POST",
            "/api/v1/enrollments",
            null,
            Map.of("token", token, "csrPem", TestingCertificates.csr(keys), "hostname", "test"));
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonNode body = response.json();
    X509Certificate certificate =
        TestingCertificates.parseCertificate(body.path("certificatePem").asString());
    UUID id = UUID.fromString(body.path("dataPlaneId").asString());
    TestingHttps client =
        TestingHttps.withCertificate(
            controlPlane.baseUrl(), controlPlane.caCertificate(), certificate, keys.getPrivate());
    return new EnrolledDataPlane(id, keys, certificate, client);
  }

  static UUID id(JsonNode node) {
    return UUID.fromString(node.path("id").asString());
  }

  @Override
  public void close() {
    controlPlane.close();
  }

  /** An enrolled data plane and a client presenting its certificate. */
  record EnrolledDataPlane(
      UUID id, KeyPair keys, X509Certificate certificate, TestingHttps client) {
    Response call(String path, Object body) {
      return client.send("POST", path, null, body);
    }
  }
}
