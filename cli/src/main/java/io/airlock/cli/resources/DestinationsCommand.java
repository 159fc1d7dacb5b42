package io.airlock.cli.resources;

import io.airlock.cli.api.ApiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code airlock destinations}: where data is written to. */
@Command(
    name = "destinations",
    mixinStandardHelpOptions = true,
    description = "Create and list destinations. Secret fields hold references, never values.")
public final class DestinationsCommand extends ApiCommand {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a destination. Types: destination-postgres, destination-duckdb,"
              + " destination-files.")
  void create(
      @Option(names = "--workspace", required = true, description = "Workspace id or name.")
          String workspace,
      @Option(names = "--type", required = true, description = "Connector type.") String type,
      @Option(names = "--name", required = true, description = "Destination name.") String name,
      @Mixin ConnectorConfigOptions config,
      @Option(names = "--json", description = "Print the created destination as JSON.")
          boolean json) {
    String workspaceId = resolveId("/workspaces", "workspace", workspace);
    JsonNode created =
        Endpoints.create(client(), "/destinations", workspaceId, type, name, config.build(type));
    printCreated("destination", created, json);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List destinations.")
  void list(
      @Option(names = "--workspace", description = "Only this workspace (id or name).")
          String workspace,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    String query = workspaceQuery(workspace);
    JsonNode found = client().get("/destinations" + query);
    if (json) {
      printJson(found);
      return;
    }
    Endpoints.printTable(found, namesById("/workspaces"), out());
  }
}
