package io.airlock.connectors.external;

import io.airlock.connectors.spi.StreamDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads streams of a connector's CATALOG, and writes the catalog a destination's write gets. */
final class ExternalCatalog {
  private static final Logger log = LoggerFactory.getLogger(ExternalCatalog.class);

  private ExternalCatalog() {}

  /**
   * A stream of a CATALOG message: columns from {@code json_schema}, primary key from {@code
   * source_defined_primary_key}, cursor from {@code default_cursor_field}. Nested key or cursor
   * paths are not supported (issue #3): such a key is left out, and logged.
   */
  static ExternalSource.DiscoveredStream stream(JsonNode stream) {
    String name = stream.path("name").asString("");
    if (name.isEmpty()) {
      throw new io.airlock.connectors.spi.ConnectorException(
          io.airlock.connectors.spi.ConnectorException.Kind.EXTERNAL,
          "A stream of the connector's CATALOG has no name; check that it speaks the Airbyte"
              + " protocol");
    }
    JsonNode namespaceNode = stream.path("namespace");
    String namespace =
        namespaceNode.isString() && !namespaceNode.asString().isEmpty()
            ? namespaceNode.asString()
            : null;
    List<String> primaryKey = topLevel(stream.path("source_defined_primary_key"), name, "key");
    StreamDescriptor descriptor =
        new StreamDescriptor(
            name, namespace, JsonSchemaTypes.columns(stream.path("json_schema")), primaryKey);
    List<String> cursor = topLevel(wrap(stream.path("default_cursor_field")), name, "cursor");
    return new ExternalSource.DiscoveredStream(
        descriptor,
        stream,
        stream.path("source_defined_cursor").asBoolean(false),
        cursor.isEmpty() ? null : cursor.get(0));
  }

  /** Field names of a list of paths, each path a list of names; only one-name paths count. */
  private static List<String> topLevel(JsonNode paths, String stream, String what) {
    List<String> names = new ArrayList<>();
    for (JsonNode path : paths) {
      if (path.size() == 1 && path.get(0).isString()) {
        names.add(path.get(0).asString());
      } else {
        log.warn("Stream {} has a nested {} path; nested paths are not supported", stream, what);
        return List.of();
      }
    }
    return names;
  }

  private static JsonNode wrap(JsonNode path) {
    ArrayNode paths = Json.MAPPER.createArrayNode();
    if (path.isArray() && !path.isEmpty()) {
      paths.add(path);
    }
    return paths;
  }

  /** The configured catalog of one stream for a destination's {@code write}. */
  static ObjectNode forWrite(
      StreamDescriptor stream, String syncMode, String destinationSyncMode, String cursorField) {
    ObjectNode schema = Json.MAPPER.createObjectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    stream.columns().forEach(c -> properties.set(c.name(), JsonSchemaTypes.schema(c.type())));
    ObjectNode airbyteStream = Json.MAPPER.createObjectNode().put("name", stream.name());
    if (stream.namespace() != null) {
      airbyteStream.put("namespace", stream.namespace());
    }
    airbyteStream.set("json_schema", schema);
    airbyteStream.putArray("supported_sync_modes").add("full_refresh").add("incremental");
    ObjectNode configured = Json.MAPPER.createObjectNode();
    configured.set("stream", airbyteStream);
    configured.put("sync_mode", syncMode);
    configured.put("destination_sync_mode", destinationSyncMode);
    if (cursorField != null) {
      configured.putArray("cursor_field").add(cursorField);
    }
    ArrayNode primaryKey = configured.putArray("primary_key");
    stream.primaryKey().forEach(key -> primaryKey.addArray().add(key));
    ObjectNode catalog = Json.MAPPER.createObjectNode();
    catalog.putArray("streams").add(configured);
    return catalog;
  }
}
