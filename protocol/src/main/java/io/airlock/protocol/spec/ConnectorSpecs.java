package io.airlock.protocol.spec;

import static java.util.Objects.requireNonNull;

import io.airlock.protocol.secrets.SecretReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema specs of the built-in connectors. Both planes read them from here, so the control
 * plane can validate configurations without holding connector code.
 *
 * <p>A property marked {@code "airlock_secret": true} must hold a secret reference, as {@link
 * SecretReference} defines it.
 */
public final class ConnectorSpecs {
  /** Built-in connector types, in the order they are listed to users. */
  public static final List<String> TYPES =
      List.of(
          "source-csv",
          "source-postgres",
          "destination-postgres",
          "source-mysql",
          "destination-mysql",
          "source-external",
          "destination-external",
          "source-files",
          "destination-duckdb",
          "destination-files",
          "source-http");

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private ConnectorSpecs() {}

  /** The spec of {@code type}, if it is a known connector type. */
  public static Optional<JsonNode> find(String type) {
    requireNonNull(type, "type is null");
    if (!TYPES.contains(type)) {
      return Optional.empty();
    }
    String resource = "/io/airlock/protocol/connectors/" + type + ".json";
    try (InputStream in = ConnectorSpecs.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Connector spec resource is missing: " + resource);
      }
      return Optional.of(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code source} or {@code destination}. */
  public static String kind(JsonNode spec) {
    return spec.path("x-airlock-kind").asString();
  }

  /**
   * The sync modes a connector takes part in, from {@code x-airlock-sync-modes}: for a source, the
   * modes it can read for (incremental ones need incremental reads); for a destination, the modes
   * it can write.
   */
  public static List<String> syncModes(JsonNode spec) {
    List<String> modes = new java.util.ArrayList<>();
    spec.path("x-airlock-sync-modes").forEach(mode -> modes.add(mode.asString()));
    return List.copyOf(modes);
  }

  /**
   * Dotted paths of the properties marked secret, for example {@code password}. An object whose
   * {@code additionalProperties} are marked secret (every member holds a secret reference) is
   * listed as {@code env.*}.
   */
  public static Set<String> secretFields(JsonNode spec) {
    Set<String> paths = new TreeSet<>();
    collectSecrets(spec, "", paths);
    return paths;
  }

  /**
   * The top-level settings of {@code spec} that name a file or folder of the data plane's host
   * ({@code "airlock_local_path": true}); the data plane allows them only inside the folders it was
   * started with.
   */
  public static List<String> localPathFields(JsonNode spec) {
    List<String> fields = new java.util.ArrayList<>();
    spec.path("properties")
        .properties()
        .forEach(
            entry -> {
              if (entry.getValue().path("airlock_local_path").asBoolean(false)) {
                fields.add(entry.getKey());
              }
            });
    return List.copyOf(fields);
  }

  /**
   * Dotted paths of secret fields in {@code config} that hold something other than a valid secret
   * reference. Empty when the configuration is acceptable.
   */
  public static List<String> literalSecrets(JsonNode spec, Map<String, Object> config) {
    return List.copyOf(invalidSecrets(spec, config).keySet());
  }

  /**
   * The secret fields of {@code config} that do not hold a valid secret reference, by dotted path,
   * each with why (from {@link SecretReference#parse}). The reasons never contain the value.
   */
  public static Map<String, String> invalidSecrets(JsonNode spec, Map<String, Object> config) {
    Map<String, String> invalid = new LinkedHashMap<>();
    for (String path : secretFields(spec)) {
      if (path.endsWith(".*")) {
        checkMembers(config, path.substring(0, path.length() - 2), invalid);
        continue;
      }
      check(path, valueAt(config, path), invalid);
    }
    return invalid;
  }

  private static void checkMembers(
      Map<String, Object> config, String path, Map<String, String> invalid) {
    Object members = valueAt(config, path);
    if (members == null) {
      return;
    }
    if (!(members instanceof Map<?, ?> map)) {
      invalid.put(path, "Is not an object; give names mapped to secret references");
      return;
    }
    map.forEach((name, value) -> check(path + "." + name, value, invalid));
  }

  private static void check(String path, Object value, Map<String, String> invalid) {
    if (value == null) {
      return;
    }
    if (!(value instanceof String text)) {
      invalid.put(path, "Is not a string; give a secret reference such as env://NAME");
      return;
    }
    SecretReference.problem(text).ifPresent(problem -> invalid.put(path, problem));
  }

  private static void collectSecrets(JsonNode schema, String prefix, Set<String> paths) {
    JsonNode properties = schema.path("properties");
    for (var entry : properties.properties()) {
      String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      JsonNode property = entry.getValue();
      if (property.path("airlock_secret").asBoolean(false)) {
        paths.add(path);
      }
      collectSecrets(property, path, paths);
    }
    if (!prefix.isEmpty()
        && schema.path("additionalProperties").path("airlock_secret").asBoolean()) {
      paths.add(prefix + ".*");
    }
  }

  @SuppressWarnings("unchecked")
  private static Object valueAt(Map<String, Object> config, String path) {
    Object current = config;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = ((Map<String, Object>) map).get(part);
    }
    return current;
  }
}
