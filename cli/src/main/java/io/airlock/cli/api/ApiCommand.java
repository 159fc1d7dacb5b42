package io.airlock.cli.api;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.UUID;
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
