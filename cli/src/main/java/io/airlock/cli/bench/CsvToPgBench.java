package io.airlock.cli.bench;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.cli.quickstart.CustomerDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code airlock bench csv-to-pg}: an Airlock sync of a CSV file (the benchmark table exported with
 * a header) into the benchmark PostgreSQL against {@code psql -c '\copy … from FILE csv header'}
 * into a twin of the table Airlock created.
 */
@Command(
    name = "csv-to-pg",
    mixinStandardHelpOptions = true,
    description = "Compare an Airlock CSV-to-PostgreSQL sync with psql \\copy.")
public final class CsvToPgBench implements Callable<Integer> {
  private static final String TWIN = "bench_patients_pipe";

  @Spec CommandSpec spec;

  @Option(names = "--rows", defaultValue = "1000000", description = "Rows (default: 1000000).")
  long rows;

  @Override
  public Integer call() throws Exception {
    try (BenchPlanes planes = new BenchPlanes(spec.commandLine().getOut())) {
      planes.startServers();
      BenchSql.generate(planes, rows);
      Path folder = Files.createDirectories(planes.home().root().resolve("bench/csv"));
      Path file = folder.resolve(BenchSql.TABLE + ".csv");
      String source = BenchSql.SCHEMA + "." + BenchSql.TABLE;
      planes.shell(
          "export_csv",
          planes.psql(
              CustomerDatabase.SOURCE_DATABASE,
              "\\copy " + source + " to " + quoted(file) + " csv header"),
          Map.of());
      planes.figure("csv_megabytes", Files.size(file) / 1e6);
      planes.startDataPlane(Map.of(), List.of());
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("path", folder.toString());
      config.put("format", "csv");
      String sourceId = planes.endpoint("/sources", "source-files", config);
      String destinationId =
          planes.endpoint("/destinations", "destination-postgres", planes.warehouseConfig());
      String connectionId =
          planes.connection("csv", sourceId, destinationId, BenchSql.TABLE, List.of());
      String warehouse = CustomerDatabase.WAREHOUSE_DATABASE;
      planes.airlockAgainstReference(
          label -> {
            double seconds = planes.sync(connectionId, label, rows);
            planes.requireRows(label, warehouse, "public." + BenchSql.TABLE, rows);
            return seconds;
          },
          label -> {
            planes.createTwin(TWIN, BenchSql.TABLE);
            double seconds =
                planes.shell(
                    label,
                    planes.psql(
                        warehouse,
                        "\\copy public." + TWIN + " from " + quoted(file) + " csv header"),
                    Map.of());
            planes.requireRows(label, warehouse, "public." + TWIN, rows);
            return seconds;
          });
    }
    return ExitCodes.OK;
  }

  /** A file name as a psql {@code \copy} argument, inside the single-quoted {@code -c}. */
  private static String quoted(Path file) {
    String name = file.toAbsolutePath().toString();
    if (!name.matches("[A-Za-z0-9_./-]+")) {
      throw new CliException(
          "Run the benchmark with an AIRLOCK_HOME whose path has only letters, digits and ._/-");
    }
    return name;
  }
}
