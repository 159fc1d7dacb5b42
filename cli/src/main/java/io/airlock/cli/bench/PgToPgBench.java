package io.airlock.cli.bench;

import io.airlock.cli.ExitCodes;
import io.airlock.cli.quickstart.CustomerDatabase;
import io.airlock.cli.quickstart.LocalSecretFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
  private static final String HASH_KEY_VARIABLE = "AIRLOCK_BENCH_HASH_KEY";
  private static final String STREAM = BenchSql.SCHEMA + "." + BenchSql.TABLE;
  private static final List<String> HASHED = List.of("ssn", "email", "phone");

  @Spec CommandSpec spec;

  @Option(names = "--rows", defaultValue = "2000000", description = "Rows (default: 2000000).")
  long rows;

  @Option(
      names = "--parallel-readers",
      description = "The source's parallel_readers (default: the connector's).")
  Integer parallelReaders;

  @Option(names = "--dataplane-jvm-option", description = "Extra JVM option of the data plane.")
  List<String> dataPlaneOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try (BenchPlanes planes = new BenchPlanes(spec.commandLine().getOut())) {
      return run(planes);
    }
  }

  private int run(BenchPlanes planes) throws Exception {
    String hashKey = LocalSecretFile.readOrCreate(planes.home().root().resolve("bench/hash-key"));
    planes.startServers();
    BenchSql.generate(planes, rows);
    planes.startDataPlane(Map.of(HASH_KEY_VARIABLE, hashKey), dataPlaneOptions);
    Map<String, Object> sourceConfig = planes.postgresConfig(CustomerDatabase.SOURCE_DATABASE);
    if (parallelReaders != null) {
      sourceConfig.put("parallel_readers", parallelReaders);
    }
    String sourceId = planes.endpoint("/sources", "source-postgres", sourceConfig);
    String destinationId =
        planes.endpoint("/destinations", "destination-postgres", planes.warehouseConfig());

    double pipeBefore = pipe(planes, "pipe_before");
    double plain =
        sync(
            planes,
            planes.connection("bench-plain", sourceId, destinationId, STREAM, List.of()),
            "airlock_plain",
            false);
    double hashed =
        sync(
            planes,
            planes.connection(
                "bench-hashed", sourceId, destinationId, STREAM, List.of(hashMapper())),
            "airlock_hashed",
            true);
    double pipeAfter = pipe(planes, "pipe_after");

    double reference = (pipeBefore + pipeAfter) / 2;
    planes.figure("pipe_mean_seconds", reference);
    planes.figure("ratio_plain", plain / reference);
    planes.figure("ratio_hashed", hashed / reference);
    return ExitCodes.OK;
  }

  private static Map<String, Object> hashMapper() {
    Map<String, Object> mapper = new LinkedHashMap<>();
    mapper.put("type", "hash");
    mapper.put("stream", STREAM);
    mapper.put("columns", HASHED);
    mapper.put("keyRef", "env://" + HASH_KEY_VARIABLE);
    return mapper;
  }

  private double sync(BenchPlanes planes, String connectionId, String label, boolean hashed)
      throws Exception {
    double seconds = planes.sync(connectionId, label, rows);
    String hashedRows = STREAM + " where ssn ~ '^[0-9a-f]{64}$' and email ~ '^[0-9a-f]{64}$'";
    planes.requireRows(
        label, CustomerDatabase.WAREHOUSE_DATABASE, hashed ? hashedRows : STREAM, rows);
    return seconds;
  }

  /** Seconds of {@code psql \copy to stdout | psql \copy from stdin} into an empty twin. */
  private double pipe(BenchPlanes planes, String label) throws Exception {
    String target = BenchSql.SCHEMA + "." + BenchSql.PIPE_TABLE;
    planes.execute(
        CustomerDatabase.WAREHOUSE_DATABASE,
        BenchSql.createPipeTwin(),
        "alter table " + target + " owner to " + CustomerDatabase.ROLE);
    double seconds =
        planes.shell(
            label,
            planes.psql(CustomerDatabase.SOURCE_DATABASE, "\\copy " + STREAM + " to stdout")
                + " | "
                + planes.psql(
                    CustomerDatabase.WAREHOUSE_DATABASE, "\\copy " + target + " from stdin"),
            Map.of());
    planes.requireRows(label, CustomerDatabase.WAREHOUSE_DATABASE, target, rows);
    return seconds;
  }
}
