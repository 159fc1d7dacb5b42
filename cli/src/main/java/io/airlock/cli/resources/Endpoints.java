package io.airlock.cli.resources;

import io.airlock.cli.api.ApiClient;
import io.airlock.cli.output.Table;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What sources and destinations share: creating one from a typed config, and listing them. */
final class Endpoints {
  private Endpoints() {}

  static JsonNode create(
      ApiClient client,
      String collection,
      String workspaceId,
      String type,
      String name,
      Map<String, Object> config) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId);
    body.put("name", name);
    body.put("type", type);
    body.put("config", config);
    return client.post(collection, body);
  }

  /** Prints {@code endpoints}, with the names of their workspaces from {@code workspaces}. */
  static void printTable(JsonNode endpoints, Map<String, String> workspaces, PrintWriter out) {
    Table table = new Table("ID", "NAME", "TYPE", "WORKSPACE", "CREATED");
    for (JsonNode endpoint : endpoints) {
      String workspaceId = endpoint.path("workspaceId").asString(null);
      table.row(
          endpoint.path("id").asString(null),
          endpoint.path("name").asString(null),
          endpoint.path("type").asString(null),
          workspaceId == null ? null : workspaces.getOrDefault(workspaceId, workspaceId),
          endpoint.path("createdAt").asString(null));
    }
    table.print(out);
  }
}
