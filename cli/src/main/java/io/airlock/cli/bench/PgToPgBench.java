package io.airlock.cli.bench;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.cli.api.ApiClient;
import io.airlock.cli.api.TrustedCa;
import io.airlock.cli.planes.ControlPlaneLauncher;
import io.airlock.cli.quickstart.CustomerDatabase;
import io.airlock.cli.quickstart.DataPlaneProcess;
import io.airlock.cli.quickstart.LocalSecretFile;
import io.airlock.cli.sync.JobReport;
import io.airlock.cli.sync.JobWatcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code airlock bench pg-to-pg}: times a psql {@code COPY} pipe and Airlock syncs (plain, and with
 * three hashed columns) of the same table between two databases of one PostgreSQL server, and
 * prints the ratios. Everything runs on loopback under {@code $AIRLOCK_HOME}; the data plane is a
 * separate JVM talking mutual TLS to the control plane, as users run it.
 *
 * <p>Airlock's time is the job's {@code startedAt} to {@code endedAt} as the control plane records
 * the data plane's lease and result, so the CLI's polling interval is not counted; wall time from
 * the trigger to SUCCEEDED is printed too.
 */
@Command(
    name = "pg-to-pg",
    mixinStandardHelpOptions = true,
    description = "Compare an Airlock PostgreSQL-to-PostgreSQL sync with a psql COPY pipe.")
public final class PgToPgBench implements Callable<Integer> {
  private static final String PASSWORD_VARIABLE = "AIRLOCK_BENCH_PG_PASSWORD";
  private static final String HASH_KEY_VARIABLE = "AIRLOCK_BENCH_HASH_KEY";
  private static final String STREAM = BenchSql.SCHEMA + "." + BenchSql.TABLE;
  private static final List<String> HASHED = List.of("ssn", "email", "phone");

  @Spec CommandSpec spec;

  @Option(names = "--rows", defaultValue = "2000000", description = "Rows (default: 2000000).")
  long rows;

  @Option(names = "--dataplane-jvm-option", description = "Extra JVM option of the data plane.")
  List<String> dataPlaneOptions = new ArrayList<>();

  private final List<AutoCloseable> started = new ArrayList<>();
  private DataPlaneProcess dataPlane;

  @Override
  public Integer call() throws Exception {
    try {
      return run(AirlockHome.current());
    } finally {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
    }
  }

  private int run(AirlockHome home) throws Exception {
    String roleSecret = LocalSecretFile.readOrCreate(home.root().resolve("bench/pg-password"));
    String hashKey = LocalSecretFile.readOrCreate(home.root().resolve("bench/hash-key"));

    say("Starting the control plane and the benchmark PostgreSQL");
    ControlPlaneLauncher.Running controlPlane = startControlPlane(home);
    ApiClient api = client(controlPlane);
    CustomerDatabase database =
        register(
            CustomerDatabase.start(
                home.root().resolve("bench/postgres"),
                roleSecret,
                home.logsDir().resolve("bench-postgres.log")));

    say("Generating " + rows + " rows (15 columns) into " + STREAM);
    long generated = timed(() -> generate(database));
    say(String.format(Locale.ROOT, "generated_seconds=%.3f", generated / 1000.0));

    say("Enrolling a data plane (separate JVM, mutual TLS)");
    String workspaceId = enrollDataPlane(home, api, controlPlane, roleSecret, hashKey);
    String sourceId =
        endpoint(
            api,
            "/sources",
            workspaceId,
            "source-postgres",
            config(database, CustomerDatabase.SOURCE_DATABASE));
    String destinationId =
        endpoint(
            api, "/destinations", workspaceId, "destination-postgres", destinationConfig(database));

    double pipeBefore = pipe(database, roleSecret, "pipe_before");
    double plain =
        sync(
            api,
            database,
            connection(api, workspaceId, sourceId, destinationId, false),
            "airlock_plain",
            false);
    double hashed =
        sync(
            api,
            database,
            connection(api, workspaceId, sourceId, destinationId, true),
            "airlock_hashed",
            true);
    double pipeAfter = pipe(database, roleSecret, "pipe_after");

    double reference = (pipeBefore + pipeAfter) / 2;
    PrintWriter out = out();
    out.printf(Locale.ROOT, "pipe_mean_seconds=%.3f%n", reference);
    out.printf(Locale.ROOT, "ratio_plain=%.3f%n", plain / reference);
    out.printf(Locale.ROOT, "ratio_hashed=%.3f%n", hashed / reference);
    out.flush();
    return ExitCodes.OK;
  }

