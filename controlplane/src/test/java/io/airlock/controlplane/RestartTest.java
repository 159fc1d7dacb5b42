package io.airlock.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.controlplane.testing.TestingCertificates;
import io.airlock.controlplane.testing.TestingHttps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the first start creates, and what a second start over the same folder keeps. */
class RestartTest {
  @TempDir Path dataDir;

  @Test
  void firstStartCreatesTokenAndCaAndLaterStartsKeepThem() throws Exception {
    ControlPlaneSettings settings =
        ControlPlaneSettings.defaults(dataDir).toBuilder().port(0).build();
    String token;
    String fingerprint;
    try (ControlPlane first = ControlPlane.start(settings)) {
      token = first.newAdminToken().orElseThrow();
      fingerprint = first.caFingerprint();
      TestingHttps client = TestingHttps.anonymous(first.baseUrl(), first.caCertificate());
      assertThat(client.send("POST", "/api/v1/regions", token, Map.of("name", "kept")).status())
          .isEqualTo(201);
      assertThat(storedTokenHashes(first)).singleElement().isEqualTo(sha256Hex(token));
    }

    try (ControlPlane second = ControlPlane.start(settings)) {
      TestingHttps client = TestingHttps.anonymous(second.baseUrl(), second.caCertificate());

      assertThat(second.newAdminToken()).isEmpty();
      assertThat(second.caFingerprint()).isEqualTo(fingerprint);
      assertThat(client.send("GET", "/api/v1/regions", token, null).body()).contains("kept");
    }
    assertThat(Files.readString(dataDir.resolve("admin-token")).strip()).isEqualTo(token);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("admin-token"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("tls/ca-key.pem"))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("tls/server-key.pem"))))
        .isEqualTo("rw-------");
    assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
  }

  @Test
  void ownServerCertificateIsServed() throws Exception {
    TestingCertificates.Issuer serverCa = TestingCertificates.foreignCa();
    KeyPair keys = TestingCertificates.keyPair();
    Path certificate = dataDir.resolve("own-server.pem");
    Path key = dataDir.resolve("own-server-key.pem");
    Path trusted = dataDir.resolve("own-ca.pem");
    TestingCertificates.writePem(
        certificate, TestingCertificates.serverCertificate(serverCa, keys), serverCa.certificate());
    TestingCertificates.writePem(key, keys.getPrivate());
    TestingCertificates.writePem(trusted, serverCa.certificate());
    ControlPlaneSettings settings =
        ControlPlaneSettings.defaults(dataDir.resolve("cp")).toBuilder()
            .port(0)
            .serverCertificate(certificate, key)
            .build();

    try (ControlPlane controlPlane = ControlPlane.start(settings)) {
      String token = controlPlane.newAdminToken().orElseThrow();
      TestingHttps trustingOwnCa = TestingHttps.anonymous(controlPlane.baseUrl(), trusted);
      TestingHttps trustingAirlockCa =
          TestingHttps.anonymous(controlPlane.baseUrl(), controlPlane.caCertificate());

      assertThat(trustingOwnCa.send("GET", "/api/v1/regions", token, null).status()).isEqualTo(200);
      assertThatThrownBy(() -> trustingAirlockCa.send("GET", "/api/v1/regions", token, null))
          .isInstanceOf(TestingHttps.HandshakeRefused.class);
    }
  }

  @Test
  void hostPropertiesCannotTurnTlsOrAuthenticationOff() {
    System.setProperty("server.ssl.enabled", "false");
    System.setProperty("server.port", "1");
    System.setProperty("spring.autoconfigure.exclude", ApiAuthenticationName.NAME);
    try (ControlPlane controlPlane =
        ControlPlane.start(
            ControlPlaneSettings.defaults(dataDir).toBuilder()
                .port(0)
                .adminTokenFile(null)
                .build())) {
      TestingHttps client =
          TestingHttps.anonymous(controlPlane.baseUrl(), controlPlane.caCertificate());

      assertThat(controlPlane.baseUrl().getScheme()).isEqualTo("https");
      assertThat(controlPlane.baseUrl().getPort()).isNotEqualTo(1);
      assertThat(client.send("GET", "/api/v1/regions", null, null).status()).isEqualTo(401);
      assertThat(controlPlane.newAdminToken()).isPresent();
      assertThat(dataDir.resolve("admin-token")).as("no token file was asked for").doesNotExist();
    } finally {
      System.clearProperty("server.ssl.enabled");
      System.clearProperty("server.port");
      System.clearProperty("spring.autoconfigure.exclude");
    }
  }

  /** The security auto-configuration a hostile property would try to exclude. */
  private static final class ApiAuthenticationName {
    static final String NAME =
        "org.springframework.boot.security.autoconfigure.web.servlet"
            + ".ServletWebSecurityAutoConfiguration";
  }

  private static java.util.List<String> storedTokenHashes(ControlPlane controlPlane)
      throws Exception {
    java.util.List<String> hashes = new java.util.ArrayList<>();
    try (var db = java.sql.DriverManager.getConnection(controlPlane.databaseUrl());
        var rows = db.createStatement().executeQuery("select token_hash from admin_tokens")) {
      while (rows.next()) {
        hashes.add(rows.getString(1));
      }
    }
    return hashes;
  }

  private static String sha256Hex(String text) throws Exception {
    var digest = java.security.MessageDigest.getInstance("SHA-256");
    return java.util.HexFormat.of()
        .formatHex(digest.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void externalDatabaseIsUsedWhenConfigured() throws Exception {
    Path controlPlaneDir = dataDir.resolve("cp");
    try (var external =
            io.airlock.controlplane.database.EmbeddedDatabase.start(dataDir.resolve("pg"));
        ControlPlane controlPlane =
            ControlPlane.start(
                ControlPlaneSettings.defaults(controlPlaneDir).toBuilder()
                    .port(0)
                    .database(external.jdbcUrl(), "postgres", null)
                    .build())) {
      String token = controlPlane.newAdminToken().orElseThrow();
      TestingHttps client =
          TestingHttps.anonymous(controlPlane.baseUrl(), controlPlane.caCertificate());
      client.send("POST", "/api/v1/regions", token, Map.of("name", "external-1"));

      try (var db = java.sql.DriverManager.getConnection(external.jdbcUrl());
          var rows = db.createStatement().executeQuery("select name from regions")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("external-1");
      }
      assertThat(controlPlane.databaseUrl()).isEqualTo(external.jdbcUrl());
      assertThat(controlPlaneDir.resolve("postgres")).doesNotExist();
    }
  }
}
