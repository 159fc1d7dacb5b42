package io.airlock.cli.quickstart;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.cli.api.ApiClient;
import io.airlock.cli.api.ApiOptions;
import io.airlock.cli.api.ClientDefaults;
import io.airlock.cli.api.TrustedCa;
import io.airlock.cli.output.Formats;
import io.airlock.cli.planes.ControlPlaneLauncher;
import io.airlock.cli.sync.JobReport;
import io.airlock.cli.sync.JobWatcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code airlock quickstart}: everything on one machine, on loopback. A control plane on an
 * embedded PostgreSQL, a customer PostgreSQL with synthetic patients, one data plane as a separate
 * process, and a sync into a warehouse database with SSN, e-mail and phone hashed.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Start a control plane, a demo customer PostgreSQL and one data plane on this machine,"
          + " generate synthetic patients, and sync them into a warehouse database with SSN,"
          + " e-mail and phone hashed (HMAC-SHA-256).",
      "Everything stays up until Ctrl-C (or stops after the summary with --exit). Running it"
          + " again reuses $AIRLOCK_HOME."
    })
public final class QuickstartCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(QuickstartCommand.class);
  private static final long SEED = 20_260_101L;
  private static final Duration ENROLLMENT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);
  private static final Duration LEASE_DURATION = Duration.ofSeconds(60);
  private static final String STOPPING =
      "Stopping the data plane, the databases and the control plane...";

  @Spec CommandSpec spec;

  @Option(
      names = "--rows",
      defaultValue = "100000",
      description = "Synthetic patients to generate (default: ${DEFAULT-VALUE}).")
  long rows;

  @Option(
      names = "--port",
      defaultValue = "8443",
      description = "Control plane HTTPS port, or the next free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--exit", description = "Stop everything after the summary.")
  boolean exitAfterSummary;

  @Option(names = "--no-progress", description = "Do not draw progress bars.")
  boolean noProgress;

  @Option(
      names = "--allow-path",
      paramLabel = "FOLDER",
      description =
          "A folder the data plane's connectors may use, for your own files sources and"
              + " destinations (repeatable; default: none, see docs/cli.md).")
  List<Path> allowedPaths = new ArrayList<>();

  private final QuickstartShutdown shutdown = new QuickstartShutdown();
  private QuickstartWatch watch;

  @Override
  public Integer call() throws Exception {
    if (rows < 1) {
      throw new CliException("--rows must be at least 1", ExitCodes.USAGE);
    }
    AirlockHome home = AirlockHome.current();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> shutdown.closeAll(out(), STOPPING), "airlock-quickstart-stop"));
    try {
      int exitCode = run(home);
      if (exitAfterSummary || exitCode != ExitCodes.OK) {
        shutdown.closeAll(out(), STOPPING);
        return exitCode;
      }
      keepRunning();
      return exitCode;
    } finally {
      shutdown.closeAll();
    }
  }

  /** Waits for Ctrl-C, saying so only while everything runs, and reporting what stops. */
  private void keepRunning() throws InterruptedException {
    List<String> stopped = watch.newlyStopped();
    if (stopped.isEmpty()) {
      out().println("Everything keeps running. Press Ctrl-C to stop it all.");
    } else {
      stopped.forEach(out()::println);
      out().println("The rest keeps running. Press Ctrl-C to stop it.");
    }
    out().flush();
    while (true) {
      Thread.sleep(WATCH_INTERVAL);
      List<String> lines = watch.newlyStopped();
      // Once Ctrl-C stops everything, what stops is no news.
      shutdown.unlessStopping(() -> lines.forEach(out()::println));
      out().flush();
    }
  }

  private int run(AirlockHome home) throws Exception {
    Instant started = Instant.now();
    QuickstartPaths paths = new QuickstartPaths(home);
    String hashKey = LocalSecretFile.readOrCreate(paths.hashKey());
    String roleSecret = LocalSecretFile.readOrCreate(paths.postgresSecret());
    // A data plane left by a killed run would hold connections to the customer database.
    DataPlaneProcess.stopLeftover(paths.dataPlanePid(), paths.dataPlaneWorkDir());

    step("Starting the control plane (embedded PostgreSQL, HTTPS on loopback)");
    ControlPlaneLauncher.Running controlPlane = startControlPlane(home);
    ApiClient api = client(home, controlPlane);

    step("Starting the customer PostgreSQL (databases demo_source and warehouse)");
    CustomerDatabase customer =
        shutdown.register(
            CustomerDatabase.start(paths.customerPostgres(), roleSecret, paths.customerLog()));

    step("Registering region, workspace and data plane");
    QuickstartResources resources = new QuickstartResources(api);
    String regionId = resources.region();
    String workspaceId = resources.workspace(regionId);
    QuickstartResources.Enrollment enrollment = resources.dataPlane(regionId);
    DataPlaneProcess dataPlane =
        shutdown.register(startDataPlane(paths, controlPlane, enrollment, hashKey, roleSecret));

    step("Generating " + Formats.count(rows) + " synthetic patients into demo_source");
    loadPatients(customer);

    step("Waiting for the data plane to enroll");
    awaitEnrollment(resources, enrollment, dataPlane);
    watch = new QuickstartWatch(dataPlane, customer, paths.customerLog());

    step("Creating the connection demo_source -> warehouse (hashing ssn, email, phone)");
    String sourceId = resources.source(workspaceId, databaseConfig(customer, "demo_source"));
    String destinationId = resources.destination(workspaceId, destinationConfig(customer));
    String connectionId = resources.connection(workspaceId, sourceId, destinationId);

    step("Syncing");
    JobReport report = sync(api, resources, connectionId);

    QuickstartSummary summary =
        new QuickstartSummary(
            home, paths, controlPlane.baseUrl(), customer, dataPlane, enrollment.name());
    summary.print(out(), report, Duration.between(started, Instant.now()));
    return report.succeeded() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** Starts the sync, or follows the one an earlier run left, and waits until it ends. */
  private JobReport sync(ApiClient api, QuickstartResources resources, String connectionId) {
    QuickstartResources.SyncJob job = resources.startSync(connectionId);
    if (job.earlier()) {
      out()
          .println(
              "  The connection already has job "
                  + job.id()
                  + " queued or running, from an earlier run; following it. A job whose data"
                  + " plane was stopped is retried once its lease expires (within "
                  + LEASE_DURATION.toSeconds()
                  + " s).");
      out().flush();
    }
    return new JobWatcher(api, Duration.ofMillis(500), !noProgress)
        .await(job.id(), OptionalLong.of(rows), Duration.ofHours(1));
  }

  private ControlPlaneLauncher.Running startControlPlane(AirlockHome home) {
    Path dataDir = home.controlPlaneDir();
    Path tokenFile = home.adminTokenFile();
    ControlPlaneLauncher.Options options =
        new ControlPlaneLauncher.Options(
            dataDir, "127.0.0.1", freePort(port), null, null, null, tokenFile, LEASE_DURATION);
    ControlPlaneLauncher.Running controlPlane;
    try {
      controlPlane = shutdown.register(ControlPlaneLauncher.start(options));
    } catch (RuntimeException e) {
      LOG.info("The control plane did not start", e);
      throw new CliException(
          "Cannot start the control plane in "
              + dataDir
              + ": "
              + e.getMessage()
              + " (details in "
              + home.logsDir().resolve("airlock.log")
              + "). If another 'airlock quickstart' or 'airlock controlplane' uses this"
              + " AIRLOCK_HOME, stop it (Ctrl-C in its terminal) or set AIRLOCK_HOME to another"
              + " folder.");
    }
    controlPlane.newAdminToken().ifPresent(token -> keepAdminToken(tokenFile, token));
    if (!Files.isRegularFile(tokenFile)) {
      throw new CliException(
          "The control plane in "
              + dataDir
              + " was set up before, but its admin token file "
              + tokenFile
              + " is missing. Restore the file, or remove "
              + dataDir
              + " to start afresh.");
    }
    new ClientDefaults(controlPlane.baseUrl(), controlPlane.caCertificate(), tokenFile).save(home);
    return controlPlane;
  }

  private void keepAdminToken(Path tokenFile, String token) {
    out().println("  Admin API token (shown once; kept in " + tokenFile + "):");
    out().println("    " + token);
    if (Files.isRegularFile(tokenFile)) {
      return;
    }
    try {
      Files.createDirectories(tokenFile.getParent());
      Files.createFile(
          tokenFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tokenFile, token + "\n");
    } catch (IOException e) {
      throw new CliException("Cannot write the admin token file " + tokenFile + ": " + e);
    }
  }

  private static ApiClient client(AirlockHome home, ControlPlaneLauncher.Running controlPlane) {
    return new ApiClient(
        controlPlane.baseUrl(),
        TrustedCa.sslContext(controlPlane.caCertificate()),
        ApiOptions.readToken(home.adminTokenFile()));
  }

  private DataPlaneProcess startDataPlane(
      QuickstartPaths paths,
      ControlPlaneLauncher.Running controlPlane,
      QuickstartResources.Enrollment enrollment,
      String hashKey,
      String roleSecret)
      throws IOException {
    Path workDir = paths.dataPlaneWorkDir();
    deleteRecursively(workDir);
    DataPlaneProcess.Builder builder =
        DataPlaneProcess.builder(controlPlane.baseUrl(), enrollment.token(), workDir)
            .environment(QuickstartResources.PASSWORD_VARIABLE, roleSecret)
            .environment(QuickstartResources.HASH_KEY_VARIABLE, hashKey)
            .logFile(paths.dataPlaneLog())
            .pidFile(paths.dataPlanePid());
    allowedPaths.forEach(builder::allowPath);
    return builder.start();
  }

  private void loadPatients(CustomerDatabase customer) throws SQLException {
    try (Connection connection = customer.adminConnection(CustomerDatabase.SOURCE_DATABASE);
        ProgressBar bar = noProgress ? null : loadBar()) {
      PatientLoader.load(
          connection,
          rows,
          SEED,
          CustomerDatabase.ROLE,
          loaded -> {
            if (bar != null) {
              bar.stepTo(loaded);
            }
          });
    }
  }

  private ProgressBar loadBar() {
    return new ProgressBarBuilder()
        .setTaskName("Generating")
        .setInitialMax(rows)
        .setStyle(
            System.console() == null ? ProgressBarStyle.ASCII : ProgressBarStyle.UNICODE_BLOCK)
        .setUnit(" rows", 1)
        .showSpeed()
        .build();
  }

  private void awaitEnrollment(
      QuickstartResources resources,
      QuickstartResources.Enrollment enrollment,
      DataPlaneProcess dataPlane)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(ENROLLMENT_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!dataPlane.isAlive()) {
        throw new CliException(dataPlaneDied(dataPlane));
      }
      if (enrolled(resources.dataPlaneState(enrollment.dataPlaneId()), enrollment)) {
        LOG.info("Data plane {} enrolled", enrollment.dataPlaneId());
        return;
      }
      Thread.sleep(500);
    }
    throw new CliException(
        "The data plane did not enroll within "
            + ENROLLMENT_TIMEOUT.toSeconds()
            + " s; see "
            + dataPlane.logFile());
  }

  /** Active, with a certificate newer than before, or seen since this enrollment began. */
  private static boolean enrolled(JsonNode state, QuickstartResources.Enrollment enrollment) {
    if (!"ACTIVE".equals(state.path("status").asString())) {
      return false;
    }
    String notAfter = state.path("certificateNotAfter").asString(null);
    if (notAfter != null && !notAfter.equals(enrollment.previousCertificateNotAfter())) {
      return true;
    }
    String lastSeen = state.path("lastSeenAt").asString(null);
    return lastSeen != null && Instant.parse(lastSeen).isAfter(enrollment.issuedAt());
  }

  private static String dataPlaneDied(DataPlaneProcess dataPlane) {
    return "The data plane process stopped (exit code "
        + dataPlane.exitCode().orElse(-1)
        + "). Last lines of "
        + dataPlane.logFile()
        + ":\n  "
        + String.join("\n  ", dataPlane.logTail(15));
  }

  private static Map<String, Object> databaseConfig(CustomerDatabase customer, String database) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", CustomerDatabase.HOST);
    config.put("port", customer.port());
    config.put("database", database);
    config.put("username", CustomerDatabase.ROLE);
    config.put("password", "env://" + QuickstartResources.PASSWORD_VARIABLE);
    return config;
  }

  private static Map<String, Object> destinationConfig(CustomerDatabase customer) {
    Map<String, Object> config = databaseConfig(customer, CustomerDatabase.WAREHOUSE_DATABASE);
    config.put("schema", "public");
    return config;
  }

  private void step(String text) {
    out().println("==> " + text);
    out().flush();
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** {@code preferred} if it is free on loopback, else the next free port above it. */
  static int freePort(int preferred) {
    for (int candidate = preferred; candidate < preferred + 100; candidate++) {
      try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
        return candidate;
      } catch (IOException e) {
        LOG.info("Port {} is taken; trying the next one", candidate);
      }
    }
    throw new CliException(
        "No free port in " + preferred + "-" + (preferred + 99) + "; pass another with --port",
        ExitCodes.USAGE);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
