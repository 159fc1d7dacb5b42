package io.airlock.cli.resources;

import io.airlock.cli.api.ApiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code airlock sources}: where data is read from. */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "Create and list sources. Secret fields hold references, never values.")
public final class SourcesCommand extends ApiCommand {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description =
          "Create a source. 'airlock connectors list' shows the types, 'airlock connectors spec"
              + " TYPE' the settings each takes (for example path= for source-csv).")
  void create(
      @Option(names = "--workspace", required = true, description = "Workspace id or name.")
          String workspace,
      @Option(names = "--type", required = true, description = "Connector type.") String type,
      @Option(names = "--name", required = true, description = "Source name.") String name,
      @Mixin ConnectorConfigOptions config,
      @Option(names = "--json", description = "Print the created source as JSON.") boolean json) {
    String workspaceId = resolveId("/workspaces", "workspace", workspace);
    JsonNode created =
        Endpoints.create(client(), "/sources", workspaceId, type, name, config.build(type));
    printCreated("source", created, json);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List sources.")
  void list(
      @Option(names = "--workspace", description = "Only this workspace (id or name).")
          String workspace,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    String query = workspaceQuery(workspace);
    JsonNode found = client().get("/sources" + query);
    if (json) {
      printJson(found);
      return;
    }
    Endpoints.printTable(found, namesById("/workspaces"), out());
  }
}
