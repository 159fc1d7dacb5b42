package io.airlock.cli.planes;

import io.airlock.controlplane.ControlPlane;
import io.airlock.controlplane.ControlPlaneSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts the control plane inside this JVM. The one place where the CLI meets the control plane's
 * Java entry point, so {@code airlock controlplane} and {@code airlock quickstart} start it alike.
 */
public final class ControlPlaneLauncher {
  private ControlPlaneLauncher() {}

  /** What to start: the CLI's view of the control plane's settings. */
  public record Options(
      Path dataDir,
      String bindAddress,
      int port,
      String databaseUrl,
      String databaseUser,
      String databasePassword,
      Path adminTokenFile,
      Duration leaseDuration) {}

  /** A started control plane. */
  public interface Running extends AutoCloseable {
    URI baseUrl();

    /** The PEM file of the control plane's CA certificate, which clients trust. */
    Path caCertificate();

    /** Hex SHA-256 of the CA certificate, as enrollment tokens carry it. */
    String caFingerprint();

    /** The admin token, present only on the first start; it is never shown again. */
    Optional<String> newAdminToken();

    @Override
    void close();
  }

  /** Starts the control plane and returns once it serves requests. */
  public static Running start(Options options) {
    // The CLI prints its own start-up lines; keep the framework's banner off the terminal.
    System.setProperty("spring.main.banner-mode", "off");
    ControlPlane controlPlane = ControlPlane.start(settings(options));
    return new Running() {
      @Override
      public URI baseUrl() {
        return controlPlane.baseUrl();
      }

      @Override
      public Path caCertificate() {
        return controlPlane.caCertificate();
      }

      @Override
      public String caFingerprint() {
        return controlPlane.caFingerprint();
      }

      @Override
      public Optional<String> newAdminToken() {
        return controlPlane.newAdminToken();
      }

      @Override
      public void close() {
        controlPlane.close();
      }
    };
  }

  private static ControlPlaneSettings settings(Options options) {
    return ControlPlaneSettings.builder()
        .dataDir(options.dataDir())
        .bindAddress(options.bindAddress())
        .port(options.port())
        .database(options.databaseUrl(), options.databaseUser(), options.databasePassword())
        .adminTokenFile(options.adminTokenFile())
        .leaseDuration(options.leaseDuration())
        .build();
  }
}
