package io.airlock.cli.planes;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.CliException;
import io.airlock.cli.ConsoleLog;
import io.airlock.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock controlplane}: runs the control plane in the foreground until Ctrl-C. */
@Command(
    name = "controlplane",
    mixinStandardHelpOptions = true,
    description =
        "Run the control plane (REST API over HTTPS, CA, leases, schedules) until Ctrl-C. With no"
            + " --database-url it runs on an embedded PostgreSQL kept in --data-dir.")
public final class ControlPlaneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "State folder: embedded database, TLS material. Default: $AIRLOCK_HOME/controlplane.")
  Path dataDir;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String bindAddress;

  @Option(
      names = "--port",
      defaultValue = "8443",
      description = "HTTPS port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--database-url",
      paramLabel = "JDBC_URL",
      description = "PostgreSQL JDBC URL. Default: an embedded PostgreSQL in --data-dir.")
  String databaseUrl;

  @Option(names = "--database-user", paramLabel = "USER", description = "Database user.")
  String databaseUser;

  @Option(
      names = "--database-password-file",
      paramLabel = "FILE",
      description =
          "File holding the database password. Default: the AIRLOCK_DATABASE_PASSWORD"
              + " environment variable.")
  Path databasePasswordFile;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "Where the admin token is written on first start (mode 0600)."
              + " Default: <data-dir>/admin-token.")
  Path adminTokenFile;

  @Option(
      names = "--lease-duration",
      paramLabel = "DURATION",
      defaultValue = "PT60S",
      description = "Job lease duration, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration leaseDuration;

  @Override
  public Integer call() throws InterruptedException {
    Path dir = dataDir != null ? dataDir : AirlockHome.current().controlPlaneDir();
    Path tokenFile = adminTokenFile != null ? adminTokenFile : dir.resolve("admin-token");
    ControlPlaneLauncher.Options options =
        new ControlPlaneLauncher.Options(
            dir,
            bindAddress,
            port,
            databaseUrl,
            databaseUser,
            databasePassword(),
            tokenFile,
            leaseDuration);
    PrintWriter out = spec.commandLine().getOut();
    ControlPlaneLauncher.Running controlPlane = ControlPlaneLauncher.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(controlPlane, stopped), "airlock-shutdown"));
    printStarted(out, controlPlane, dir, tokenFile);
    stopped.await();
    return ExitCodes.OK;
  }

  private static void stop(ControlPlaneLauncher.Running controlPlane, CountDownLatch stopped) {
    ConsoleLog.mute();
    try {
      controlPlane.close();
    } finally {
      stopped.countDown();
    }
  }

  private void printStarted(
      PrintWriter out, ControlPlaneLauncher.Running controlPlane, Path dir, Path tokenFile) {
    out.println("Control plane running at " + controlPlane.baseUrl());
    out.println("  CA certificate:  " + controlPlane.caCertificate());
    out.println("  CA fingerprint:  " + controlPlane.caFingerprint() + " (SHA-256)");
    controlPlane
        .newAdminToken()
        .ifPresentOrElse(
            token -> {
              out.println("  Admin token (shown once; also in " + tokenFile + "):");
              out.println("    " + token);
            },
            () -> out.println("  Admin token file: " + tokenFile));
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  private String databasePassword() {
    if (databasePasswordFile != null) {
      try {
        return Files.readString(databasePasswordFile).strip();
      } catch (IOException e) {
        throw new CliException(
            "Cannot read --database-password-file " + databasePasswordFile + ": " + e.getMessage(),
            ExitCodes.USAGE);
      }
    }
    return System.getenv("AIRLOCK_DATABASE_PASSWORD");
  }
}
