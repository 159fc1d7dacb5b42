package io.airlock.cli.bench;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.CliException;
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
import java.nio.file.Path;
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

/**
 * What every benchmark of {@code airlock bench} shares: a control plane and the benchmark
 * PostgreSQL ({@link CustomerDatabase}: databases {@code demo_source} and {@code warehouse}) on
 * loopback under {@code $AIRLOCK_HOME}, one data plane in its own JVM enrolled over mutual TLS as
 * users run it, and the timing of syncs and of reference commands, printed as {@code key=value}
 * lines.
 */
final class BenchPlanes implements AutoCloseable {
  /** The data plane's variable holding the benchmark role's password ({@code env://}). */
  static final String PASSWORD_VARIABLE = "AIRLOCK_BENCH_PG_PASSWORD";

  private final PrintWriter out;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final AirlockHome home;
  private final String roleSecret;
  private ControlPlaneLauncher.Running controlPlane;
  private ApiClient api;
  private CustomerDatabase database;
  private DataPlaneProcess dataPlane;
  private String workspaceId;
  private int endpoints;

  BenchPlanes(PrintWriter out) {
    this.out = out;
    this.home = AirlockHome.current();
    this.roleSecret = LocalSecretFile.readOrCreate(home.root().resolve("bench/pg-password"));
  }

  AirlockHome home() {
    return home;
  }

  /** The benchmark role's password, for psql ({@code PGPASSWORD}) and the data plane. */
  String roleSecret() {
    return roleSecret;
  }

  CustomerDatabase database() {
    return database;
  }

  ApiClient api() {
    return api;
  }

  /** Starts the control plane and the benchmark PostgreSQL. */
  void startServers() throws IOException {
    startServers(Map.of());
  }

  /** Starts the control plane and the benchmark PostgreSQL with extra server {@code settings}. */
  void startServers(Map<String, String> settings) throws IOException {
    say("Starting the control plane and the benchmark PostgreSQL");
    ControlPlaneLauncher.Running started = startControlPlane();
    api = client(started);
    controlPlane = started;
    startDatabase(settings);
  }

  /** Starts the benchmark PostgreSQL only. */
  void startDatabase() {
    startDatabase(Map.of());
  }

  private void startDatabase(Map<String, String> settings) {
    database =
        register(
            CustomerDatabase.start(
                home.root().resolve("bench/postgres"),
                roleSecret,
                home.logsDir().resolve("bench-postgres.log"),
                settings));
  }

  /** The workspace of the enrolled data plane's region. */
  String workspaceId() {
    return workspaceId;
  }

  /**
   * Enrolls one data plane (a separate JVM, {@code -Xmx512m}) with {@code environment} besides the
   * role's password, and waits until it is active.
   */
  void startDataPlane(Map<String, String> environment, List<String> jvmOptions)
      throws InterruptedException {
    say("Enrolling a data plane (separate JVM, mutual TLS)");
    String regionId = api.post("/regions", Map.of("name", "bench-1")).path("id").asString();
    workspaceId =
        api.post("/workspaces", Map.of("regionId", regionId, "name", "bench"))
            .path("id")
            .asString();
    var created = api.post("/dataplanes", Map.of("regionId", regionId, "name", "bench"));
    String dataPlaneId = created.path("dataPlane").path("id").asString();
    DataPlaneProcess.Builder builder =
        DataPlaneProcess.builder(
                controlPlane.baseUrl(),
                created.path("enrollmentToken").asString(),
                home.dataPlaneDir("bench"))
            .environment(PASSWORD_VARIABLE, roleSecret)
            // The benchmarks' files and the external-protocol benchmark's shell.
            .allowPath(home.root().resolve("bench"))
            .allowPath(Path.of("/bin/sh"))
            .jvmOption("-Xmx512m")
            .logFile(home.logsDir().resolve("bench-dataplane.log"));
    environment.forEach(builder::environment);
    jvmOptions.forEach(builder::jvmOption);
    dataPlane = register(builder.start());
    Instant deadline = Instant.now().plusSeconds(120);
    while (!"ACTIVE".equals(api.get("/dataplanes/" + dataPlaneId).path("status").asString())) {
      if (!dataPlane.isAlive() || Instant.now().isAfter(deadline)) {
        throw new CliException("The data plane did not enroll; see " + dataPlane.logFile());
      }
      Thread.sleep(250);
    }
  }