  private ControlPlaneLauncher.Running startControlPlane(AirlockHome home) throws IOException {
    ControlPlaneLauncher.Options options =
        new ControlPlaneLauncher.Options(
            home.controlPlaneDir(),
            "127.0.0.1",
            freePort(),
            null,
            null,
            null,
            home.adminTokenFile(),
            Duration.ofSeconds(60));
    return register(ControlPlaneLauncher.start(options));
  }

  static ApiClient client(ControlPlaneLauncher.Running controlPlane) {
    String token =
        controlPlane
            .newAdminToken()
            .orElseThrow(
                () -> new CliException("Run the benchmark with a fresh, empty AIRLOCK_HOME"));
    return new ApiClient(
        controlPlane.baseUrl(), TrustedCa.sslContext(controlPlane.caCertificate()), token);
  }

  private void generate(CustomerDatabase database) throws SQLException {
    try (Connection source = database.adminConnection(CustomerDatabase.SOURCE_DATABASE);
        Statement statement = source.createStatement()) {
      statement.execute(BenchSql.createSource());
      statement.execute(BenchSql.fill(rows));
      statement.execute("alter table " + STREAM + " owner to " + CustomerDatabase.ROLE);
      statement.execute("vacuum analyze " + STREAM);
      statement.execute("checkpoint");
    }
  }

  private String enrollDataPlane(
      AirlockHome home,
      ApiClient api,
      ControlPlaneLauncher.Running controlPlane,
      String roleSecret,
      String hashKey)
      throws InterruptedException {
    String regionId = api.post("/regions", Map.of("name", "bench-1")).path("id").asString();
    String workspaceId =
        api.post("/workspaces", Map.of("regionId", regionId, "name", "bench"))
            .path("id")
            .asString();
    JsonNode created = api.post("/dataplanes", Map.of("regionId", regionId, "name", "bench"));
    String dataPlaneId = created.path("dataPlane").path("id").asString();
    DataPlaneProcess.Builder builder =
        DataPlaneProcess.builder(
                controlPlane.baseUrl(),
                created.path("enrollmentToken").asString(),
                home.dataPlaneDir("bench"))
            .environment(PASSWORD_VARIABLE, roleSecret)
            .environment(HASH_KEY_VARIABLE, hashKey)
            .jvmOption("-Xmx512m")
            .logFile(home.logsDir().resolve("bench-dataplane.log"));
    dataPlaneOptions.forEach(builder::jvmOption);
    dataPlane = register(builder.start());
    Instant deadline = Instant.now().plusSeconds(120);
    while (!"ACTIVE".equals(api.get("/dataplanes/" + dataPlaneId).path("status").asString())) {
      if (!dataPlane.isAlive() || Instant.now().isAfter(deadline)) {
        throw new CliException("The data plane did not enroll; see " + dataPlane.logFile());
      }
      Thread.sleep(250);
    }
    return workspaceId;
  }

