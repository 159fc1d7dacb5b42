package io.airlock.dataplane;

import io.airlock.dataplane.enrollment.EnrollmentException;
import io.airlock.dataplane.transport.ControlPlaneException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Runs a data plane as its own process, without the CLI (tests and the quickstart use it):
 *
 * <pre>
 * java -cp … io.airlock.dataplane.DataPlaneMain --control-plane https://127.0.0.1:8443 \
 *     [--token TOKEN] [--work-dir DIR] [--proxy HOST:PORT] [--checkpoint-records N]
 * </pre>
 *
 * <p>The token defaults to the {@code AIRLOCK_ENROLLMENT_TOKEN} environment variable. Exit code 0
 * after a stop (SIGTERM), 1 when the data plane stopped on its own (for example revoked), 2 when it
 * could not start.
 */
public final class DataPlaneMain {
  private static final List<String> OPTIONS =
      List.of(
          "--control-plane",
          "--token",
          "--work-dir",
          "--proxy",
          "--checkpoint-records",
          "--allow-path");

  private DataPlaneMain() {}

  public static void main(String[] args) throws InterruptedException {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    DataPlane dataPlane;
    try {
      dataPlane = DataPlane.start(settings(parse(args), System.getenv()));
    } catch (IllegalArgumentException
        | IllegalStateException
        | EnrollmentException
        | ControlPlaneException e) {
      System.err.println("Cannot start the data plane: " + e.getMessage());
      System.exit(2);
      return;
    }
    dataPlane.awaitTermination();
    if (dataPlane.failure().isPresent()) {
      System.err.println("Data plane stopped: " + dataPlane.failure().get());
      System.exit(1);
    }
  }

  static DataPlaneSettings settings(Map<String, String> options, Map<String, String> env) {
    String token = options.getOrDefault("--token", env.get("AIRLOCK_ENROLLMENT_TOKEN"));
    String controlPlane = options.get("--control-plane");
    String workDir = options.get("--work-dir");
    String proxy = options.get("--proxy");
    String checkpoint = options.get("--checkpoint-records");
    return new DataPlaneSettings(
        controlPlane == null ? null : URI.create(controlPlane),
        token,
        workDir == null ? DataPlaneSettings.defaultWorkDir(env) : Path.of(workDir),
        proxy == null ? null : URI.create(proxy.contains("://") ? proxy : "http://" + proxy),
        checkpoint == null
            ? DataPlaneSettings.DEFAULT_CHECKPOINT_RECORDS
            : Integer.parseInt(checkpoint),
        DataPlaneSettings.DEFAULT_POLL_WAIT,
        allowedPaths(options.get("--allow-path")));
  }

  /** {@code --allow-path a:b}: folders separated like a PATH; none when absent. */
  private static List<Path> allowedPaths(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(java.io.File.pathSeparator))
        .filter(folder -> !folder.isBlank())
        .map(Path::of)
        .toList();
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      String value = null;
      int equals = name.indexOf('=');
      if (name.startsWith("--") && equals > 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (!OPTIONS.contains(name)) {
        // Never echo the argument: it may be a mistyped token.
        throw new IllegalArgumentException(
            "Unknown option at position " + (i + 1) + "; options: " + String.join(", ", OPTIONS));
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Option " + name + " needs a value");
        }
        value = args[++i];
      }
      options.put(name, value);
    }
    return options;
  }
}