  /** Registers a source ({@code collection} {@code /sources}) or destination; returns its id. */
  String endpoint(String collection, String type, Map<String, Object> config) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", type + "-" + (++endpoints));
    body.put("type", type);
    body.put("config", config);
    return api.post(collection, body).path("id").asString();
  }

  /** A manual connection syncing {@code stream} in full refresh overwrite; returns its id. */
  String connection(
      String name,
      String sourceId,
      String destinationId,
      String stream,
      List<Map<String, Object>> mappers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", name);
    body.put("sourceId", sourceId);
    body.put("destinationId", destinationId);
    body.put("streams", List.of(Map.of("name", stream, "syncMode", "FULL_REFRESH_OVERWRITE")));
    body.put("mappers", mappers);
    body.put("schedule", null);
    return api.post("/connections", body).path("id").asString();
  }

  /**
   * Runs one sync of {@code connectionId} and prints {@code <label>_seconds} (the job's startedAt
   * to endedAt), {@code _wall_seconds}, {@code _rows} and {@code _dataplane_cpu_seconds}.
   *
   * @return the job's seconds
   */
  double sync(String connectionId, String label, long rows) throws SQLException {
    say("Running " + label);
    checkpoint();
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
    if (report.totalRecords() != rows) {
      throw new CliException(
          label + " moved " + report.totalRecords() + " records, expected " + rows);
    }
    double job = report.elapsed().orElseThrow().toMillis() / 1000.0;
    out.printf(
        Locale.ROOT,
        "%s_seconds=%.3f %s_wall_seconds=%.3f %s_records=%d%n",
        label,
        job,
        label,
        wall,
        label,
        report.totalRecords());
    out.printf(Locale.ROOT, "%s_dataplane_cpu_seconds=%.3f%n", label, cpu.toMillis() / 1000.0);
    out.flush();
    return job;
  }

  /** CPU time the data-plane process has used so far, all its threads together; zero if unknown. */
  private Duration dataPlaneCpu() {
    return dataPlane.handle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /**
   * Runs {@code command} with {@code /bin/sh -e} ({@code PGPASSWORD} set to the role's password)
   * and prints {@code <label>_seconds}.
   *
   * @return its seconds
   */
  double shell(String label, String command, Map<String, String> environment) throws Exception {
    say("Running " + label);
    checkpoint();
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", "set -e; " + command);
    builder.environment().put("PGPASSWORD", roleSecret);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(home.logsDir().resolve("bench-" + label + ".log").toFile());
    long started = System.nanoTime();
    int exit = builder.start().waitFor();
    double seconds = (System.nanoTime() - started) / 1e9;
    if (exit != 0) {
      throw new CliException(
          label + " failed with exit code " + exit + "; see logs/bench-" + label + ".log");
    }
    out.printf(Locale.ROOT, "%s_seconds=%.3f%n", label, seconds);
    out.flush();
    return seconds;
  }

  /** A psql command line as the benchmark role, running {@code command} in {@code db}. */
  String psql(String db, String command) {
    return "psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "
        + database.port()
        + " -U "
        + CustomerDatabase.ROLE
        + " -d "
        + db
        + " -c '"
        + command.replace("'", "'\\''")
        + "'";
  }

  /** Runs {@code sql} as the server's superuser in {@code db}. */
  void execute(String db, String... sql) throws SQLException {
    try (Connection connection = database.adminConnection(db);
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  long count(String db, String table) throws SQLException {
    return queryLong(db, "select count(*) from " + table);
  }

  long queryLong(String db, String sql) throws SQLException {
    try (Connection connection = database.adminConnection(db);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  /** Fails unless {@code table} of {@code db} holds {@code rows} rows; prints the count. */
  void requireRows(String label, String db, String table, long rows) throws SQLException {
    long copied = count(db, table);
    out.printf(Locale.ROOT, "%s_rows=%d%n", label, copied);
    if (copied != rows) {
      throw new CliException(label + " copied " + copied + " rows, expected " + rows);
    }
  }

  /** Flushes dirty buffers first, so that no step pays for the previous step's checkpoint. */
  void checkpoint() throws SQLException {
    execute("postgres", "checkpoint");
  }

  /** The source or destination settings of the benchmark PostgreSQL's {@code db}. */
  Map<String, Object> postgresConfig(String db) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", database.port());
    config.put("database", db);
    config.put("username", CustomerDatabase.ROLE);
    config.put("password", "env://" + PASSWORD_VARIABLE);
    return config;
  }

  /** The warehouse as a PostgreSQL destination, schema {@code public}. */
  Map<String, Object> warehouseConfig() {
    Map<String, Object> config = postgresConfig(CustomerDatabase.WAREHOUSE_DATABASE);
    config.put("schema", "public");
    return config;
  }

  /** One timed step, printing its figures under {@code label}; returns its seconds. */
  @FunctionalInterface
  interface Step {
    double run(String label) throws Exception;
  }

  /**
   * Times Airlock, the reference, the reference again and Airlock again (so that drift on a shared
   * machine weighs on both sides alike), and prints {@code airlock_mean_seconds}, {@code
   * reference_mean_seconds} and, last, {@code ratio=<airlock/reference>}.
   */
  void airlockAgainstReference(Step airlock, Step reference) throws Exception {
    double first = airlock.run("airlock_1");
    double before = reference.run("reference_1");
    double after = reference.run("reference_2");
    double second = airlock.run("airlock_2");
    figure("airlock_mean_seconds", (first + second) / 2);
    figure("reference_mean_seconds", (before + after) / 2);
    figure("ratio", (first + second) / (before + after));
  }

  /**
   * Creates {@code warehouse.public.<twin>} empty, with the columns and types of {@code like} (the
   * table Airlock created), owned by the benchmark role, for the reference to load.
   */
  void createTwin(String twin, String like) throws SQLException {
    execute(
        CustomerDatabase.WAREHOUSE_DATABASE,
        "drop table if exists public." + twin,
        "create table public." + twin + " (like public." + like + ")",
        "alter table public." + twin + " owner to " + CustomerDatabase.ROLE);
  }

  /** Prints {@code key=value} with three decimals. */
  void figure(String key, double value) {
    out.printf(Locale.ROOT, "%s=%.3f%n", key, value);
    out.flush();
  }

  void say(String text) {
    out.println("==> " + text);
    out.flush();
  }

  private ControlPlaneLauncher.Running startControlPlane() throws IOException {
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

  private static ApiClient client(ControlPlaneLauncher.Running controlPlane) {
    String token =
        controlPlane
            .newAdminToken()
            .orElseThrow(
                () -> new CliException("Run the benchmark with a fresh, empty AIRLOCK_HOME"));
    return new ApiClient(
        controlPlane.baseUrl(), TrustedCa.sslContext(controlPlane.caCertificate()), token);
  }

  private <T extends AutoCloseable> T register(T resource) {
    started.add(resource);
    return resource;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }
}
