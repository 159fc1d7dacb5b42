package io.airlock.cli.api;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * Base of the commands that call the control plane's API: the connection options, output helpers,
 * and name-or-id lookups of resources.
 */
public abstract class ApiCommand {
  private static final Logger LOG = LoggerFactory.getLogger(ApiCommand.class);

  @Spec protected CommandSpec spec;

  @Mixin protected ApiOptions api;

  private ApiClient client;

  /** The API client, created on first use. */
  protected ApiClient client() {
    if (client == null) {
      client = api.client();
    }
    return client;
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Prints {@code node} as indented JSON. */
  protected void printJson(JsonNode node) {
    String text =
        client()
            .json()
            .rebuild()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writeValueAsString(node);
    out().println(text);
    out().flush();
  }

  /** Prints a created resource: as JSON when asked, else one line with its name and id. */
  protected void printCreated(String kind, JsonNode created, boolean json) {
    if (json) {
      printJson(created);
      return;
    }
    out().printf("Created %s %s (id %s)%n", kind, text(created, "name"), text(created, "id"));
  }

  /** The query string that limits a listing to one workspace (id or name); empty for all. */
  protected String workspaceQuery(String workspace) {
    if (workspace == null) {
      return "";
    }
    String workspaceId = resolveId("/workspaces", "workspace", workspace);
    return "?workspaceId=" + URLEncoder.encode(workspaceId, StandardCharsets.UTF_8);
  }

  /**
   * The id of the resource under {@code collection} (for example {@code /regions}) whose id or name
   * is {@code idOrName}.
   */
  protected String resolveId(String collection, String kind, String idOrName) {
    if (isUuid(idOrName)) {
      return idOrName;
    }
    String found = null;
    for (JsonNode item : client().get(collection)) {
      if (idOrName.equals(item.path("name").asString(null))) {
        if (found != null) {
          throw new CliException(
              "More than one " + kind + " is named '" + idOrName + "'; pass its id instead",
              ExitCodes.USAGE);
        }
        found = item.path("id").asString();
      }
    }
    if (found == null) {
      throw new CliException(
          "No "
              + kind
              + " has the id or name '"
              + idOrName
              + "'; list them with 'airlock "
              + collection.substring(1)
              + " list'",
          ExitCodes.USAGE);
    }
    return found;
  }

  /**
   * The names of the resources under {@code collection}, by id, so that tables can show a name
   * where the API gives an id. Empty when the control plane refuses the list: the ids still show.
   */
  protected Map<String, String> namesById(String collection) {
    JsonNode items;
    try {
      items = client().get(collection);
    } catch (ApiException e) {
      LOG.info("Showing ids instead of names: {}", e.getMessage());
      return Map.of();
    }
    Map<String, String> names = new HashMap<>();
    for (JsonNode item : items) {
      String id = item.path("id").asString(null);
      String name = item.path("name").asString(null);
      if (id != null && name != null) {
        names.put(id, name);
      }
    }
    return names;
  }

  /** The name that {@code names} has for {@code id}, else the id itself (null stays null). */
  protected static String nameOf(Map<String, String> names, String id) {
    return id == null ? null : names.getOrDefault(id, id);
  }

  protected static boolean isUuid(String value) {
    try {
      UUID.fromString(value);
      return value.length() == 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  protected static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asString();
  }
}
