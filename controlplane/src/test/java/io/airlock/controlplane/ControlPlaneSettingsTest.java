package io.airlock.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlPlaneSettingsTest {
  private static final Path DATA = Path.of("/srv/airlock/controlplane");

  @Test
  void defaultsAreLocked() {
    ControlPlaneSettings settings = ControlPlaneSettings.defaults(DATA);

    assertThat(settings.dataDir()).isEqualTo(DATA);
    assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(8443);
    assertThat(settings.databaseUrl()).isNull();
    assertThat(settings.databaseUser()).isNull();
    assertThat(settings.databasePassword()).isNull();
    assertThat(settings.adminTokenFile()).isEqualTo(DATA.resolve("admin-token"));
    assertThat(settings.serverCertificate()).isNull();
    assertThat(settings.serverPrivateKey()).isNull();
    assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.enrollmentTokenTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.clientCertificateLifetime()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void defaultDataDirIsUnderAirlockHome() {
    String home = System.getenv("AIRLOCK_HOME");
    Path expected =
        home == null || home.isBlank()
            ? Path.of(System.getProperty("user.home"), ".airlock", "controlplane")
            : Path.of(home, "controlplane");

    assertThat(ControlPlaneSettings.defaultDataDir()).isEqualTo(expected);
    assertThat(ControlPlaneSettings.builder().build().dataDir()).isEqualTo(expected);
  }

  @Test
  void builderKeepsEveryField() {
    ControlPlaneSettings settings =
        ControlPlaneSettings.defaults(DATA).toBuilder()
            .port(0)
            .bindAddress("0.0.0.0")
            .adminTokenFile(null)
            .database("jdbc:postgresql://127.0.0.1:5432/airlock", "airlock", "env-provided")
            .leaseDuration(Duration.ofSeconds(5))
            .build();

    assertThat(settings.port()).isZero();
    assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(settings.adminTokenFile()).isNull();
    assertThat(settings.databaseUser()).isEqualTo("airlock");
    assertThat(settings.databasePassword().reveal()).isEqualTo("env-provided");
    assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.toBuilder().build()).isEqualTo(settings);
  }

  @Test
  void passwordNeverPrints() {
    ControlPlaneSettings settings =
        ControlPlaneSettings.defaults(DATA).toBuilder()
            .database("jdbc:postgresql://127.0.0.1/airlock", "airlock", "canary-password-42")
            .build();

    assertThat(settings.toString()).doesNotContain("canary-password-42");
    assertThat(String.valueOf(settings.databasePassword())).doesNotContain("canary-password-42");
  }

  @Test
  void invalidSettingsAreRejected() {
    var builder = ControlPlaneSettings.defaults(DATA).toBuilder();

    assertThatThrownBy(() -> builder.port(70000).build()).hasMessageContaining("Invalid port");
    assertThatThrownBy(() -> builder.port(0).leaseDuration(Duration.ZERO).build())
        .hasMessageContaining("Invalid leaseDuration");
  }
}
