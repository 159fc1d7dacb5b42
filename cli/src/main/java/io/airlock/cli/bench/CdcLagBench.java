package io.airlock.cli.bench;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.cli.api.ApiClient;
import io.airlock.cli.quickstart.CustomerDatabase;
import io.airlock.cli.sync.JobReport;
import io.airlock.cli.sync.JobWatcher;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code airlock bench cdc-lag}: the time from a change's commit in a PostgreSQL source to its
 * visibility in the PostgreSQL destination, reading by change data capture, while a writer commits
 * a steady rate of changes and syncs run back to back.
 *
 * <p>Each source row records {@code clock_timestamp()} as it is written (its transaction commits
 * within the same 10 ms tick); the destination table gets a column {@code visible_at} that defaults
 * to {@code clock_timestamp()}, filled when the dedup merge inserts the row, in the transaction
 * that makes it visible. Both databases are on one server, so both times come from one clock.
 */
@Command(
    name = "cdc-lag",
    mixinStandardHelpOptions = true,
    description =
        "Measure commit-to-visible latency of change data capture, PostgreSQL to PostgreSQL.")
public final class CdcLagBench implements Callable<Integer> {
  private static final String TABLE = "cdc_lag";
  private static final String STREAM = "public." + TABLE;
  private static final long TICK_NANOS = 10_000_000L;

  @Spec CommandSpec spec;

  @Option(
      names = "--rate",
      defaultValue = "1000",
      description = "Changes committed per second (default: 1000).")
  int rate;

  @Option(
      names = "--seconds",
      defaultValue = "60",
      description = "How long the writer runs (default: 60).")
  int seconds;

