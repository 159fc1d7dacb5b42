package io.airlock.cli.resources;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.protocol.spec.ConnectorSpecs;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connector configuration given as {@code --config key=value} pairs and/or a JSON file. Values
 * are typed by the connector's spec ({@code port=5432} becomes a number), and secret fields must
 * hold a secret reference: a literal secret never leaves this machine.
 */
public final class ConnectorConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "KEY=VALUE",
      description =
          "A configuration field; repeatable. Dotted keys nest (a.b=c). Secret fields take a"
              + " reference such as env://NAME or file:///path.")
  List<String> pairs = List.of();

  @Option(
      names = "--config-file",
      paramLabel = "JSON",
      description = "A JSON object with the configuration; --config pairs override its fields.")
  Path file;

  /** The merged configuration for connector {@code type}. */
  public Map<String, Object> build(String type) {
    Optional<JsonNode> spec = ConnectorSpecs.find(type);
    Map<String, Object> config = new LinkedHashMap<>(readFile());
    for (String pair : pairs) {
      put(config, pair, spec);
    }
    spec.ifPresent(s -> rejectLiteralSecrets(s, config));
    return config;
  }

  private Map<String, Object> readFile() {
    if (file == null) {
      return Map.of();
    }
    try {
      return JsonMapper.builder()
          .build()
          .readValue(Files.readString(file), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new CliException("Cannot read --config-file " + file + ": " + e.getMessage());
    } catch (JacksonException e) {
      // The parser's own message may quote the file's content, which can hold secrets.
      String where =
          e.getLocation() == null
              ? ""
              : " (near line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw new CliException(
          "--config-file " + file + " is not a JSON object" + where, ExitCodes.USAGE);
    }
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> config, String pair, Optional<JsonNode> spec) {
    int equals = pair.indexOf('=');
    if (equals <= 0) {
      throw new CliException(
          "Invalid --config '" + keyOf(pair) + "': expected KEY=VALUE", ExitCodes.USAGE);
    }
    String key = pair.substring(0, equals);
    String raw = pair.substring(equals + 1);
    String[] path = key.split("\\.");
    Map<String, Object> target = config;
    for (int i = 0; i < path.length - 1; i++) {
      target = (Map<String, Object>) target.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
    }
    String type = spec.map(s -> propertyType(s, path)).orElse("string");
    target.put(path[path.length - 1], typed(key, raw, type));
  }

  private static String keyOf(String pair) {
    int equals = pair.indexOf('=');
    return equals < 0 ? pair : pair.substring(0, equals);
  }

  private static String propertyType(JsonNode spec, String[] path) {
    JsonNode node = spec;
    for (String part : path) {
      node = node.path("properties").path(part);
    }
    return node.path("type").asString("string");
  }

  private static Object typed(String key, String raw, String type) {
    try {
      return switch (type) {
        case "integer" -> Long.parseLong(raw);
        case "number" -> new BigDecimal(raw);
        case "boolean" -> parseBoolean(raw);
        case "array" -> Arrays.stream(raw.split(",")).map(String::strip).toList();
        default -> raw;
      };
    } catch (NumberFormatException e) {
      throw new CliException(
          "Invalid --config " + key + ": expected " + type + " (value not shown)", ExitCodes.USAGE);
    }
  }

  private static boolean parseBoolean(String raw) {
    if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
      throw new NumberFormatException("not a boolean");
    }
    return Boolean.parseBoolean(raw);
  }

  private static void rejectLiteralSecrets(JsonNode spec, Map<String, Object> config) {
    Map<String, String> invalid = ConnectorSpecs.invalidSecrets(spec, config);
    if (!invalid.isEmpty()) {
      List<String> reasons =
          invalid.entrySet().stream()
              .map(e -> "config." + e.getKey() + ": " + e.getValue())
              .toList();
      throw new CliException(
          "Secret field(s) must hold a secret reference such as env://NAME or file:///path"
              + " (the value is not shown or sent): "
              + String.join("; ", reasons),
          ExitCodes.USAGE);
    }
  }
}
