package io.airlock.cli.resources;

import io.airlock.cli.api.ApiCommand;
import io.airlock.cli.output.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code airlock regions}: the places data planes run in; every workspace is pinned to one. */
@Command(
    name = "regions",
    mixinStandardHelpOptions = true,
    description = "Create and list regions. A workspace's jobs run only in its region.")
public final class RegionsCommand extends ApiCommand {
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a region.")
  void create(
      @Option(names = "--name", required = true, description = "Region name, e.g. eu-1.")
          String name,
      @Option(
              names = "--organization",
              paramLabel = "ID",
              description = "Organization id. Default: the default organization.")
          String organizationId,
      @Option(names = "--json", description = "Print the created region as JSON.") boolean json) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    if (organizationId != null) {
      body.put("organizationId", organizationId);
    }
    JsonNode region = client().post("/regions", body);
    printCreated("region", region, json);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List regions.")
  void list(@Option(names = "--json", description = "Print JSON.") boolean json) {
    JsonNode regions = client().get("/regions");
    if (json) {
      printJson(regions);
      return;
    }
    Map<String, String> organizations = namesById("/organizations");
    Table table = new Table("ID", "NAME", "ORGANIZATION", "CREATED");
    for (JsonNode region : regions) {
      table.row(
          text(region, "id"),
          text(region, "name"),
          nameOf(organizations, text(region, "organizationId")),
          text(region, "createdAt"));
    }
    table.print(out());
  }
}
