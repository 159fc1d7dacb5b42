package io.airlock.cli.resources;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.cli.api.ApiCommand;
import io.airlock.cli.output.Table;
import io.airlock.protocol.secrets.SecretReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code airlock connections}: a source, a destination, the streams, mappers and schedule. */
@Command(
    name = "connections",
    mixinStandardHelpOptions = true,
    description = "Create, list and change connections from a source to a destination.")
public final class ConnectionsCommand extends ApiCommand {
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a connection.")
  void create(
      @Option(names = "--name", required = true, description = "Connection name.") String name,
      @Option(names = "--source", required = true, description = "Source id or name.")
          String source,
      @Option(names = "--destination", required = true, description = "Destination id or name.")
          String destination,
      @Option(
              names = "--workspace",
              description = "Workspace id or name. Default: the source's workspace.")
          String workspace,
      @Option(
              names = "--stream",
              paramLabel = "NAME[:MODE[:CURSOR]]",
              description =
                  "A stream to sync, repeatable; MODE is overwrite (default), append, incremental,"
                      + " dedup or a sync mode name; incremental modes name their CURSOR column."
                      + " None: every stream, overwritten.")
          List<String> streams,
      @Option(
              names = "--hash",
              paramLabel = "COLUMN[,COLUMN]",
              split = ",",
              description =
                  "Columns replaced by their keyed HMAC-SHA-256 (hex), in every stream that has"
                      + " them. Repeatable.")
          List<String> hashColumns,
      @Option(
              names = "--hash-key",
              paramLabel = "REF",
              description = "Secret reference of the hash key, e.g. env://HASH_KEY.")
          String hashKey,
      @Option(
              names = "--schedule",
              paramLabel = "CRON",
              description = "5-field Unix cron, e.g. \"0 3 * * *\". Default: manual only.")
          String schedule,
      @Option(
              names = "--schema-changes",
              paramLabel = "POLICY",
              description =
                  "What a sync does when the source's schema changed: propagate (default; new"
                      + " columns and widened types are applied, other changes fail), pause"
                      + " (fail and pause the connection) or fail.")
          String schemaChanges,
      @Option(names = "--json", description = "Print the created connection as JSON.")
          boolean json) {
    String policy = schemaChanges == null ? null : schemaChangePolicy(schemaChanges);
    String sourceId = resolveId("/sources", "source", source);
    String destinationId = resolveId("/destinations", "destination", destination);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workspaceId", workspaceId(workspace, sourceId));
    body.put("name", name);
    body.put("sourceId", sourceId);
    body.put("destinationId", destinationId);
    body.put("streams", streams(streams));
    body.put("mappers", mappers(hashColumns, hashKey));
    body.put("schedule", schedule);
    if (policy != null) {
      body.put("schemaChanges", policy);
    }
    JsonNode created = client().post("/connections", body);
    printCreated("connection", created, json);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List connections.")
  void list(
      @Option(names = "--workspace", description = "Only this workspace (id or name).")
          String workspace,
      @Option(names = "--json", description = "Print JSON.") boolean json) {
    String query = workspaceQuery(workspace);
    JsonNode connections = client().get("/connections" + query);
    if (json) {
      printJson(connections);
      return;
    }
    Map<String, String> sources = namesById("/sources" + query);
    Map<String, String> destinations = namesById("/destinations" + query);
    Table table =
        new Table(
            "ID", "NAME", "SOURCE", "DESTINATION", "STATUS", "STREAMS", "SCHEDULE", "CREATED");
    for (JsonNode connection : connections) {
      table.row(
          text(connection, "id"),
          text(connection, "name"),
          nameOf(sources, text(connection, "sourceId")),
          nameOf(destinations, text(connection, "destinationId")),
          text(connection, "status"),
          connection.path("streams").isEmpty() ? "all" : connection.path("streams").size(),
          text(connection, "schedule"),
          text(connection, "createdAt"));
    }
    table.print(out());
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one connection.")
  void get(
      @Parameters(paramLabel = "CONNECTION", description = "Connection id or name.")
          String connection) {
    printJson(client().get("/connections/" + resolveId("/connections", "connection", connection)));
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description =
          "Change a connection's streams, schedule, status or schema-change policy; options not"
              + " given keep their value.")
  void update(
      @Parameters(paramLabel = "CONNECTION", description = "Connection id or name.")
          String connection,
      @Option(
              names = "--stream",
              paramLabel = "NAME[:MODE[:CURSOR]]",
              description = "Replaces the selected streams; repeatable, as in 'create'.")
          List<String> streams,
      @Option(names = "--schedule", paramLabel = "CRON", description = "5-field Unix cron.")
          String schedule,
      @Option(names = "--no-schedule", description = "Remove the schedule: manual runs only.")
          boolean noSchedule,
      @Option(names = "--status", paramLabel = "STATUS", description = "active or paused.")
          String status,
      @Option(
              names = "--schema-changes",
              paramLabel = "POLICY",
              description = "propagate, pause or fail (see 'create').")
          String schemaChanges,
      @Option(names = "--json", description = "Print the updated connection as JSON.")
          boolean json) {
    Map<String, Object> patch = new LinkedHashMap<>();
    if (streams != null) {
      patch.put("streams", streams(streams));
    }
    if (schedule != null && noSchedule) {
      throw new CliException("Give --schedule or --no-schedule, not both", ExitCodes.USAGE);
    }
    if (schedule != null || noSchedule) {
      patch.put("schedule", schedule);
    }
    if (status != null) {
      patch.put("status", connectionStatus(status));
    }
    if (schemaChanges != null) {
      patch.put("schemaChanges", schemaChangePolicy(schemaChanges));
    }
    if (patch.isEmpty()) {
      throw new CliException(
          "Nothing to change: give --stream, --schedule, --no-schedule, --status or"
              + " --schema-changes",
          ExitCodes.USAGE);
    }
    printUpdated(connection, patch, json);
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Stop the schedule creating jobs for a connection; manual runs still work.")
  void pause(
      @Parameters(paramLabel = "CONNECTION", description = "Connection id or name.")
          String connection) {
    printUpdated(connection, Map.of("status", "PAUSED"), false);
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description =
          "Resume a paused connection (also one a schema change paused: run 'sources discover'"
              + " first to accept the new schema); the next scheduled run counts from now.")
  void resume(
      @Parameters(paramLabel = "CONNECTION", description = "Connection id or name.")
          String connection) {
    printUpdated(connection, Map.of("status", "ACTIVE"), false);
  }

  private void printUpdated(String connection, Map<String, Object> patch, boolean json) {
    String id = resolveId("/connections", "connection", connection);
    JsonNode updated = client().patch("/connections/" + id, patch);
    if (json) {
      printJson(updated);
      return;
    }
    out()
        .println(
            "Updated connection "
                + text(updated, "name")
                + " ("
                + id
                + "): status "
                + text(updated, "status")
                + ", schedule "
                + (updated.path("schedule").isNull() ? "none" : text(updated, "schedule")));
  }

  private String workspaceId(String workspace, String sourceId) {
    if (workspace != null) {
      return resolveId("/workspaces", "workspace", workspace);
    }
    return client().get("/sources/" + sourceId).path("workspaceId").asString();
  }

  private static List<Map<String, Object>> streams(List<String> streams) {
    if (streams == null) {
      return List.of();
    }
    return streams.stream().map(StreamSelection::parse).map(StreamSelection::toJson).toList();
  }

  /** The mappers of {@code --hash} and {@code --hash-key}; both or neither must be given. */
  static List<Map<String, Object>> mappers(List<String> hashColumns, String hashKey) {
    boolean hasColumns = hashColumns != null && !hashColumns.isEmpty();
    if (!hasColumns && hashKey == null) {
      return List.of();
    }
    if (!hasColumns || hashKey == null) {
      throw new CliException(
          "--hash and --hash-key go together: name the columns and the key's secret reference",
          ExitCodes.USAGE);
    }
    if (!SecretReference.isReference(hashKey)) {
      throw new CliException(
          "--hash-key must be a secret reference such as env://NAME or file:///path; literal"
              + " keys are not accepted (the value is not shown or sent)",
          ExitCodes.USAGE);
    }
    List<String> columns = new ArrayList<>();
    hashColumns.stream()
        .flatMap(c -> Arrays.stream(c.split(",")))
        .map(String::strip)
        .filter(c -> !c.isEmpty())
        .forEach(columns::add);
    Map<String, Object> mapper = new LinkedHashMap<>();
    mapper.put("type", "hash");
    mapper.put("stream", null);
    mapper.put("columns", columns);
    mapper.put("keyRef", hashKey);
    return List.of(mapper);
  }

  private static String connectionStatus(String value) {
    String status = value.strip().toUpperCase(java.util.Locale.ROOT);
    if (!List.of("ACTIVE", "PAUSED").contains(status)) {
      throw new CliException(
          "Unknown --status '" + value + "'; use active or paused", ExitCodes.USAGE);
    }
    return status;
  }

  private static String schemaChangePolicy(String value) {
    String policy = value.strip().toUpperCase(java.util.Locale.ROOT);
    if (!List.of("PROPAGATE", "PAUSE", "FAIL").contains(policy)) {
      throw new CliException(
          "Unknown --schema-changes '" + value + "'; use propagate, pause or fail",
          ExitCodes.USAGE);
    }
    return policy;
  }
}
