package io.airlock.connectors.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A connector's configuration with typed accessors. Secret fields are resolved through the {@link
 * SecretResolver} only when a connector asks for them.
 */
public final class ConnectorSettings {
  private final String type;
  private final Map<String, Object> values;
  private final SecretResolver secrets;

  public ConnectorSettings(String type, Map<String, Object> values, SecretResolver secrets) {
    this.type = requireNonNull(type, "type is null");
    this.values = Map.copyOf(requireNonNull(values, "values is null"));
    this.secrets = requireNonNull(secrets, "secrets is null");
  }

  public String type() {
    return type;
  }

  public String string(String key, String defaultValue) {
    Object value = values.get(key);
    return value == null ? defaultValue : value.toString();
  }

  public String requiredString(String key) {
    Object value = values.get(key);
    if (value == null || value.toString().isBlank()) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + type + " is missing required setting '" + key + "'");
    }
    return value.toString();
  }

  public int integer(String key, int defaultValue) {
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Number number) {
      return number.intValue();
    }
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + type + " setting '" + key + "' must be an integer");
    }
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String key, List<String> defaultValue) {
    Object value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof List<?> list) {
      return ((List<Object>) list).stream().map(Object::toString).toList();
    }
    return List.of(value.toString());
  }

  /**
   * The JSON object held in {@code key}, as maps, lists, strings, numbers and booleans; empty when
   * the setting is absent.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> object(String key) {
    Object value = values.get(key);
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> map) {
      return java.util.Collections.unmodifiableMap((Map<String, Object>) map);
    }
    throw new ConnectorException(
        ConnectorException.Kind.USER,
        "Connector " + type + " setting '" + key + "' must be a JSON object");
  }

  /**
   * Resolves the secret reference held in member {@code member} of the object setting {@code key},
   * as {@link #secret(String)} does for a top-level setting.
   */
  public Secret secret(String key, String member) {
    String field = "Connector " + type + " setting '" + key + "." + member + "'";
    Object reference = object(key).get(member);
    if (reference == null || reference.toString().isBlank()) {
      throw new ConnectorException(ConnectorException.Kind.USER, field + " is missing");
    }
    return secrets.resolveFor(field, reference.toString());
  }

  /**
   * Resolves the secret reference held in {@code key}. A failure names the connector type and the
   * setting, never the reference or the secret.
   */
  public Secret secret(String key) {
    return secrets.resolveFor("Connector " + type + " setting '" + key + "'", requiredString(key));
  }

  @Override
  public String toString() {
    return "ConnectorSettings[type=" + type + ", keys=" + values.keySet() + "]";
  }
}
