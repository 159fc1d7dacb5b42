package io.airlock.connectors.http;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Turns JSON records into typed rows. Column names are the records' top-level keys; a missing key
 * or JSON null is NULL. Values must fit their declared type:
 *
 * <ul>
 *   <li>integer: a JSON integer that fits 64 bits, or a string of one; decimal: any JSON number or
 *       a string of one, exact; float: a JSON number;
 *   <li>boolean: {@code true} or {@code false};
 *   <li>date, timestamp, timestamptz: ISO-8601 strings ({@code 2024-05-05}, {@code
 *       2024-05-05T10:00:00.123456}, {@code 2024-05-05T10:00:00Z}); timestamptz values are kept in
 *       UTC;
 *   <li>text: a string, or the JSON text of any other value; json: any value as its JSON text.
 * </ul>
 *
 * <p>Inferred types (no declared columns) follow the JSON Lines rules of the files source: integer,
 * decimal, boolean, json for objects and arrays, text for strings and mixed values. No date is
 * guessed from a string.
 */
final class JsonRecords {
  private enum Seen {
    INTEGER,
    BIG_INTEGER,
    DECIMAL,
    BOOLEAN,
    STRING,
    CONTAINER
  }

  private JsonRecords() {}

  /**
   * The records array of {@code body} at {@code selector}: a JSON pointer ({@code /data}), a dotted
   * path ({@code data.items}), or empty for the body itself.
   */
  static List<JsonNode> select(JsonNode body, String selector, String stream, String path) {
    JsonNode found = body.at(pointer(selector));
    if (found.isMissingNode() || found.isNull()) {
      return List.of();
    }
    if (!found.isArray()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream "
              + stream
              + ": the response to "
              + path
              + " holds no array at records selector '"
              + selector
              + "'; check the stream's 'records'");
    }
    List<JsonNode> records = new ArrayList<>(found.size());
    found.forEach(records::add);
    return records;
  }

  /** The JSON pointer a records selector or cursor path stands for. */
  static JsonPointer pointer(String selector) {
    if (selector == null || selector.isEmpty()) {
      return JsonPointer.empty();
    }
    if (selector.startsWith("/")) {
      return JsonPointer.compile(selector);
    }
    StringBuilder pointer = new StringBuilder();
    for (String part : selector.split("\\.")) {
      pointer.append('/').append(part.replace("~", "~0").replace("/", "~1"));
    }
    return JsonPointer.compile(pointer.toString());
  }

  /** Columns inferred from the keys and values of {@code sample}, in first-seen order. */
  static List<Column> infer(List<JsonNode> sample) {
    Map<String, Set<Seen>> keys = new LinkedHashMap<>();
    for (JsonNode record : sample) {
      if (!record.isObject()) {
        continue;
      }
      for (Map.Entry<String, JsonNode> property : record.properties()) {
        Set<Seen> seen = keys.computeIfAbsent(property.getKey(), k -> EnumSet.noneOf(Seen.class));
        if (!property.getValue().isNull()) {
          seen.add(seen(property.getValue()));
        }
      }
    }
    List<Column> columns = new ArrayList<>();
    keys.forEach((key, seen) -> columns.add(new Column(key, type(seen), true, null)));
    return columns;
  }

  private static Seen seen(JsonNode value) {
    if (value.isContainer()) {
      return Seen.CONTAINER;
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? Seen.INTEGER : Seen.BIG_INTEGER;
    }
    if (value.isNumber()) {
      return Seen.DECIMAL;
    }
    return value.isBoolean() ? Seen.BOOLEAN : Seen.STRING;
  }

  private static DataType type(Set<Seen> seen) {
    if (seen.contains(Seen.CONTAINER)) {
      return DataType.JSON;
    }
    if (seen.equals(EnumSet.of(Seen.INTEGER))) {
      return DataType.INTEGER;
    }
    if (!seen.isEmpty()
        && EnumSet.of(Seen.INTEGER, Seen.BIG_INTEGER, Seen.DECIMAL).containsAll(seen)) {
      return DataType.DECIMAL;
    }
    return seen.equals(EnumSet.of(Seen.BOOLEAN)) ? DataType.BOOLEAN : DataType.TEXT;
  }

  /**
   * The row of {@code record} for {@code columns}. Errors name the stream, the page, the record's
   * position on it and the column, never the value.
   */
  static Object[] row(JsonNode record, List<Column> columns, String stream, long page, int index) {
    if (!record.isObject()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Stream " + stream + ", page " + page + ", record " + index + " is not a JSON object");
    }
    Object[] row = new Object[columns.size()];
    for (int i = 0; i < row.length; i++) {
      Column column = columns.get(i);
      JsonNode value = record.get(column.name());
      try {
        row[i] = value == null || value.isNull() ? null : value(value, column.type());
      } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
        throw new ConnectorException(
            ConnectorException.Kind.USER,
            "Stream "
                + stream
                + ", page "
                + page
                + ", record "
                + index
                + ": field "
                + column.name()
                + " is not a valid "
                + column.type().kind().name().toLowerCase(java.util.Locale.ROOT)
                + "; declare the column as text or json");
      }
    }
    return row;
  }

  static Object value(JsonNode value, DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> {
        require(value.isBoolean());
        yield value.booleanValue();
      }
      case INTEGER -> {
        if (value.isString()) {
          yield Long.parseLong(value.asString().trim());
        }
        require(value.isIntegralNumber() && value.canConvertToLong());
        yield value.longValue();
      }
      case DECIMAL -> {
        if (value.isString()) {
          yield new BigDecimal(value.asString().trim());
        }
        require(value.isNumber());
        yield value.decimalValue();
      }
      case FLOAT -> {
        require(value.isNumber());
        yield value.doubleValue();
      }
      case DATE -> LocalDate.parse(string(value));
      case TIMESTAMP -> LocalDateTime.parse(string(value));
      case TIMESTAMPTZ -> OffsetDateTime.parse(string(value)).withOffsetSameInstant(ZoneOffset.UTC);
      case JSON -> new JsonValue(value.toString());
      case TEXT -> value.isString() ? value.asString() : value.toString();
      default ->
          throw new ConnectorException(
              ConnectorException.Kind.INTERNAL, "Type " + type.kind() + " is not read from JSON");
    };
  }

  /** The text of a cursor value as the API gave it, to send back in the incremental parameter. */
  static String text(JsonNode value) {
    return value.isString() ? value.asString() : value.toString();
  }

  private static String string(JsonNode value) {
    require(value.isString());
    return value.asString().trim();
  }

  private static void require(boolean valid) {
    if (!valid) {
      throw new IllegalArgumentException("value does not fit its type");
    }
  }
}
