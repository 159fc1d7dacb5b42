package io.airlock.cli.bench;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.cli.quickstart.CustomerDatabase;
import io.airlock.connectors.ConnectorRegistry;
import io.airlock.connectors.spi.ConnectorSettings;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.Source;
import io.airlock.connectors.spi.StreamDescriptor;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code airlock bench pg-parallel-read}: the PostgreSQL source alone, in this JVM, reading the
 * benchmark table for a full refresh into a sink that only counts: once to warm up (JIT, caches),
 * then with one reader, {@code --readers} parallel readers under one snapshot twice, and one reader
 * again; prints the speedup. The reference is {@code psql -c '\copy … to stdout' > /dev/null}.
 */
@Command(
    name = "pg-parallel-read",
    mixinStandardHelpOptions = true,
    description = "Measure the PostgreSQL source's parallel snapshot read against one reader.")
public final class PgParallelReadBench implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rows", defaultValue = "2000000", description = "Rows (default: 2000000).")
  long rows;

  @Option(names = "--readers", defaultValue = "4", description = "Parallel readers (default: 4).")
  int readers;

  @Override
  public Integer call() throws Exception {
    try (BenchPlanes planes = new BenchPlanes(spec.commandLine().getOut())) {
      planes.startDatabase();
      BenchSql.generate(planes, rows);
      String table = BenchSql.SCHEMA + "." + BenchSql.TABLE;
      planes.figure(
          "table_megabytes",
          planes.queryLong(
                  CustomerDatabase.SOURCE_DATABASE, "select pg_table_size('" + table + "')")
              / 1e6);
      double copyOut =
          planes.shell(
              "psql_copy_out",
              planes.psql(CustomerDatabase.SOURCE_DATABASE, "\\copy " + table + " to stdout")
                  + " > /dev/null",
              Map.of());
      read(planes, readers, "warmup");
      double single = read(planes, 1, "single_1");
      double parallel = read(planes, readers, "parallel_1");
      parallel += read(planes, readers, "parallel_2");
      single += read(planes, 1, "single_2");
      planes.figure("single_mean_seconds", single / 2);
      planes.figure("parallel_mean_seconds", parallel / 2);
      planes.figure("single_ratio_to_psql_copy_out", single / 2 / copyOut);
      planes.figure("parallel_ratio_to_psql_copy_out", parallel / 2 / copyOut);
      planes.figure("speedup", single / parallel);
    }
    return ExitCodes.OK;
  }

  private double read(BenchPlanes planes, int readerCount, String label) throws Exception {
    planes.say("Reading with " + readerCount + " reader(s): " + label);
    Map<String, Object> config = planes.postgresConfig(CustomerDatabase.SOURCE_DATABASE);
    config.put("parallel_readers", readerCount);
    config.put("parallel_min_table_mb", 0);
    ConnectorSettings settings =
        new ConnectorSettings(
            "source-postgres", config, reference -> Secret.of(planes.roleSecret()));
    AtomicLong count = new AtomicLong();
    try (Source source =
        ConnectorRegistry.builtIn().factory("source-postgres").createSource(settings)) {
      StreamDescriptor stream =
          source.discover().stream()
              .filter(s -> s.name().equals(BenchSql.TABLE))
              .findFirst()
              .orElseThrow();
      long started = System.nanoTime();
      source.read(stream, batch -> count.addAndGet(batch.size()));
      double seconds = (System.nanoTime() - started) / 1e9;
      if (count.get() != rows) {
        throw new CliException(label + " read " + count + " rows, expected " + rows);
      }
      planes.figure(label + "_seconds", seconds);
      return seconds;
    }
  }
}
