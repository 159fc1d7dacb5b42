package io.airlock.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.controlplane.TestingControlPlane.EnrolledDataPlane;
import io.airlock.controlplane.testing.TestingCertificates;
import io.airlock.controlplane.testing.TestingHttps;
import io.airlock.controlplane.testing.TestingHttps.HandshakeRefused;
import io.airlock.controlplane.testing.TestingHttps.Response;
import io.airlock.protocol.enrollment.EnrollmentToken;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Enrollment, mutual TLS and revocation, with certificates made in the test. */
class DataPlaneAuthenticationTest {
  private static final String LEASES = "/api/v1/dataplane/leases";
  private static final Map<String, Object> NO_WAIT = Map.of("waitSeconds", 0);

  @TempDir static Path dataDir;
  static TestingControlPlane cp;
  static UUID regionId;

  @BeforeAll
  static void start() {
    cp = TestingControlPlane.start(dataDir, Duration.ofSeconds(60));
    regionId = cp.createRegion("eu-1");
  }

  @AfterAll
  static void stop() {
    cp.close();
  }

  @Test
  void enrolledDataPlaneGetsACertificateBoundToItsIdAndRegion() throws Exception {
    EnrolledDataPlane dataPlane = cp.enroll(regionId, "bound");
    X509Certificate certificate = dataPlane.certificate();

    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + dataPlane.id());
    assertThat(
            certificate.getSubjectAlternativeNames().stream()
                .map(name -> String.valueOf(name.get(1))))
        .containsExactlyInAnyOrder(
            "urn:airlock:dataplane:" + dataPlane.id(), "urn:airlock:region:eu-1");
    assertThat(Duration.between(Instant.now(), certificate.getNotAfter().toInstant()))
        .isBetween(Duration.ofHours(23), Duration.ofHours(24));
    assertThat(dataPlane.call(LEASES, NO_WAIT).status()).isEqualTo(204);
    JsonNode registered = cp.admin("GET", "/api/v1/dataplanes/" + dataPlane.id(), null, 200);
    assertThat(registered.path("status").asString()).isEqualTo("ACTIVE");
    assertThat(registered.path("lastSeenAt").isNull()).isFalse();
  }

  @Test
  void tokenCarriesTheCaFingerprint() {
    JsonNode created = cp.createDataPlane(regionId, "fingerprint");
    EnrollmentToken token = EnrollmentToken.parse(created.path("enrollmentToken").asString());

    assertThat(token.caFingerprint()).isEqualTo(cp.controlPlane.caFingerprint());
    assertThat(token.secret()).startsWith("alt_");
    assertThat(created.path("dataPlane").path("status").asString()).isEqualTo("PENDING");
  }

  @Test
  void enrollmentTokenWorksOnceThenIsRefused() {
    String token = cp.createDataPlane(regionId, "once").path("enrollmentToken").asString();

    Response first = enroll(token, TestingCertificates.keyPair());
    Response second = enroll(token, TestingCertificates.keyPair());

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(401);
    assertThat(second.json().path("detail").asString()).contains("already used");
  }

  @Test
  void expiredEnrollmentTokenIsRefused() throws SQLException {
    JsonNode created = cp.createDataPlane(regionId, "late");
    expireTokensOf(UUID.fromString(created.path("dataPlane").path("id").asString()));

    Response response =
        enroll(created.path("enrollmentToken").asString(), TestingCertificates.keyPair());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().path("detail").asString())
        .contains("expired at")
        .contains("ask an admin for a new one");
  }

  @Test
  void unknownTokenIsRefused() {
    String forged =
        new EnrollmentToken("alt_" + "A".repeat(43), cp.controlPlane.caFingerprint()).encode();

    Response response = enroll(forged, TestingCertificates.keyPair());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().path("detail").asString()).contains("unknown");
  }

  @Test
  void csrWithoutProofOfPossessionIsRejectedAndKeepsTheToken() {
    String token = cp.createDataPlane(regionId, "possession").path("enrollmentToken").asString();
    KeyPair claimed = TestingCertificates.keyPair();
    String forgedCsr = TestingCertificates.csr(claimed, TestingCertificates.keyPair().getPrivate());

    Response forged =
        cp.anonymous.send(
            "POST", "/api/v1/enrollments", null, Map.of("token", token, "csrPem", forgedCsr));
    Response honest = enroll(token, TestingCertificates.keyPair());

    assertThat(forged.status()).isEqualTo(422);
    assertThat(forged.json().path("errors").get(0).path("field").asString()).isEqualTo("csrPem");
    assertThat(honest.status()).isEqualTo(201);
  }

  @Test
  void dataPlaneCallWithoutClientCertificateIsRefused() {
    Response response = cp.anonymous.send("POST", LEASES, null, NO_WAIT);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
  }

  @Test
  void adminTokenIsRefusedOnDataPlaneCalls() {
    EnrolledDataPlane dataPlane = cp.enroll(regionId, "with-bearer");

    Response bearerOnly = cp.admin("POST", LEASES, NO_WAIT);
    Response both = dataPlane.client().send("POST", LEASES, cp.adminToken, NO_WAIT);

    assertThat(bearerOnly.status()).isEqualTo(401);
    assertThat(both.status()).isEqualTo(401);
  }

  @Test
  void certificateFromAnotherCaIsRefused() {
    KeyPair keys = TestingCertificates.keyPair();
    EnrolledDataPlane real = cp.enroll(regionId, "impersonated");
    X509Certificate foreign =
        TestingCertificates.clientCertificate(
            TestingCertificates.foreignCa(),
            keys,
            real.id(),
            Instant.now().minusSeconds(60),
            Instant.now().plusSeconds(3600));

    assertRefused(() -> client(foreign, keys).send("POST", LEASES, null, NO_WAIT));
  }

  @Test
  void expiredCertificateIsRefused() {
    KeyPair keys = TestingCertificates.keyPair();
    EnrolledDataPlane real = cp.enroll(regionId, "expired");
    X509Certificate expired =
        TestingCertificates.clientCertificate(
            TestingCertificates.controlPlaneCa(dataDir),
            keys,
            real.id(),
            Instant.now().minus(Duration.ofDays(2)),
            Instant.now().minus(Duration.ofDays(1)));

    assertRefused(() -> client(expired, keys).send("POST", LEASES, null, NO_WAIT));
  }

  @Test
  void revokedDataPlaneIsForbiddenAtItsNextCall() {
    EnrolledDataPlane dataPlane = cp.enroll(regionId, "revoked");
    assertThat(dataPlane.call(LEASES, NO_WAIT).status()).isEqualTo(204);

    JsonNode revoked =
        cp.admin("POST", "/api/v1/dataplanes/" + dataPlane.id() + "/revoke", null, 200);
    Response next = dataPlane.call(LEASES, NO_WAIT);

    assertThat(revoked.path("status").asString()).isEqualTo("REVOKED");
    assertThat(next.status()).isEqualTo(403);
    assertThat(next.json().path("detail").asString())
        .contains("revoked")
        .contains("register a new data plane")
        .doesNotContain("new enrollment token");
    cp.admin("POST", "/api/v1/dataplanes/" + dataPlane.id() + "/tokens", null, 409);
  }

  @Test
  void renewalIssuesANewCertificateForTheSameIdentity() {
    EnrolledDataPlane dataPlane = cp.enroll(regionId, "renewing");
    KeyPair fresh = TestingCertificates.keyPair();

    Response response =
        dataPlane.call(
            "/api/v1/dataplane/certificates", Map.of("csrPem", TestingCertificates.csr(fresh)));
    X509Certificate renewed =
        TestingCertificates.parseCertificate(response.json().path("certificatePem").asString());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("dataPlaneId").asString()).isEqualTo(dataPlane.id().toString());
    assertThat(renewed.getSerialNumber()).isNotEqualTo(dataPlane.certificate().getSerialNumber());
    assertThat(renewed.getPublicKey()).isEqualTo(fresh.getPublic());
    assertThat(client(renewed, fresh).send("POST", LEASES, null, NO_WAIT).status()).isEqualTo(204);
  }

  @Test
  void reEnrollmentTokenReplacesTheUnusedOne() {
    JsonNode created = cp.createDataPlane(regionId, "re-enrolled");
    String first = created.path("enrollmentToken").asString();
    String id = created.path("dataPlane").path("id").asString();

    String second =
        cp.admin("POST", "/api/v1/dataplanes/" + id + "/tokens", null, 201)
            .path("enrollmentToken")
            .asString();

    assertThat(enroll(first, TestingCertificates.keyPair()).status()).isEqualTo(401);
    assertThat(enroll(second, TestingCertificates.keyPair()).status()).isEqualTo(201);
  }

  @Test
  void tlsPrefersVersion13AndRefusesNonAeadSuites() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    var store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry(
        "ca",
        TestingCertificates.parseCertificate(
            java.nio.file.Files.readString(cp.controlPlane.caCertificate())));
    trust.init(store);
    context.init(null, trust.getTrustManagers(), null);
    int port = cp.controlPlane.baseUrl().getPort();

    try (SSLSocket modern =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      modern.startHandshake();
      var chain = modern.getSession().getPeerCertificates();
      assertThat(modern.getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(modern.getSession().getCipherSuite()).contains("GCM");
      assertThat(EnrollmentToken.fingerprint(chain[chain.length - 1].getEncoded()))
          .as("the server presents the CA whose fingerprint enrollment tokens carry")
          .isEqualTo(cp.controlPlane.caFingerprint());
    }
    try (SSLSocket legacy =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      legacy.setEnabledProtocols(new String[] {"TLSv1.2"});
      legacy.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
      assertRefused(
          () -> {
            try {
              legacy.startHandshake();
              return new Response(200, "", "");
            } catch (java.io.IOException e) {
              throw new HandshakeRefused(e);
            }
          });
    }
  }

  private static Response enroll(String token, KeyPair keys) {
    return cp.anonymous.send(
        "POST",
        "/api/v1/enrollments",
        null,
        Map.of("token", token, "csrPem", TestingCertificates.csr(keys), "hostname", "h"));
  }

  private static TestingHttps client(X509Certificate certificate, KeyPair keys) {
    return TestingHttps.withCertificate(
        cp.controlPlane.baseUrl(), cp.controlPlane.caCertificate(), certificate, keys.getPrivate());
  }

  /** Refused means the handshake failed, or the server answered 401 or 403. */
  private static void assertRefused(Supplier<Response> call) {
    try {
      Response response = call.get();
      assertThat(response.status()).as(response.body()).isIn(401, 403);
    } catch (HandshakeRefused e) {
      assertThat(e).hasCauseInstanceOf(java.io.IOException.class);
    }
  }

  private static void expireTokensOf(UUID dataPlaneId) throws SQLException {
    try (var db = DriverManager.getConnection(cp.controlPlane.databaseUrl());
        var statement =
            db.prepareStatement(
                "update enrollment_tokens set expires_at = now() - interval '1 minute'"
                    + " where data_plane_id = ?")) {
      statement.setObject(1, dataPlaneId);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }
}
