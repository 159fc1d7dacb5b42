package io.airlock.cli.resources;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.cli.output.Table;
import io.airlock.protocol.spec.ConnectorSpecs;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code airlock connectors}: the connector types this build of Airlock runs. */
@Command(
    name = "connectors",
    mixinStandardHelpOptions = true,
    description = "List the built-in connectors and show their configuration specs.")
public final class ConnectorsCommand {
  @Spec CommandSpec spec;

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "One line per connector: its type, kind and the sync modes it supports.")
  void list() {
    Table table = new Table("TYPE", "KIND", "SYNC MODES");
    for (String type : ConnectorSpecs.TYPES) {
      JsonNode connector = ConnectorSpecs.find(type).orElseThrow();
      table.row(
          type,
          ConnectorSpecs.kind(connector),
          String.join(", ", ConnectorSpecs.syncModes(connector)));
    }
    table.print(out());
  }

  @Command(
      name = "spec",
      mixinStandardHelpOptions = true,
      description = "Print a connector's configuration spec (JSON Schema).")
  void spec(@Parameters(paramLabel = "TYPE", description = "Connector type.") String type) {
    JsonNode connector =
        ConnectorSpecs.find(type)
            .orElseThrow(
                () ->
                    new CliException(
                        "Unknown connector type '" + type + "'; known types: " + known(),
                        ExitCodes.USAGE));
    out().println(connector.toPrettyString());
    out().flush();
  }

  private static String known() {
    return String.join(", ", ConnectorSpecs.TYPES);
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
