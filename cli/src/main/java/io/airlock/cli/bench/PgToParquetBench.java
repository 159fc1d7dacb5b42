package io.airlock.cli.bench;

import io.airlock.cli.ExitCodes;
import io.airlock.cli.quickstart.CustomerDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code airlock bench pg-to-parquet}: an Airlock sync of the benchmark table into Parquet files
 * (the files destination, zstd). There is no reference writer: it prints rows per second and
 * megabytes per second of the table read (as stored by PostgreSQL) and of the Parquet written, and,
 * to place them, the seconds of {@code psql -c '\copy … to stdout' > /dev/null}.
 */
@Command(
    name = "pg-to-parquet",
    mixinStandardHelpOptions = true,
    description = "Measure an Airlock PostgreSQL-to-Parquet sync.")
public final class PgToParquetBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rows", defaultValue = "1000000", description = "Rows (default: 1000000).")
  long rows;

  @Option(
      names = "--compression",
      defaultValue = "zstd",
      description = "Parquet codec: uncompressed, snappy or zstd (default: zstd).")
  String compression;

  @Override
  public Integer call() throws Exception {
    try (BenchPlanes planes = new BenchPlanes(spec.commandLine().getOut())) {
      planes.startServers();
      BenchSql.generate(planes, rows);
      String table = BenchSql.SCHEMA + "." + BenchSql.TABLE;
      long tableBytes =
          planes.queryLong(
              CustomerDatabase.SOURCE_DATABASE, "select pg_table_size('" + table + "')");
      planes.startDataPlane(Map.of(), List.of());
      Path folder = planes.home().root().resolve("bench/parquet");
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("path", folder.toString());
      config.put("format", "parquet");
      config.put("compression", compression);
      String sourceId =
          planes.endpoint(
              "/sources",
              "source-postgres",
              planes.postgresConfig(CustomerDatabase.SOURCE_DATABASE));
      String destinationId = planes.endpoint("/destinations", "destination-files", config);
      String connectionId = planes.connection("parquet", sourceId, destinationId, table, List.of());

      double copyOut =
          planes.shell(
              "psql_copy_out",
              planes.psql(CustomerDatabase.SOURCE_DATABASE, "\\copy " + table + " to stdout")
                  + " > /dev/null",
              Map.of());
      double seconds = planes.sync(connectionId, "airlock", rows);
      long parquetBytes = size(folder);
      planes.figure("table_megabytes", tableBytes / 1e6);
      planes.figure("parquet_megabytes", parquetBytes / 1e6);
      planes.figure("rows_per_second", rows / seconds);
      planes.figure("table_megabytes_per_second", tableBytes / 1e6 / seconds);
      planes.figure("parquet_megabytes_per_second", parquetBytes / 1e6 / seconds);
      planes.figure("ratio_to_psql_copy_out", seconds / copyOut);
    }
    return ExitCodes.OK;
  }

  private static long size(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(f -> f.toString().endsWith(".parquet"))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    }
  }
}
