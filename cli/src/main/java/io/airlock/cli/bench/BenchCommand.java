package io.airlock.cli.bench;

import picocli.CommandLine.Command;

/** {@code airlock bench}: hidden performance harnesses, run by the scripts in {@code bench/}. */
@Command(
    name = "bench",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Performance benchmarks (see bench/README.md).",
    subcommands = {
      PgToPgBench.class,
      MariaDbToPgBench.class,
      CsvToPgBench.class,
      PgToParquetBench.class,
      ExternalProtocolBench.class,
      PgParallelReadBench.class,
      CdcLagBench.class
    })
public final class BenchCommand {}
