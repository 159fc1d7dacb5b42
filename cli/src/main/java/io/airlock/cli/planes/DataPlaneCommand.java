package io.airlock.cli.planes;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.dataplane.DataPlane;
import io.airlock.dataplane.DataPlaneSettings;
import io.airlock.dataplane.enrollment.EnrollmentException;
import io.airlock.dataplane.transport.ControlPlaneException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock dataplane}: enrolls (first run) and runs a data plane until stopped. */
@Command(
    name = "dataplane",
    mixinStandardHelpOptions = true,
    description =
        "Run a data plane. It dials the control plane (outbound only, mutual TLS), enrolls with a"
            + " one-time token on first run, then takes jobs of its region until stopped.")
public final class DataPlaneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--control-plane",
      paramLabel = "URL",
      description =
          "The control plane's address, e.g. https://cp.example.com:8443. Needed to enroll;"
              + " later starts default to the address stored at enrollment.")
  URI controlPlane;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "One-time enrollment token from 'airlock dataplanes create'. Needed on first run only."
              + " Default: the AIRLOCK_ENROLLMENT_TOKEN environment variable.")
  String token;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Working folder: key, certificate, spill files."
              + " Default: $AIRLOCK_HOME/dataplane/default.")
  Path workDir;

  @Option(
      names = "--proxy",
      paramLabel = "URL",
      description = "HTTP proxy for the connection to the control plane, e.g. http://proxy:3128.")
  URI proxy;

  @Option(
      names = "--allow-path",
      paramLabel = "FOLDER",
      description =
          "A folder of this host that connectors may read and write (files sources and"
              + " destinations, DuckDB files, external connectors' executables). Repeatable."
              + " Default: none, so connectors use no local files; the work folder is never"
              + " allowed.")
  List<Path> allowedPaths = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    Path dir = workDir != null ? workDir : AirlockHome.current().dataPlaneDir("default");
    String enrollmentToken = token != null ? token : System.getenv("AIRLOCK_ENROLLMENT_TOKEN");
    DataPlane dataPlane = start(settings(enrollmentToken, dir));
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Data plane %s running in region %s (work dir %s). Ctrl-C stops it.%n",
        dataPlane.id(), dataPlane.region(), dir);
    out.flush();
    // The data plane stops itself on SIGTERM/Ctrl-C, finishing or handing back a running job.
    dataPlane.awaitTermination();
    if (dataPlane.failure().isPresent()) {
      throw new CliException("Data plane stopped: " + dataPlane.failure().get());
    }
    return ExitCodes.OK;
  }

  private static DataPlane start(DataPlaneSettings settings) {
    try {
      return DataPlane.start(settings);
    } catch (EnrollmentException | ControlPlaneException | IllegalStateException e) {
      throw new CliException("Cannot start the data plane: " + e.getMessage());
    }
  }

  private DataPlaneSettings settings(String enrollmentToken, Path dir) {
    try {
      return new DataPlaneSettings(controlPlane, enrollmentToken, dir, proxy)
          .withAllowedPaths(allowedPaths);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ExitCodes.USAGE);
    }
  }
}
