package io.airlock.connectors.external;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps the JSON Schema of a protocol stream to column types, and column types back to JSON Schema
 * for a destination's catalog. docs/external-connectors.md holds the table; in short:
 *
 * <ul>
 *   <li>{@code integer}, or {@code number} with {@code airbyte_type: integer}: INTEGER; {@code
 *       airbyte_type: big_integer}: DECIMAL;
 *   <li>{@code number}: DECIMAL, never a floating-point type, so no digit is lost;
 *   <li>{@code string} with {@code format: date}: DATE; {@code format: date-time}: TIMESTAMPTZ, or
 *       TIMESTAMP with {@code airbyte_type: timestamp_without_timezone}; {@code format: time} with
 *       {@code airbyte_type: time_without_timezone}: TIME; {@code format: uuid}: UUID; {@code
 *       contentEncoding: base64}: BYTES; any other string: TEXT;
 *   <li>{@code object}, {@code array}, unions of several types and schemas without a type: JSON.
 * </ul>
 *
 * <p>The protocol's well-known types ({@code $ref: WellKnownTypes.json#/definitions/…}) map the
 * same way.
 */
final class JsonSchemaTypes {
  private JsonSchemaTypes() {}

  /** The columns of a stream schema's {@code properties}, in their order. */
  static List<Column> columns(JsonNode streamSchema) {
    List<Column> columns = new ArrayList<>();
    for (var property : streamSchema.path("properties").properties()) {
      JsonNode schema = property.getValue();
      columns.add(new Column(property.getKey(), type(schema), true, sourceType(schema)));
    }
    return columns;
  }

  static DataType type(JsonNode schema) {
    String reference = schema.path("$ref").asString("");
    if (!reference.isEmpty()) {
      return wellKnown(reference.substring(reference.lastIndexOf('/') + 1));
    }
    List<String> types = types(schema);
    if (types.size() != 1) {
      return DataType.JSON;
    }
    String airbyteType = schema.path("airbyte_type").asString("").toLowerCase(Locale.ROOT);
    return switch (types.get(0)) {
      case "boolean" -> DataType.BOOLEAN;
      case "integer" -> airbyteType.equals("big_integer") ? DataType.DECIMAL : DataType.INTEGER;
      case "number" -> number(airbyteType);
      case "string" -> string(schema, airbyteType);
      default -> DataType.JSON;
    };
  }

  /** The non-null types of {@code type}, which may be a name or an array of names. */
  private static List<String> types(JsonNode schema) {
    JsonNode type = schema.path("type");
    List<String> types = new ArrayList<>();
    if (type.isString()) {
      types.add(type.asString());
    }
    type.valueStream().filter(JsonNode::isString).forEach(t -> types.add(t.asString()));
    types.removeIf("null"::equals);
    return types;
  }

  private static DataType number(String airbyteType) {
    return switch (airbyteType) {
      case "integer" -> DataType.INTEGER;
      default -> DataType.DECIMAL;
    };
  }

  private static DataType string(JsonNode schema, String airbyteType) {
    if ("base64".equalsIgnoreCase(schema.path("contentEncoding").asString(""))) {
      return DataType.BYTES;
    }
    String format = schema.path("format").asString("").toLowerCase(Locale.ROOT);
    return switch (format) {
      case "date" -> DataType.DATE;
      case "date-time" ->
          airbyteType.equals("timestamp_without_timezone")
              ? DataType.TIMESTAMP
              : DataType.TIMESTAMPTZ;
      case "time" -> airbyteType.equals("time_without_timezone") ? DataType.TIME : DataType.TEXT;
      case "uuid" -> DataType.UUID;
      default -> DataType.TEXT;
    };
  }

  private static DataType wellKnown(String name) {
    return switch (name) {
      case "String", "TimeWithTimezone" -> DataType.TEXT;
      case "BinaryData" -> DataType.BYTES;
      case "Boolean" -> DataType.BOOLEAN;
      case "Date" -> DataType.DATE;
      case "TimestampWithTimezone" -> DataType.TIMESTAMPTZ;
      case "TimestampWithoutTimezone" -> DataType.TIMESTAMP;
      case "TimeWithoutTimezone" -> DataType.TIME;
      case "Integer" -> DataType.INTEGER;
      case "Number" -> DataType.DECIMAL;
      default -> DataType.JSON;
    };
  }

  /** A short form of the declared type, for docs and diagnostics: {@code string/date-time}. */
  private static String sourceType(JsonNode schema) {
    String reference = schema.path("$ref").asString("");
    if (!reference.isEmpty()) {
      return reference.substring(reference.lastIndexOf('/') + 1);
    }
    String name = String.join("|", types(schema));
    String format = schema.path("format").asString("");
    String airbyteType = schema.path("airbyte_type").asString("");
    return name
        + (format.isEmpty() ? "" : "/" + format)
        + (airbyteType.isEmpty() ? "" : "/" + airbyteType);
  }

  /** The JSON Schema of a column type, as a destination's catalog declares it. Always nullable. */
  static ObjectNode schema(DataType type) {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    switch (type.kind()) {
      case BOOLEAN -> nullable(schema, "boolean");
      case INTEGER -> nullable(schema, "integer");
      case DECIMAL, FLOAT -> nullable(schema, "number");
      case TEXT -> nullable(schema, "string");
      case DATE -> nullable(schema, "string").put("format", "date");
      case TIME ->
          nullable(schema, "string")
              .put("format", "time")
              .put("airbyte_type", "time_without_timezone");
      case TIMESTAMP ->
          nullable(schema, "string")
              .put("format", "date-time")
              .put("airbyte_type", "timestamp_without_timezone");
      case TIMESTAMPTZ ->
          nullable(schema, "string")
              .put("format", "date-time")
              .put("airbyte_type", "timestamp_with_timezone");
      case BYTES -> nullable(schema, "string").put("contentEncoding", "base64");
      case UUID -> nullable(schema, "string").put("format", "uuid");
      case ARRAY -> nullable(schema, "array").set("items", schema(type.element()));
      case JSON -> {
        // Any JSON document: no type constraint.
      }
    }
    return schema;
  }

  private static ObjectNode nullable(ObjectNode schema, String type) {
    schema.putArray("type").add("null").add(type);
    return schema;
  }
}