  @Option(names = "--dataplane-jvm-option", description = "Extra JVM option of the data plane.")
  List<String> dataPlaneOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (BenchPlanes planes = new BenchPlanes(spec.commandLine().getOut())) {
      return run(planes);
    }
  }

  private int run(BenchPlanes planes) throws Exception {
    planes.startServers(Map.of("wal_level", "logical", "max_replication_slots", "4"));
    CustomerDatabase database = planes.database();
    prepareSource(database);
    planes.startDataPlane(Map.of(), dataPlaneOptions);
    String connectionId = connection(planes);
    ApiClient api = planes.api();

    planes.say("First sync: the initial snapshot, which creates the destination table");
    sync(api, connectionId);
    addVisibleAt(database);

    planes.say("Writing " + rate + " changes/s for " + seconds + " s while syncs run back to back");
    Writer writer = new Writer(database);
    Thread writing = Thread.ofPlatform().name("bench-writer").start(writer);
    List<Double> syncSeconds = new ArrayList<>();
    while (writing.isAlive()) {
      syncSeconds.add(sync(api, connectionId));
    }
    writing.join();
    if (writer.failure.get() != null) {
      throw writer.failure.get();
    }
    syncSeconds.add(sync(api, connectionId));

    report(database, writer.written.get(), syncSeconds);
    return ExitCodes.OK;
  }

  private static void prepareSource(CustomerDatabase database) throws SQLException {
    try (Connection admin = database.adminConnection(CustomerDatabase.SOURCE_DATABASE);
        Statement statement = admin.createStatement()) {
      statement.execute("alter role " + CustomerDatabase.ROLE + " replication");
      statement.execute(
          "create table "
              + STREAM
              + " (id bigint primary key, created_at timestamptz not null, payload text)");
      statement.execute("alter table " + STREAM + " owner to " + CustomerDatabase.ROLE);
    }
  }

  private static String connection(BenchPlanes planes) {
    Map<String, Object> source = planes.postgresConfig(CustomerDatabase.SOURCE_DATABASE);
    source.put("schemas", List.of("public"));
    source.put("replication_method", "cdc");
    String sourceId = planes.endpoint("/sources", "source-postgres", source);
    String destinationId =
        planes.endpoint("/destinations", "destination-postgres", planes.warehouseConfig());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", planes.workspaceId());
    body.put("name", "bench-cdc");
    body.put("sourceId", sourceId);
    body.put("destinationId", destinationId);
    body.put(
        "streams",
        List.of(
            Map.of(
                "name",
                STREAM,
                "syncMode",
                "INCREMENTAL_APPEND_DEDUP",
                "cursorField",
                "_airlock_lsn")));
    body.put("mappers", List.of());
    body.put("schedule", null);
    return planes.api().post("/connections", body).path("id").asString();
  }

  /** Seconds from the job's trigger to SUCCEEDED. */
  private static double sync(ApiClient api, String connectionId) {
    long triggered = System.nanoTime();
    String jobId = api.post("/connections/" + connectionId + "/jobs", null).path("id").asString();
    JobReport report =
        new JobWatcher(api, Duration.ofMillis(20), false)
            .await(jobId, OptionalLong.empty(), Duration.ofMinutes(10));
    if (!report.succeeded()) {
      throw new CliException("A sync ended " + report.status() + ": " + report.error().orElse(""));
    }
    return (System.nanoTime() - triggered) / 1e9;
  }

  private static void addVisibleAt(CustomerDatabase database) throws SQLException {
    try (Connection admin = database.adminConnection(CustomerDatabase.WAREHOUSE_DATABASE);
        Statement statement = admin.createStatement()) {
      statement.execute(
          "alter table "
              + STREAM
              + " add column visible_at timestamptz not null default clock_timestamp()");
    }
  }

  /** Commits {@code rate / 100} new rows every 10 ms, on schedule, for {@code seconds}. */
  private final class Writer implements Runnable {
    private final CustomerDatabase database;
    private final AtomicLong written = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    Writer(CustomerDatabase database) {
      this.database = database;
    }

    @Override
    public void run() {
      long perTick = Math.max(1, rate / 100);
      long ticks = seconds * 100L;
      try (Connection source = database.adminConnection(CustomerDatabase.SOURCE_DATABASE);
          PreparedStatement insert =
              source.prepareStatement(
                  "insert into "
                      + STREAM
                      + " select g, clock_timestamp(), md5(g::text)"
                      + " from generate_series(?::bigint, ?::bigint) as g")) {
        long start = System.nanoTime();
        for (long tick = 0; tick < ticks; tick++) {
          long due = start + tick * TICK_NANOS;
          LockSupport.parkNanos(due - System.nanoTime());
          insert.setLong(1, tick * perTick + 1);
          insert.setLong(2, (tick + 1) * perTick);
          insert.executeUpdate();
          written.addAndGet(perTick);
        }
      } catch (SQLException e) {
        failure.set(e);
      }
    }
  }

  private void report(CustomerDatabase database, long written, List<Double> syncSeconds)
      throws SQLException {
    String latency = "extract(epoch from visible_at - created_at)";
    try (Connection warehouse = database.adminConnection(CustomerDatabase.WAREHOUSE_DATABASE);
        Statement statement = warehouse.createStatement();
        ResultSet result =
            statement.executeQuery(
                "select count(*), percentile_cont(0.5) within group (order by "
                    + latency
                    + "), percentile_cont(0.99) within group (order by "
                    + latency
                    + "), max("
                    + latency
                    + ") from "
                    + STREAM)) {
      result.next();
      long visible = result.getLong(1);
      if (visible != written) {
        throw new CliException("The destination holds " + visible + " rows, expected " + written);
      }
      double meanSync = syncSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "cdc_lag_changes=%d cdc_lag_rate=%d%n", written, rate);
      out.printf(
          Locale.ROOT,
          "cdc_lag_syncs=%d cdc_lag_sync_mean_seconds=%.3f%n",
          syncSeconds.size(),
          meanSync);
      out.printf(Locale.ROOT, "cdc_lag_max_seconds=%.3f%n", result.getDouble(4));
      out.printf(Locale.ROOT, "cdc_lag_p50_seconds=%.3f%n", result.getDouble(2));
      out.printf(Locale.ROOT, "cdc_lag_p99_seconds=%.3f%n", result.getDouble(3));
      out.flush();
    }
  }
}
