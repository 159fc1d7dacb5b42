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
 * {@code airlock bench external-protocol}: records per second through the external (Airbyte
 * protocol) source: a generator script ({@code bench/protocol-source.sh}) run by {@code
 * source-external}, synced into the benchmark PostgreSQL. The reference is the generator alone
 * writing its {@code read} output to {@code /dev/null}, the most any consumer could reach.
 */
@Command(
    name = "external-protocol",
    mixinStandardHelpOptions = true,
    description = "Measure records per second through an Airbyte-protocol source.")
public final class ExternalProtocolBench implements Callable<Integer> {
  private static final String STREAM = "bench_events";

  @Spec CommandSpec spec;

  @Option(names = "--rows", defaultValue = "1000000", description = "Records (default: 1000000).")
  long rows;

  @Option(names = "--generator", required = true, description = "The protocol source script.")
  Path generator;

  @Override
  public Integer call() throws Exception {
    Path script = generator.toAbsolutePath();
    if (!Files.isRegularFile(script)) {
      throw new CliException("No generator script at " + script);
    }
    try (BenchPlanes planes = new BenchPlanes(spec.commandLine().getOut())) {
      planes.startServers();
      planes.startDataPlane(Map.of(), List.of());
      Map<String, Object> config = new LinkedHashMap<>();
      config.put("command", "/bin/sh");
      config.put("args", List.of(script.toString(), Long.toString(rows)));
      String sourceId = planes.endpoint("/sources", "source-external", config);
      String destinationId =
          planes.endpoint("/destinations", "destination-postgres", planes.warehouseConfig());
      String connectionId =
          planes.connection("external", sourceId, destinationId, STREAM, List.of());

      double alone =
          planes.shell(
              "generator_alone",
              "/bin/sh '" + script + "' " + rows + " read > /dev/null",
              Map.of());
      double seconds = planes.sync(connectionId, "airlock", rows);
      planes.requireRows("airlock", CustomerDatabase.WAREHOUSE_DATABASE, "public." + STREAM, rows);
      planes.figure("generator_records_per_second", rows / alone);
      planes.figure("airlock_records_per_second", rows / seconds);
      planes.figure("ratio", seconds / alone);
    }
    return ExitCodes.OK;
  }
}
