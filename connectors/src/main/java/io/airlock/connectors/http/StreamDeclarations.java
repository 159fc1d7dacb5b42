package io.airlock.connectors.http;

import io.airlock.connectors.http.StreamSpec.Incremental;
import io.airlock.connectors.http.StreamSpec.Pagination;
import io.airlock.connectors.http.StreamSpec.PaginationKind;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the YAML that declares the streams of {@code source-http}; see {@code docs/source-http.md}.
 * Unknown keys are errors, so that a misspelt key is not silently ignored. Messages name the stream
 * and the key, never values.
 */
final class StreamDeclarations {
  static final int SAMPLE_RECORDS = 100;

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final Set<String> STREAM_KEYS =
      Set.of(
          "name",
          "path",
          "params",
          "records",
          "primary_key",
          "columns",
          "sample_records",
          "pagination",
          "incremental");
  private static final Set<String> PAGINATION_KEYS =
      Set.of("kind", "param", "size_param", "size", "first_page", "cursor_path");
  private static final Set<String> INCREMENTAL_KEYS = Set.of("cursor_field", "param", "start");

  private StreamDeclarations() {}

  static List<StreamSpec> parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw invalid(
          "is not valid YAML (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
    JsonNode streams = root == null ? null : root.get("streams");
    if (streams == null || !streams.isArray() || streams.isEmpty()) {
      throw invalid("must hold a non-empty list 'streams'");
    }
    List<StreamSpec> specs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode node : streams) {
      StreamSpec spec = stream(node, specs.size() + 1);
      if (!names.add(spec.name())) {
        throw invalid("declares stream " + spec.name() + " twice");
      }
      specs.add(spec);
    }
    return specs;
  }

  private static StreamSpec stream(JsonNode node, int position) {
    if (!node.isObject()) {
      throw invalid("stream " + position + " must be a mapping");
    }
    String name = requiredText(node, "name", "stream " + position);
    String where = "stream " + name;
    onlyKeys(node, STREAM_KEYS, where);
    Map<String, DataType> columns = columns(node.get("columns"), where);
    StreamSpec spec =
        new StreamSpec(
            name,
            requiredText(node, "path", where),
            params(node.get("params"), where),
            text(node, "records", ""),
            strings(node.get("primary_key"), where + " key 'primary_key'"),
            columns,
            positive(node, "sample_records", SAMPLE_RECORDS, where),
            pagination(node.get("pagination"), where),
            incremental(node.get("incremental"), where));
    if (!columns.isEmpty()) {
      for (String key : spec.primaryKey()) {
        if (!columns.containsKey(key)) {
          throw invalid(where + " has primary key field " + key + " that is not a declared column");
        }
      }
    }
    return spec;
  }

  private static Map<String, DataType> columns(JsonNode node, String where) {
    Map<String, DataType> columns = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return columns;
    }
    if (!node.isObject()) {
      throw invalid(where + " key 'columns' must map column names to types");
    }
    for (Map.Entry<String, JsonNode> column : node.properties()) {
      columns.put(column.getKey(), type(column.getValue(), where + " column " + column.getKey()));
    }
    return columns;
  }

  private static DataType type(JsonNode node, String where) {
    String name = node.isString() ? node.asString().toLowerCase(Locale.ROOT) : "";
    return switch (name) {
      case "boolean" -> DataType.BOOLEAN;
      case "integer" -> DataType.INTEGER;
      case "decimal", "number" -> DataType.DECIMAL;
      case "float" -> DataType.FLOAT;
      case "text", "string" -> DataType.TEXT;
      case "date" -> DataType.DATE;
      case "timestamp" -> DataType.TIMESTAMP;
      case "timestamptz" -> DataType.TIMESTAMPTZ;
      case "json" -> DataType.JSON;
      default ->
          throw invalid(
              where
                  + " has an unknown type; use boolean, integer, decimal, float, text, date,"
                  + " timestamp, timestamptz or json");
    };
  }

  private static Pagination pagination(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Pagination.NONE;
    }
    String at = where + " pagination";
    onlyKeys(node, PAGINATION_KEYS, at);
    PaginationKind kind = paginationKind(requiredText(node, "kind", at), at);
    return switch (kind) {
      case NONE -> Pagination.NONE;
      case PAGE ->
          new Pagination(
              kind,
              text(node, "param", "page"),
              text(node, "size_param", null),
              nonNegative(node, "size", 0, at),
              nonNegative(node, "first_page", 1, at),
              null);
      case OFFSET ->
          new Pagination(
              kind,
              text(node, "param", "offset"),
              text(node, "size_param", "limit"),
              positive(node, "size", 100, at),
              0,
              null);
      case CURSOR ->
          new Pagination(
              kind,
              requiredText(node, "param", at),
              text(node, "size_param", null),
              nonNegative(node, "size", 0, at),
              0,
              requiredText(node, "cursor_path", at));
      case LINK ->
          new Pagination(
              kind,
              null,
              text(node, "size_param", null),
              nonNegative(node, "size", 0, at),
              0,
              null);
    };
  }

  private static PaginationKind paginationKind(String name, String where) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "none" -> PaginationKind.NONE;
      case "page", "page_number" -> PaginationKind.PAGE;
      case "offset", "offset_limit" -> PaginationKind.OFFSET;
      case "cursor" -> PaginationKind.CURSOR;
      case "link", "link_header" -> PaginationKind.LINK;
      default -> throw invalid(where + " kind must be none, page, offset, cursor or link");
    };
  }

  private static Incremental incremental(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return null;
    }
    String at = where + " incremental";
    onlyKeys(node, INCREMENTAL_KEYS, at);
    return new Incremental(
        requiredText(node, "cursor_field", at),
        requiredText(node, "param", at),
        text(node, "start", null));
  }

  private static Map<String, String> params(JsonNode node, String where) {
    Map<String, String> params = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return params;
    }
    if (!node.isObject()) {
      throw invalid(where + " key 'params' must map parameter names to values");
    }
    for (Map.Entry<String, JsonNode> param : node.properties()) {
      if (param.getValue().isContainer()) {
        throw invalid(where + " parameter " + param.getKey() + " must be a single value");
      }
      params.put(param.getKey(), param.getValue().asString());
    }
    return params;
  }

  private static List<String> strings(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isString()) {
      return List.of(node.asString());
    }
    if (!node.isArray()) {
      throw invalid(where + " must be a field name or a list of them");
    }
    List<String> values = new ArrayList<>();
    node.forEach(v -> values.add(v.asString()));
    return values;
  }

  private static void onlyKeys(JsonNode node, Set<String> allowed, String where) {
    if (!node.isObject()) {
      throw invalid(where + " must be a mapping");
    }
    for (String key : node.propertyNames()) {
      if (!allowed.contains(key)) {
        throw invalid(where + " has unknown key '" + key + "'; known keys: " + allowed);
      }
    }
  }

  private static String requiredText(JsonNode node, String key, String where) {
    String value = text(node, key, null);
    if (value == null || value.isBlank()) {
      throw invalid(where + " is missing key '" + key + "'");
    }
    return value;
  }

  private static String text(JsonNode node, String key, String defaultValue) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? defaultValue : value.asString();
  }

  private static int nonNegative(JsonNode node, String key, int defaultValue, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
      throw invalid(where + " key '" + key + "' must be a whole number, 0 or more");
    }
    return value.asInt();
  }

  private static int positive(JsonNode node, String key, int defaultValue, String where) {
    int value = nonNegative(node, key, defaultValue, where);
    if (value < 1) {
      throw invalid(where + " key '" + key + "' must be at least 1");
    }
    return value;
  }

  private static ConnectorException invalid(String what) {
    return new ConnectorException(
        ConnectorException.Kind.USER,
        "Connector source-http setting 'streams': the YAML " + what + "; see docs/source-http.md");
  }
}
