package io.airlock.controlplane.connections;

import io.airlock.controlplane.errors.Require;
import io.airlock.protocol.schema.SchemaChangePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON merge patch (RFC 7396) of a connection's streams, schedule, status and schema-change
 * policy. A member present replaces the connection's value; {@code "schedule": null} removes the
 * schedule. The source, destination, workspace, name and mappers are fixed once created: changing
 * them is a new connection.
 */
final class ConnectionPatch {
  static final Set<String> FIELDS = Set.of("streams", "schedule", "status", "schemaChanges");

  private static final TypeReference<List<Connection.Stream>> STREAMS = new TypeReference<>() {};

  private final List<String> changed;
  private final Connection.Create merged;

  private ConnectionPatch(List<String> changed, Connection.Create merged) {
    this.changed = changed;
    this.merged = merged;
  }

  /** The connection with the patch applied; a 422 names the first member that cannot apply. */
  static ConnectionPatch apply(Connection current, JsonNode patch, JsonMapper json) {
    if (patch == null || !patch.isObject()) {
      throw Require.invalid("body", "must be a JSON object of the members to change");
    }
    List<String> changed = new ArrayList<>();
    for (String field : patch.propertyNames()) {
      if (!FIELDS.contains(field)) {
        throw Require.invalid(
            field,
            "cannot be changed; a patch may change streams, schedule, status and schemaChanges"
                + " (create a new connection to change the rest)");
      }
      changed.add(field);
    }
    Connection.Create merged =
        new Connection.Create(
            current.workspaceId(),
            current.name(),
            current.sourceId(),
            current.destinationId(),
            patch.has("streams") ? streams(patch.get("streams"), json) : current.streams(),
            current.mappers(),
            patch.has("schedule") ? schedule(patch.get("schedule")) : current.schedule(),
            patch.has("status") ? status(patch.get("status")) : current.status(),
            patch.has("schemaChanges")
                ? policy(patch.get("schemaChanges"))
                : current.schemaChanges());
    return new ConnectionPatch(List.copyOf(changed), merged);
  }

  /** The names of the members the patch changes, in its order. */
  List<String> changed() {
    return changed;
  }

  Connection.Create merged() {
    return merged;
  }

  /** Whether the next scheduled run must be computed again from now. */
  boolean reschedules(Connection current) {
    boolean resumed =
        current.status() == Connection.Status.PAUSED && merged.status() == Connection.Status.ACTIVE;
    return changed.contains("schedule") || resumed;
  }

  private static List<Connection.Stream> streams(JsonNode node, JsonMapper json) {
    if (!node.isArray()) {
      throw Require.invalid("streams", "must be an array of streams");
    }
    try {
      return ConnectionController.normalizeStreams(json.treeToValue(node, STREAMS));
    } catch (JacksonException e) {
      throw Require.invalid(
          "streams", "must be an array of {name, syncMode, columns, cursorField}");
    }
  }

  private static String schedule(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw Require.invalid("schedule", "must be a 5-field cron expression or null");
    }
    String schedule = node.asString().strip();
    return schedule.isEmpty() ? null : schedule;
  }

  private static Connection.Status status(JsonNode node) {
    String value = node.isString() ? node.asString().strip().toUpperCase(Locale.ROOT) : "";
    try {
      return Connection.Status.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw Require.invalid("status", "must be ACTIVE or PAUSED");
    }
  }

  private static SchemaChangePolicy policy(JsonNode node) {
    String value = node.isString() ? node.asString().strip().toUpperCase(Locale.ROOT) : "";
    try {
      return SchemaChangePolicy.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw Require.invalid("schemaChanges", "must be PROPAGATE, PAUSE or FAIL");
    }
  }
}