  static String endpoint(
      ApiClient api,
      String collection,
      String workspaceId,
      String type,
      Map<String, Object> config) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", type);
    body.put("type", type);
    body.put("config", config);
    return api.post(collection, body).path("id").asString();
  }

  private static String connection(
      ApiClient api, String workspaceId, String sourceId, String destinationId, boolean hashed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", hashed ? "bench-hashed" : "bench-plain");
    body.put("sourceId", sourceId);
    body.put("destinationId", destinationId);
    body.put("streams", List.of(Map.of("name", STREAM, "syncMode", "FULL_REFRESH_OVERWRITE")));
    body.put("mappers", hashed ? List.of(hashMapper()) : List.of());
    body.put("schedule", null);
    return api.post("/connections", body).path("id").asString();
  }

  private static Map<String, Object> hashMapper() {
    Map<String, Object> mapper = new LinkedHashMap<>();
    mapper.put("type", "hash");
    mapper.put("stream", STREAM);
    mapper.put("columns", HASHED);
    mapper.put("keyRef", "env://" + HASH_KEY_VARIABLE);
    return mapper;
  }

  /** Seconds from the job's startedAt to endedAt; prints wall time as well. */
  private double sync(
      ApiClient api, CustomerDatabase database, String connectionId, String label, boolean hashed)
      throws SQLException {
    say("Running " + label);
    checkpoint(database);
    Duration cpuBefore = dataPlaneCpu();
    Instant triggered = Instant.now();
    String jobId = api.post("/connections/" + connectionId + "/jobs", null).path("id").asString();
    JobReport report =
        new JobWatcher(api, Duration.ofMillis(100), false)
            .await(jobId, OptionalLong.of(rows), Duration.ofHours(2));
    double wall = Duration.between(triggered, Instant.now()).toMillis() / 1000.0;
    Duration cpu = dataPlaneCpu().minus(cpuBefore);
    if (!report.succeeded()) {
      throw new CliException(
          label + " ended " + report.status() + ": " + report.error().orElse(""));
    }
    String hashedRows = STREAM + " where ssn ~ '^[0-9a-f]{64}$' and email ~ '^[0-9a-f]{64}$'";
    long copied =
        count(database, CustomerDatabase.WAREHOUSE_DATABASE, hashed ? hashedRows : STREAM);
    requireAllRows(label, copied);
    double job = report.elapsed().orElseThrow().toMillis() / 1000.0;
    out()
        .printf(
            Locale.ROOT,
            "%s_seconds=%.3f %s_wall_seconds=%.3f %s_rows=%d%n",
            label,
            job,
            label,
            wall,
            label,
            copied);
    out().printf(Locale.ROOT, "%s_dataplane_cpu_seconds=%.3f%n", label, cpu.toMillis() / 1000.0);
    out().flush();
    return job;
  }

  /** CPU time the data-plane process has used so far, all its threads together; zero if unknown. */
  private Duration dataPlaneCpu() {
    return dataPlane.handle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** Seconds of {@code psql \copy to stdout | psql \copy from stdin} into an empty twin. */
  private double pipe(CustomerDatabase database, String roleSecret, String label) throws Exception {
    say("Running " + label + " (psql COPY pipe)");
    try (Connection warehouse = database.adminConnection(CustomerDatabase.WAREHOUSE_DATABASE);
        Statement statement = warehouse.createStatement()) {
      statement.execute(BenchSql.createPipeTwin());
      statement.execute(
          "alter table "
              + BenchSql.SCHEMA
              + "."
              + BenchSql.PIPE_TABLE
              + " owner to "
              + CustomerDatabase.ROLE);
    }
    checkpoint(database);
    String target = BenchSql.SCHEMA + "." + BenchSql.PIPE_TABLE;
    String command =
        psql(database, CustomerDatabase.SOURCE_DATABASE, "\\copy " + STREAM + " to stdout")
            + " | "
            + psql(
                database, CustomerDatabase.WAREHOUSE_DATABASE, "\\copy " + target + " from stdin");
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "set -e; " + command);
    builder.environment().put("PGPASSWORD", roleSecret);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    long started = System.nanoTime();
    int exit = builder.start().waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    if (exit != 0) {
      throw new CliException(label + ": the psql pipe failed with exit code " + exit);
    }
    long copied = count(database, CustomerDatabase.WAREHOUSE_DATABASE, target);
    requireAllRows(label, copied);
    out().printf(Locale.ROOT, "%s_seconds=%.3f %s_rows=%d%n", label, seconds, label, copied);
    out().flush();
    return seconds;
  }

  /** Flushes dirty buffers first, so that no step pays for the previous step's checkpoint. */
  private static void checkpoint(CustomerDatabase database) throws SQLException {
    try (Connection connection = database.adminConnection("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("checkpoint");
    }
  }

  private static String psql(CustomerDatabase database, String db, String copy) {
    return "psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "
        + database.port()
        + " -U "
        + CustomerDatabase.ROLE
        + " -d "
        + db
        + " -c '"
        + copy
        + "'";
  }

  private void requireAllRows(String label, long copied) {
    if (copied != rows) {
      throw new CliException(label + " copied " + copied + " rows, expected " + rows);
    }
  }

  private static long count(CustomerDatabase database, String db, String table)
      throws SQLException {
    try (Connection connection = database.adminConnection(db);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select count(*) from " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  static Map<String, Object> config(CustomerDatabase database, String db) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", database.port());
    config.put("database", db);
    config.put("username", CustomerDatabase.ROLE);
    config.put("password", "env://" + PASSWORD_VARIABLE);
    return config;
  }

  private static Map<String, Object> destinationConfig(CustomerDatabase database) {
    Map<String, Object> config = config(database, CustomerDatabase.WAREHOUSE_DATABASE);
    config.put("schema", "public");
    return config;
  }

  private interface Step {
    void run() throws Exception;
  }

  private static long timed(Step step) throws Exception {
    long started = System.nanoTime();
    step.run();
    return (System.nanoTime() - started) / 1_000_000;
  }

  private <T extends AutoCloseable> T register(T resource) {
    started.add(resource);
    return resource;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void say(String text) {
    out().println("==> " + text);
    out().flush();
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
