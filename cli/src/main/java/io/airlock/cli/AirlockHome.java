package io.airlock.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * The folder where Airlock keeps its state on this machine: {@code $AIRLOCK_HOME}, by default
 * {@code ~/.airlock}.
 */
public record AirlockHome(Path root) {
  /** System property that overrides {@code AIRLOCK_HOME} inside one JVM. */
  public static final String PROPERTY = "airlock.home";

  public AirlockHome {
    requireNonNull(root, "root is null");
    root = root.toAbsolutePath().normalize();
  }

  /** The home named by {@code AIRLOCK_HOME} in {@code env}, else {@code ~/.airlock}. */
  public static AirlockHome fromEnvironment(Map<String, String> env) {
    String configured = env.get("AIRLOCK_HOME");
    if (configured != null && !configured.isBlank()) {
      return new AirlockHome(Path.of(configured));
    }
    return new AirlockHome(Path.of(System.getProperty("user.home"), ".airlock"));
  }

  /**
   * The home of this process: the system property {@value #PROPERTY} if set (tests use it), else as
   * {@link #fromEnvironment(Map)}.
   */
  public static AirlockHome current() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return new AirlockHome(Path.of(property));
    }
    return fromEnvironment(System.getenv());
  }

  public Path controlPlaneDir() {
    return root.resolve("controlplane");
  }

  public Path caFile() {
    return controlPlaneDir().resolve("tls").resolve("ca.pem");
  }

  public Path adminTokenFile() {
    return controlPlaneDir().resolve("admin-token");
  }

  public Path dataPlaneDir(String name) {
    return root.resolve("dataplane").resolve(name);
  }

  public Path quickstartDir() {
    return root.resolve("quickstart");
  }

  public Path logsDir() {
    return root.resolve("logs");
  }

  /** Client defaults written by {@code airlock quickstart}: server, CA file, token file. */
  public Path cliProperties() {
    return root.resolve("cli.properties");
  }
}
