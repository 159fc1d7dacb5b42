package io.airlock.dataplane.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.dataplane.testing.Poll;
import io.airlock.dataplane.testing.TestingCa;
import io.airlock.dataplane.testing.TestingControlPlane;
import io.airlock.dataplane.transport.ControlPlaneClient;
import io.airlock.dataplane.transport.ControlPlaneException;
import io.airlock.protocol.enrollment.EnrollmentToken;
import io.airlock.protocol.lease.LeaseRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentTest {
  private static TestingCa ca;
  private static TestingCa impostor;

  @TempDir Path dir;

  @BeforeAll
  static void createCas() {
    ca = TestingCa.create("Airlock test CA");
    impostor = TestingCa.create("Impostor CA");
  }

  @AfterAll
  static void forget() {
    ca = null;
    impostor = null;
  }

  @Test
  void enrollsWithThePinnedCaAndStoresItsIdentity() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(ca)) {
      Enrolled enrolled = enrollment().establish(controlPlane.uri(), controlPlane.token());

      assertThat(enrolled.identity().dataPlaneId()).isEqualTo(controlPlane.dataPlaneId);
      assertThat(enrolled.identity().region()).isEqualTo("eu-1");
      assertThat(enrolled.credentials().certificate().getSubjectX500Principal().getName())
          .isEqualTo("CN=" + controlPlane.dataPlaneId);
      assertThat(Files.getPosixFilePermissions(dir.resolve("key.pem")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(dir.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY");
      assertThat(EnrollmentToken.fingerprint(new WorkDir(dir).credentials().ca().getEncoded()))
          .isEqualTo(ca.fingerprint());
      String identity = Files.readString(dir.resolve("identity.json"));
      assertThat(identity)
          .contains(controlPlane.dataPlaneId.toString())
          .contains(controlPlane.uri().toString())
          .doesNotContain(controlPlane.tokenSecret);
      assertThat(controlPlane.enrollments).hasValue(1);
    }
  }

  @Test
  void laterStartsReuseTheStoredIdentity() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(ca)) {
      Enrolled first = enrollment().establish(controlPlane.uri(), controlPlane.token());

      Enrolled withoutToken = enrollment().establish(null, null);
      Enrolled sameToken = enrollment().establish(controlPlane.uri(), controlPlane.token());

      assertThat(withoutToken.identity()).isEqualTo(first.identity());
      assertThat(sameToken.identity()).isEqualTo(first.identity());
      assertThat(withoutToken.credentials().certificate())
          .isEqualTo(first.credentials().certificate());
      assertThat(controlPlane.enrollments).hasValue(1);
    }
  }

  @Test
  void withoutTokenOrIdentityItSaysWhatToDo() {
    assertThatThrownBy(() -> enrollment().establish(URI.create("https://127.0.0.1:1"), null))
        .isInstanceOf(EnrollmentException.class)
        .hasMessageContaining("not enrolled yet")
        .hasMessageContaining("--token");
  }

  @Test
  void refusesAControlPlaneWhoseCaIsNotThePinnedOne() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(ca)) {
      String token = controlPlane.tokenPinning(impostor);

      assertThatThrownBy(() -> enrollment().establish(controlPlane.uri(), token))
          .isInstanceOf(ControlPlaneException.class)
          .hasMessageContaining("does not chain to the CA pinned by the enrollment token")
          .satisfies(
              e ->
                  assertThat(((ControlPlaneException) e).reason())
                      .isEqualTo(ControlPlaneException.Reason.TLS));
      assertThat(controlPlane.enrollments).hasValue(0);
      assertThat(Files.exists(dir.resolve("identity.json"))).isFalse();
    }
  }

  @Test
  void anUnknownTokenIsRefusedWithTheControlPlanesReason() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(ca)) {
      String wrong = "alt_" + "x".repeat(32) + "." + ca.fingerprint();

      assertThatThrownBy(() -> enrollment().establish(controlPlane.uri(), wrong))
          .isInstanceOf(ControlPlaneException.class)
          .hasMessageContaining("HTTP 401")
          .hasMessageContaining("unknown, used, or expired");
    }
  }

  @Test
  void renewsWithANewKeyOverMutualTls() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(ca)) {
      Enrolled enrolled = enrollment().establish(controlPlane.uri(), controlPlane.token());
      WorkDir workDir = new WorkDir(dir);
      try (ControlPlaneClient client = client(controlPlane, enrolled.credentials());
          CertificateRenewer renewer =
              new CertificateRenewer(client, workDir, enrolled, Clock.systemUTC())) {
        Credentials renewed = renewer.renewNow();

        assertThat(renewed.key()).isNotEqualTo(enrolled.credentials().key());
        assertThat(renewed.certificate()).isNotEqualTo(enrolled.credentials().certificate());
        assertThat(controlPlane.renewals).hasValue(1);
        assertThat(controlPlane.clientSubjects).contains("CN=" + controlPlane.dataPlaneId);
        Credentials stored = workDir.credentials();
        assertThat(stored.certificate()).isEqualTo(renewed.certificate());
        assertThat(stored.consistent()).isTrue();
        assertThat(client.lease(new LeaseRequest(1))).isEmpty();
      }
    }
  }

  @Test
  void renewsAtHalfTheCertificatesLifetime() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(ca)) {
      controlPlane.certificateLifetime(Duration.ofSeconds(20));
      Enrolled enrolled = enrollment().establish(controlPlane.uri(), controlPlane.token());
      try (ControlPlaneClient client = client(controlPlane, enrolled.credentials());
          CertificateRenewer renewer =
              new CertificateRenewer(client, new WorkDir(dir), enrolled, Clock.systemUTC())) {
        // Issued 5 s in the past with a 20 s lifetime: half-life is about 5 s from now.
        renewer.start();

        assertThat(controlPlane.renewals.get()).isZero();
        var original = enrolled.credentials().certificate();
        assertThat(
                Poll.until(
                    () -> !renewer.current().certificate().equals(original),
                    Duration.ofSeconds(30)))
            .isTrue();
        assertThat(controlPlane.renewals.get()).isPositive();
      }
    }
  }

  @Test
  void aRevokedDataPlaneIsToldToRegisterANewOne() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(ca)) {
      Enrolled enrolled = enrollment().establish(controlPlane.uri(), controlPlane.token());
      controlPlane.revoke();
      try (ControlPlaneClient client = client(controlPlane, enrolled.credentials())) {
        assertThatThrownBy(() -> client.lease(new LeaseRequest(1)))
            .isInstanceOf(ControlPlaneException.class)
            .hasMessageContaining("revoked")
            .hasMessageContaining("register a new data plane ('airlock dataplanes create')")
            .hasMessageNotContaining("enroll it again with a new token");
      }
    }
  }

  @Test
  void mutualTlsRefusesAServerNotIssuedByTheStoredCa() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(ca);
        TestingControlPlane other = TestingControlPlane.start(impostor)) {
      Enrolled enrolled = enrollment().establish(controlPlane.uri(), controlPlane.token());
      try (ControlPlaneClient client =
          new ControlPlaneClient(other.uri(), enrolled.credentials().sslContext(), null)) {
        assertThatThrownBy(() -> client.lease(new LeaseRequest(1)))
            .isInstanceOf(ControlPlaneException.class)
            .hasMessageContaining("Cannot trust the control plane at " + other.uri())
            .hasMessageContaining("does not chain to the CA stored at enrollment")
            .satisfies(
                e ->
                    assertThat(((ControlPlaneException) e).reason())
                        .isEqualTo(ControlPlaneException.Reason.TLS));
      }
      assertThat(other.leasePolls).hasValue(0);
    }
  }

  @Test
  void anUnreachableControlPlaneSaysWhereAndWhatToCheck() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI nowhere = URI.create("https://127.0.0.1:" + port);
    String token = "alt_" + "y".repeat(32) + "." + ca.fingerprint();

    assertThatThrownBy(() -> enrollment().establish(nowhere, token))
        .isInstanceOf(ControlPlaneException.class)
        .hasMessageStartingWith("Cannot reach control plane at " + nowhere + ": ")
        .hasMessageEndingWith("; check --control-plane and network")
        .hasMessageNotContaining("alt_");
  }

  private Enrollment enrollment() {
    return new Enrollment(new WorkDir(dir), null, Clock.systemUTC());
  }

  private static ControlPlaneClient client(TestingControlPlane cp, Credentials credentials) {
    return new ControlPlaneClient(cp.uri(), credentials.sslContext(), null);
  }
}
