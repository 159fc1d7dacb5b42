package io.airlock.cli.resources;

import io.airlock.cli.api.ApiCommand;
import io.airlock.cli.output.Table;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code airlock workspaces}: groups of sources, destinations and connections in one region. */
@Command(
    name = "workspaces",
    mixinStandardHelpOptions = true,
    description = "Create and list workspaces. A workspace belongs to exactly one region.")
public final class WorkspacesCommand extends ApiCommand {
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a workspace.")
  void create(
      @Option(names = "--region", required = true, description = "Region id or name.")
          String region,
      @Option(names = "--name", required = true, description = "Workspace name.") String name,
      @Option(names = "--json", description = "Print the created workspace as JSON.")
          boolean json) {
    String regionId = resolveId("/regions", "region", region);
    JsonNode workspace = client().post("/workspaces", Map.of("regionId", regionId, "name", name));
    printCreated("workspace", workspace, json);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List workspaces.")
  void list(@Option(names = "--json", description = "Print JSON.") boolean json) {
    JsonNode workspaces = client().get("/workspaces");
    if (json) {
      printJson(workspaces);
      return;
    }
    Map<String, String> regions = namesById("/regions");
    Table table = new Table("ID", "NAME", "REGION", "CREATED");
    for (JsonNode workspace : workspaces) {
      table.row(
          text(workspace, "id"),
          text(workspace, "name"),
          nameOf(regions, text(workspace, "regionId")),
          text(workspace, "createdAt"));
    }
    table.print(out());
  }
}
